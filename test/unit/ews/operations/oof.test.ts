import { describe, expect, it } from 'vitest';
import { DecodeError, EwsResponseError, ServerBusyError } from '../../../../src-main/ews/errors.js';
import {
  buildSetUserOofSettingsRequest,
  decodeGetUserOofSettingsResponse,
  decodeSetUserOofSettingsResponse,
  type OofSettings,
} from '../../../../src-main/ews/operations/oof.js';
import { buildEnvelope } from '../../../../src-main/ews/soap/envelope.js';
import { child, parseXml, text } from '../../../../src-main/ews/xml/parse.js';
import { envelopeOf, thrown } from './soap-fixture.js';

const FULL = `<m:GetUserOofSettingsResponse>
  <m:ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResponseMessage>
  <t:OofSettings>
    <t:OofState>Scheduled</t:OofState>
    <t:ExternalAudience>Known</t:ExternalAudience>
    <t:Duration><t:StartTime>2024-07-01T07:00:00Z</t:StartTime><t:EndTime>2024-07-15T16:00:00+02:00</t:EndTime></t:Duration>
    <t:InternalReply xml:lang="de-DE"><t:Message>&lt;html&gt;&lt;body&gt;Bin weg &#8211; zurück am 15.
  Grüße&lt;/body&gt;&lt;/html&gt;</t:Message></t:InternalReply>
    <t:ExternalReply><t:Message>  Away  </t:Message></t:ExternalReply>
    <t:DeclineMeetingReply><t:Message>No meetings</t:Message></t:DeclineMeetingReply>
    <t:DeclineEventsForScheduledOOF>true</t:DeclineEventsForScheduledOOF>
    <t:CreateOOFEvent>false</t:CreateOOFEvent>
    <t:OOFEventSubject> Holiday </t:OOFEventSubject>
    <t:EventsToDeleteIDs><t:EventToDeleteID>e1</t:EventToDeleteID><t:EventToDeleteID>e2</t:EventToDeleteID></t:EventsToDeleteIDs>
  </t:OofSettings>
  <m:AllowExternalOof>All</m:AllowExternalOof>
</m:GetUserOofSettingsResponse>`;

describe('GetUserOofSettings decoding', () => {
  it('decodes every field, UTC instants, and keeps message whitespace', () => {
    const s = decodeGetUserOofSettingsResponse(envelopeOf(FULL));
    expect(s.state).toBe('Scheduled');
    expect(s.externalAudience).toBe('Known');
    expect(s.duration?.start.toISOString()).toBe('2024-07-01T07:00:00.000Z');
    expect(s.duration?.end.toISOString()).toBe('2024-07-15T14:00:00.000Z');
    expect(s.internalReply).toEqual({
      message: '<html><body>Bin weg – zurück am 15.\n  Grüße</body></html>',
      lang: 'de-DE',
    });
    expect(s.externalReply).toEqual({ message: '  Away  ' });
    expect(s.declineMeetingReply).toEqual({ message: 'No meetings' });
    expect(s.declineEventsForScheduledOof).toBe(true);
    expect(s.createOofEvent).toBe(false);
    expect(s.oofEventSubject).toBe(' Holiday ');
    expect(s.eventsToDeleteIds).toEqual(['e1', 'e2']);
    expect(s.allowExternalOof).toBe('All');
    expect(s.declineAllEventsForScheduledOof).toBeUndefined();
  });

  it('gives empty replies when the server leaves them out', () => {
    const s = decodeGetUserOofSettingsResponse(
      envelopeOf(`<m:GetUserOofSettingsResponse><m:ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResponseMessage>
      <t:OofSettings><t:OofState>Disabled</t:OofState><t:ExternalAudience>None</t:ExternalAudience></t:OofSettings></m:GetUserOofSettingsResponse>`),
    );
    expect(s).toEqual({
      state: 'Disabled',
      externalAudience: 'None',
      internalReply: { message: '' },
      externalReply: { message: '' },
    });
  });

  it('throws the response error, typed, with its MessageXml', () => {
    const error = thrown(() =>
      decodeGetUserOofSettingsResponse(
        envelopeOf(
          `<m:GetUserOofSettingsResponse><m:ResponseMessage ResponseClass="Error"><m:MessageText>Access is denied.</m:MessageText><m:ResponseCode>ErrorAccessDenied</m:ResponseCode></m:ResponseMessage></m:GetUserOofSettingsResponse>`,
        ),
      ),
    );
    expect(error).toBeInstanceOf(EwsResponseError);
    expect((error as EwsResponseError).responseCode).toBe('ErrorAccessDenied');
    expect((error as EwsResponseError).messageText).toBe('Access is denied.');
  });

  it('throws ServerBusyError with the back-off', () => {
    const error = thrown(() =>
      decodeGetUserOofSettingsResponse(
        envelopeOf(
          `<m:GetUserOofSettingsResponse><m:ResponseMessage ResponseClass="Error"><m:MessageText>busy</m:MessageText><m:ResponseCode>ErrorServerBusy</m:ResponseCode><m:MessageXml><t:Value Name="BackOffMilliseconds">3000</t:Value></m:MessageXml></m:ResponseMessage></m:GetUserOofSettingsResponse>`,
        ),
      ),
    );
    expect(error).toBeInstanceOf(ServerBusyError);
    expect((error as ServerBusyError).retryAfterMs).toBe(3000);
  });

  it.each([
    ['no OofSettings', ''],
    [
      'an unknown state',
      '<t:OofSettings><t:OofState>Maybe</t:OofState><t:ExternalAudience>All</t:ExternalAudience></t:OofSettings>',
    ],
    [
      'a bad duration',
      '<t:OofSettings><t:OofState>Scheduled</t:OofState><t:ExternalAudience>All</t:ExternalAudience><t:Duration><t:StartTime>soon</t:StartTime><t:EndTime>later</t:EndTime></t:Duration></t:OofSettings>',
    ],
  ])('is a DecodeError for %s', (_name, inner) => {
    expect(() =>
      decodeGetUserOofSettingsResponse(
        envelopeOf(
          `<m:GetUserOofSettingsResponse><m:ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResponseMessage>${inner}</m:GetUserOofSettingsResponse>`,
        ),
      ),
    ).toThrow(DecodeError);
  });

  it('is a DecodeError when the body is some other operation', () => {
    expect(() =>
      decodeGetUserOofSettingsResponse(envelopeOf('<m:SetUserOofSettingsResponse/>')),
    ).toThrow(DecodeError);
  });
});

describe('SetUserOofSettings', () => {
  it('round-trips everything a get returned (except the read-only AllowExternalOof)', () => {
    const got = decodeGetUserOofSettingsResponse(envelopeOf(FULL));
    const changed: OofSettings = { ...got, state: 'Enabled' };
    const xml = buildEnvelope(
      buildSetUserOofSettingsRequest({ mailbox: 'me@contoso.com', settings: changed }),
    );
    expect(xml).not.toContain('AllowExternalOof');
    // Read what we sent back with the same decoder by renaming the element: nothing is lost.
    const sent = parseXml(xml);
    const body = child(child(child(sent, 'Envelope'), 'Body'), 'SetUserOofSettingsRequest');
    expect(text(child(child(body, 'Mailbox'), 'Address'))).toBe('me@contoso.com');
    const echoed = decodeGetUserOofSettingsResponse(
      envelopeOf(
        `<m:GetUserOofSettingsResponse><m:ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResponseMessage>${
          /<t:UserOofSettings>[\s\S]*<\/t:UserOofSettings>/
            .exec(xml)?.[0]
            .replace(/UserOofSettings>/g, 'OofSettings>') ?? ''
        }</m:GetUserOofSettingsResponse>`,
      ),
    );
    const expected: OofSettings = { ...got, state: 'Enabled' };
    delete expected.allowExternalOof;
    expect(echoed).toEqual(expected);
  });

  it('escapes the HTML of a reply', () => {
    const xml = buildSetUserOofSettingsRequest({
      mailbox: 'me@contoso.com',
      settings: {
        state: 'Enabled',
        externalAudience: 'None',
        internalReply: { message: '<b>out</b> & </t:Message><t:Evil/>' },
        externalReply: { message: '' },
      },
    }).xml;
    expect(xml).toContain(
      '<t:Message>&lt;b&gt;out&lt;/b&gt; &amp; &lt;/t:Message&gt;&lt;t:Evil/&gt;</t:Message>',
    );
    expect(xml).not.toContain('<t:Duration>');
  });

  it('refuses a scheduled OOF without a window, and a window that ends before it starts', () => {
    const base: OofSettings = {
      state: 'Scheduled',
      externalAudience: 'All',
      internalReply: { message: '' },
      externalReply: { message: '' },
    };
    expect(() => buildSetUserOofSettingsRequest({ mailbox: 'a@b.c', settings: base })).toThrow(
      RangeError,
    );
    expect(() =>
      buildSetUserOofSettingsRequest({
        mailbox: 'a@b.c',
        settings: {
          ...base,
          duration: {
            start: new Date('2024-02-01T00:00:00Z'),
            end: new Date('2024-01-01T00:00:00Z'),
          },
        },
      }),
    ).toThrow(RangeError);
  });

  it('decodes success, and throws the error of an error answer', () => {
    expect(() => {
      decodeSetUserOofSettingsResponse(
        envelopeOf(
          '<m:SetUserOofSettingsResponse><m:ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResponseMessage></m:SetUserOofSettingsResponse>',
        ),
      );
    }).not.toThrow();
    const error = thrown(() => {
      decodeSetUserOofSettingsResponse(
        envelopeOf(
          '<m:SetUserOofSettingsResponse><m:ResponseMessage ResponseClass="Error"><m:MessageText>x</m:MessageText><m:ResponseCode>ErrorInvalidParameter</m:ResponseCode></m:ResponseMessage></m:SetUserOofSettingsResponse>',
        ),
      );
    });
    expect((error as EwsResponseError).responseCode).toBe('ErrorInvalidParameter');
  });
});
