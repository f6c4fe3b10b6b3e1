import { describe, expect, it } from 'vitest';
import { DecodeError, EwsResponseError, ServerBusyError } from '../../../../src-main/ews/errors.js';
import {
  availabilityRequest,
  batch,
  buildGetUserAvailabilityRequest,
  decodeGetUserAvailabilityResponse,
  mergedFreeBusySlots,
  type MailboxAvailability,
} from '../../../../src-main/ews/operations/availability.js';
import { envelopeOf, thrown } from './soap-fixture.js';

const BERLIN_REQUEST = availabilityRequest({
  mailboxes: ['anna@contoso.com', 'ben@contoso.com', 'cleo@contoso.com'],
  // A window across the end of daylight time (27 October 2024).
  start: new Date('2024-10-26T22:00:00Z'),
  end: new Date('2024-10-28T23:00:00Z'),
  timeZone: 'Europe/Berlin',
});

const OK =
  '<m:ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResponseMessage>';

const RESPONSE = `<m:GetUserAvailabilityResponse><m:FreeBusyResponseArray>
<m:FreeBusyResponse>${OK}
  <m:FreeBusyView>
    <t:FreeBusyViewType>DetailedMerged</t:FreeBusyViewType>
    <t:MergedFreeBusy>0012</t:MergedFreeBusy>
    <t:CalendarEventArray>
      <t:CalendarEvent><t:StartTime>2024-10-27T02:30:00</t:StartTime><t:EndTime>2024-10-27T09:00:00</t:EndTime><t:BusyType>Busy</t:BusyType>
        <t:CalendarEventDetails><t:ID>X1</t:ID><t:Subject> Night shift </t:Subject><t:Location/><t:IsMeeting>true</t:IsMeeting><t:IsRecurring>false</t:IsRecurring><t:IsException>false</t:IsException><t:IsReminderSet>true</t:IsReminderSet><t:IsPrivate>false</t:IsPrivate></t:CalendarEventDetails></t:CalendarEvent>
      <t:CalendarEvent><t:StartTime>2024-10-28T10:00:00Z</t:StartTime><t:EndTime>2024-10-28T11:00:00+01:00</t:EndTime><t:BusyType>OOF</t:BusyType></t:CalendarEvent>
    </t:CalendarEventArray>
    <t:WorkingHours><t:TimeZone><t:Bias>480</t:Bias>
      <t:StandardTime><t:Bias>0</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>1</t:DayOrder><t:Month>11</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime>
      <t:DaylightTime><t:Bias>-60</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>2</t:DayOrder><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime></t:TimeZone>
      <t:WorkingPeriodArray><t:WorkingPeriod><t:DayOfWeek>Monday Tuesday Wednesday Thursday Friday</t:DayOfWeek><t:StartTimeInMinutes>480</t:StartTimeInMinutes><t:EndTimeInMinutes>1020</t:EndTimeInMinutes></t:WorkingPeriod></t:WorkingPeriodArray>
    </t:WorkingHours>
  </m:FreeBusyView>
</m:FreeBusyResponse>
<m:FreeBusyResponse>
  <m:ResponseMessage ResponseClass="Error"><m:MessageText>No free/busy access.</m:MessageText><m:ResponseCode>ErrorNoFreeBusyAccess</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:MessageXml><t:Value Name="Mailbox">ben@contoso.com</t:Value></m:MessageXml></m:ResponseMessage>
  <m:FreeBusyView><t:FreeBusyViewType>None</t:FreeBusyViewType></m:FreeBusyView>
</m:FreeBusyResponse>
<m:FreeBusyResponse>${OK}<m:FreeBusyView><t:FreeBusyViewType>FreeBusy</t:FreeBusyViewType></m:FreeBusyView></m:FreeBusyResponse>
</m:FreeBusyResponseArray></m:GetUserAvailabilityResponse>`;

function okOf(result: MailboxAvailability | undefined) {
  if (!result?.ok) throw new Error('expected a successful mailbox');
  return result;
}

describe('GetUserAvailability decoding', () => {
  const results = decodeGetUserAvailabilityResponse(envelopeOf(RESPONSE), BERLIN_REQUEST);

  it('keeps one result per mailbox, in order', () => {
    expect(results.map((r) => [r.mailbox, r.ok])).toEqual([
      ['anna@contoso.com', true],
      ['ben@contoso.com', false],
      ['cleo@contoso.com', true],
    ]);
  });

  it('reads unzoned times in the request zone (02:30 on the repeated night is CEST)', () => {
    const anna = okOf(results[0]);
    expect(anna.events[0]?.start.toISOString()).toBe('2024-10-27T00:30:00.000Z');
    // 09:00 on the 27th is CET again.
    expect(anna.events[0]?.end.toISOString()).toBe('2024-10-27T08:00:00.000Z');
    expect(anna.events[0]?.details).toEqual({
      id: 'X1',
      subject: 'Night shift',
      isMeeting: true,
      isRecurring: false,
      isException: false,
      isReminderSet: true,
      isPrivate: false,
    });
  });

  it('honours explicit offsets as given', () => {
    const anna = okOf(results[0]);
    expect(anna.events[1]?.start.toISOString()).toBe('2024-10-28T10:00:00.000Z');
    expect(anna.events[1]?.end.toISOString()).toBe('2024-10-28T10:00:00.000Z');
    expect(anna.events[1]?.busyType).toBe('OOF');
    expect(anna.events[1]?.details).toBeUndefined();
  });

  it('keeps the merged string, the interval and the working hours with their own zone', () => {
    const anna = okOf(results[0]);
    expect(anna.view).toBe('DetailedMerged');
    expect(anna.mergedFreeBusy).toBe('0012');
    expect(mergedFreeBusySlots('0012345')).toEqual([
      'Free',
      'Free',
      'Tentative',
      'Busy',
      'OOF',
      'WorkingElsewhere',
      'NoData',
    ]);
    expect(anna.intervalMinutes).toBe(15);
    expect(anna.workingHours?.timeZone.bias).toBe(480);
    expect(anna.workingHours?.timeZone.daylight.month).toBe(3);
    expect(anna.workingHours?.periods).toEqual([
      {
        days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
        startMinutes: 480,
        endMinutes: 1020,
      },
    ]);
  });

  it('keeps a per-mailbox error with that mailbox', () => {
    const ben = results[1];
    if (ben?.ok !== false) throw new Error('expected an error');
    expect(ben.error).toBeInstanceOf(EwsResponseError);
    expect(ben.error.responseCode).toBe('ErrorNoFreeBusyAccess');
    expect(ben.error.messageXml).toEqual({ Mailbox: 'ben@contoso.com' });
  });

  it('decodes a view with no events', () => {
    const cleo = okOf(results[2]);
    expect(cleo.events).toEqual([]);
    expect(cleo.mergedFreeBusy).toBeUndefined();
    expect(cleo.workingHours).toBeUndefined();
  });

  it('throws ErrorServerBusy for the whole request, so the transport waits and retries', () => {
    const busy = RESPONSE.replace(
      '<m:MessageText>No free/busy access.</m:MessageText><m:ResponseCode>ErrorNoFreeBusyAccess</m:ResponseCode>',
      '<m:MessageText>busy</m:MessageText><m:ResponseCode>ErrorServerBusy</m:ResponseCode>',
    );
    expect(() => decodeGetUserAvailabilityResponse(envelopeOf(busy), BERLIN_REQUEST)).toThrow(
      ServerBusyError,
    );
  });

  it.each([
    [
      'fewer answers than mailboxes',
      RESPONSE.replace(
        /<m:FreeBusyResponse>[^]*?<\/m:FreeBusyResponse>\s*<\/m:FreeBusyResponseArray>/,
        '</m:FreeBusyResponseArray>',
      ),
    ],
    ['a merged string with other digits', RESPONSE.replace('0012', '0019')],
    ['an event without an end', RESPONSE.replace('<t:EndTime>2024-10-27T09:00:00</t:EndTime>', '')],
    ['no FreeBusyResponseArray', '<m:GetUserAvailabilityResponse/>'],
  ])('is a DecodeError for %s', (_name, xml) => {
    const error = thrown(() => decodeGetUserAvailabilityResponse(envelopeOf(xml), BERLIN_REQUEST));
    expect(error).toBeInstanceOf(DecodeError);
  });
});

it('reads a busy type a newer server may add as Busy', () => {
  const busyTypes = (xml: string): string[] => {
    const [first] = decodeGetUserAvailabilityResponse(envelopeOf(xml), BERLIN_REQUEST);
    return first?.ok ? first.events.map((e) => e.busyType) : [];
  };
  const before = busyTypes(RESPONSE);
  const at = before.indexOf('OOF');
  expect(at).toBeGreaterThanOrEqual(0);
  const after = busyTypes(
    RESPONSE.replace('<t:BusyType>OOF</t:BusyType>', '<t:BusyType>Focus</t:BusyType>'),
  );
  expect(after[at]).toBe('Busy');
  expect(after).toHaveLength(before.length);
});

describe('GetUserAvailability request', () => {
  it('sends the zone rule, the window as wall-clock times in that zone, the view and interval', () => {
    const xml = buildGetUserAvailabilityRequest(BERLIN_REQUEST).xml;
    expect(xml).toContain('<t:TimeZone><t:Bias>-60</t:Bias>');
    expect(xml).toContain(
      '<t:DaylightTime><t:Bias>-60</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>5</t:DayOrder><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime>',
    );
    // 22:00Z on 26 Oct is midnight CEST; 23:00Z on 28 Oct is midnight CET.
    expect(xml).toContain(
      '<t:TimeWindow><t:StartTime>2024-10-27T00:00:00</t:StartTime><t:EndTime>2024-10-29T00:00:00</t:EndTime></t:TimeWindow>',
    );
    expect(xml).toContain(
      '<t:MergedFreeBusyIntervalInMinutes>15</t:MergedFreeBusyIntervalInMinutes>',
    );
    expect(xml).toContain('<t:RequestedView>DetailedMerged</t:RequestedView>');
    expect(xml.match(/<t:MailboxData>/g)).toHaveLength(3);
  });

  const base = {
    mailboxes: ['a@b.c'],
    start: new Date('2024-01-01T00:00:00Z'),
    end: new Date('2024-01-02T00:00:00Z'),
    timeZone: 'Asia/Kolkata',
  };

  it('validates the interval (5..1440) and the window (≤ 42 days, end after start)', () => {
    expect(availabilityRequest({ ...base, intervalMinutes: 5 }).intervalMinutes).toBe(5);
    expect(availabilityRequest({ ...base, intervalMinutes: 1440 }).intervalMinutes).toBe(1440);
    expect(() => availabilityRequest({ ...base, intervalMinutes: 4 })).toThrow(RangeError);
    expect(() => availabilityRequest({ ...base, intervalMinutes: 1441 })).toThrow(RangeError);
    expect(() => availabilityRequest({ ...base, intervalMinutes: 7.5 })).toThrow(RangeError);
    expect(() =>
      availabilityRequest({ ...base, end: new Date('2024-02-12T00:00:00Z') }),
    ).not.toThrow();
    expect(() => availabilityRequest({ ...base, end: new Date('2024-02-12T00:00:01Z') })).toThrow(
      RangeError,
    );
    expect(() => availabilityRequest({ ...base, end: base.start })).toThrow(RangeError);
    expect(() => availabilityRequest({ ...base, mailboxes: [] })).toThrow(RangeError);
  });

  it('refuses more than 100 mailboxes in one request', () => {
    const many = Array.from({ length: 101 }, (_, i) => `u${i}@contoso.com`);
    expect(() =>
      buildGetUserAvailabilityRequest(availabilityRequest({ ...base, mailboxes: many })),
    ).toThrow(RangeError);
  });
});

describe('batch', () => {
  it('splits in order into chunks of at most the size', () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    const chunks = batch(items, 100);
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(chunks.flat()).toEqual(items);
    expect(batch([], 100)).toEqual([]);
    expect(batch([1, 2], 100)).toEqual([[1, 2]]);
    expect(() => batch([1], 0)).toThrow(RangeError);
  });
});
