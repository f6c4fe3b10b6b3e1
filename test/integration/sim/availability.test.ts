import { describe, expect, it } from 'vitest';
import { child, children, isObject, type XmlObject } from '../../../src-main/ews/xml/parse.js';
import {
  admin,
  ALEX,
  at,
  attr,
  availabilityRequest,
  ews,
  reset,
  responseOf,
  useTestSimulator,
  textAt,
  UTC_TZ,
  type SoapResult,
} from './support.js';

const h = useTestSimulator();

function freeBusyResponses(result: SoapResult): XmlObject[] {
  const array = at(responseOf(result, 'GetUserAvailabilityResponse'), 'FreeBusyResponseArray');
  return children(array, 'FreeBusyResponse').filter(isObject);
}

function events(response: XmlObject | undefined): XmlObject[] {
  return children(at(response, 'FreeBusyView', 'CalendarEventArray'), 'CalendarEvent').filter(
    isObject,
  );
}

const DAY = ['2025-06-10T00:00:00', '2025-06-11T00:00:00'] as const;

describe('GetUserAvailability', () => {
  it('gives unzoned times in the request’s zone: a 16:00Z meeting is 09:00 Pacific in June', async () => {
    await reset(h.sim, 'empty');
    await admin(h.sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
      subject: 'Sync',
      start: '2025-06-10T16:00:00Z',
      end: '2025-06-10T17:00:00Z',
    });
    const pacific = freeBusyResponses(
      await ews(h.sim, availabilityRequest([ALEX], ...DAY, 'Detailed')),
    );
    expect(
      events(pacific[0]).map((e) => [
        textAt(e, 'StartTime'),
        textAt(e, 'EndTime'),
        textAt(e, 'BusyType'),
      ]),
    ).toEqual([['2025-06-10T09:00:00', '2025-06-10T10:00:00', 'Busy']]);
    const utc = freeBusyResponses(
      await ews(h.sim, availabilityRequest([ALEX], ...DAY, 'Detailed', { timeZone: UTC_TZ })),
    );
    expect(events(utc[0]).map((e) => textAt(e, 'StartTime'))).toEqual(['2025-06-10T16:00:00']);
  });

  it('merges the demo day into MergedFreeBusy digits and lists detailed events', async () => {
    const result = await ews(
      h.sim,
      availabilityRequest([ALEX], ...DAY, 'DetailedMerged', { interval: 30 }),
    );
    const [response] = freeBusyResponses(result);
    expect(attr(at(response, 'ResponseMessage'), 'ResponseClass')).toBe('Success');
    expect(textAt(response, 'FreeBusyView', 'FreeBusyViewType')).toBe('DetailedMerged');
    // Local day in 30-minute slots: budget 07:00, stand-up 09:30 + review 09:45-10:45,
    // tentative 11:00, customer call 12:00, 1:1 and dentist 14:00-15:00. The cancelled demo is not busy.
    expect(textAt(response, 'FreeBusyView', 'MergedFreeBusy')).toBe(
      '00000000000000' +
        '22' +
        '000' +
        '222' +
        '1' +
        '0' +
        '22' +
        '00' +
        '22' +
        '000000000000000000',
    );
    const list = events(response).map((e) => [
      textAt(e, 'StartTime'),
      textAt(e, 'BusyType'),
      textAt(e, 'CalendarEventDetails', 'Subject'),
      textAt(e, 'CalendarEventDetails', 'IsRecurring'),
    ]);
    expect(list).toEqual([
      ['2025-06-10T00:00:00', 'Free', 'Release day', 'false'],
      ['2025-06-10T07:00:00', 'Busy', 'Budget sync', 'false'],
      ['2025-06-10T09:30:00', 'Busy', 'Daily stand-up', 'true'],
      ['2025-06-10T09:45:00', 'Busy', 'Design review', 'false'],
      ['2025-06-10T11:00:00', 'Tentative', 'Architecture brown-bag', 'false'],
      ['2025-06-10T12:00:00', 'Busy', 'Customer call: Contoso', 'false'],
      ['2025-06-10T14:00:00', 'Busy', '1:1 Alex / Megan', 'true'],
      ['2025-06-10T14:00:00', 'Busy', 'Dentist', 'false'],
    ]);
    // The owner sees the subject of her own private item.
    const dentist = events(response).find(
      (e) => textAt(e, 'CalendarEventDetails', 'Subject') === 'Dentist',
    );
    expect(textAt(dentist, 'CalendarEventDetails', 'IsPrivate')).toBe('true');
  });

  it('reports working hours with the mailbox’s own zone rule', async () => {
    const [response] = freeBusyResponses(
      await ews(h.sim, availabilityRequest(['johanna@beacon.test'], ...DAY, 'FreeBusy')),
    );
    const hours = at(response, 'FreeBusyView', 'WorkingHours');
    expect(textAt(hours, 'TimeZone', 'Bias')).toBe('-60');
    expect(textAt(hours, 'TimeZone', 'DaylightTime', 'Month')).toBe('3');
    expect(textAt(hours, 'TimeZone', 'DaylightTime', 'DayOrder')).toBe('5');
    expect(textAt(hours, 'TimeZone', 'StandardTime', 'Time')).toBe('03:00:00');
    expect(textAt(hours, 'WorkingPeriodArray', 'WorkingPeriod', 'DayOfWeek')).toBe(
      'Monday Tuesday Wednesday Thursday Friday',
    );
    expect(textAt(hours, 'WorkingPeriodArray', 'WorkingPeriod', 'StartTimeInMinutes')).toBe('480');
    expect(textAt(hours, 'WorkingPeriodArray', 'WorkingPeriod', 'EndTimeInMinutes')).toBe('1020');
  });

  it('follows working hours set through the admin API', async () => {
    const put = await admin(h.sim, 'PUT', `/mailboxes/${ALEX}/working-hours`, {
      timeZone: 'india',
      days: ['Sunday', 'Monday'],
      startMinutes: 600,
      endMinutes: 900,
    });
    expect(put.status).toBe(200);
    const [response] = freeBusyResponses(
      await ews(h.sim, availabilityRequest([ALEX], ...DAY, 'FreeBusy')),
    );
    const hours = at(response, 'FreeBusyView', 'WorkingHours');
    expect(textAt(hours, 'TimeZone', 'Bias')).toBe('-330');
    expect(textAt(hours, 'WorkingPeriodArray', 'WorkingPeriod', 'DayOfWeek')).toBe('Sunday Monday');
    expect(textAt(hours, 'WorkingPeriodArray', 'WorkingPeriod', 'StartTimeInMinutes')).toBe('600');
  });

  it('FreeBusy and FreeBusyMerged views have no details; FreeBusy has no merged string', async () => {
    const [plain] = freeBusyResponses(
      await ews(h.sim, availabilityRequest([ALEX], ...DAY, 'FreeBusy')),
    );
    expect(at(plain, 'FreeBusyView', 'MergedFreeBusy')).toBeUndefined();
    expect(events(plain).length).toBe(8);
    expect(events(plain).every((e) => child(e, 'CalendarEventDetails') === undefined)).toBe(true);
    const [merged] = freeBusyResponses(
      await ews(h.sim, availabilityRequest([ALEX], ...DAY, 'FreeBusyMerged', { interval: 60 })),
    );
    expect(textAt(merged, 'FreeBusyView', 'FreeBusyViewType')).toBe('FreeBusyMerged');
    expect(textAt(merged, 'FreeBusyView', 'MergedFreeBusy')).toHaveLength(24);
    expect(events(merged).every((e) => child(e, 'CalendarEventDetails') === undefined)).toBe(true);
  });

  it('keeps errors per mailbox: unknown address, no free/busy access; others succeed', async () => {
    const result = await ews(
      h.sim,
      availabilityRequest(
        ['megan@beacon.test', 'ghost@beacon.test', 'lee@beacon.test', 'adele@beacon.test'],
        ...DAY,
        'DetailedMerged',
      ),
    );
    const responses = freeBusyResponses(result);
    expect(
      responses.map((r) => [
        attr(at(r, 'ResponseMessage'), 'ResponseClass'),
        textAt(r, 'ResponseMessage', 'ResponseCode'),
      ]),
    ).toEqual([
      ['Success', 'NoError'],
      ['Error', 'ErrorMailRecipientNotFound'],
      ['Error', 'ErrorNoFreeBusyAccess'],
      ['Success', 'NoError'],
    ]);
    expect(textAt(responses[1], 'FreeBusyView', 'FreeBusyViewType')).toBe('None');
    // Adele is out of office today: her merged string is full of 3s.
    expect(textAt(responses[3], 'FreeBusyView', 'MergedFreeBusy')).toMatch(/^3+$/);
  });

  it('hides subject and location of other people’s private items', async () => {
    // Megan (directory position 1) has a private "Doctor appointment" at base+5h.
    const [response] = freeBusyResponses(
      await ews(h.sim, availabilityRequest(['megan@beacon.test'], ...DAY, 'Detailed')),
    );
    const privateEvent = events(response).find(
      (e) => textAt(e, 'CalendarEventDetails', 'IsPrivate') === 'true',
    );
    expect(privateEvent).toBeDefined();
    expect(textAt(privateEvent, 'StartTime')).toBe('2025-06-10T15:00:00');
    expect(at(privateEvent, 'CalendarEventDetails', 'Subject')).toBeUndefined();
    expect(at(privateEvent, 'CalendarEventDetails', 'Location')).toBeUndefined();
    expect(textAt(privateEvent, 'BusyType')).toBe('Busy');
  });

  it('answers more than 100 mailboxes with an ErrorMailboxDataArrayTooBig fault', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `person${i}@beacon.test`);
    const result = await ews(h.sim, availabilityRequest(many, ...DAY, 'FreeBusy'));
    expect(result.status).toBe(500);
    expect(textAt(result.body, 'Fault', 'faultcode')).toBe('a:ErrorMailboxDataArrayTooBig');
    expect(textAt(result.body, 'Fault', 'detail', 'ResponseCode')).toBe(
      'ErrorMailboxDataArrayTooBig',
    );
  });

  it('accepts exactly 100 mailboxes, each answered', async () => {
    const many = Array.from({ length: 100 }, (_, i) => (i === 0 ? ALEX : `person${i}@beacon.test`));
    const responses = freeBusyResponses(
      await ews(h.sim, availabilityRequest(many, ...DAY, 'FreeBusy')),
    );
    expect(responses).toHaveLength(100);
    expect(textAt(responses[0], 'ResponseMessage', 'ResponseCode')).toBe('NoError');
    expect(textAt(responses[99], 'ResponseMessage', 'ResponseCode')).toBe(
      'ErrorMailRecipientNotFound',
    );
  });

  it('refuses a window over 42 days and an interval out of 5..1440', async () => {
    const long = await ews(
      h.sim,
      availabilityRequest([ALEX], '2025-06-01T00:00:00', '2025-07-20T00:00:00', 'FreeBusy'),
    );
    expect(long.status).toBe(500);
    expect(textAt(long.body, 'Fault', 'detail', 'ResponseCode')).toBe('ErrorTimeIntervalTooBig');
    const tiny = await ews(
      h.sim,
      availabilityRequest([ALEX], ...DAY, 'FreeBusyMerged', { interval: 2 }),
    );
    expect(textAt(tiny.body, 'Fault', 'detail', 'ResponseCode')).toBe(
      'ErrorInvalidMergedFreeBusyInterval',
    );
  });
});
