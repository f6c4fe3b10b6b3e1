import { describe, expect, it } from 'vitest';
import {
  READ_AHEAD_LIMIT_MS,
  READ_AHEAD_STEP_MS,
  readAhead,
  type PresenceEvent,
} from '../../../src-main/presence/index.js';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-06-09T10:00:00Z');
const MIDNIGHT = Date.parse('2026-06-09T00:00:00Z');
/** The first read: local midnight to the end of tomorrow. */
const FIRST_END = MIDNIGHT + 2 * D;

const ev = (
  start: number,
  end: number,
  freeBusy: PresenceEvent['freeBusy'] = 'Busy',
): PresenceEvent => ({ start: new Date(start), end: new Date(end), freeBusy });

/** One all-day item per day, from the day of `from` for `days` days. */
const dayByDay = (from: number, days: number, freeBusy: PresenceEvent['freeBusy'] = 'Busy') =>
  Array.from({ length: days }, (_, i) => ev(from + i * D, from + (i + 1) * D, freeBusy));

describe('readAhead: whether the calendar read reaches far enough', () => {
  it('stops when the run ends today and the next busy start is inside the read', () => {
    const events = [ev(NOW - H, NOW + H), ev(NOW + 3 * H, NOW + 4 * H)];
    expect(readAhead({ now: NOW, readTo: FIRST_END, events })).toEqual({
      done: true,
      reason: 'run-and-next-start-known',
    });
  });

  it('stops when free now and a busy item starts tomorrow', () => {
    const events = [ev(MIDNIGHT + D + 9 * H, MIDNIGHT + D + 10 * H)];
    expect(readAhead({ now: NOW, readTo: FIRST_END, events }).done).toBe(true);
  });

  it('reads a week more when a day-by-day conference reaches the end of the read', () => {
    const events = dayByDay(MIDNIGHT, 5);
    expect(readAhead({ now: NOW, readTo: FIRST_END, events })).toEqual({
      done: false,
      reason: 'run-continues',
      from: FIRST_END,
      to: FIRST_END + READ_AHEAD_STEP_MS,
    });
    // After the second read the run ends on day 5 and nothing starts after it: next start unknown.
    const second = readAhead({ now: NOW, readTo: FIRST_END + READ_AHEAD_STEP_MS, events });
    expect(second).toEqual({
      done: false,
      reason: 'next-start-unknown',
      from: FIRST_END + READ_AHEAD_STEP_MS,
      to: NOW + READ_AHEAD_LIMIT_MS,
    });
    const withNext = [...events, ev(MIDNIGHT + 7 * D + 9 * H, MIDNIGHT + 7 * D + 10 * H)];
    expect(
      readAhead({ now: NOW, readTo: FIRST_END + READ_AHEAD_STEP_MS, events: withNext }),
    ).toEqual({ done: true, reason: 'run-and-next-start-known' });
  });

  it('joins an item that starts less than a minute after the read ends', () => {
    const events = [ev(NOW - H, FIRST_END - 30_000)];
    expect(readAhead({ now: NOW, readTo: FIRST_END, events }).reason).toBe('run-continues');
    // A whole minute's gap ends the run: only the next start is left to find.
    const gap = [ev(NOW - H, FIRST_END - 60_000)];
    expect(readAhead({ now: NOW, readTo: FIRST_END, events: gap }).reason).toBe(
      'next-start-unknown',
    );
  });

  it('never reads past 14 days, and says so', () => {
    const all = dayByDay(MIDNIGHT, 20);
    const limit = NOW + READ_AHEAD_LIMIT_MS;
    /** What a read up to `to` returns: the items that start before it. */
    const readUpTo = (to: number) => all.filter((e) => e.start.getTime() < to);
    const d = readAhead({
      now: NOW,
      readTo: FIRST_END + READ_AHEAD_STEP_MS,
      events: readUpTo(FIRST_END + READ_AHEAD_STEP_MS),
    });
    expect(d).toEqual({
      done: false,
      reason: 'run-continues',
      from: FIRST_END + READ_AHEAD_STEP_MS,
      to: limit,
    });
    expect(readAhead({ now: NOW, readTo: limit, events: readUpTo(limit) })).toEqual({
      done: true,
      reason: 'limit',
    });
  });

  it('stops at once when an automatic reply with no end holds now', () => {
    expect(
      readAhead({ now: NOW, readTo: FIRST_END, events: [], oof: { state: 'Enabled' } }),
    ).toEqual({ done: true, reason: 'limit' });
  });

  it('follows OOF calendar items that continue a scheduled automatic reply', () => {
    const oof = {
      state: 'Scheduled' as const,
      start: new Date(NOW - D),
      end: new Date(MIDNIGHT + 3 * D),
    };
    // The reply window ends after the first read: the run goes on past it.
    expect(readAhead({ now: NOW, readTo: FIRST_END, events: [], oof }).reason).toBe(
      'run-continues',
    );
    const items = dayByDay(MIDNIGHT + 3 * D, 2, 'OOF');
    const d = readAhead({ now: NOW, readTo: FIRST_END + READ_AHEAD_STEP_MS, events: items, oof });
    expect(d.reason).toBe('next-start-unknown');
  });

  it('ignores tentative, free, cancelled and declined items (they are no run and no start)', () => {
    const events: PresenceEvent[] = [
      ev(NOW + H, NOW + 2 * H, 'Tentative'),
      ev(NOW + 3 * H, NOW + 4 * H, 'Free'),
      { ...ev(NOW + 5 * H, NOW + 6 * H), isCancelled: true },
      { ...ev(NOW + 7 * H, NOW + 8 * H), declined: true },
    ];
    expect(readAhead({ now: NOW, readTo: FIRST_END, events }).reason).toBe('next-start-unknown');
  });

  it('looks for the next busy start only as far as asked', () => {
    const events = [ev(NOW - H, NOW + H)];
    const near = { now: NOW, readTo: NOW + 9 * H, events, nextStartWithinMs: 8 * H };
    expect(readAhead(near).done).toBe(true);
    expect(readAhead({ ...near, readTo: NOW + 8 * H }).reason).toBe('next-start-unknown');
    // The run itself is still followed to its end whatever the next-start reach.
    const run = dayByDay(MIDNIGHT, 3);
    expect(
      readAhead({ now: NOW, readTo: FIRST_END, events: run, nextStartWithinMs: 8 * H }).reason,
    ).toBe('run-continues');
  });

  it('an empty calendar is read to the limit in two more steps, then stops', () => {
    let readTo = FIRST_END;
    const windows: Array<[number, number]> = [];
    for (let d = readAhead({ now: NOW, readTo, events: [] }); !d.done;) {
      windows.push([d.from, d.to]);
      readTo = d.to;
      d = readAhead({ now: NOW, readTo, events: [] });
    }
    expect(windows).toEqual([
      [FIRST_END, FIRST_END + READ_AHEAD_STEP_MS],
      [FIRST_END + READ_AHEAD_STEP_MS, NOW + READ_AHEAD_LIMIT_MS],
    ]);
  });
});
