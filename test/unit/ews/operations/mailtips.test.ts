import { describe, expect, it } from 'vitest';
import { DecodeError, EwsResponseError, ServerBusyError } from '../../../../src-main/ews/errors.js';
import {
  buildGetMailTipsRequest,
  decodeGetMailTipsResponse,
} from '../../../../src-main/ews/operations/mailtips.js';
import { envelopeOf } from './soap-fixture.js';

const tipsOf = (messages: string, outer = 'Success'): string =>
  `<m:GetMailTipsResponse ResponseClass="${outer}"><m:ResponseCode>${outer === 'Success' ? 'NoError' : 'ErrorServerBusy'}</m:ResponseCode><m:ResponseMessages>${messages}</m:ResponseMessages></m:GetMailTipsResponse>`;
const tip = (email: string, oof: string): string =>
  `<m:MailTipsResponseMessageType ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:MailTips>
   <t:RecipientAddress><t:Name/><t:EmailAddress>${email}</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType></t:RecipientAddress>
   <t:PendingMailTips/>${oof}</m:MailTips></m:MailTipsResponseMessageType>`;

describe('GetMailTips', () => {
  it('decodes OOF messages (HTML kept as sent), durations, no-OOF and per-recipient errors', () => {
    const result = decodeGetMailTipsResponse(
      envelopeOf(
        tipsOf(
          tip(
            'anna@contoso.com',
            '<t:OutOfOffice><t:ReplyBody><t:Message>&lt;p&gt;On leave&lt;/p&gt;\n</t:Message></t:ReplyBody><t:Duration><t:StartTime>2024-07-01T00:00:00Z</t:StartTime><t:EndTime>2024-07-10T00:00:00</t:EndTime></t:Duration></t:OutOfOffice>',
          ) +
            tip(
              'ben@contoso.com',
              '<t:OutOfOffice><t:ReplyBody><t:Message/></t:ReplyBody></t:OutOfOffice>',
            ) +
            '<m:MailTipsResponseMessageType ResponseClass="Error"><m:MessageText>not found</m:MessageText><m:ResponseCode>ErrorMailRecipientNotFound</m:ResponseCode></m:MailTipsResponseMessageType>',
        ),
      ),
      ['anna@contoso.com', 'ben@contoso.com', 'nobody@contoso.com'],
    );
    expect(result[0]).toEqual({
      email: 'anna@contoso.com',
      oof: {
        message: '<p>On leave</p>\n',
        duration: {
          start: new Date('2024-07-01T00:00:00Z'),
          end: new Date('2024-07-10T00:00:00Z'),
        },
      },
    });
    expect(result[1]).toEqual({ email: 'ben@contoso.com' });
    expect(result[2]?.email).toBe('nobody@contoso.com');
    expect(result[2]?.error).toBeInstanceOf(EwsResponseError);
    expect(result[2]?.error?.responseCode).toBe('ErrorMailRecipientNotFound');
  });

  it('marks an address the server does not know', () => {
    const unknown = tip('gone@contoso.com', '<t:InvalidRecipient>true</t:InvalidRecipient>');
    const [result] = decodeGetMailTipsResponse(envelopeOf(tipsOf(unknown)), ['gone@contoso.com']);
    expect(result).toEqual({ email: 'gone@contoso.com', invalidRecipient: true });
  });

  it('throws a whole-request error, and a count mismatch is a DecodeError', () => {
    expect(() => decodeGetMailTipsResponse(envelopeOf(tipsOf('', 'Error')), ['a@b.c'])).toThrow(
      ServerBusyError,
    );
    expect(() =>
      decodeGetMailTipsResponse(envelopeOf(tipsOf(tip('a@b.c', ''))), ['a@b.c', 'd@e.f']),
    ).toThrow(DecodeError);
  });

  it('asks only for OutOfOfficeMessage, at most 50 recipients', () => {
    const xml = buildGetMailTipsRequest({
      sendingAs: 'me@contoso.com',
      recipients: ['a@b.c', 'd@e.f'],
    }).xml;
    expect(xml).toBe(
      '<m:GetMailTips><m:SendingAs><t:EmailAddress>me@contoso.com</t:EmailAddress></m:SendingAs><m:Recipients><t:Mailbox><t:EmailAddress>a@b.c</t:EmailAddress></t:Mailbox><t:Mailbox><t:EmailAddress>d@e.f</t:EmailAddress></t:Mailbox></m:Recipients><m:MailTipsRequested>OutOfOfficeMessage</m:MailTipsRequested></m:GetMailTips>',
    );
    const many = Array.from({ length: 51 }, (_, i) => `u${i}@b.c`);
    expect(() => buildGetMailTipsRequest({ sendingAs: 'me@b.c', recipients: many })).toThrow(
      RangeError,
    );
  });
});
