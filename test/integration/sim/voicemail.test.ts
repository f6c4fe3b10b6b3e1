import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { children, isObject, type XmlObject } from '../../../src-main/ews/xml/parse.js';
import {
  admin,
  ALEX,
  at,
  attr,
  ews,
  messagesOf,
  NESTOR,
  only,
  useTestSimulator,
  textAt,
  type SoapResult,
} from './support.js';

const h = useTestSimulator();

const asset = (name: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`../../../assets/voicemail/${name}`, import.meta.url)));

const LIST_FIELDS =
  '<t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="item:ItemClass"/><t:FieldURI FieldURI="item:DateTimeReceived"/><t:FieldURI FieldURI="message:IsRead"/><t:FieldURI FieldURI="message:From"/>';

function findInFolder(folder: string, extra = ''): string {
  return `<m:FindItem Traversal="Shallow">
  <m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>${LIST_FIELDS}</t:AdditionalProperties></m:ItemShape>
  <m:IndexedPageItemView MaxEntriesReturned="50" Offset="0" BasePoint="Beginning"/>
  ${extra}
  <m:ParentFolderIds><t:DistinguishedFolderId Id="${folder}"/></m:ParentFolderIds>
</m:FindItem>`;
}

const VOICEMAIL_RESTRICTION = `<m:Restriction>
  <t:Contains ContainmentMode="Prefixed" ContainmentComparison="IgnoreCase">
    <t:FieldURI FieldURI="item:ItemClass"/><t:Constant Value="IPM.Note.Microsoft.Voicemail"/>
  </t:Contains>
</m:Restriction>`;

function messages(result: SoapResult): XmlObject[] {
  const message = only(messagesOf(result, 'FindItemResponse'));
  return children(at(message, 'RootFolder', 'Items'), 'Message').filter(isObject);
}

async function voicemailIds(): Promise<{ id: string; changeKey: string; subject: string }[]> {
  return messages(await ews(h.sim, findInFolder('voicemail'))).map((m) => ({
    id: attr(at(m, 'ItemId'), 'Id') ?? '',
    changeKey: attr(at(m, 'ItemId'), 'ChangeKey') ?? '',
    subject: textAt(m, 'Subject') ?? '',
  }));
}

const getItem = (id: string): string => `<m:GetItem>
  <m:ItemShape>
    <t:BaseShape>IdOnly</t:BaseShape>
    <t:BodyType>Text</t:BodyType>
    <t:AdditionalProperties>
      <t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="item:Body"/><t:FieldURI FieldURI="item:Attachments"/>
      <t:FieldURI FieldURI="item:ItemClass"/><t:FieldURI FieldURI="message:IsRead"/>
      <t:ExtendedFieldURI PropertyTag="0x6801" PropertyType="Integer"/>
      <t:ExtendedFieldURI PropertyTag="0x6802" PropertyType="String"/>
      <t:ExtendedFieldURI PropertyTag="0x6803" PropertyType="String"/>
      <t:ExtendedFieldURI PropertyTag="0x6805" PropertyType="String"/>
      <t:ExtendedFieldURI PropertyTag="0x6806" PropertyType="String"/>
    </t:AdditionalProperties>
  </m:ItemShape>
  <m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds>
</m:GetItem>`;

describe('voicemail folder', () => {
  it('lists the nine demo voicemails, newest first, three unread', async () => {
    const list = messages(await ews(h.sim, findInFolder('voicemail')));
    expect(
      list.map((m) => [
        textAt(m, 'Subject'),
        textAt(m, 'IsRead'),
        textAt(m, 'From', 'Mailbox', 'Name'),
      ]),
    ).toEqual([
      ['Voice Mail from Megan Bowen (13 seconds)', 'false', 'Megan Bowen'],
      ['Voice Mail from Diego Siciliani (9 seconds)', 'true', 'Diego Siciliani'],
      ['Voice Mail from Contoso Pharmacy (6 seconds)', 'true', 'Contoso Pharmacy'],
      ['Voice Mail from 김민지 (11 seconds)', 'false', '김민지'],
      ['Voice Mail from Patti Fernandez (14 seconds)', 'false', 'Patti Fernandez'],
      ['Voice Mail from Adele Vance (9 seconds)', 'true', 'Adele Vance'],
      ['Voice Mail from Lee Gu (8 seconds)', 'true', 'Lee Gu'],
      ['Voice Mail from Isaiah Langer (9 seconds)', 'true', 'Isaiah Langer'],
      ['Voice Mail from Johanna Lorenz (9 seconds)', 'true', 'Johanna Lorenz'],
    ]);
    // The protected one is rights-managed; the voicemail folder shows it with the rest.
    expect(list.map((m) => textAt(m, 'ItemClass'))).toEqual([
      ...Array<string>(4).fill('IPM.Note.Microsoft.Voicemail.UM.CA'),
      'IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA',
      ...Array<string>(4).fill('IPM.Note.Microsoft.Voicemail.UM.CA'),
    ]);
    expect(textAt(list[0], 'DateTimeReceived')).toBe('2025-06-10T15:07:00Z');
  });

  it('answers ErrorFolderNotFound for a mailbox without Unified Messaging', async () => {
    const message = only(
      messagesOf(await ews(h.sim, findInFolder('voicemail'), { user: NESTOR }), 'FindItemResponse'),
    );
    expect(attr(message, 'ResponseClass')).toBe('Error');
    expect(textAt(message, 'ResponseCode')).toBe('ErrorFolderNotFound');
  });

  it('finds voicemail in the inbox with an ItemClass prefix restriction (the fallback)', async () => {
    const nestor = messages(
      await ews(h.sim, findInFolder('inbox', VOICEMAIL_RESTRICTION), { user: NESTOR }),
    );
    expect(nestor.map((m) => textAt(m, 'Subject'))).toEqual([
      'Voice Mail from Contoso Pharmacy (6 seconds)',
    ]);
    const alex = messages(await ews(h.sim, findInFolder('inbox', VOICEMAIL_RESTRICTION)));
    // Eight: the protected voicemail's class starts IPM.Note.rpmsg, not this prefix.
    expect(alex).toHaveLength(8);
    const everything = messages(await ews(h.sim, findInFolder('inbox')));
    expect(everything).toHaveLength(10);
    const caseSensitive = messages(
      await ews(
        h.sim,
        findInFolder(
          'inbox',
          VOICEMAIL_RESTRICTION.replace('IgnoreCase', 'Exact').replace(
            'IPM.Note.Microsoft.Voicemail',
            'ipm.note.microsoft.voicemail',
          ),
        ),
      ),
    );
    expect(caseSensitive).toHaveLength(0);
  });

  it('supports IsEqualTo and Or restrictions on ItemClass', async () => {
    const restriction = `<m:Restriction><t:Or>
      <t:IsEqualTo><t:FieldURI FieldURI="item:ItemClass"/><t:FieldURIOrConstant><t:Constant Value="IPM.Note.Microsoft.Missed.Voice"/></t:FieldURIOrConstant></t:IsEqualTo>
      <t:Contains ContainmentMode="Prefixed" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="item:ItemClass"/><t:Constant Value="ipm.note.microsoft.voicemail"/></t:Contains>
    </t:Or></m:Restriction>`;
    const list = messages(await ews(h.sim, findInFolder('inbox', restriction), { user: NESTOR }));
    expect(list.map((m) => textAt(m, 'ItemClass'))).toEqual([
      'IPM.Note.Microsoft.Voicemail.UM.CA',
      'IPM.Note.Microsoft.Missed.Voice',
    ]);
  });
});

describe('GetItem and GetAttachment', () => {
  it('returns the UM extended properties, the transcript and the audio attachment', async () => {
    const [first] = await voicemailIds();
    const result = await ews(h.sim, getItem(first?.id ?? ''));
    const message = only(messagesOf(result, 'GetItemResponse'));
    expect(attr(message, 'ResponseClass')).toBe('Success');
    const item = at(message, 'Items', 'Message');
    expect(textAt(item, 'Body')).toBe(
      "Hi Alex, it's Megan from Contoso. The quarterly review moved to Thursday at ten. Call me back on five five five, zero one four two. Thanks.",
    );
    expect(attr(at(item, 'Body'), 'BodyType')).toBe('Text');
    const props = new Map(
      children(item, 'ExtendedProperty').map((p) => [
        attr(at(p, 'ExtendedFieldURI'), 'PropertyTag'),
        textAt(p, 'Value'),
      ]),
    );
    expect(Object.fromEntries(props)).toMatchObject({
      '0x6801': '13',
      '0x6802': '+14255550142',
      '0x6803': 'Megan Bowen',
      '0x6805': 'VoiceMail-14255550142.mp3;',
    });
    expect(props.get('0x6806')).toMatch(/^[a-z0-9+/=]{16}$/);
    const attachment = at(item, 'Attachments', 'FileAttachment');
    expect(textAt(attachment, 'Name')).toBe('VoiceMail-14255550142.mp3');
    expect(textAt(attachment, 'ContentType')).toBe('audio/mpeg');
    expect(textAt(attachment, 'Size')).toBe(String(asset('voicemail-1.mp3').length));

    const attachmentId = attr(at(attachment, 'AttachmentId'), 'Id') ?? '';
    const got = await ews(
      h.sim,
      `<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="${attachmentId}"/></m:AttachmentIds></m:GetAttachment>`,
    );
    const file = at(
      only(messagesOf(got, 'GetAttachmentResponse')),
      'Attachments',
      'FileAttachment',
    );
    const content = Buffer.from(textAt(file, 'Content') ?? '', 'base64');
    expect(content.equals(asset('voicemail-1.mp3'))).toBe(true);
    expect(content.subarray(0, 2).toString('hex')).toBe('fff3');
  });

  it('serves the WAV voicemail as audio/wav', async () => {
    const ids = await voicemailIds();
    const pharmacy = ids.find((v) => v.subject.includes('Pharmacy'));
    const item = at(
      only(messagesOf(await ews(h.sim, getItem(pharmacy?.id ?? '')), 'GetItemResponse')),
      'Items',
      'Message',
    );
    const attachment = at(item, 'Attachments', 'FileAttachment');
    expect(textAt(attachment, 'ContentType')).toBe('audio/wav');
    const got = await ews(
      h.sim,
      `<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="${attr(at(attachment, 'AttachmentId'), 'Id') ?? ''}"/></m:AttachmentIds></m:GetAttachment>`,
    );
    const content = Buffer.from(
      textAt(
        at(only(messagesOf(got, 'GetAttachmentResponse')), 'Attachments', 'FileAttachment'),
        'Content',
      ) ?? '',
      'base64',
    );
    expect(content.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(content.equals(asset('voicemail-3.wav'))).toBe(true);
  });

  it('answers per-id errors: malformed and unknown ids', async () => {
    const result = await ews(h.sim, getItem('not-an-id'));
    expect(textAt(only(messagesOf(result, 'GetItemResponse')), 'ResponseCode')).toBe(
      'ErrorInvalidIdMalformed',
    );
    const unknown = await ews(
      h.sim,
      getItem(Buffer.from('beacon-sim:item:99999').toString('base64')),
    );
    expect(textAt(only(messagesOf(unknown, 'GetItemResponse')), 'ResponseCode')).toBe(
      'ErrorItemNotFound',
    );
  });
});

describe('UpdateItem and DeleteItem', () => {
  const markRead = (
    id: string,
    changeKey: string,
    value: boolean,
    resolution = 'AutoResolve',
  ): string =>
    `<m:UpdateItem MessageDisposition="SaveOnly" ConflictResolution="${resolution}">
  <m:ItemChanges><t:ItemChange>
    <t:ItemId Id="${id}" ChangeKey="${changeKey}"/>
    <t:Updates><t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>${String(value)}</t:IsRead></t:Message></t:SetItemField></t:Updates>
  </t:ItemChange></m:ItemChanges>
</m:UpdateItem>`;

  it('marks a voicemail read and returns a new ChangeKey', async () => {
    const [first] = await voicemailIds();
    const result = await ews(h.sim, markRead(first?.id ?? '', first?.changeKey ?? '', true));
    const message = only(messagesOf(result, 'UpdateItemResponse'));
    expect(attr(message, 'ResponseClass')).toBe('Success');
    const newKey = attr(at(message, 'Items', 'Message', 'ItemId'), 'ChangeKey');
    expect(newKey).toBeTruthy();
    expect(newKey).not.toBe(first?.changeKey);
    expect(textAt(message, 'ConflictResults', 'Count')).toBe('0');
    const list = messages(await ews(h.sim, findInFolder('voicemail')));
    expect(textAt(list[0], 'IsRead')).toBe('true');
  });

  it('refuses a stale ChangeKey with NeverOverwrite (ErrorIrresolvableConflict)', async () => {
    const [first] = await voicemailIds();
    await ews(h.sim, markRead(first?.id ?? '', first?.changeKey ?? '', true));
    const stale = await ews(
      h.sim,
      markRead(first?.id ?? '', first?.changeKey ?? '', false, 'NeverOverwrite'),
    );
    const message = only(messagesOf(stale, 'UpdateItemResponse'));
    expect(attr(message, 'ResponseClass')).toBe('Error');
    expect(textAt(message, 'ResponseCode')).toBe('ErrorIrresolvableConflict');
  });

  it('moves a deleted voicemail to Deleted Items: it leaves the voicemail folder', async () => {
    const [first] = await voicemailIds();
    const result = await ews(
      h.sim,
      `<m:DeleteItem DeleteType="MoveToDeletedItems"><m:ItemIds><t:ItemId Id="${first?.id ?? ''}"/></m:ItemIds></m:DeleteItem>`,
    );
    expect(textAt(only(messagesOf(result, 'DeleteItemResponse')), 'ResponseCode')).toBe('NoError');
    expect((await voicemailIds()).map((v) => v.subject)).not.toContain(first?.subject);
    expect(await voicemailIds()).toHaveLength(8);
    const deleted = messages(await ews(h.sim, findInFolder('deleteditems')));
    expect(deleted.map((m) => textAt(m, 'Subject'))).toEqual([first?.subject]);
  });

  it('the admin API drops in a voicemail that FindItem then lists first', async () => {
    const dropped = await admin<{ id: string; subject: string }>(
      h.sim,
      'POST',
      `/mailboxes/${ALEX}/voicemail`,
      {
        callerName: 'Isaiah Langer',
        callerNumber: '+14045550100',
        clip: 'diego',
        transcript: 'Custom transcript',
        received: '2025-06-10T17:05:00Z',
      },
    );
    expect(dropped.status).toBe(201);
    const [first] = await voicemailIds();
    expect(first?.id).toBe(dropped.json.id);
    const item = at(
      only(messagesOf(await ews(h.sim, getItem(first?.id ?? '')), 'GetItemResponse')),
      'Items',
      'Message',
    );
    expect(textAt(item, 'Body')).toBe('Custom transcript');
    expect(textAt(item, 'IsRead')).toBe('false');
    const listed = await admin<unknown[]>(h.sim, 'GET', `/mailboxes/${ALEX}/voicemail`);
    expect(listed.json).toHaveLength(10);
  });
});
