import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusyType } from '../../../src-main/mailbox/calendar.js';
import {
  resolvePresence,
  type Presence,
  type PresenceInput,
} from '../../../src-main/presence/index.js';
import { at, ev, input, iso, NOW } from './fixtures.js';

interface Row {
  rule: string;
  over: Partial<PresenceInput>;
  nextChange: string | null;
}

const t = (hhmm: string): string => at(hhmm).toISOString();
const WINDOW_END = new Date('2026-06-10T09:00:00Z');

describe('PRESENCE.md nextChange: the earliest instant the output changes by itself', () => {
  it.each<Row>([
    {
      rule: 'end of the current busy run',
      over: { events: [ev('11:30', '12:30')] },
      nextChange: t('12:30'),
    },
    {
      rule: 'start of the next busy item',
      over: { events: [ev('14:00', '15:00')] },
      nextChange: t('14:00'),
    },
    {
      rule: 'a busy item entering the 8-hour "free until" horizon',
      over: { workingHours: undefined, events: [ev('20:30', '21:00')] },
      nextChange: t('12:30'),
    },
    {
      rule: 'OOF window start',
      over: { oof: { state: 'Scheduled', start: at('14:00'), end: WINDOW_END } },
      nextChange: t('14:00'),
    },
    {
      rule: 'OOF window end',
      over: { oof: { state: 'Scheduled', start: at('11:00'), end: WINDOW_END } },
      nextChange: WINDOW_END.toISOString(),
    },
    { rule: 'working-hours edge', over: {}, nextChange: t('17:00') },
    {
      rule: 'manual expiry',
      over: { manual: { availability: 'busy', expiresAt: at('12:45') } },
      nextChange: t('12:45'),
    },
    {
      rule: 'the earliest of several candidates wins',
      over: {
        events: [ev('15:00', '16:00'), ev('13:00', '13:30')],
        oof: { state: 'Scheduled', start: at('14:00'), end: WINDOW_END },
      },
      nextChange: t('13:00'),
    },
    {
      rule: 'a tentative item is not a change',
      over: { events: [ev('13:00', '14:00', 'Tentative')] },
      nextChange: t('17:00'),
    },
    {
      rule: 'a cancelled item is not a change',
      over: { events: [ev('13:00', '14:00', 'Busy', { isCancelled: true })] },
      nextChange: t('17:00'),
    },
    {
      rule: 'an item starting later inside the same run is not a change',
      over: { events: [ev('11:30', '13:00'), ev('12:30', '13:30')] },
      nextChange: t('13:30'),
    },
    {
      rule: 'a manual choice with no expiry: nothing changes by itself',
      over: { manual: { availability: 'do-not-disturb' }, events: [ev('13:00', '14:00')] },
      nextChange: null,
    },
    {
      rule: 'Enabled automatic replies: calendar and working hours change nothing',
      over: { oof: { state: 'Enabled' }, events: [ev('13:00', '14:00')] },
      nextChange: null,
    },
    {
      rule: 'signed out: only the OOF mark can change, at the window start',
      over: { signedIn: false, oof: { state: 'Scheduled', start: at('14:00'), end: WINDOW_END } },
      nextChange: t('14:00'),
    },
    {
      rule: 'away: the working-day end changes nothing, a meeting start does',
      over: { idle: { idleSeconds: 0, locked: true }, events: [ev('18:00', '19:00')] },
      nextChange: t('18:00'),
    },
    {
      rule: 'nothing is looked for beyond 14 days',
      over: {
        workingHours: undefined,
        events: [ev('2026-06-29T12:00:00Z', '2026-06-29T13:00:00Z')],
      },
      nextChange: null,
    },
  ])('$rule', ({ over, nextChange }) => {
    expect(iso(resolvePresence(input(over)).nextChange)).toBe(nextChange);
  });
});

const withoutNext = (p: Presence): Omit<Presence, 'nextChange'> => ({
  availability: p.availability,
  idle: p.idle,
  oof: p.oof,
  note: p.note,
  activity: p.activity,
  source: p.source,
});

const MINUTE = 60_000;
const busyTypes: BusyType[] = ['Busy', 'OOF', 'Tentative', 'Free'];

describe('nextChange is exact for generated calendars', () => {
  it('the output is constant until nextChange and differs at it', () => {
    const event = fc
      .record({
        startMin: fc.integer({ min: -120, max: 12 * 60 }),
        lengthMin: fc.integer({ min: 1, max: 180 }),
        gapSec: fc.constantFrom(0, 30, 59, 60, 90),
        freeBusy: fc.constantFrom(...busyTypes),
        isMeeting: fc.option(fc.boolean(), { nil: undefined }),
        isCancelled: fc.boolean(),
      })
      .map((e) => ({
        start: new Date(NOW.getTime() + e.startMin * MINUTE + e.gapSec * 1000),
        end: new Date(NOW.getTime() + (e.startMin + e.lengthMin) * MINUTE),
        freeBusy: e.freeBusy,
        isCancelled: e.isCancelled,
        ...(e.isMeeting === undefined ? {} : { isMeeting: e.isMeeting }),
      }));
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 8 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 99 }),
        (events, locked, probePercent) => {
          const base = input({ events, idle: { idleSeconds: 0, locked } });
          const p = resolvePresence(base);
          if (p.nextChange === null) return;
          const span = p.nextChange.getTime() - NOW.getTime();
          expect(span).toBeGreaterThan(0);
          const probe = new Date(NOW.getTime() + Math.floor((span * probePercent) / 100));
          for (const before of [probe, new Date(p.nextChange.getTime() - 1)]) {
            expect(withoutNext(resolvePresence({ ...base, now: before }))).toEqual(withoutNext(p));
          }
          expect(withoutNext(resolvePresence({ ...base, now: p.nextChange }))).not.toEqual(
            withoutNext(p),
          );
        },
      ),
      { numRuns: 200, seed: 20260609 },
    );
  });
});
