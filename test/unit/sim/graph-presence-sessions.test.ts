/**
 * Teams presence decisions on the simulator's clock (pure): session validation and bounds,
 * fading of an Available session, expiry, renewal, the aggregate's precedence and the preferred
 * presence; with fast-check, that an expired session never shows and the aggregate is always
 * one of the live pairs or Offline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  clearPresence,
  emptyPresence,
  OFFLINE,
  parseDuration,
  SESSION_PAIRS,
  sessionState,
  setPreferred,
  setPresence,
} from '../../../src-main/sim/graph/presence-sessions.js';

const MINUTE = 60_000;
const APP = '22553876-f5ab-4529-bffb-cfe50aa89f87';
const OTHER = '0fe0d1f3-1111-4f8a-9d0e-3c2a1b0e9f77';
const T0 = Date.parse('2025-06-10T17:07:00Z');

describe('durations', () => {
  it('reads ISO 8601 durations as Graph writes them and refuses the rest', () => {
    expect(parseDuration('PT5M')).toBe(5 * MINUTE);
    expect(parseDuration('PT1H30M')).toBe(90 * MINUTE);
    expect(parseDuration('PT299.5S')).toBe(299_500);
    expect(parseDuration('P1D')).toBe(24 * 60 * MINUTE);
    for (const bad of ['P', 'PT', '5M', 'PT-5M', 'soon', ''])
      expect(parseDuration(bad), bad).toBeUndefined();
  });
});

describe('sessions', () => {
  it('accepts the bounds exactly and refuses a millisecond outside them', () => {
    const p = emptyPresence();
    const base = { sessionId: APP, availability: 'Away', activity: 'Away' };
    expect(setPresence(p, { ...base, expirationDuration: 'PT5M' }, T0).ok).toBe(true);
    expect(setPresence(p, { ...base, expirationDuration: 'PT4H' }, T0).ok).toBe(true);
    expect(setPresence(p, { ...base, expirationDuration: 'PT4M59.999S' }, T0).ok).toBe(false);
    expect(setPresence(p, { ...base, expirationDuration: 'PT4H0.001S' }, T0).ok).toBe(false);
    expect(p.sessions).toHaveLength(1);
    expect(p.history).toHaveLength(2);
  });

  it('takes only the documented pairs', () => {
    const p = emptyPresence();
    for (const pair of SESSION_PAIRS)
      expect(setPresence(p, { sessionId: APP, ...pair }, T0).ok).toBe(true);
    for (const [availability, activity] of [
      ['Busy', 'Busy'],
      ['DoNotDisturb', 'DoNotDisturb'],
      ['Available', 'Away'],
      ['available', 'available'],
    ]) {
      expect(setPresence(p, { sessionId: APP, availability, activity }, T0).ok).toBe(false);
    }
  });

  it('fades Available at 5 and 10 minutes and lapses at the expiration', () => {
    const p = emptyPresence();
    setPresence(
      p,
      {
        sessionId: APP,
        availability: 'Available',
        activity: 'Available',
        expirationDuration: 'PT15M',
      },
      T0,
    );
    const s = p.sessions[0];
    if (!s) throw new Error('no session');
    expect(sessionState(s, T0 + 5 * MINUTE - 1)?.activity).toBe('Available');
    expect(sessionState(s, T0 + 5 * MINUTE)).toEqual({
      availability: 'Available',
      activity: 'AvailableInactive',
    });
    expect(sessionState(s, T0 + 10 * MINUTE)).toEqual({ availability: 'Away', activity: 'Away' });
    expect(sessionState(s, T0 + 15 * MINUTE)).toBeUndefined();
    expect(aggregate(p, T0 + 15 * MINUTE)).toEqual(OFFLINE);
  });

  it('ranks Busy over Available over Away, and the preferred presence over all while one lives', () => {
    const p = emptyPresence();
    p.client = { availability: 'Away', activity: 'Away' };
    setPresence(p, { sessionId: APP, availability: 'Available', activity: 'Available' }, T0);
    expect(aggregate(p, T0).availability).toBe('Available');
    setPresence(p, { sessionId: OTHER, availability: 'Busy', activity: 'InACall' }, T0);
    expect(aggregate(p, T0)).toEqual({ availability: 'Busy', activity: 'InACall' });
    expect(setPreferred(p, { availability: 'BeRightBack', activity: 'BeRightBack' }, T0).ok).toBe(
      true,
    );
    expect(aggregate(p, T0).availability).toBe('BeRightBack');
    delete p.client;
    // Every session lapsed (default 5 minutes): Offline, the preferred presence has nothing to apply to.
    expect(aggregate(p, T0 + 5 * MINUTE)).toEqual(OFFLINE);
  });

  it('clears a live session once; a second clear or an unknown one finds nothing', () => {
    const p = emptyPresence();
    setPresence(
      p,
      { sessionId: APP, availability: 'Busy', activity: 'InACall', expirationDuration: 'PT1H' },
      T0,
    );
    expect(clearPresence(p, APP.toUpperCase(), T0 + MINUTE)).toBe(true);
    expect(clearPresence(p, APP, T0 + MINUTE)).toBe(false);
    expect(clearPresence(p, OTHER, T0 + MINUTE)).toBe(false);
    expect(p.history.map((h) => h.call)).toEqual(['setPresence', 'clearPresence']);
  });

  it('never shows an expired session; the aggregate is a live pair or Offline', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 300 }),
            pair: fc.constantFrom(...SESSION_PAIRS),
            minutes: fc.integer({ min: 5, max: 240 }),
            app: fc.constantFrom(APP, OTHER),
          }),
          { maxLength: 8 },
        ),
        fc.integer({ min: 0, max: 600 }),
        (calls, readAt) => {
          const p = emptyPresence();
          for (const c of [...calls].sort((a, b) => a.at - b.at)) {
            setPresence(
              p,
              { sessionId: c.app, ...c.pair, expirationDuration: `PT${c.minutes}M` },
              T0 + c.at * MINUTE,
            );
          }
          const now = T0 + readAt * MINUTE;
          const live = p.sessions.flatMap((s) => sessionState(s, now) ?? []);
          for (const s of p.sessions) {
            if (now - s.setAt >= s.expirationMs) expect(sessionState(s, now)).toBeUndefined();
          }
          const shown = aggregate(p, now);
          if (live.length === 0) expect(shown).toEqual(OFFLINE);
          else expect(live).toContainEqual(shown);
        },
      ),
    );
  });
});
