import { describe, expect, it } from 'vitest';
import {
  admin,
  ALEX,
  attr,
  at,
  NESTOR,
  responseOf,
  useTestSimulator,
  textAt,
  ews,
} from './support.js';

const h = useTestSimulator();

const getOof = (address: string): string =>
  `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>${address}</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`;

describe('GetUserOofSettings', () => {
  it('returns the demo OOF: scheduled for next week with both replies', async () => {
    const result = await ews(h.sim, getOof(ALEX));
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const response = responseOf(result, 'GetUserOofSettingsResponse');
    expect(attr(at(response, 'ResponseMessage'), 'ResponseClass')).toBe('Success');
    expect(textAt(response, 'ResponseMessage', 'ResponseCode')).toBe('NoError');
    const oof = at(response, 'OofSettings');
    expect(textAt(oof, 'OofState')).toBe('Scheduled');
    expect(textAt(oof, 'ExternalAudience')).toBe('All');
    // Next Monday to Saturday, local midnight in Pacific daylight time (UTC-7).
    expect(textAt(oof, 'Duration', 'StartTime')).toBe('2025-06-16T07:00:00Z');
    expect(textAt(oof, 'Duration', 'EndTime')).toBe('2025-06-21T07:00:00Z');
    expect(textAt(oof, 'InternalReply', 'Message')).toBe(
      "<html><body>I'm on vacation next week. Megan Bowen covers for me.</body></html>",
    );
    expect(attr(at(oof, 'InternalReply'), 'lang')).toBe('en-US');
    expect(textAt(response, 'AllowExternalOof')).toBe('All');
    expect(result.xml).toContain('<h:ServerVersionInfo MajorVersion="15" MinorVersion="20"');
    expect(result.xml).toContain('Version="V2018_01_08"');
  });

  it('refuses another mailbox with ErrorAccessDenied and an unknown one with ErrorMailRecipientNotFound', async () => {
    const other = responseOf(await ews(h.sim, getOof(NESTOR)), 'GetUserOofSettingsResponse');
    expect(attr(at(other, 'ResponseMessage'), 'ResponseClass')).toBe('Error');
    expect(textAt(other, 'ResponseMessage', 'ResponseCode')).toBe('ErrorAccessDenied');
    const unknown = responseOf(
      await ews(h.sim, getOof('nobody@beacon.test')),
      'GetUserOofSettingsResponse',
    );
    expect(textAt(unknown, 'ResponseMessage', 'ResponseCode')).toBe('ErrorMailRecipientNotFound');
  });

  it('answers each user about their own mailbox (Nestor: disabled, empty replies)', async () => {
    const response = responseOf(
      await ews(h.sim, getOof(NESTOR), { user: NESTOR }),
      'GetUserOofSettingsResponse',
    );
    expect(textAt(response, 'OofSettings', 'OofState')).toBe('Disabled');
    expect(textAt(response, 'OofSettings', 'InternalReply', 'Message')).toBe('');
    expect(at(response, 'OofSettings', 'Duration')).toBeUndefined();
  });
});

describe('SetUserOofSettings', () => {
  const setOof = (settings: string): string =>
    `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox><t:UserOofSettings>${settings}</t:UserOofSettings></m:SetUserOofSettingsRequest>`;

  it('stores every field; a later Get returns exactly what was set', async () => {
    const set = await ews(
      h.sim,
      setOof(`<t:OofState>Enabled</t:OofState>
        <t:ExternalAudience>Known</t:ExternalAudience>
        <t:Duration><t:StartTime>2025-07-01T10:00:00+02:00</t:StartTime><t:EndTime>2025-07-05T17:00:00Z</t:EndTime></t:Duration>
        <t:InternalReply xml:lang="de-DE"><t:Message>  Bin weg &amp; zurück am 6. &#8211; Danke  </t:Message></t:InternalReply>
        <t:ExternalReply><t:Message>&lt;b&gt;Away&lt;/b&gt;</t:Message></t:ExternalReply>
        <t:DeclineMeetingReply><t:Message>No meetings</t:Message></t:DeclineMeetingReply>
        <t:DeclineEventsForScheduledOOF>true</t:DeclineEventsForScheduledOOF>
        <t:DeclineAllEventsForScheduledOOF>false</t:DeclineAllEventsForScheduledOOF>
        <t:CreateOOFEvent>true</t:CreateOOFEvent>
        <t:OOFEventSubject>Away</t:OOFEventSubject>
        <t:AutoDeclineFutureRequestsWhenOOF>true</t:AutoDeclineFutureRequestsWhenOOF>
        <t:OOFEventID>evt-1</t:OOFEventID>
        <t:EventsToDeleteIDs><t:EventToDeleteID>a</t:EventToDeleteID><t:EventToDeleteID>b</t:EventToDeleteID></t:EventsToDeleteIDs>`),
    );
    const setResponse = responseOf(set, 'SetUserOofSettingsResponse');
    expect(attr(at(setResponse, 'ResponseMessage'), 'ResponseClass')).toBe('Success');
    expect(textAt(setResponse, 'ResponseMessage', 'ResponseCode')).toBe('NoError');

    const oof = at(
      responseOf(await ews(h.sim, getOof(ALEX)), 'GetUserOofSettingsResponse'),
      'OofSettings',
    );
    expect(textAt(oof, 'OofState')).toBe('Enabled');
    expect(textAt(oof, 'ExternalAudience')).toBe('Known');
    expect(textAt(oof, 'Duration', 'StartTime')).toBe('2025-07-01T08:00:00Z');
    expect(textAt(oof, 'Duration', 'EndTime')).toBe('2025-07-05T17:00:00Z');
    expect(textAt(oof, 'InternalReply', 'Message')).toBe('  Bin weg & zurück am 6. – Danke  ');
    expect(attr(at(oof, 'InternalReply'), 'lang')).toBe('de-DE');
    expect(textAt(oof, 'ExternalReply', 'Message')).toBe('<b>Away</b>');
    expect(textAt(oof, 'DeclineMeetingReply', 'Message')).toBe('No meetings');
    expect(textAt(oof, 'DeclineEventsForScheduledOOF')).toBe('true');
    expect(textAt(oof, 'DeclineAllEventsForScheduledOOF')).toBe('false');
    expect(textAt(oof, 'CreateOOFEvent')).toBe('true');
    expect(textAt(oof, 'OOFEventSubject')).toBe('Away');
    expect(textAt(oof, 'AutoDeclineFutureRequestsWhenOOF')).toBe('true');
    expect(textAt(oof, 'OOFEventID')).toBe('evt-1');
    expect(JSON.stringify(at(oof, 'EventsToDeleteIDs'))).toBe('{"EventToDeleteID":["a","b"]}');
  });

  it('keeps fields the request leaves out', async () => {
    await ews(
      h.sim,
      setOof('<t:OofState>Disabled</t:OofState><t:ExternalAudience>None</t:ExternalAudience>'),
    );
    const oof = at(
      responseOf(await ews(h.sim, getOof(ALEX)), 'GetUserOofSettingsResponse'),
      'OofSettings',
    );
    expect(textAt(oof, 'OofState')).toBe('Disabled');
    expect(textAt(oof, 'ExternalAudience')).toBe('None');
    expect(textAt(oof, 'Duration', 'StartTime')).toBe('2025-06-16T07:00:00Z');
    expect(textAt(oof, 'ExternalReply', 'Message')).toBe(
      '<html><body>I am out of the office and will reply when I am back.</body></html>',
    );
  });

  it('refuses a Duration that ends before it starts', async () => {
    const result = await ews(
      h.sim,
      setOof(
        '<t:OofState>Scheduled</t:OofState><t:ExternalAudience>All</t:ExternalAudience><t:Duration><t:StartTime>2025-07-05T00:00:00Z</t:StartTime><t:EndTime>2025-07-01T00:00:00Z</t:EndTime></t:Duration>',
      ),
    );
    const response = responseOf(result, 'SetUserOofSettingsResponse');
    expect(attr(at(response, 'ResponseMessage'), 'ResponseClass')).toBe('Error');
    expect(textAt(response, 'ResponseMessage', 'ResponseCode')).toBe(
      'ErrorInvalidScheduledOofDuration',
    );
    const oof = await admin<{ state: string }>(h.sim, 'GET', `/mailboxes/${ALEX}/oof`);
    expect(oof.json.state).toBe('Scheduled');
  });

  it('the admin API sets OOF that GetUserOofSettings then reports', async () => {
    const put = await admin(h.sim, 'PUT', `/mailboxes/${ALEX}/oof`, {
      state: 'Enabled',
      externalAudience: 'Known',
      internalReply: 'Back Monday',
    });
    expect(put.status).toBe(200);
    const oof = at(
      responseOf(await ews(h.sim, getOof(ALEX)), 'GetUserOofSettingsResponse'),
      'OofSettings',
    );
    expect(textAt(oof, 'OofState')).toBe('Enabled');
    expect(textAt(oof, 'ExternalAudience')).toBe('Known');
    expect(textAt(oof, 'InternalReply', 'Message')).toBe('Back Monday');
  });
});
