import { describe, expect, it } from 'vitest';
import {
  admin,
  ALEX,
  at,
  attr,
  calendarItems,
  calendarView,
  ews,
  messagesOf,
  only,
  reset,
  useTestSimulator,
  textAt,
} from './support.js';

const h = useTestSimulator();

const AGENDA_FIELDS = [
  'item:Subject',
  'item:Sensitivity',
  'item:ReminderIsSet',
  'item:ReminderMinutesBeforeStart',
  'calendar:Start',
  'calendar:End',
  'calendar:IsAllDayEvent',
  'calendar:LegacyFreeBusyStatus',
  'calendar:Location',
  'calendar:IsMeeting',
  'calendar:IsCancelled',
  'calendar:CalendarItemType',
  'calendar:MyResponseType',
  'calendar:Organizer',
  'calendar:JoinOnlineMeetingUrl',
];

// "Today" in Pacific daylight time: 2025-06-10 07:00Z to 2025-06-11 07:00Z.
const TODAY = ['2025-06-10T07:00:00Z', '2025-06-11T07:00:00Z'] as const;

describe('FindItem CalendarView on the demo mailbox', () => {
  it('expands today: all-day item, meetings before, during and after now, the stand-up, the 1:1', async () => {
    const result = await ews(h.sim, calendarView(...TODAY, AGENDA_FIELDS));
    const message = only(messagesOf(result, 'FindItemResponse'));
    expect(attr(message, 'ResponseClass')).toBe('Success');
    expect(attr(at(message, 'RootFolder'), 'IncludesLastItemInRange')).toBe('true');
    expect(attr(at(message, 'RootFolder'), 'TotalItemsInView')).toBe('9');
    const rows = calendarItems(result).map((i) => [
      textAt(i, 'Subject'),
      textAt(i, 'Start'),
      textAt(i, 'End'),
      textAt(i, 'CalendarItemType'),
    ]);
    expect(rows).toEqual([
      ['Release day', '2025-06-10T07:00:00Z', '2025-06-11T07:00:00Z', 'Single'],
      ['Budget sync', '2025-06-10T14:00:00Z', '2025-06-10T15:00:00Z', 'Single'],
      ['Daily stand-up', '2025-06-10T16:30:00Z', '2025-06-10T16:45:00Z', 'Occurrence'],
      ['Design review', '2025-06-10T16:45:00Z', '2025-06-10T17:45:00Z', 'Single'],
      ['Architecture brown-bag', '2025-06-10T18:00:00Z', '2025-06-10T18:30:00Z', 'Single'],
      ['Customer call: Contoso', '2025-06-10T19:00:00Z', '2025-06-10T20:00:00Z', 'Single'],
      ['1:1 Alex / Megan', '2025-06-10T21:00:00Z', '2025-06-10T21:30:00Z', 'Occurrence'],
      ['Dentist', '2025-06-10T21:00:00Z', '2025-06-10T22:00:00Z', 'Single'],
      ['Vendor demo', '2025-06-10T23:00:00Z', '2025-06-11T00:00:00Z', 'Single'],
    ]);
  });

  it('returns the properties asked for, with their values', async () => {
    const items = calendarItems(await ews(h.sim, calendarView(...TODAY, AGENDA_FIELDS)));
    const bySubject = new Map(items.map((i) => [textAt(i, 'Subject'), i]));
    const allDay = bySubject.get('Release day');
    expect(textAt(allDay, 'IsAllDayEvent')).toBe('true');
    expect(textAt(allDay, 'LegacyFreeBusyStatus')).toBe('Free');
    expect(textAt(allDay, 'IsMeeting')).toBe('false');

    const review = bySubject.get('Design review');
    expect(textAt(review, 'IsMeeting')).toBe('true');
    expect(textAt(review, 'MyResponseType')).toBe('Organizer');
    expect(textAt(review, 'Organizer', 'Mailbox', 'EmailAddress')).toBe(ALEX);
    expect(textAt(review, 'JoinOnlineMeetingUrl')).toBe(
      'https://teams.microsoft.com/l/meetup-join/beacon-sim-1',
    );
    expect(textAt(review, 'ReminderIsSet')).toBe('true');
    expect(textAt(review, 'ReminderMinutesBeforeStart')).toBe('5');

    const tentative = bySubject.get('Architecture brown-bag');
    expect(textAt(tentative, 'LegacyFreeBusyStatus')).toBe('Tentative');
    expect(textAt(tentative, 'MyResponseType')).toBe('Tentative');
    expect(textAt(tentative, 'Organizer', 'Mailbox', 'Name')).toBe('Isaiah Langer');

    const dentist = bySubject.get('Dentist');
    expect(textAt(dentist, 'Sensitivity')).toBe('Private');
    expect(textAt(dentist, 'IsMeeting')).toBe('false');
    expect(at(dentist, 'JoinOnlineMeetingUrl')).toBeUndefined();

    const cancelled = bySubject.get('Vendor demo');
    expect(textAt(cancelled, 'IsCancelled')).toBe('true');
  });

  it('returns only ItemId plus the requested properties', async () => {
    const items = calendarItems(await ews(h.sim, calendarView(...TODAY, ['item:Subject'])));
    expect(items).toHaveLength(9);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['ItemId', 'Subject']);
      expect(attr(at(item, 'ItemId'), 'Id')).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(attr(at(item, 'ItemId'), 'ChangeKey')).toBeTruthy();
    }
  });

  it('shows tomorrow’s stand-up moved to 10:00 local and the day after’s cancelled', async () => {
    const fields = ['item:Subject', 'calendar:Start', 'calendar:CalendarItemType'];
    const items = calendarItems(
      await ews(h.sim, calendarView('2025-06-11T07:00:00Z', '2025-06-14T07:00:00Z', fields)),
    );
    const standUps = items
      .filter((i) => textAt(i, 'Subject') === 'Daily stand-up')
      .map((i) => [textAt(i, 'Start'), textAt(i, 'CalendarItemType')]);
    expect(standUps).toEqual([
      ['2025-06-11T17:00:00Z', 'Exception'],
      ['2025-06-13T16:30:00Z', 'Occurrence'],
    ]);
    const oneOnOnes = items
      .filter((i) => (textAt(i, 'Subject') ?? '').startsWith('1:1'))
      .map((i) => [textAt(i, 'Subject'), textAt(i, 'Start'), textAt(i, 'CalendarItemType')]);
    expect(oneOnOnes).toEqual([['1:1 Alex / Megan (moved)', '2025-06-12T22:00:00Z', 'Exception']]);
  });

  it('cuts the view at MaxEntriesReturned and says IncludesLastItemInRange="false"', async () => {
    const result = await ews(h.sim, calendarView(...TODAY, ['item:Subject'], { max: 3 }));
    const message = only(messagesOf(result, 'FindItemResponse'));
    expect(attr(at(message, 'RootFolder'), 'IncludesLastItemInRange')).toBe('false');
    expect(calendarItems(result).map((i) => textAt(i, 'Subject'))).toEqual([
      'Release day',
      'Budget sync',
      'Daily stand-up',
    ]);
  });

  it('shows the OOF vacation next week', async () => {
    const fields = ['item:Subject', 'calendar:LegacyFreeBusyStatus', 'calendar:IsAllDayEvent'];
    const items = calendarItems(
      await ews(h.sim, calendarView('2025-06-16T07:00:00Z', '2025-06-17T07:00:00Z', fields)),
    );
    const vacation = items.find((i) => textAt(i, 'Subject') === 'Vacation');
    expect(textAt(vacation, 'LegacyFreeBusyStatus')).toBe('OOF');
    expect(textAt(vacation, 'IsAllDayEvent')).toBe('true');
  });

  it('refuses a view longer than two years', async () => {
    const result = await ews(
      h.sim,
      calendarView('2025-01-01T00:00:00Z', '2028-01-01T00:00:00Z', []),
    );
    const message = only(messagesOf(result, 'FindItemResponse'));
    expect(attr(message, 'ResponseClass')).toBe('Error');
    expect(textAt(message, 'ResponseCode')).toBe('ErrorCalendarViewRangeTooBig');
  });
});

describe('calendar changes through the admin API', () => {
  const fields = [
    'item:Subject',
    'calendar:Start',
    'calendar:End',
    'calendar:IsCancelled',
    'calendar:CalendarItemType',
  ];
  const window = ['2025-06-10T00:00:00Z', '2025-06-20T00:00:00Z'] as const;

  it('adds, moves and cancels a single item', async () => {
    await reset(h.sim, 'empty');
    const added = await admin<{ id: string; start: string }>(
      h.sim,
      'POST',
      `/mailboxes/${ALEX}/calendar`,
      {
        subject: 'Planning',
        start: '2025-06-10T16:00:00Z',
        end: '2025-06-10T17:00:00Z',
        attendees: ['megan@beacon.test'],
      },
    );
    expect(added.status).toBe(201);
    let items = calendarItems(await ews(h.sim, calendarView(...window, fields)));
    expect(items.map((i) => [textAt(i, 'Subject'), textAt(i, 'Start')])).toEqual([
      ['Planning', '2025-06-10T16:00:00Z'],
    ]);

    const moved = await admin(
      h.sim,
      'POST',
      `/mailboxes/${ALEX}/calendar/${encodeURIComponent(added.json.id)}/move`,
      {
        start: '2025-06-11T18:00:00Z',
        end: '2025-06-11T18:30:00Z',
      },
    );
    expect(moved.status).toBe(200);
    items = calendarItems(await ews(h.sim, calendarView(...window, fields)));
    expect(items.map((i) => [textAt(i, 'Start'), textAt(i, 'End')])).toEqual([
      ['2025-06-11T18:00:00Z', '2025-06-11T18:30:00Z'],
    ]);

    const cancelled = await admin(
      h.sim,
      'POST',
      `/mailboxes/${ALEX}/calendar/${encodeURIComponent(added.json.id)}/cancel`,
    );
    expect(cancelled.status).toBe(200);
    items = calendarItems(await ews(h.sim, calendarView(...window, fields)));
    expect(items.map((i) => [textAt(i, 'Subject'), textAt(i, 'IsCancelled')])).toEqual([
      ['Canceled: Planning', 'true'],
    ]);
  });

  it('adds a weekly series, then moves and cancels single occurrences', async () => {
    await reset(h.sim, 'empty');
    const added = await admin<{ id: string }>(h.sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
      subject: 'Weekly review',
      start: '2025-06-10T16:00:00Z',
      end: '2025-06-10T16:30:00Z',
      recurrence: { type: 'weekly', daysOfWeek: ['Tuesday', 'Friday'], numberOfOccurrences: 4 },
    });
    expect(added.status).toBe(201);
    const listed = await admin<{ id: string; start: string; kind: string }[]>(
      h.sim,
      'GET',
      `/mailboxes/${ALEX}/calendar?start=${window[0]}&end=${window[1]}`,
    );
    expect(listed.json.map((o) => o.start)).toEqual([
      '2025-06-10T16:00:00Z',
      '2025-06-13T16:00:00Z',
      '2025-06-17T16:00:00Z',
    ]);
    const [first, second] = listed.json;
    await admin(
      h.sim,
      'POST',
      `/mailboxes/${ALEX}/calendar/${encodeURIComponent(first?.id ?? '')}/move`,
      {
        start: '2025-06-10T20:00:00Z',
        end: '2025-06-10T20:30:00Z',
      },
    );
    await admin(
      h.sim,
      'POST',
      `/mailboxes/${ALEX}/calendar/${encodeURIComponent(second?.id ?? '')}/cancel`,
    );
    const items = calendarItems(await ews(h.sim, calendarView(...window, fields)));
    expect(items.map((i) => [textAt(i, 'Start'), textAt(i, 'CalendarItemType')])).toEqual([
      ['2025-06-10T20:00:00Z', 'Exception'],
      ['2025-06-17T16:00:00Z', 'Occurrence'],
    ]);
  });

  it('rejects an invalid calendar item with 400 and says why', async () => {
    const bad = await admin<{ error: string }>(h.sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
      subject: 'x',
      start: 'soon',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/start|end/);
  });
});
