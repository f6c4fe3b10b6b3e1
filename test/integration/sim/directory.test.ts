import { describe, expect, it } from 'vitest';
import { children, isObject } from '../../../src-main/ews/xml/parse.js';
import {
  admin,
  ALEX,
  at,
  attr,
  ews,
  messagesOf,
  only,
  responseOf,
  useTestSimulator,
  textAt,
} from './support.js';

const h = useTestSimulator();

function mailTips(recipients: readonly string[], sender = ALEX): string {
  const list = recipients
    .map((r) => `<t:Mailbox><t:EmailAddress>${r}</t:EmailAddress></t:Mailbox>`)
    .join('');
  return `<m:GetMailTips>
  <m:SendingAs><t:EmailAddress>${sender}</t:EmailAddress></m:SendingAs>
  <m:Recipients>${list}</m:Recipients>
  <m:MailTipsRequested>OutOfOfficeMessage</m:MailTipsRequested>
</m:GetMailTips>`;
}

const resolve = (entry: string, full = true): string =>
  `<m:ResolveNames ReturnFullContactData="${String(full)}"><m:UnresolvedEntry>${entry}</m:UnresolvedEntry></m:ResolveNames>`;

describe('GetMailTips', () => {
  it('returns the OOF message of people who are out, and an empty one for the others', async () => {
    const result = await ews(
      h.sim,
      mailTips([
        'adele@beacon.test',
        'lidia@beacon.test',
        'megan@beacon.test',
        'ghost@beacon.test',
      ]),
    );
    const response = responseOf(result, 'GetMailTipsResponse');
    expect(attr(response, 'ResponseClass')).toBe('Success');
    const tips = children(at(response, 'ResponseMessages'), 'MailTipsResponseMessageType').filter(
      isObject,
    );
    expect(tips.map((t) => textAt(t, 'MailTips', 'RecipientAddress', 'EmailAddress'))).toEqual([
      'adele@beacon.test',
      'lidia@beacon.test',
      'megan@beacon.test',
      'ghost@beacon.test',
    ]);
    expect(textAt(tips[0], 'MailTips', 'OutOfOffice', 'ReplyBody', 'Message')).toBe(
      'Adele Vance is out of the office until the day after tomorrow.',
    );
    expect(at(tips[0], 'MailTips', 'OutOfOffice', 'Duration')).toBeUndefined();
    // Lidia's OOF is scheduled and running now: the tip carries its Duration.
    expect(textAt(tips[1], 'MailTips', 'OutOfOffice', 'ReplyBody', 'Message')).toBe(
      'Lidia Holloway is out of the office until the day after tomorrow.',
    );
    expect(textAt(tips[1], 'MailTips', 'OutOfOffice', 'Duration', 'StartTime')).toBe(
      '2025-06-09T17:07:00Z',
    );
    expect(textAt(tips[1], 'MailTips', 'OutOfOffice', 'Duration', 'EndTime')).toBe(
      '2025-06-12T17:07:00Z',
    );
    expect(textAt(tips[2], 'MailTips', 'OutOfOffice', 'ReplyBody', 'Message')).toBe('');
    expect(textAt(tips[3], 'MailTips', 'InvalidRecipient')).toBe('true');
  });

  it('gives external senders the external reply', async () => {
    const result = await ews(h.sim, mailTips(['adele@beacon.test'], 'someone@contoso.com'));
    const tip = children(
      at(responseOf(result, 'GetMailTipsResponse'), 'ResponseMessages'),
      'MailTipsResponseMessageType',
    )[0];
    expect(textAt(tip, 'MailTips', 'OutOfOffice', 'ReplyBody', 'Message')).toBe(
      'Adele Vance is away.',
    );
  });

  it('does not report Alex’s OOF now: it is scheduled for next week', async () => {
    const result = await ews(h.sim, mailTips([ALEX], 'megan@beacon.test'));
    const tip = children(
      at(responseOf(result, 'GetMailTipsResponse'), 'ResponseMessages'),
      'MailTipsResponseMessageType',
    )[0];
    expect(textAt(tip, 'MailTips', 'OutOfOffice', 'ReplyBody', 'Message')).toBe('');
  });

  it('refuses more than 50 recipients', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@beacon.test`);
    const response = responseOf(await ews(h.sim, mailTips(many)), 'GetMailTipsResponse');
    expect(attr(response, 'ResponseClass')).toBe('Error');
    expect(textAt(response, 'ResponseCode')).toBe('ErrorExceededMaxRecipientLimit');
  });
});

describe('ResolveNames', () => {
  it('resolves a unique prefix with full contact data', async () => {
    const message = only(messagesOf(await ews(h.sim, resolve('megan')), 'ResolveNamesResponse'));
    expect(attr(message, 'ResponseClass')).toBe('Success');
    expect(textAt(message, 'ResponseCode')).toBe('NoError');
    expect(attr(at(message, 'ResolutionSet'), 'TotalItemsInView')).toBe('1');
    const resolution = at(message, 'ResolutionSet', 'Resolution');
    expect(textAt(resolution, 'Mailbox', 'Name')).toBe('Megan Bowen');
    expect(textAt(resolution, 'Mailbox', 'EmailAddress')).toBe('megan@beacon.test');
    expect(textAt(resolution, 'Mailbox', 'RoutingType')).toBe('SMTP');
    expect(textAt(resolution, 'Contact', 'DisplayName')).toBe('Megan Bowen');
    expect(textAt(resolution, 'Contact', 'EmailAddresses', 'Entry')).toBe('SMTP:megan@beacon.test');
    expect(textAt(resolution, 'Contact', 'JobTitle')).toBe('Marketing Manager');
    expect(textAt(resolution, 'Contact', 'PhoneNumbers', 'Entry')).toBe('+1 425 555 0142');
    expect(textAt(resolution, 'Contact', 'ContactSource')).toBe('ActiveDirectory');
  });

  it('resolves by surname prefix and by SMTP address, without contact data when not asked', async () => {
    const bySurname = only(
      messagesOf(await ews(h.sim, resolve('Sicil', false)), 'ResolveNamesResponse'),
    );
    expect(textAt(bySurname, 'ResolutionSet', 'Resolution', 'Mailbox', 'EmailAddress')).toBe(
      'diego@beacon.test',
    );
    expect(at(bySurname, 'ResolutionSet', 'Resolution', 'Contact')).toBeUndefined();
    const bySmtp = only(
      messagesOf(await ews(h.sim, resolve('SMTP:lee@beacon.test')), 'ResolveNamesResponse'),
    );
    expect(textAt(bySmtp, 'ResolutionSet', 'Resolution', 'Mailbox', 'Name')).toBe('Lee Gu');
  });

  it('answers ambiguous names with ErrorNameResolutionMultipleResults and every candidate', async () => {
    const message = only(messagesOf(await ews(h.sim, resolve('Jo')), 'ResolveNamesResponse'));
    expect(attr(message, 'ResponseClass')).toBe('Warning');
    expect(textAt(message, 'ResponseCode')).toBe('ErrorNameResolutionMultipleResults');
    const names = children(at(message, 'ResolutionSet'), 'Resolution').map((r) =>
      textAt(r, 'Mailbox', 'Name'),
    );
    expect(names).toEqual(['Johanna Lorenz', 'Joni Sherman']);
  });

  it('answers no match with ErrorNameResolutionNoResults', async () => {
    const message = only(messagesOf(await ews(h.sim, resolve('Zebulon')), 'ResolveNamesResponse'));
    expect(attr(message, 'ResponseClass')).toBe('Error');
    expect(textAt(message, 'ResponseCode')).toBe('ErrorNameResolutionNoResults');
    expect(textAt(message, 'MessageText')).toBe('No results were found.');
  });
});

describe('conversation history', () => {
  it('CreateItem saves an IM transcript in conversationhistory; the admin API lists it', async () => {
    const result = await ews(
      h.sim,
      `<m:CreateItem MessageDisposition="SaveOnly">
  <m:SavedItemFolderId><t:DistinguishedFolderId Id="conversationhistory"/></m:SavedItemFolderId>
  <m:Items><t:Message>
    <t:ItemClass>IPM.Note.Microsoft.Conversation</t:ItemClass>
    <t:Subject>Conversation with Diego</t:Subject>
    <t:Body BodyType="HTML">&lt;p&gt;Diego: hi&lt;/p&gt;</t:Body>
    <t:ToRecipients><t:Mailbox><t:Name>Diego Siciliani</t:Name><t:EmailAddress>diego@beacon.test</t:EmailAddress></t:Mailbox></t:ToRecipients>
    <t:IsRead>true</t:IsRead>
  </t:Message></m:Items>
</m:CreateItem>`,
    );
    const message = only(messagesOf(result, 'CreateItemResponse'));
    expect(attr(message, 'ResponseClass')).toBe('Success');
    const id = attr(at(message, 'Items', 'Message', 'ItemId'), 'Id');
    expect(id).toBeTruthy();
    const listed = await admin<
      {
        id: string;
        subject: string;
        body: string;
        bodyType: string;
        itemClass: string;
        to: { email: string }[];
      }[]
    >(h.sim, 'GET', `/mailboxes/${ALEX}/conversation-history`);
    expect(listed.json.map((m) => m.subject)).toEqual([
      'Conversation with Megan Bowen',
      'Conversation with Diego',
    ]);
    const saved = listed.json[1];
    expect(saved).toMatchObject({
      id,
      body: '<p>Diego: hi</p>',
      bodyType: 'HTML',
      itemClass: 'IPM.Note.Microsoft.Conversation',
    });
    expect(saved?.to.map((t) => t.email)).toEqual(['diego@beacon.test']);
  });
});
