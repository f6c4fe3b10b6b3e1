import { describe, expect, it } from 'vitest';
import type { WorkingHours } from '../../../src-main/mailbox/calendar.js';
import {
  formatActivity,
  resolvePresence,
  type Activity,
  type Availability,
} from '../../../src-main/presence/index.js';
import { BERLIN_ZONE, input, iso, LOS_ANGELES_ZONE, nineToFive, UTC_ZONE } from './fixtures.js';

const BERLIN = nineToFive(BERLIN_ZONE);
const LOS_ANGELES = nineToFive(LOS_ANGELES_ZONE);
/** A Saturday night shift, 22:00 to 06:00, across the night the US falls back (1 Nov 2026). */
const LA_NIGHT_SHIFT: WorkingHours = {
  timeZone: LOS_ANGELES_ZONE,
  periods: [{ days: ['Saturday'], startMinutes: 22 * 60, endMinutes: 6 * 60 }],
};

interface Row {
  rule: string;
  hours: WorkingHours;
  now: string;
  availability: Availability;
  activity: Activity;
  nextChange: string;
}

const offUntil = (until: string): Activity => ({ kind: 'off-work-until', until: new Date(until) });
const FREE: Activity = { kind: 'free-rest-of-day' };

describe('PRESENCE.md step 6: working hours in their own time-zone rule, across DST', () => {
  it.each<Row>([
    {
      rule: 'Berlin, Fri 27 Mar 08:59 CET → off work until 09:00 CET',
      hours: BERLIN,
      now: '2026-03-27T07:59:00Z',
      availability: 'off-work',
      activity: offUntil('2026-03-27T08:00:00Z'),
      nextChange: '2026-03-27T08:00:00.000Z',
    },
    {
      rule: 'Berlin, Fri 27 Mar 09:00 CET → available until 17:00 CET',
      hours: BERLIN,
      now: '2026-03-27T08:00:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-03-27T16:00:00.000Z',
    },
    {
      rule: 'Berlin, Fri 27 Mar 17:00 CET → off work until Mon 09:00 CEST, across the March change',
      hours: BERLIN,
      now: '2026-03-27T16:00:00Z',
      availability: 'off-work',
      activity: offUntil('2026-03-30T07:00:00Z'),
      nextChange: '2026-03-30T07:00:00.000Z',
    },
    {
      rule: 'Berlin, Sun 29 Mar (the change day) → off work until Mon 09:00 CEST',
      hours: BERLIN,
      now: '2026-03-29T12:00:00Z',
      availability: 'off-work',
      activity: offUntil('2026-03-30T07:00:00Z'),
      nextChange: '2026-03-30T07:00:00.000Z',
    },
    {
      rule: 'Berlin, Mon 30 Mar 08:59 CEST → off work',
      hours: BERLIN,
      now: '2026-03-30T06:59:00Z',
      availability: 'off-work',
      activity: offUntil('2026-03-30T07:00:00Z'),
      nextChange: '2026-03-30T07:00:00.000Z',
    },
    {
      rule: 'Berlin, Mon 30 Mar 16:59 CEST → available until 17:00 CEST',
      hours: BERLIN,
      now: '2026-03-30T14:59:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-03-30T15:00:00.000Z',
    },
    {
      rule: 'Berlin, Fri 23 Oct 17:00 CEST → off work until Mon 09:00 CET, across the October change',
      hours: BERLIN,
      now: '2026-10-23T15:00:00Z',
      availability: 'off-work',
      activity: offUntil('2026-10-26T08:00:00Z'),
      nextChange: '2026-10-26T08:00:00.000Z',
    },
    {
      rule: 'Berlin, Mon 26 Oct 09:00 CET → available until 17:00 CET',
      hours: BERLIN,
      now: '2026-10-26T08:00:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-10-26T16:00:00.000Z',
    },
    {
      rule: 'Berlin, Tue 27 Oct 16:00 UTC is 17:00 CET → off work',
      hours: BERLIN,
      now: '2026-10-27T16:00:00Z',
      availability: 'off-work',
      activity: offUntil('2026-10-28T08:00:00Z'),
      nextChange: '2026-10-28T08:00:00.000Z',
    },
    {
      rule: 'Los Angeles, Fri 6 Mar 09:00 PST → available until 17:00 PST',
      hours: LOS_ANGELES,
      now: '2026-03-06T17:00:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-03-07T01:00:00.000Z',
    },
    {
      rule: 'Los Angeles, Fri 6 Mar 17:00 PST → off work until Mon 09:00 PDT, across the March change',
      hours: LOS_ANGELES,
      now: '2026-03-07T01:00:00Z',
      availability: 'off-work',
      activity: offUntil('2026-03-09T16:00:00Z'),
      nextChange: '2026-03-09T16:00:00.000Z',
    },
    {
      rule: 'Los Angeles, Mon 9 Mar 08:59 PDT → off work',
      hours: LOS_ANGELES,
      now: '2026-03-09T15:59:00Z',
      availability: 'off-work',
      activity: offUntil('2026-03-09T16:00:00Z'),
      nextChange: '2026-03-09T16:00:00.000Z',
    },
    {
      rule: 'Los Angeles, Mon 16 Mar (PDT while Berlin is still on CET) 09:00 → available',
      hours: LOS_ANGELES,
      now: '2026-03-16T16:00:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-03-17T00:00:00.000Z',
    },
    {
      rule: 'Los Angeles, Tue 27 Oct (still PDT while Berlin is on CET) 09:00 → available',
      hours: LOS_ANGELES,
      now: '2026-10-27T16:00:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-10-28T00:00:00.000Z',
    },
    {
      rule: 'Los Angeles, Fri 30 Oct 17:00 PDT → off work until Mon 09:00 PST, across the November change',
      hours: LOS_ANGELES,
      now: '2026-10-31T00:00:00Z',
      availability: 'off-work',
      activity: offUntil('2026-11-02T17:00:00Z'),
      nextChange: '2026-11-02T17:00:00.000Z',
    },
    {
      rule: 'Los Angeles, Mon 2 Nov 08:30 PST → off work until 09:00 PST',
      hours: LOS_ANGELES,
      now: '2026-11-02T16:30:00Z',
      availability: 'off-work',
      activity: offUntil('2026-11-02T17:00:00Z'),
      nextChange: '2026-11-02T17:00:00.000Z',
    },
    {
      rule: 'Los Angeles, Mon 2 Nov 16:30 PST → available until 17:00 PST',
      hours: LOS_ANGELES,
      now: '2026-11-03T00:30:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-11-03T01:00:00.000Z',
    },
    {
      rule: 'a night shift starting Sat 22:00 PDT: 21:59 → off work',
      hours: LA_NIGHT_SHIFT,
      now: '2026-11-01T04:59:00Z',
      availability: 'off-work',
      activity: offUntil('2026-11-01T05:00:00Z'),
      nextChange: '2026-11-01T05:00:00.000Z',
    },
    {
      rule: 'the night shift lasts 9 real hours the night clocks fall back: 04:00 PST → available until 06:00 PST',
      hours: LA_NIGHT_SHIFT,
      now: '2026-11-01T12:00:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-11-01T14:00:00.000Z',
    },
    {
      rule: 'EWS day token "Weekday" covers Monday to Friday',
      hours: nineToFive(UTC_ZONE, ['Weekday']),
      now: '2026-06-12T12:00:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-06-12T17:00:00.000Z',
    },
    {
      rule: 'EWS day token "Weekday" excludes Saturday',
      hours: nineToFive(UTC_ZONE, ['Weekday']),
      now: '2026-06-13T12:00:00Z',
      availability: 'off-work',
      activity: offUntil('2026-06-15T09:00:00Z'),
      nextChange: '2026-06-15T09:00:00.000Z',
    },
    {
      rule: 'EWS day token "WeekendDay" covers Sunday',
      hours: nineToFive(UTC_ZONE, ['WeekendDay']),
      now: '2026-06-14T12:00:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-06-14T17:00:00.000Z',
    },
    {
      rule: 'a lunch break between two periods is off work',
      hours: {
        timeZone: UTC_ZONE,
        periods: [
          { days: ['Tuesday'], startMinutes: 9 * 60, endMinutes: 12 * 60 },
          { days: ['Tuesday'], startMinutes: 13 * 60, endMinutes: 17 * 60 },
        ],
      },
      now: '2026-06-09T12:30:00Z',
      availability: 'off-work',
      activity: offUntil('2026-06-09T13:00:00Z'),
      nextChange: '2026-06-09T13:00:00.000Z',
    },
    {
      rule: 'periods that touch at midnight are one working span',
      hours: {
        timeZone: UTC_ZONE,
        periods: [
          { days: ['Monday'], startMinutes: 20 * 60, endMinutes: 24 * 60 },
          { days: ['Tuesday'], startMinutes: 0, endMinutes: 4 * 60 },
        ],
      },
      now: '2026-06-08T23:00:00Z',
      availability: 'available',
      activity: FREE,
      nextChange: '2026-06-09T04:00:00.000Z',
    },
  ])('$rule', ({ hours, now, availability, activity, nextChange }) => {
    const p = resolvePresence(input({ now: new Date(now), workingHours: hours }));
    expect(p.availability).toBe(availability);
    expect(p.activity).toEqual(activity);
    expect(iso(p.nextChange)).toBe(nextChange);
  });

  it('a Berlin user displayed in New York: the hours keep their own zone, the line uses the display zone', () => {
    const now = new Date('2026-03-27T16:00:00Z');
    const p = resolvePresence(input({ now, workingHours: BERLIN }));
    expect(p.activity).toEqual(offUntil('2026-03-30T07:00:00Z'));
    // Mon 09:00 CEST is Mon 03:00 EDT (New York has been on daylight time since 8 March).
    expect(formatActivity(p.activity, now, 'en-US', 'America/New_York').replace(/\s/g, ' ')).toBe(
      'Off work until Mon 3:00 AM',
    );
    expect(formatActivity(p.activity, now, 'en-GB', 'Europe/Berlin')).toBe(
      'Off work until Mon 09:00',
    );
  });

  it('a Los Angeles user displayed in Berlin, in the weeks the two zones change on different dates', () => {
    // Tue 17 Mar 2026 08:30 PDT = 15:30 UTC = 16:30 CET: off work in LA although Berlin is mid-afternoon.
    const now = new Date('2026-03-17T15:30:00Z');
    const p = resolvePresence(input({ now, workingHours: LOS_ANGELES }));
    expect(p.availability).toBe('off-work');
    expect(p.activity).toEqual(offUntil('2026-03-17T16:00:00Z'));
    expect(formatActivity(p.activity, now, 'en-GB', 'Europe/Berlin')).toBe('Off work until 17:00');
  });
});
