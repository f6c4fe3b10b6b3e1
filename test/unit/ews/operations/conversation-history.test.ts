import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../src-main/ews/errors.js';
import {
  buildSaveConversationRequest,
  decodeCreateItemResponse,
} from '../../../../src-main/ews/operations/conversation-history.js';
import { envelopeOf } from './soap-fixture.js';

describe('conversation history', () => {
  it('saves an escaped HTML transcript in conversationhistory and returns the new id', () => {
    const xml = buildSaveConversationRequest({
      subject: 'Chat with Sam',
      html: '<div>Sam: 5 < 6 & "ok"</div>',
      to: [{ email: 'sam@contoso.com', name: 'Sam' }],
      from: { email: 'me@contoso.com' },
    }).xml;
    expect(xml).toBe(
      '<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="conversationhistory"/></m:SavedItemFolderId><m:Items><t:Message>' +
        '<t:ItemClass>IPM.Note.Microsoft.Conversation</t:ItemClass><t:Subject>Chat with Sam</t:Subject>' +
        '<t:Body BodyType="HTML">&lt;div&gt;Sam: 5 &lt; 6 &amp; &quot;ok&quot;&lt;/div&gt;</t:Body>' +
        '<t:ToRecipients><t:Mailbox><t:Name>Sam</t:Name><t:EmailAddress>sam@contoso.com</t:EmailAddress></t:Mailbox></t:ToRecipients>' +
        '<t:From><t:Mailbox><t:EmailAddress>me@contoso.com</t:EmailAddress></t:Mailbox></t:From></t:Message></m:Items></m:CreateItem>',
    );
    expect(
      decodeCreateItemResponse(
        envelopeOf(
          '<m:CreateItemResponse><m:ResponseMessages><m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:Message><t:ItemId Id="NEW" ChangeKey="CK"/></t:Message></m:Items></m:CreateItemResponseMessage></m:ResponseMessages></m:CreateItemResponse>',
        ),
      ),
    ).toEqual({ id: 'NEW', changeKey: 'CK' });
  });

  it('is a DecodeError when the server does not say which item it created', () => {
    expect(() =>
      decodeCreateItemResponse(
        envelopeOf(
          '<m:CreateItemResponse><m:ResponseMessages><m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items/></m:CreateItemResponseMessage></m:ResponseMessages></m:CreateItemResponse>',
        ),
      ),
    ).toThrow(DecodeError);
  });
});
