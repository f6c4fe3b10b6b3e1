/**
 * The one Retry-After reading EWS and Graph share (src-main/mailbox/retry-after.ts; both
 * transports re-export it): seconds, Graph's fractional seconds, HTTP dates against the answer's
 * own Date header, and the no-storm / no-lock-out rules around the hint.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_SERVER_PAUSE_MS,
  honouredPause,
  parseRetryAfter,
  retryWait,
  waitAfterResponse,
} from '../../../src-main/mailbox/retry-after.js';

const NOW = Date.UTC(2026, 10, 27, 9, 0, 0);
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const at = (ms: number): string => new Date(ms).toUTCString();

describe('parseRetryAfter', () => {
  it.each([
    ['absent', undefined, undefined, undefined],
    ['empty', '', undefined, undefined],
    ['blank', '   ', undefined, undefined],
    ['0', '0', undefined, 0],
    ['7', '7', undefined, 7 * SEC],
    ['padded', ' 120 ', undefined, 120 * SEC],
    ['86400', '86400', undefined, 86_400 * SEC],
    ['too many digits for a number', '9'.repeat(40), undefined, Number.MAX_SAFE_INTEGER],
    ['negative', '-5', undefined, undefined],
    // Graph documents its throttling answers with fractional seconds; rounded up to the ms.
    ['a fraction', '1.5', undefined, 1500],
    ["Graph's documented fraction", '2.128', undefined, 2128],
    ['a fraction finer than a millisecond', '0.0001', undefined, 1],
    ['a bare point', '2.', undefined, undefined],
    ['a leading point', '.5', undefined, undefined],
    ['an exponent', '1e12', undefined, undefined],
    ['a word', 'soon', undefined, undefined],
    ['a date-shaped word', 'Someday 12', undefined, undefined],
    ['a date 30 s ahead, no Date header', at(NOW + 30 * SEC), undefined, 30 * SEC],
    ['a date in the past, no Date header', at(NOW - HOUR), undefined, 0],
    ['a date in the past, with Date header', at(NOW - HOUR), at(NOW), 0],
    ['a date a day ahead', at(NOW + 24 * HOUR), at(NOW), 24 * HOUR],
    // The server's clock is 3 h fast: its "in 2 minutes" is 3 h 2 min on our clock.
    ['a fast server clock', at(NOW + 3 * HOUR + 2 * MIN), at(NOW + 3 * HOUR), 2 * MIN],
    ['a slow server clock', at(NOW - 3 * HOUR + 2 * MIN), at(NOW - 3 * HOUR), 2 * MIN],
    ['an unreadable Date header falls back to our clock', at(NOW + MIN), 'yesterday', MIN],
    ['a fraction ignores the Date header', '0.25', at(NOW + HOUR), 250],
  ])('%s', (_what, value, date, expected) => {
    expect(parseRetryAfter(value, date, NOW)).toBe(expected);
  });
});

describe('honouredPause', () => {
  it.each([
    [undefined, undefined],
    [0, undefined],
    [-1, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [1, 1],
    [1.2, 2],
    [2127.2, 2128],
    [MAX_SERVER_PAUSE_MS, MAX_SERVER_PAUSE_MS],
    [MAX_SERVER_PAUSE_MS + 1, undefined],
    [24 * HOUR, undefined],
  ])('%s → %s', (hint, expected) => {
    expect(honouredPause(hint)).toBe(expected);
  });

  it('is 15 minutes', () => {
    expect(MAX_SERVER_PAUSE_MS).toBe(15 * MIN);
  });
});

describe('retryWait', () => {
  it.each([
    ['no hint', undefined, 4 * SEC, 4 * SEC, false],
    ['0', 0, 4 * SEC, 4 * SEC, false],
    ['shorter than our step', 1 * SEC, 4 * SEC, 4 * SEC, false],
    ['equal to our step', 4 * SEC, 4 * SEC, 4 * SEC, false],
    ['longer than our step', 90 * SEC, 4 * SEC, 90 * SEC, true],
    ['exactly the cap', 15 * MIN, 4 * SEC, 15 * MIN, true],
    ['beyond the cap: unavailable, our step', 15 * MIN + 1, 4 * SEC, 4 * SEC, false],
    ['a day: unavailable, our step', 24 * HOUR, 8 * MIN, 8 * MIN, false],
  ])('%s', (_what, hint, step, waitMs, serverAsked) => {
    expect(retryWait(hint, step)).toEqual({ waitMs, serverAsked });
  });
});

describe('waitAfterResponse (headers + our step + cap → wait)', () => {
  const step = 30 * SEC;
  it.each([
    ['Retry-After: 0', '0', at(NOW), step, false],
    ['Retry-After: -5', '-5', at(NOW), step, false],
    ['Retry-After: soon', 'soon', at(NOW), step, false],
    ['Retry-After: 1e12', '1e12', at(NOW), step, false],
    ['Retry-After: 86400', '86400', at(NOW), step, false],
    ['Retry-After: 120', '120', at(NOW), 120 * SEC, true],
    ['a past date', at(NOW - MIN), at(NOW), step, false],
    ['a past date, no Date', at(NOW - MIN), undefined, step, false],
    ['a date a day ahead', at(NOW + 24 * HOUR), at(NOW), step, false],
    ['a date a day ahead, no Date', at(NOW + 24 * HOUR), undefined, step, false],
    [
      '+2 min on a server 3 h fast',
      at(NOW + 3 * HOUR + 2 * MIN),
      at(NOW + 3 * HOUR),
      2 * MIN,
      true,
    ],
    [
      '+2 min on a server 3 h slow',
      at(NOW - 3 * HOUR + 2 * MIN),
      at(NOW - 3 * HOUR),
      2 * MIN,
      true,
    ],
  ])('%s', (_what, retryAfter, date, waitMs, serverAsked) => {
    expect(waitAfterResponse({ retryAfter, date, nowMs: NOW, backoffMs: step })).toEqual({
      waitMs,
      serverAsked,
    });
  });

  it('honours a custom cap', () => {
    expect(
      waitAfterResponse({
        retryAfter: '120',
        date: undefined,
        nowMs: NOW,
        backoffMs: 1,
        capMs: MIN,
      }),
    ).toEqual({ waitMs: 1, serverAsked: false });
  });
});

describe('HTTP date forms', () => {
  it.each([
    ['IMF-fixdate', 'Fri, 27 Nov 2026 09:02:00 GMT'],
    ['RFC 850', 'Friday, 27-Nov-26 09:02:00 GMT'],
    ['asctime', 'Fri Nov 27 09:02:00 2026'],
  ])('reads %s', (_form, value) => {
    expect(parseRetryAfter(value, undefined, NOW)).toBe(2 * MIN);
  });
});
