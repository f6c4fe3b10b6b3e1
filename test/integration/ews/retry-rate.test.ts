/**
 * Request rates against a failing server, counted by the server itself: a real HTTP server
 * answering every request 503/429 with every kind of Retry-After, and the companion's refresh
 * loop (scheduler + transport) on a fake clock for an hour. No hint may make Beacon storm (ask
 * again at a flat rate) or lock itself out (stay silent longer than the 15-minute cap); the rate
 * falls over time. `test/integration/ews/retry-figures.ts` prints the same runs as a table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SERVER_PAUSE_MS } from '../../../src-main/ews/transport/retry-after.js';
import {
  MINUTE,
  RETRY_AFTER_CASES,
  ScriptedServer,
  httpDate,
  longestSilenceMs,
  measure,
  perMinute,
  perWindow,
} from '../../support/retry-rate.js';

const server = new ScriptedServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

/** One refresh reads three things at once. */
const PER_REFRESH = 3;

describe('request rate against a server that keeps failing', () => {
  it.each(RETRY_AFTER_CASES)(
    '%s: falls over time, never storms, never locks out',
    async (_name, script) => {
      const run = await measure(server, script, 60);
      const minutes = perMinute(run);
      const windows = perWindow(run, 30);
      // It does ask: the first refresh and at least one retry in the first minute.
      expect(minutes[0]).toBeGreaterThanOrEqual(PER_REFRESH);
      // No storm: at most three refreshes in any minute (the first: at once, +15 s, +45 s).
      expect(Math.max(...minutes)).toBeLessThanOrEqual(3 * PER_REFRESH);
      // Falling: the second half-hour sees fewer requests than the first, and few at all.
      expect(windows[1]).toBeLessThan(windows[0] ?? 0);
      expect(windows[1]).toBeLessThanOrEqual(3 * PER_REFRESH);
      // No lock-out: never silent for longer than the cap.
      expect(longestSilenceMs(run)).toBeLessThanOrEqual(MAX_SERVER_PAUSE_MS);
    },
  );

  it('honours a pause within the cap: nothing in the 2 minutes the server asked for', async () => {
    const run = await measure(server, { status: 429, retryAfter: '120', dateHeader: true }, 10);
    const [first, ...rest] = run.requests;
    expect(first).toBe(0);
    expect(rest.filter((at) => at < 2 * MINUTE)).toHaveLength(PER_REFRESH - 1);
    expect(rest.filter((at) => at >= 2 * MINUTE).length).toBeGreaterThan(0);
  });

  it('reads a date against the server clock: a server 3 h fast asking for 2 min gets 2 min', async () => {
    const run = await measure(
      server,
      {
        status: 503,
        retryAfter: (now) => httpDate(now + 2 * MINUTE),
        dateHeader: true,
        serverSkewMs: 3 * 60 * MINUTE,
      },
      10,
    );
    const after = run.requests.filter((at) => at > 0);
    expect(after[0]).toBe(2 * MINUTE);
  });
});
