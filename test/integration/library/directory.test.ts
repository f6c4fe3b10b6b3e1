/**
 * MailTips, ResolveNames and saving a conversation through EwsClient against the strict
 * simulator: OOF messages of directory people (and none for those who are in), name resolution
 * with one, several and no matches, and CreateItem landing in Conversation History.
 */
import { describe, expect, it } from 'vitest';
import { ALEX, DAY_MS, NOW, useSimulator } from './support.js';

const h = useSimulator();

describe('MailTips through the library', () => {
  it('OOF messages for OOF people, none for the others, in the order asked', async () => {
    const recipients = [
      'adele@beacon.test',
      'megan@beacon.test',
      'lidia@beacon.test',
      'nobody@beacon.test',
      'lynne@beacon.test',
      ALEX,
    ];
    const tips = await h.client().getMailTips(recipients);
    expect(tips.map((t) => t.email)).toEqual(recipients);
    expect(tips.every((t) => t.error === undefined)).toBe(true);
    // Alex writes from inside the organisation: the internal replies.
    expect(tips[0]?.oof).toEqual({
      message: 'Adele Vance is out of the office until the day after tomorrow.',
    });
    expect(tips[1]?.oof).toBeUndefined();
    // Lidia's OOF is Scheduled and running now: the message comes with its duration.
    expect(tips[2]?.oof).toEqual({
      message: 'Lidia Holloway is out of the office until the day after tomorrow.',
      duration: {
        start: new Date(NOW.getTime() - DAY_MS),
        end: new Date(NOW.getTime() + 2 * DAY_MS),
      },
    });
    expect(tips[3]?.oof).toBeUndefined();
    expect(tips[3]?.invalidRecipient).toBe(true);
    expect(tips.filter((t) => t.invalidRecipient).map((t) => t.email)).toEqual([
      'nobody@beacon.test',
    ]);
    expect(tips[4]?.oof?.message).toBe(
      'Lynne Robbins is out of the office until the day after tomorrow.',
    );
    // Alex's own OOF is scheduled for next week: not out now.
    expect(tips[5]?.oof).toBeUndefined();
  });

  it('an OOF set through the admin API shows up with its HTML intact', async () => {
    const message = '<p>Back on <b>Monday</b> &#8211; Q&amp;A then.</p>\n  Megan';
    await h.admin.setOof('megan@beacon.test', { state: 'Enabled', internalReply: message });
    const [megan] = await h.client().getMailTips(['megan@beacon.test']);
    expect(megan?.oof).toEqual({ message });

    await h.admin.setOof('megan@beacon.test', { state: 'Disabled' });
    const [after] = await h.client().getMailTips(['megan@beacon.test']);
    expect(after?.oof).toBeUndefined();
  });

  it('more than 50 recipients go out in batches of 50, results in order', async () => {
    const recipients = Array.from({ length: 60 }, (_, i) =>
      i === 55 ? 'adele@beacon.test' : `person-${i}@beacon.test`,
    );
    await h.admin.clearRequests();
    const tips = await h.client().getMailTips(recipients);
    expect(tips.map((t) => t.email)).toEqual(recipients);
    expect(tips.filter((t) => t.oof !== undefined).map((t) => t.email)).toEqual([
      'adele@beacon.test',
    ]);
    expect((await h.admin.requestsFor('GetMailTips')).map((r) => r.status)).toEqual([200, 200]);
  });
});

describe('ResolveNames through the library', () => {
  it('one match: the directory entry with its contact card', async () => {
    const found = await h.client().resolveNames({ query: 'megan' });
    expect(found).toEqual([
      {
        name: 'Megan Bowen',
        email: 'megan@beacon.test',
        routingType: 'SMTP',
        mailboxType: 'Mailbox',
        contact: {
          displayName: 'Megan Bowen',
          givenName: 'Megan',
          surname: 'Bowen',
          jobTitle: 'Marketing Manager',
          department: 'Marketing',
          emailAddresses: [{ key: 'EmailAddress1', address: 'megan@beacon.test' }],
          phoneNumbers: [{ key: 'BusinessPhone', number: '+1 425 555 0142' }],
          source: 'ActiveDirectory',
        },
      },
    ]);
  });

  it('an exact SMTP address, without contact data when not asked for', async () => {
    const found = await h
      .client()
      .resolveNames({ query: 'SMTP:nestor@beacon.test', returnFullContactData: false });
    expect(found).toEqual([
      {
        name: 'Nestor Wilke',
        email: 'nestor@beacon.test',
        routingType: 'SMTP',
        mailboxType: 'Mailbox',
      },
    ]);
  });

  it('several matches (a Warning) are all returned', async () => {
    const found = await h.client().resolveNames({ query: 'Al' });
    expect(found.map((r) => [r.name, r.email])).toEqual([
      ['Alex Wilber', ALEX],
      ['Allan Deyoung', 'allan@beacon.test'],
    ]);
  });

  it('no match is an empty list, not an error', async () => {
    expect(await h.client().resolveNames({ query: 'Zebedee' })).toEqual([]);
  });
});

describe('saveConversation through the library', () => {
  it('lands in Conversation History with subject, HTML body, class and participants', async () => {
    const before = await h.admin.conversationHistory(ALEX);
    const html =
      '<div><b>Megan:</b> lunch at 12:30? &amp; bring the deck</div>\n<div>Alex: ok</div>';
    const saved = await h.client().saveConversation({
      subject: 'Conversation with Megan Bowen',
      html,
      to: [{ email: 'megan@beacon.test', name: 'Megan Bowen' }],
      from: { email: ALEX, name: 'Alex Wilber' },
    });
    const after = await h.admin.conversationHistory(ALEX);
    expect(after).toHaveLength(before.length + 1);
    const stored = after.find((m) => m.id === saved.id);
    expect(stored).toMatchObject({
      changeKey: saved.changeKey,
      folder: 'conversationhistory',
      itemClass: 'IPM.Note.Microsoft.Conversation',
      subject: 'Conversation with Megan Bowen',
      body: html,
      bodyType: 'HTML',
      from: { name: 'Alex Wilber', email: ALEX },
      to: [{ name: 'Megan Bowen', email: 'megan@beacon.test' }],
    });
  });
});
