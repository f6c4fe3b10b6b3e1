/**
 * Simulator fidelity over real sockets: every Windows time-zone id of CLDR's windowsZones works in
 * a TimeZoneContext header (GetUserAvailability answers in that zone's wall clock, daylight time
 * included), and an id Exchange does not know is refused with ErrorTimeZone in every operation.
 */
import { describe, expect, it } from 'vitest';
import {
  admin,
  ALEX,
  availabilityRequest,
  calendarView,
  ews,
  NS_DECL,
  textAt,
  useTestSimulator,
} from './support.js';
import { windowsZoneIds } from '../../../src-main/sim/windows-time-zone.js';

const h = useTestSimulator();

function withZone(body: string, zoneId: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope ${NS_DECL}>
  <soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/><t:TimeZoneContext><t:TimeZoneDefinition Id="${zoneId}"/></t:TimeZoneContext></soap:Header>
  <soap:Body>${body}</soap:Body>
</soap:Envelope>`;
}

/** The first detailed event's start, as the server wrote it (unzoned local time). */
async function eventStartIn(zoneId: string): Promise<string | undefined> {
  const body = availabilityRequest(
    [ALEX],
    '2025-06-11T00:00:00',
    '2025-06-13T00:00:00',
    'Detailed',
    { timeZone: '' },
  );
  const result = await ews(h.sim, '', { raw: withZone(body, zoneId) });
  expect(result.status).toBe(200);
  return textAt(
    result.body,
    'GetUserAvailabilityResponse',
    'FreeBusyResponseArray',
    'FreeBusyResponse',
    'FreeBusyView',
    'CalendarEventArray',
    'CalendarEvent',
    'StartTime',
  );
}

describe('Windows time-zone ids in TimeZoneContext', () => {
  it('answers in the wall clock of zones far from the hand-written five', async () => {
    await admin(h.sim, 'POST', '/reset', { seed: 'empty' });
    // 12 June 2025, 00:30 UTC.
    await admin(h.sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
      subject: 'Late call',
      start: '2025-06-12T00:30:00Z',
      end: '2025-06-12T01:00:00Z',
    });
    expect(await eventStartIn('Tokyo Standard Time')).toBe('2025-06-12T09:30:00');
    expect(await eventStartIn('Nepal Standard Time')).toBe('2025-06-12T06:15:00');
    // June is winter in Sydney (UTC+10) and summer in London (UTC+1) and Santiago (UTC-4).
    expect(await eventStartIn('AUS Eastern Standard Time')).toBe('2025-06-12T10:30:00');
    expect(await eventStartIn('GMT Standard Time')).toBe('2025-06-12T01:30:00');
    expect(await eventStartIn('Pacific SA Standard Time')).toBe('2025-06-11T20:30:00');
    expect(await eventStartIn('UTC-11')).toBe('2025-06-11T13:30:00');
  });

  it('accepts every one of the 139 ids', async () => {
    const ids = windowsZoneIds();
    expect(ids).toHaveLength(139);
    const codes = new Set<number>();
    for (const id of ids) {
      const result = await ews(h.sim, '', {
        raw: withZone(
          `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`,
          id,
        ),
      });
      codes.add(result.status);
    }
    expect([...codes]).toEqual([200]);
  });

  it.each([
    [
      'GetUserAvailability',
      availabilityRequest([ALEX], '2025-06-11T00:00:00', '2025-06-12T00:00:00', 'FreeBusy', {
        timeZone: '',
      }),
    ],
    ['FindItem', calendarView('2025-06-10T00:00:00Z', '2025-06-11T00:00:00Z', ['item:Subject'])],
    [
      'GetUserOofSettings',
      `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`,
    ],
  ])('an unknown id is refused with ErrorTimeZone in %s', async (_name, body) => {
    for (const id of ['Mars Standard Time', 'Europe/Paris', 'pacific standard time']) {
      const result = await ews(h.sim, '', { raw: withZone(body, id) });
      expect(result.status).toBe(500);
      expect(textAt(result.body, 'Fault', 'faultcode')).toBe('a:ErrorTimeZone');
      expect(textAt(result.body, 'Fault', 'detail', 'ResponseCode')).toBe('ErrorTimeZone');
    }
  });

  it('the legacy t:TimeZone of GetUserAvailability still wins over the header', async () => {
    await admin(h.sim, 'POST', '/reset', { seed: 'empty' });
    await admin(h.sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
      subject: 'Late call',
      start: '2025-06-12T00:30:00Z',
      end: '2025-06-12T01:00:00Z',
    });
    // The body's Pacific rule (UTC-7 in June) with a Tokyo header: Pacific it is.
    const body = availabilityRequest(
      [ALEX],
      '2025-06-11T00:00:00',
      '2025-06-13T00:00:00',
      'Detailed',
    );
    const result = await ews(h.sim, '', { raw: withZone(body, 'Tokyo Standard Time') });
    const start = textAt(
      result.body,
      'GetUserAvailabilityResponse',
      'FreeBusyResponseArray',
      'FreeBusyResponse',
      'FreeBusyView',
      'CalendarEventArray',
      'CalendarEvent',
      'StartTime',
    );
    expect(start).toBe('2025-06-11T17:30:00');
  });
});
