/**
 * Voicemail through EwsClient against the strict simulator: the list (voicemail folder, newest
 * first), one message with its transcription and UM properties, the audio bytes (compared with
 * the committed files), mark read, delete, and the inbox fallback for a mailbox without UM.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALEX, HOUR, NESTOR, NOW, useSimulator } from './support.js';

const h = useSimulator();
const DAY = 24 * HOUR;
const audio = (file: string): Buffer =>
  readFileSync(new URL(`../../../assets/voicemail/${file}`, import.meta.url));

describe('voicemail through the library', () => {
  it('lists the voicemail folder newest first with read state, caller and duration', async () => {
    const list = await h.client().listVoicemail();
    expect(list.folder).toBe('voicemail');
    expect(list.includesLastItemInRange).toBe(true);
    expect(
      list.items.map((v) => ({
        subject: v.subject,
        received: v.received.toISOString(),
        isRead: v.isRead,
        callerName: v.callerName,
        callerNumber: v.callerNumber,
        durationSeconds: v.durationSeconds,
        kind: v.kind,
        hasAttachments: v.hasAttachments,
        itemClass: v.itemClass,
      })),
    ).toEqual([
      {
        subject: 'Voice Mail from Megan Bowen (13 seconds)',
        received: new Date(NOW.getTime() - 2 * HOUR).toISOString(),
        isRead: false,
        callerName: 'Megan Bowen',
        callerNumber: '+14255550142',
        durationSeconds: 13,
        kind: 'voicemail',
        hasAttachments: true,
        itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
      },
      {
        subject: 'Voice Mail from Diego Siciliani (9 seconds)',
        received: new Date(NOW.getTime() - DAY).toISOString(),
        isRead: true,
        callerName: 'Diego Siciliani',
        callerNumber: '+14045550117',
        durationSeconds: 9,
        kind: 'voicemail',
        hasAttachments: true,
        itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
      },
      {
        subject: 'Voice Mail from Contoso Pharmacy (6 seconds)',
        received: new Date(NOW.getTime() - 3 * DAY).toISOString(),
        isRead: true,
        callerName: 'Contoso Pharmacy',
        callerNumber: '+12065550199',
        durationSeconds: 6,
        kind: 'voicemail',
        hasAttachments: true,
        itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
      },
      {
        subject: 'Voice Mail from 김민지 (11 seconds)',
        received: new Date(NOW.getTime() - 3 * DAY - 6 * HOUR).toISOString(),
        isRead: false,
        callerName: '김민지',
        callerNumber: '+82234560147',
        durationSeconds: 11,
        kind: 'voicemail',
        hasAttachments: true,
        itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
      },
      {
        subject: 'Voice Mail from Patti Fernandez (14 seconds)',
        received: new Date(NOW.getTime() - 4 * DAY).toISOString(),
        isRead: false,
        callerName: 'Patti Fernandez',
        callerNumber: '+14255550133',
        durationSeconds: 14,
        kind: 'protected',
        hasAttachments: true,
        itemClass: 'IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA',
      },
      {
        subject: 'Voice Mail from Adele Vance (9 seconds)',
        received: new Date(NOW.getTime() - 4 * DAY - 3 * HOUR).toISOString(),
        isRead: true,
        callerName: 'Adele Vance',
        callerNumber: '+14255550171',
        durationSeconds: 9,
        kind: 'voicemail',
        hasAttachments: true,
        itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
      },
      {
        subject: 'Voice Mail from Lee Gu (8 seconds)',
        received: new Date(NOW.getTime() - 5 * DAY).toISOString(),
        isRead: true,
        callerName: 'Lee Gu',
        callerNumber: '+14255550188',
        durationSeconds: 8,
        kind: 'voicemail',
        hasAttachments: true,
        itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
      },
      {
        subject: 'Voice Mail from Isaiah Langer (9 seconds)',
        received: new Date(NOW.getTime() - 6 * DAY - 2 * HOUR).toISOString(),
        isRead: true,
        callerName: 'Isaiah Langer',
        callerNumber: '+12125550163',
        durationSeconds: 9,
        kind: 'voicemail',
        hasAttachments: true,
        itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
      },
      {
        subject: 'Voice Mail from Johanna Lorenz (9 seconds)',
        received: new Date(NOW.getTime() - 7 * DAY).toISOString(),
        isRead: true,
        callerName: 'Johanna Lorenz',
        callerNumber: '+14255550125',
        durationSeconds: 9,
        kind: 'voicemail',
        hasAttachments: true,
        itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
      },
    ]);
    expect(list.items[0]?.from).toMatchObject({ name: 'Megan Bowen', email: 'megan@beacon.test' });
    // The ids are the admin's ids.
    const stored = await h.admin.voicemail(ALEX);
    expect(list.items.map((v) => v.id).sort()).toEqual(stored.map((m) => m.id).sort());
  });

  it('gets one voicemail with its transcription, UM properties and attachment list', async () => {
    const client = h.client();
    const [megan] = (await client.listVoicemail()).items;
    if (!megan) throw new Error('no voicemail');
    const item = await client.getVoicemail(megan.id);
    const stored = (await h.admin.voicemail(ALEX)).find((m) => m.id === megan.id);
    expect(item).toMatchObject({
      id: megan.id,
      subject: 'Voice Mail from Megan Bowen (13 seconds)',
      durationSeconds: 13,
      callerNumber: '+14255550142',
      callerName: 'Megan Bowen',
      attachmentOrder: 'VoiceMail-14255550142.mp3;',
      transcription: stored?.body,
    });
    expect(item.transcription).toContain("Hi Alex, it's Megan from Contoso.");
    expect(item.callId).toMatch(/^[0-9a-z_-]{1,16}$/i);
    expect(item.attachments).toEqual([
      {
        id: stored?.attachments[0]?.id,
        name: 'VoiceMail-14255550142.mp3',
        contentType: 'audio/mpeg',
        size: audio('voicemail-1.mp3').length,
      },
    ]);
  });

  it('getAttachment returns the exact bytes of every recording, in every format', async () => {
    const client = h.client();
    const list = (await client.listVoicemail()).items;
    // [committed file, content type] in list order; the protected one carries message.rpmsg.
    const expected: [string | undefined, string][] = [
      ['voicemail-1.mp3', 'audio/mpeg'],
      ['voicemail-2.mp3', 'audio/mpeg'],
      ['voicemail-3.wav', 'audio/wav'],
      ['voicemail-8-ko.mp3', 'audio/mpeg'],
      [undefined, 'application/x-microsoft-rpmsg-message'],
      ['voicemail-4-alaw.wav', 'audio/wav'],
      ['voicemail-5-mulaw.wav', 'audio/wav'],
      ['voicemail-6-gsm.wav', 'audio/wav'],
      ['voicemail-7.wma', 'audio/x-ms-wma'],
    ];
    expect(list).toHaveLength(expected.length);
    for (const [i, summary] of list.entries()) {
      const [file, contentType] = expected[i] ?? [];
      const item = await client.getVoicemail(summary.id);
      const [attachment] = item.attachments;
      if (!attachment) throw new Error(`no attachment on ${summary.subject}`);
      const content = await client.getAttachment(attachment.id);
      expect(content.kind).toBe('FileAttachment');
      expect(content.name).toBe(attachment.name);
      expect(content.contentType, summary.subject).toBe(contentType);
      if (file === undefined) {
        expect(content.name).toBe('message.rpmsg');
        expect(content.content.subarray(0, 8).toString('hex')).toBe('76e80460c411e386');
      } else expect(content.content.equals(audio(file)), file).toBe(true);
    }
  });

  it('markVoicemailRead changes the change key and the stored read state', async () => {
    const client = h.client();
    const [megan] = (await client.listVoicemail()).items;
    if (!megan?.changeKey) throw new Error('no change key');
    const read = await client.markVoicemailRead({ id: megan.id, changeKey: megan.changeKey }, true);
    expect(read.id).toBe(megan.id);
    expect(read.changeKey).toBeDefined();
    expect(read.changeKey).not.toBe(megan.changeKey);
    let stored = (await h.admin.voicemail(ALEX)).find((m) => m.id === megan.id);
    expect(stored).toMatchObject({ isRead: true, changeKey: read.changeKey });
    expect((await client.listVoicemail()).items[0]?.isRead).toBe(true);

    const unread = await client.markVoicemailRead(read, false);
    expect(unread.changeKey).not.toBe(read.changeKey);
    stored = (await h.admin.voicemail(ALEX)).find((m) => m.id === megan.id);
    expect(stored?.isRead).toBe(false);
  });

  it('deleteVoicemail moves it out of the voicemail folder (to Deleted Items)', async () => {
    const client = h.client();
    const [, diego] = (await client.listVoicemail()).items;
    if (!diego) throw new Error('no second voicemail');
    await client.deleteVoicemail(diego.id);
    const after = await client.listVoicemail();
    expect(after.items.map((v) => v.callerName)).toEqual([
      'Megan Bowen',
      'Contoso Pharmacy',
      '김민지',
      'Patti Fernandez',
      'Adele Vance',
      'Lee Gu',
      'Isaiah Langer',
      'Johanna Lorenz',
    ]);
    const moved = (await h.admin.messages(ALEX)).find((m) => m.id === diego.id);
    expect(moved?.folder).toBe('deleteditems');
  });

  it('a voicemail dropped in through the admin API comes first', async () => {
    await h.admin.dropVoicemail(ALEX, {
      callerName: 'Patti Fernandez',
      callerNumber: '+914055550100',
      clip: 'pharmacy',
      transcript: '  Call me back —\nPatti  ',
      received: new Date(NOW.getTime() - 60_000).toISOString(),
    });
    const client = h.client();
    const [first] = (await client.listVoicemail()).items;
    expect(first).toMatchObject({
      callerName: 'Patti Fernandez',
      callerNumber: '+914055550100',
      durationSeconds: 6,
      isRead: false,
    });
    const item = await client.getVoicemail(first?.id ?? '');
    expect(item.transcription).toBe('  Call me back —\nPatti  ');
    const content = await client.getAttachment(item.attachments[0]?.id ?? '');
    expect(content.content.equals(audio('voicemail-3.wav'))).toBe(true);
  });

  it('getAttachment returns raw dropped-in bytes exactly: corrupt, truncated, mislabelled, protected', async () => {
    const corrupt = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 37 + 11) % 256));
    const truncated = audio('voicemail-7.wma').subarray(0, 9000);
    const mislabelled = audio('voicemail-6-gsm.wav');
    for (const [content, contentType] of [
      [corrupt, 'audio/wav'],
      [truncated, 'audio/x-ms-wma'],
      [mislabelled, 'audio/mpeg'],
    ] as const) {
      const dropped = await h.admin.dropVoicemail(ALEX, {
        callerName: 'Raw Bytes',
        callerNumber: '+14255550100',
        audio: { base64: content.toString('base64'), contentType },
      });
      const id = dropped.attachments[0]?.id ?? '';
      const got = await h.client().getAttachment(id);
      expect(got.contentType).toBe(contentType);
      expect(got.name).toBe('VoiceMail-14255550100.bin');
      expect(got.content.equals(content)).toBe(true);
    }
    const sealed = await h.admin.dropVoicemail(ALEX, {
      callerName: 'Sealed',
      callerNumber: '+14255550100',
      protected: true,
    });
    const item = await h.client().getVoicemail(sealed.id);
    expect(item.kind).toBe('protected');
    expect(item.attachments.map((a) => [a.name, a.contentType])).toEqual([
      ['message.rpmsg', 'application/x-microsoft-rpmsg-message'],
    ]);
  });

  it('Nestor has no voicemail folder: the inbox fallback finds his voicemail and missed call', async () => {
    const client = h.client({ user: NESTOR });
    const list = await client.listVoicemail();
    expect(list.folder).toBe('inbox');
    expect(list.items.map((v) => [v.subject, v.kind, v.isRead, v.received.toISOString()])).toEqual([
      [
        'Voice Mail from Contoso Pharmacy (6 seconds)',
        'voicemail',
        false,
        new Date(NOW.getTime() - 5 * HOUR).toISOString(),
      ],
      [
        'Missed call from Megan Bowen',
        'missed-call',
        false,
        new Date(NOW.getTime() - 6 * HOUR).toISOString(),
      ],
    ]);
    // First the voicemail folder (ErrorFolderNotFound, a 200 answer), then the inbox.
    const requests = await h.admin.requestsFor('FindItem');
    expect(requests.map((r) => [r.user, r.status])).toEqual([
      [NESTOR, 200],
      [NESTOR, 200],
    ]);
    const [voicemail] = list.items;
    const item = await client.getVoicemail(voicemail?.id ?? '');
    expect(item.durationSeconds).toBe(6);
    const content = await client.getAttachment(item.attachments[0]?.id ?? '');
    expect(content.content.equals(audio('voicemail-3.mp3'))).toBe(true);
  });
});
