import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRESENCE_SETTINGS,
  resolvePresence,
  type Availability,
  type IdleInput,
  type ManualChoice,
  type PresenceEvent,
  type PresenceSettings,
} from '../../../src-main/presence/index.js';
import { at, ev, input, iso } from './fixtures.js';

interface Row {
  rule: string;
  idle: IdleInput;
  settings?: Partial<PresenceSettings>;
  events?: PresenceEvent[];
  manual?: ManualChoice;
  now?: Date;
  availability: Availability;
  inactive: boolean;
}

const idle = (idleSeconds: number, locked = false): IdleInput => ({ idleSeconds, locked });

describe('PRESENCE.md idle: "Inactive" at inactive-after, away at away-after or when locked', () => {
  it.each<Row>([
    {
      rule: '299 s idle → available, active',
      idle: idle(299),
      availability: 'available',
      inactive: false,
    },
    {
      rule: '300 s idle (inactive-after) → available, Inactive',
      idle: idle(300),
      availability: 'available',
      inactive: true,
    },
    {
      rule: '899 s idle → still available, Inactive',
      idle: idle(899),
      availability: 'available',
      inactive: true,
    },
    {
      rule: '900 s idle (away-after) → away',
      idle: idle(900),
      availability: 'away',
      inactive: true,
    },
    {
      rule: 'screen locked, no idle time → away and Inactive',
      idle: idle(0, true),
      availability: 'away',
      inactive: true,
    },
    {
      rule: 'idle never changes in-a-meeting',
      idle: idle(2000),
      events: [ev('11:30', '12:30')],
      availability: 'in-a-meeting',
      inactive: true,
    },
    {
      rule: 'a lock never changes busy',
      idle: idle(0, true),
      events: [ev('11:30', '12:30', 'Busy', { isMeeting: false })],
      availability: 'busy',
      inactive: true,
    },
    {
      rule: 'custom thresholds: 45 s idle with inactive-after 30 s, away-after 60 s → Inactive',
      idle: idle(45),
      settings: { inactiveAfterSeconds: 30, awayAfterSeconds: 60 },
      availability: 'available',
      inactive: true,
    },
    {
      rule: 'custom thresholds: 60 s idle with away-after 60 s → away',
      idle: idle(60),
      settings: { inactiveAfterSeconds: 30, awayAfterSeconds: 60 },
      availability: 'away',
      inactive: true,
    },
    {
      rule: 'a manual choice is kept when locked, with the Inactive flag',
      idle: idle(0, true),
      manual: { availability: 'do-not-disturb' },
      availability: 'do-not-disturb',
      inactive: true,
    },
    {
      rule: 'off-work while inactive (not yet away)',
      idle: idle(400),
      now: new Date('2026-06-09T20:00:00Z'),
      availability: 'off-work',
      inactive: true,
    },
  ])('$rule', (row) => {
    const p = resolvePresence(
      input({
        idle: row.idle,
        settings: { ...DEFAULT_PRESENCE_SETTINGS, ...row.settings },
        events: row.events ?? [],
        ...(row.manual ? { manual: row.manual } : {}),
        ...(row.now ? { now: row.now } : {}),
      }),
    );
    expect(p.availability).toBe(row.availability);
    expect(p.idle).toBe(row.inactive);
  });

  it('idle thresholds are not predictable instants, so nextChange ignores them', () => {
    const p = resolvePresence(input({ idle: idle(899) }));
    expect(iso(p.nextChange)).toBe(at('17:00').toISOString());
  });
});
