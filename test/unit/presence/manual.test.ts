import { describe, expect, it } from 'vitest';
import {
  MANUAL_AVAILABILITIES,
  manualExpiry,
  resolvePresence,
  type Availability,
  type ExpiryChoice,
  type ManualAvailability,
  type PresenceEvent,
} from '../../../src-main/presence/index.js';
import { at, ev, input, iso, NOW } from './fixtures.js';

interface Row {
  rule: string;
  expiresAt: Date | undefined;
  events?: PresenceEvent[];
  availability: Availability;
  source: 'manual' | 'automatic';
  nextChange: string | null;
}

const ms = (d: Date, delta: number): Date => new Date(d.getTime() + delta);

describe('PRESENCE.md step 2: a manual choice not yet expired', () => {
  it.each<Row>([
    {
      rule: 'no expiry ("never") → holds, nothing changes by itself',
      expiresAt: undefined,
      availability: 'do-not-disturb',
      source: 'manual',
      nextChange: null,
    },
    {
      rule: 'expiry in one hour → holds; the expiry is the next change',
      expiresAt: at('13:00'),
      availability: 'do-not-disturb',
      source: 'manual',
      nextChange: at('13:00').toISOString(),
    },
    {
      rule: 'expiry exactly at now → expired, automatic again',
      expiresAt: NOW,
      availability: 'available',
      source: 'automatic',
      nextChange: at('17:00').toISOString(),
    },
    {
      rule: 'expiry 1 ms before now → expired',
      expiresAt: ms(NOW, -1),
      availability: 'available',
      source: 'automatic',
      nextChange: at('17:00').toISOString(),
    },
    {
      rule: 'expiry 1 ms after now → holds for that millisecond',
      expiresAt: ms(NOW, 1),
      availability: 'do-not-disturb',
      source: 'manual',
      nextChange: ms(NOW, 1).toISOString(),
    },
    {
      rule: 'expired during a meeting → the meeting shows',
      expiresAt: at('11:45'),
      events: [ev('11:30', '12:30')],
      availability: 'in-a-meeting',
      source: 'automatic',
      nextChange: at('12:30').toISOString(),
    },
    {
      rule: 'a meeting starting before the expiry changes nothing; the expiry is next',
      expiresAt: at('14:00'),
      events: [ev('12:30', '13:00')],
      availability: 'do-not-disturb',
      source: 'manual',
      nextChange: at('14:00').toISOString(),
    },
    {
      rule: 'expiring inside a meeting: presence flips to in-a-meeting at the expiry',
      expiresAt: at('12:45'),
      events: [ev('12:30', '13:00')],
      availability: 'do-not-disturb',
      source: 'manual',
      nextChange: at('12:45').toISOString(),
    },
  ])('$rule', (row) => {
    const manual = {
      availability: 'do-not-disturb' as const,
      ...(row.expiresAt ? { expiresAt: row.expiresAt } : {}),
    };
    const p = resolvePresence(input({ manual, events: row.events ?? [] }));
    expect(p.availability).toBe(row.availability);
    expect(p.source).toBe(row.source);
    expect(iso(p.nextChange)).toBe(row.nextChange);
  });

  it.each(MANUAL_AVAILABILITIES.map((a) => [a]))(
    'the status menu value %s is shown as chosen',
    (value: ManualAvailability) => {
      const p = resolvePresence(input({ manual: { availability: value, note: 'Note' } }));
      expect([p.availability, p.source, p.note, p.activity.kind]).toEqual([
        value,
        'manual',
        'Note',
        'none',
      ]);
    },
  );

  it('the status menu offers every value "set by: manual" and none that only the calendar or OOF set', () => {
    expect([...MANUAL_AVAILABILITIES].sort()).toEqual(
      [
        'available',
        'away',
        'be-right-back',
        'busy',
        'do-not-disturb',
        'off-work',
        'offline',
      ].sort(),
    );
  });
});

interface ExpiryRow {
  rule: string;
  choice: ExpiryChoice;
  now: string;
  zone: string;
  weekStart?: number;
  expected: string | undefined;
}

describe('PRESENCE.md expiry choices: 30 min, 1 h, 2 h, end of today, end of this week, never', () => {
  it.each<ExpiryRow>([
    {
      rule: '30 minutes',
      choice: '30m',
      now: '2026-06-09T12:00:00Z',
      zone: 'UTC',
      expected: '2026-06-09T12:30:00.000Z',
    },
    {
      rule: '1 hour',
      choice: '1h',
      now: '2026-06-09T12:00:00Z',
      zone: 'UTC',
      expected: '2026-06-09T13:00:00.000Z',
    },
    {
      rule: '2 hours',
      choice: '2h',
      now: '2026-06-09T12:00:00Z',
      zone: 'UTC',
      expected: '2026-06-09T14:00:00.000Z',
    },
    {
      rule: '2 hours across the October fall-back stays 2 real hours',
      choice: '2h',
      now: '2026-10-25T00:30:00Z',
      zone: 'Europe/Berlin',
      expected: '2026-10-25T02:30:00.000Z',
    },
    {
      rule: 'never',
      choice: 'never',
      now: '2026-06-09T12:00:00Z',
      zone: 'UTC',
      expected: undefined,
    },
    {
      rule: 'end of today in Berlin (CEST) = local midnight',
      choice: 'end-of-day',
      now: '2026-06-09T12:00:00Z',
      zone: 'Europe/Berlin',
      expected: '2026-06-09T22:00:00.000Z',
    },
    {
      rule: 'end of today in Los Angeles (PDT)',
      choice: 'end-of-day',
      now: '2026-06-09T12:00:00Z',
      zone: 'America/Los_Angeles',
      expected: '2026-06-10T07:00:00.000Z',
    },
    {
      rule: 'end of today when the local date is behind the UTC date',
      choice: 'end-of-day',
      now: '2026-06-09T03:00:00Z',
      zone: 'America/Los_Angeles',
      expected: '2026-06-09T07:00:00.000Z',
    },
    {
      rule: 'end of today when the local date is ahead of the UTC date (Tokyo)',
      choice: 'end-of-day',
      now: '2026-06-09T16:00:00Z',
      zone: 'Asia/Tokyo',
      expected: '2026-06-10T15:00:00.000Z',
    },
    {
      rule: 'end of the day before the March change (midnight PST)',
      choice: 'end-of-day',
      now: '2026-03-07T20:00:00Z',
      zone: 'America/Los_Angeles',
      expected: '2026-03-08T08:00:00.000Z',
    },
    {
      rule: 'end of the March change day (midnight PDT)',
      choice: 'end-of-day',
      now: '2026-03-08T20:00:00Z',
      zone: 'America/Los_Angeles',
      expected: '2026-03-09T07:00:00.000Z',
    },
    {
      rule: 'end of the day before the October change in Berlin (midnight CEST)',
      choice: 'end-of-day',
      now: '2026-10-24T20:00:00Z',
      zone: 'Europe/Berlin',
      expected: '2026-10-24T22:00:00.000Z',
    },
    {
      rule: 'a day whose midnight does not exist (Santiago) ends when the next day begins, 01:00',
      choice: 'end-of-day',
      now: '2026-09-05T12:00:00Z',
      zone: 'America/Santiago',
      expected: '2026-09-06T04:00:00.000Z',
    },
    {
      rule: 'end of this week from a Tuesday = end of Sunday',
      choice: 'end-of-week',
      now: '2026-06-09T12:00:00Z',
      zone: 'Europe/Berlin',
      expected: '2026-06-14T22:00:00.000Z',
    },
    {
      rule: 'end of this week on a Sunday = end of that Sunday',
      choice: 'end-of-week',
      now: '2026-06-14T10:00:00Z',
      zone: 'Europe/Berlin',
      expected: '2026-06-14T22:00:00.000Z',
    },
    {
      rule: 'end of this week just after local midnight on Monday = the next Sunday',
      choice: 'end-of-week',
      now: '2026-06-14T22:30:00Z',
      zone: 'Europe/Berlin',
      expected: '2026-06-21T22:00:00.000Z',
    },
    {
      rule: 'end of this week across the March change (ends at midnight CEST)',
      choice: 'end-of-week',
      now: '2026-03-25T12:00:00Z',
      zone: 'Europe/Berlin',
      expected: '2026-03-29T22:00:00.000Z',
    },
    {
      rule: 'a week starting on Sunday ends at the end of Saturday',
      choice: 'end-of-week',
      now: '2026-06-09T12:00:00Z',
      zone: 'America/Los_Angeles',
      weekStart: 0,
      expected: '2026-06-14T07:00:00.000Z',
    },
  ])('$rule', ({ choice, now, zone, weekStart, expected }) => {
    const result = manualExpiry(choice, new Date(now), zone, weekStart);
    expect(result?.toISOString()).toBe(expected);
  });

  it('rejects a week start outside 0..6', () => {
    expect(() => manualExpiry('end-of-week', NOW, 'UTC', 7)).toThrow(RangeError);
  });

  it('a choice reaches automatic exactly at its expiry', () => {
    const expiresAt = manualExpiry('30m', NOW, 'Europe/Berlin');
    expect(expiresAt?.toISOString()).toBe('2026-06-09T12:30:00.000Z');
    const manual = { availability: 'be-right-back' as const, ...(expiresAt ? { expiresAt } : {}) };
    expect(resolvePresence(input({ manual })).nextChange).toEqual(expiresAt);
    expect(resolvePresence(input({ manual, now: at('12:30') })).source).toBe('automatic');
  });
});
