import { describe, expect, it } from 'vitest';
import { DecodeError, EwsResponseError } from '../../../../src-main/ews/errors.js';
import {
  buildDeleteItemRequest,
  buildFindVoicemailRequest,
  buildGetVoicemailRequest,
  buildMarkReadRequest,
  decodeDeleteItemResponse,
  decodeFindVoicemailResponse,
  decodeGetAttachmentResponse,
  decodeGetVoicemailResponse,
  decodeUpdateItemResponse,
  kindOf,
} from '../../../../src-main/ews/operations/voicemail.js';
import { envelopeOf, thrown } from './soap-fixture.js';

const ext = (tag: string, type: string, value: string): string =>
  `<t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="${tag}" PropertyType="${type}"/><t:Value>${value}</t:Value></t:ExtendedProperty>`;

const VOICEMAIL = `<t:Message><t:ItemId Id="VM1" ChangeKey="CK1"/><t:ItemClass>IPM.Note.Microsoft.Voicemail.UM.CA</t:ItemClass>
  <t:Subject>Voice Mail from Alex Wu (0:27)</t:Subject><t:DateTimeReceived>2024-05-02T08:15:00Z</t:DateTimeReceived><t:HasAttachments>true</t:HasAttachments>
  ${ext('0x6801', 'Integer', '27')}${ext('0x6802', 'String', '+49 30 1234567')}${ext('0x6803', 'String', 'Alex Wu')}${ext('0x6805', 'String', 'audio.mp3')}${ext('0x6806', 'String', 'call-77')}
  <t:From><t:Mailbox><t:Name>Alex Wu</t:Name><t:EmailAddress>alex@contoso.com</t:EmailAddress></t:Mailbox></t:From><t:IsRead>false</t:IsRead></t:Message>`;

const find = (items: string, last = 'true'): string =>
  `<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>
  <m:RootFolder IndexedPagingOffset="2" TotalItemsInView="2" IncludesLastItemInRange="${last}"><t:Items>${items}</t:Items></m:RootFolder></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>`;

describe('voicemail list', () => {
  it('decodes the UM properties, kind and sender', () => {
    const page = decodeFindVoicemailResponse(
      envelopeOf(
        find(
          VOICEMAIL +
            `<t:Message><t:ItemId Id="VM2"/><t:ItemClass>IPM.Note.Microsoft.Missed.Voice.Ca</t:ItemClass><t:Subject>Missed call</t:Subject>
             <t:DateTimeReceived>2024-05-01T07:00:00Z</t:DateTimeReceived><t:HasAttachments>false</t:HasAttachments>${ext('26627', 'String', ' Sam ')}<t:IsRead>true</t:IsRead></t:Message>
             <t:PostItem><t:ItemId Id="P"/></t:PostItem>`,
          'false',
        ),
      ),
    );
    expect(page.includesLastItemInRange).toBe(false);
    expect(page.items).toEqual([
      {
        id: 'VM1',
        changeKey: 'CK1',
        subject: 'Voice Mail from Alex Wu (0:27)',
        received: new Date('2024-05-02T08:15:00Z'),
        isRead: false,
        itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
        kind: 'voicemail',
        from: { name: 'Alex Wu', email: 'alex@contoso.com' },
        hasAttachments: true,
        durationSeconds: 27,
        callerNumber: '+49 30 1234567',
        callerName: 'Alex Wu',
        attachmentOrder: 'audio.mp3',
        callId: 'call-77',
      },
      {
        id: 'VM2',
        subject: 'Missed call',
        received: new Date('2024-05-01T07:00:00Z'),
        isRead: true,
        itemClass: 'IPM.Note.Microsoft.Missed.Voice.Ca',
        kind: 'missed-call',
        hasAttachments: false,
        // 26627 is 0x6803 written in decimal, which the schema allows.
        callerName: 'Sam',
      },
    ]);
  });

  it('tells protected voicemail apart', () => {
    expect(kindOf('IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA')).toBe('protected');
    expect(kindOf('ipm.note.microsoft.voicemail.um')).toBe('voicemail');
    expect(kindOf('IPM.Note.Microsoft.Missed.Voice')).toBe('missed-call');
  });

  it('is a DecodeError for a duration that is not a number', () => {
    expect(() =>
      decodeFindVoicemailResponse(envelopeOf(find(VOICEMAIL.replace('>27<', '>long<')))),
    ).toThrow(DecodeError);
  });

  it('throws ErrorFolderNotFound typed, so the inbox fallback can catch it', () => {
    const error = thrown(() =>
      decodeFindVoicemailResponse(
        envelopeOf(
          '<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Error"><m:MessageText>The specified folder could not be found in the store.</m:MessageText><m:ResponseCode>ErrorFolderNotFound</m:ResponseCode></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>',
        ),
      ),
    );
    expect(error).toBeInstanceOf(EwsResponseError);
    expect((error as EwsResponseError).responseCode).toBe('ErrorFolderNotFound');
  });

  it('asks the voicemail folder directly, and the inbox by ItemClass prefix', () => {
    const direct = buildFindVoicemailRequest({ folder: 'voicemail' }).xml;
    expect(direct).toContain('<t:DistinguishedFolderId Id="voicemail"/>');
    expect(direct).not.toContain('Restriction');
    for (const tag of [
      '0x6801" PropertyType="Integer',
      '0x6802" PropertyType="String',
      '0x6803',
      '0x6805',
      '0x6806',
    ])
      expect(direct).toContain(`PropertyTag="${tag}`);
    const inbox = buildFindVoicemailRequest({ folder: 'inbox' }).xml;
    expect(inbox).toContain('<t:DistinguishedFolderId Id="inbox"/>');
    expect(
      inbox.match(/<t:Contains ContainmentMode="Prefixed" ContainmentComparison="IgnoreCase">/g),
    ).toHaveLength(3);
    expect(inbox).toContain('<t:Constant Value="IPM.Note.Microsoft.Voicemail"/>');
    expect(inbox).toContain('<t:Constant Value="IPM.Note.rpmsg.Microsoft.Voicemail"/>');
    expect(inbox).toContain('<t:Constant Value="IPM.Note.Microsoft.Missed.Voice"/>');
  });
});

describe('voicemail item', () => {
  const GET = `<m:GetItemResponse><m:ResponseMessages><m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items>
  ${VOICEMAIL.replace(
    '<t:HasAttachments>',
    `<t:Body BodyType="Text">Hi, it's Alex.
  Call me back  </t:Body><t:Attachments><t:FileAttachment><t:AttachmentId Id="ATT1"/><t:Name>audio.mp3</t:Name><t:ContentType>audio/mpeg</t:ContentType><t:Size>43210</t:Size></t:FileAttachment></t:Attachments><t:HasAttachments>`,
  )}
  </m:Items></m:GetItemResponseMessage></m:ResponseMessages></m:GetItemResponse>`;

  it('decodes the transcription with its whitespace, and the audio attachments', () => {
    const item = decodeGetVoicemailResponse(envelopeOf(GET));
    expect(item.transcription).toBe("Hi, it's Alex.\n  Call me back  ");
    expect(item.attachments).toEqual([
      { id: 'ATT1', name: 'audio.mp3', contentType: 'audio/mpeg', size: 43210 },
    ]);
    expect(item.durationSeconds).toBe(27);
    expect(item.kind).toBe('voicemail');
  });

  it('asks for the body as text, the attachments and the UM properties', () => {
    const xml = buildGetVoicemailRequest({ id: 'VM1' }).xml;
    expect(xml).toContain('<t:BodyType>Text</t:BodyType>');
    expect(xml).toContain('FieldURI="item:Body"');
    expect(xml).toContain('FieldURI="item:Attachments"');
    expect(xml).toContain('PropertyTag="0x6806"');
    expect(xml).toContain('<m:ItemIds><t:ItemId Id="VM1"/></m:ItemIds>');
  });

  it('decodes attachment bytes and refuses damaged base64', () => {
    const att = (content: string): string =>
      `<m:GetAttachmentResponse><m:ResponseMessages><m:GetAttachmentResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Attachments>
       <t:FileAttachment><t:AttachmentId Id="ATT1"/><t:Name>audio.wav</t:Name><t:ContentType>audio/wav</t:ContentType><t:Content>${content}</t:Content></t:FileAttachment>
       </m:Attachments></m:GetAttachmentResponseMessage></m:ResponseMessages></m:GetAttachmentResponse>`;
    const good = decodeGetAttachmentResponse(envelopeOf(att('UklG\nRiQAAABXQVZF')));
    expect(good.name).toBe('audio.wav');
    expect(good.contentType).toBe('audio/wav');
    expect(good.content.toString('latin1')).toBe('RIFF$\u0000\u0000\u0000WAVE');
    expect(() => decodeGetAttachmentResponse(envelopeOf(att('UklG...RiQA')))).toThrow(DecodeError);
  });

  it('marks read with UpdateItem and returns the new change key', () => {
    const xml = buildMarkReadRequest({ id: 'VM1', changeKey: 'CK1', isRead: true }).xml;
    expect(xml).toContain(
      '<m:UpdateItem ConflictResolution="AutoResolve" MessageDisposition="SaveOnly"',
    );
    expect(xml).toContain('<t:ItemId Id="VM1" ChangeKey="CK1"/>');
    expect(xml).toContain(
      '<t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>true</t:IsRead></t:Message></t:SetItemField>',
    );
    const ref = decodeUpdateItemResponse(
      envelopeOf(
        '<m:UpdateItemResponse><m:ResponseMessages><m:UpdateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:Message><t:ItemId Id="VM1" ChangeKey="CK2"/></t:Message></m:Items><m:ConflictResults><t:Count>0</t:Count></m:ConflictResults></m:UpdateItemResponseMessage></m:ResponseMessages></m:UpdateItemResponse>',
      ),
    );
    expect(ref).toEqual({ id: 'VM1', changeKey: 'CK2' });
  });

  it('deletes to Deleted Items and reports ErrorItemNotFound typed', () => {
    expect(buildDeleteItemRequest({ id: 'VM1' }).xml).toBe(
      '<m:DeleteItem DeleteType="MoveToDeletedItems"><m:ItemIds><t:ItemId Id="VM1"/></m:ItemIds></m:DeleteItem>',
    );
    const error = thrown(() => {
      decodeDeleteItemResponse(
        envelopeOf(
          '<m:DeleteItemResponse><m:ResponseMessages><m:DeleteItemResponseMessage ResponseClass="Error"><m:MessageText>gone</m:MessageText><m:ResponseCode>ErrorItemNotFound</m:ResponseCode></m:DeleteItemResponseMessage></m:ResponseMessages></m:DeleteItemResponse>',
        ),
      );
    });
    expect((error as EwsResponseError).responseCode).toBe('ErrorItemNotFound');
  });
});
