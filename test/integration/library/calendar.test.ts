/**
 * FindItem/CalendarView through EwsClient against the strict simulator: every property Beacon
 * asks for decodes to the seeded value, recurring series show their moved and cancelled
 * occurrences, admin changes show up, and a window with more items than MaxEntriesReturned is
 * completed by splitting, each item exactly once.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarItem } from '../../../src-main/ews/operations/calendar.js';
import type { AdminCalendarEntry } from '../../support/sim-admin.js';
import { ALEX, BASE, HOUR, LA_TODAY, MINUTE, NESTOR, useSimulator } from './support.js';

const h = useSimulator();
const DAY = 24 * HOUR;
const at = (ms: number): Date => new Date(ms);

/** The calendar properties as the admin API states them, in the library's shape. */
function fromAdmin(e: AdminCalendarEntry): Partial<CalendarItem> {
  const expected: Partial<CalendarItem> = {
    id: e.id,
    subject: e.subject,
    start: new Date(e.start),
    end: new Date(e.end),
    isAllDay: e.isAllDay,
    freeBusy: e.freeBusy as CalendarItem['freeBusy'],
    organizer: { name: e.organizer.name, email: e.organizer.email },
    isMeeting: e.isMeeting,
    isCancelled: e.isCancelled,
    myResponse: e.myResponseType as CalendarItem['myResponse'],
    sensitivity: e.sensitivity as CalendarItem['sensitivity'],
    isPrivate: e.sensitivity === 'Private',
  };
  if (e.location !== '') expected.location = e.location;
  if (e.joinOnlineMeetingUrl !== null) expected.joinUrl = e.joinOnlineMeetingUrl;
  return expected;
}

const bySubject = (items: readonly CalendarItem[], subject: string): CalendarItem => {
  const found = items.filter((i) => i.subject === subject);
  expect(found, subject).toHaveLength(1);
  return found[0] as CalendarItem;
};

describe('CalendarView through the library', () => {
  it("today's items carry every property as seeded", async () => {
    const result = await h.client().getCalendar({ start: LA_TODAY.start, end: LA_TODAY.end });
    expect(result.complete).toBe(true);
    const entries = await h.admin.calendar(ALEX, LA_TODAY);
    expect(entries.length).toBe(9);
    expect(result.items).toHaveLength(entries.length);
    for (const entry of entries) {
      const item = result.items.find((i) => i.id === entry.id);
      expect(item, entry.subject).toMatchObject(fromAdmin(entry));
      // Nothing beyond what the seed says: no location or join URL invented.
      if (entry.location === '') expect(item?.location).toBeUndefined();
      if (entry.joinOnlineMeetingUrl === null) expect(item?.joinUrl).toBeUndefined();
    }
    // Sorted by start.
    const starts = result.items.map((i) => i.start.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    // Straight from the seed (base = 10:00 PDT = 17:00Z), including reminders.
    const items = result.items;
    expect(bySubject(items, 'Budget sync')).toMatchObject({
      start: at(BASE.getTime() - 3 * HOUR),
      end: at(BASE.getTime() - 2 * HOUR),
      location: 'Room 2.14',
      organizer: { name: 'Megan Bowen', email: 'megan@beacon.test' },
      isMeeting: true,
      myResponse: 'Accept',
      reminder: { minutesBefore: 15 },
      freeBusy: 'Busy',
    });
    expect(bySubject(items, 'Design review')).toMatchObject({
      start: at(BASE.getTime() - 15 * MINUTE),
      end: at(BASE.getTime() + 45 * MINUTE),
      organizer: { name: 'Alex Wilber', email: ALEX },
      myResponse: 'Organizer',
      isMeeting: true,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/beacon-sim-1',
      reminder: { minutesBefore: 5 },
    });
    expect(bySubject(items, 'Architecture brown-bag')).toMatchObject({
      freeBusy: 'Tentative',
      myResponse: 'Tentative',
      location: 'Cafeteria',
    });
    expect(bySubject(items, 'Architecture brown-bag').reminder).toBeUndefined();
    expect(bySubject(items, 'Customer call: Contoso')).toMatchObject({
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/beacon-sim-2',
      reminder: { minutesBefore: 10 },
    });
    expect(bySubject(items, 'Dentist')).toMatchObject({
      sensitivity: 'Private',
      isPrivate: true,
      isMeeting: false,
      location: 'Main Street Dental',
    });
    expect(bySubject(items, 'Vendor demo')).toMatchObject({
      isCancelled: true,
      freeBusy: 'Free',
      organizer: { email: 'diego@beacon.test' },
    });
    expect(bySubject(items, 'Release day')).toMatchObject({
      isAllDay: true,
      freeBusy: 'Free',
      start: LA_TODAY.start,
      end: LA_TODAY.end,
    });
    expect(bySubject(items, '1:1 Alex / Megan')).toMatchObject({
      start: new Date('2026-03-17T21:00:00Z'),
      end: new Date('2026-03-17T21:30:00Z'),
    });
    expect(bySubject(items, 'Daily stand-up').start).toEqual(new Date('2026-03-17T16:30:00Z'));
  });

  it("the recurring stand-up's moved and cancelled occurrences", async () => {
    const window = {
      start: at(LA_TODAY.start.getTime() + DAY),
      end: at(LA_TODAY.end.getTime() + 7 * DAY),
    };
    const result = await h.client().getCalendar(window);
    const standUps = result.items.filter((i) => i.subject === 'Daily stand-up');
    // Wed 18: moved to 10:00 PDT; Thu 19: cancelled; Fri 20 onwards: 09:30 PDT = 16:30Z.
    expect(standUps.map((i) => i.start.toISOString())).toEqual([
      '2026-03-18T17:00:00.000Z',
      '2026-03-20T16:30:00.000Z',
      '2026-03-21T16:30:00.000Z',
      '2026-03-22T16:30:00.000Z',
      '2026-03-23T16:30:00.000Z',
      '2026-03-24T16:30:00.000Z',
    ]);
    expect(standUps[0]?.end.toISOString()).toBe('2026-03-18T17:15:00.000Z');
    // Every occurrence has an id of its own.
    expect(new Set(standUps.map((i) => i.id)).size).toBe(standUps.length);

    // The 1:1 (Tue/Thu 14:00): Thursday's moved an hour later and renamed, next Tuesday's gone.
    const oneOnOnes = result.items.filter((i) => i.subject.startsWith('1:1 Alex / Megan'));
    expect(oneOnOnes.map((i) => [i.subject, i.start.toISOString()])).toEqual([
      ['1:1 Alex / Megan (moved)', '2026-03-19T22:00:00.000Z'],
    ]);

    // The library's view and the admin's expansion agree on ids and kinds.
    const entries = await h.admin.calendar(ALEX, window);
    expect(result.items.map((i) => i.id).sort()).toEqual(entries.map((e) => e.id).sort());
    const moved = entries.find((e) => e.id === standUps[0]?.id);
    expect(moved?.kind).toBe('Exception');
  });

  it('admin add, move and cancel show up in the next CalendarView', async () => {
    const client = h.client();
    const added = await h.admin.addCalendarItem(ALEX, {
      subject: 'Hallway chat & <coffee>',
      start: '2026-03-17T22:15:00Z',
      end: '2026-03-17T22:45:00Z',
      location: 'Kitchen',
      freeBusy: 'WorkingElsewhere',
      sensitivity: 'Personal',
      attendees: ['diego@beacon.test'],
      reminderMinutesBeforeStart: 0,
      joinOnlineMeetingUrl: 'https://teams.example/join?a=1&b=2',
    });
    const before = await client.getCalendar(LA_TODAY);
    const call = before.items.find((i) => i.subject === 'Customer call: Contoso');
    const standUp = before.items.find((i) => i.subject === 'Daily stand-up');
    if (!call || !standUp) throw new Error('seeded items missing');

    await h.admin.moveCalendarItem(ALEX, call.id, {
      start: at(BASE.getTime() + 5 * HOUR),
      end: at(BASE.getTime() + 5.5 * HOUR),
    });
    await h.admin.cancelCalendarItem(ALEX, bySubject(before.items, 'Budget sync').id);
    await h.admin.moveCalendarItem(ALEX, standUp.id, {
      start: new Date('2026-03-17T18:30:00Z'),
      end: new Date('2026-03-17T18:50:00Z'),
    });
    await h.admin.cancelCalendarItem(ALEX, bySubject(before.items, '1:1 Alex / Megan').id);

    const after = (await client.getCalendar(LA_TODAY)).items;
    expect(bySubject(after, 'Hallway chat & <coffee>')).toMatchObject({
      id: added.id,
      start: new Date('2026-03-17T22:15:00Z'),
      end: new Date('2026-03-17T22:45:00Z'),
      location: 'Kitchen',
      freeBusy: 'WorkingElsewhere',
      sensitivity: 'Personal',
      isPrivate: false,
      isMeeting: true,
      organizer: { email: ALEX },
      myResponse: 'Organizer',
      reminder: { minutesBefore: 0 },
      joinUrl: 'https://teams.example/join?a=1&b=2',
    });
    expect(bySubject(after, 'Customer call: Contoso')).toMatchObject({
      id: call.id,
      start: at(BASE.getTime() + 5 * HOUR),
      end: at(BASE.getTime() + 5.5 * HOUR),
    });
    expect(bySubject(after, 'Canceled: Budget sync')).toMatchObject({
      isCancelled: true,
      freeBusy: 'Free',
    });
    expect(after.find((i) => i.subject === 'Budget sync')).toBeUndefined();
    expect(bySubject(after, 'Daily stand-up')).toMatchObject({
      id: standUp.id,
      start: new Date('2026-03-17T18:30:00Z'),
      end: new Date('2026-03-17T18:50:00Z'),
    });
    expect(after.find((i) => i.subject.startsWith('1:1'))).toBeUndefined();
    // The hallway chat was in `before` already; the cancelled 1:1 occurrence is the only loss.
    expect(after).toHaveLength(before.items.length - 1);
  });

  it('a window with more items than maxEntries is completed by splitting, each item once', async () => {
    const week = {
      start: at(LA_TODAY.start.getTime() - 3 * DAY),
      end: at(LA_TODAY.end.getTime() + 7 * DAY),
    };
    const entries = await h.admin.calendar(ALEX, week);
    expect(entries.length).toBeGreaterThanOrEqual(20);
    await h.admin.clearRequests();

    const result = await h.client().getCalendar({ ...week, maxEntries: 4 });

    expect(result.complete).toBe(true);
    const keys = result.items.map((i) => `${i.id}@${i.start.toISOString()}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(result.items.map((i) => i.id).sort()).toEqual(entries.map((e) => e.id).sort());
    const requests = await h.admin.requestsFor('FindItem');
    // At least one page per four items; every request answered.
    expect(requests.length).toBeGreaterThanOrEqual(Math.ceil(entries.length / 4));
    expect(requests.every((r) => r.status === 200)).toBe(true);
    // Within the library's default cap of 16 requests.
    expect(requests.length).toBeLessThanOrEqual(16);
  });

  it('when the request cap stops the splitting, the result says it is incomplete', async () => {
    // One entry per page cannot get past the all-day items that overlap every sub-window.
    const result = await h.client().getCalendar({ ...LA_TODAY, maxEntries: 1, maxRequests: 5 });
    expect(result.complete).toBe(false);
    const entries = await h.admin.calendar(ALEX, LA_TODAY);
    const ids = result.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => entries.some((e) => e.id === id))).toBe(true);
    expect(await h.admin.requestsFor('FindItem')).toHaveLength(5);
  });

  it("another user's calendar: Nestor sees his own seeded item", async () => {
    const result = await h.client({ user: NESTOR }).getCalendar(LA_TODAY);
    expect(
      result.items.map((i) => [i.subject, i.start.toISOString(), i.end.toISOString()]),
    ).toEqual([['Operations review', '2026-03-17T18:00:00.000Z', '2026-03-17T19:00:00.000Z']]);
    expect(result.items[0]).toMatchObject({
      isMeeting: false,
      myResponse: 'Organizer',
      freeBusy: 'Busy',
    });
  });
});
