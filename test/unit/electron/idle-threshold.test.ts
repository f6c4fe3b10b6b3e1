import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRESENCE_SETTINGS,
  resolvePresence,
  type IdleInput,
} from '../../../src-main/presence/index.js';
import {
  IDLE_POLL_INTERVAL_MS,
  idleBand,
  idleChanged,
  nextPollDelayMs,
  type IdleBand,
  type IdleThresholds,
} from '../../../src-main/electron/os/idle-threshold.js';

/** The settings' defaults: Inactive after 5 minutes, away after 15. */
const DEFAULTS: IdleThresholds = { inactiveAfterMinutes: 5, awayAfterMinutes: 15 };

const idle = (idleSeconds: number, locked = false): IdleInput => ({ idleSeconds, locked });

describe('idleBand: Inactive at inactive-after, away at away-after or when locked', () => {
  it.each<[string, number, boolean, IdleBand]>([
    ['no idle time', 0, false, 'active'],
    ['just below inactive-after', 299, false, 'active'],
    ['a fraction below inactive-after', 299.9, false, 'active'],
    ['exactly inactive-after', 300, false, 'inactive'],
    ['just below away-after', 899, false, 'inactive'],
    ['exactly away-after', 900, false, 'away'],
    ['long past away-after', 86_400, false, 'away'],
    ['locked with no idle time', 0, true, 'away'],
    ['locked while inactive', 400, true, 'away'],
    ['a negative reading', -5, false, 'active'],
    ['a NaN reading', Number.NaN, false, 'active'],
  ])('%s (%s s, locked %s) → %s', (_case, seconds, locked, band) => {
    expect(idleBand(seconds, locked, DEFAULTS)).toBe(band);
  });

  it('uses the thresholds it is given', () => {
    const quick = { inactiveAfterMinutes: 1, awayAfterMinutes: 2 };
    expect([59, 60, 119, 120].map((s) => idleBand(s, false, quick))).toEqual([
      'active',
      'inactive',
      'inactive',
      'away',
    ]);
  });

  it('with equal thresholds, inactive and away begin together', () => {
    const same = { inactiveAfterMinutes: 10, awayAfterMinutes: 10 };
    expect([599, 600].map((s) => idleBand(s, false, same))).toEqual(['active', 'away']);
  });

  it.each([0, 299, 300, 899, 900, 5000])(
    'agrees with the presence resolver at %s s idle',
    (seconds) => {
      for (const locked of [false, true]) {
        const presence = resolvePresence({
          now: new Date('2026-11-27T10:00:00Z'),
          signedIn: true,
          events: [],
          idle: idle(seconds, locked),
          settings: { ...DEFAULT_PRESENCE_SETTINGS, showOffWork: false },
        });
        const band = idleBand(seconds, locked, DEFAULTS);
        expect(presence.availability === 'away').toBe(band === 'away');
        expect(presence.idle).toBe(band !== 'active');
      }
    },
  );
});

describe('idleChanged: the core hears of idle only when presence would change', () => {
  it.each<[string, IdleInput | undefined, IdleInput, boolean]>([
    ['the first reading', undefined, idle(0), true],
    ['more idle seconds within the active band', idle(10), idle(200), false],
    ['crossing inactive-after', idle(299), idle(300), true],
    ['more idle seconds while inactive', idle(300), idle(899), false],
    ['crossing away-after', idle(899), idle(900), true],
    ['back at the keyboard after being away', idle(1200), idle(0), true],
    ['back at the keyboard after being inactive', idle(400), idle(1), true],
    ['locking the screen while active', idle(20), idle(20, true), true],
    ['locking the screen while already away', idle(1000), idle(1000, true), false],
    ['unlocking to an active keyboard', idle(0, true), idle(0), true],
  ])('%s → %s', (_case, previous, next, changed) => {
    expect(idleChanged(previous, next, DEFAULTS)).toBe(changed);
  });
});

describe('nextPollDelayMs: sooner near an edge, never idly fast', () => {
  it.each<[string, number, number]>([
    ['active, far from any edge', 0, IDLE_POLL_INTERVAL_MS],
    ['four seconds before inactive-after', 296, 4000],
    ['two seconds before inactive-after', 298, 2000],
    ['one second before inactive-after', 299, 1000],
    ['half a second before inactive-after', 299.5, 1000],
    ['exactly at inactive-after: the next edge is away', 300, IDLE_POLL_INTERVAL_MS],
    ['three seconds before away-after', 897, 3000],
    ['away: only a return can change anything', 900, IDLE_POLL_INTERVAL_MS],
    ['a broken reading', Number.NaN, IDLE_POLL_INTERVAL_MS],
  ])('%s (%s s) → %s ms', (_case, seconds, delay) => {
    expect(nextPollDelayMs(seconds, DEFAULTS)).toBe(delay);
  });

  it.each([0, 700, 2300, 4900])(
    'polling at the suggested delays, started %s ms into a second, sees the edge within a second',
    (phaseMs) => {
      // Idle time grows by one second per second while the user is away from the keyboard.
      let elapsedMs = phaseMs;
      let sawInactiveAt: number | undefined;
      while (sawInactiveAt === undefined) {
        const seconds = Math.floor(elapsedMs / 1000);
        if (idleBand(seconds, false, DEFAULTS) === 'inactive') sawInactiveAt = elapsedMs;
        elapsedMs += nextPollDelayMs(seconds, DEFAULTS);
      }
      expect(sawInactiveAt).toBeGreaterThanOrEqual(300_000);
      expect(sawInactiveAt).toBeLessThan(301_000);
    },
  );
});
