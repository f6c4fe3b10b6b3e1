/**
 * Counts how often Beacon asks a failing server again. A real HTTP server on a random port answers
 * every request with one scripted failure (503/429 and a Retry-After header, with or without a
 * Date header, its clock optionally skewed); the companion's refresh loop — the real
 * RefreshScheduler driving a real EwsTransport with the companion's transport policy (one attempt,
 * no waiting inside the transport) and three reads per refresh, as the companion does — runs
 * against it on a fake clock. The result is the instant of every request the server saw.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ThrottledError } from '../../src-main/ews/errors.js';
import { BasicAuth } from '../../src-main/ews/auth.js';
import { EwsTransport } from '../../src-main/ews/transport/ews-transport.js';
import { transportClockFrom } from '../../src-main/core/companion/transport-clock.js';
import { RefreshScheduler } from '../../src-main/core/scheduler.js';
import { FakeSchedulerClock } from '../unit/core/fake-scheduler-clock.js';

export const MINUTE = 60_000;

/** What the scripted server answers, given its own idea of the time. */
export interface FailureScript {
  status: 429 | 503;
  /** The Retry-After value, or a function of the server's clock (for HTTP dates). */
  retryAfter?: string | ((serverNow: number) => string);
  /** Whether the answer carries a Date header (from the server's clock). */
  dateHeader: boolean;
  /** How far the server's clock runs ahead of ours. */
  serverSkewMs?: number;
}

export interface RateRun {
  /** Fake-clock instants of every request, relative to the start. */
  requests: number[];
  minutes: number;
}

export const httpDate = (ms: number): string => new Date(ms).toUTCString();

export class ScriptedServer {
  private server: Server | undefined;
  url = '';
  now: () => number = () => Date.now();
  script: FailureScript = { status: 503, dateHeader: true };
  readonly seen: number[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const ours = this.now();
        this.seen.push(ours);
        const serverNow = ours + (this.script.serverSkewMs ?? 0);
        const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
        if (this.script.dateHeader) headers.Date = httpDate(serverNow);
        const { retryAfter } = this.script;
        if (retryAfter !== undefined)
          headers['Retry-After'] =
            typeof retryAfter === 'string' ? retryAfter : retryAfter(serverNow);
        // Node adds its own Date header unless told not to.
        res.sendDate = false;
        res.writeHead(this.script.status, headers);
        res.end('busy');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/EWS/Exchange.asmx`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** Real time to wait for a refresh to settle before moving fake time on regardless. */
const SETTLE_LIMIT_MS = 2_000;

/**
 * Runs the refresh loop against `server` (already started) for `minutes` of fake time and returns
 * when the server saw requests. A fresh transport and scheduler per run: nothing carries over.
 */
export async function measure(
  server: ScriptedServer,
  script: FailureScript,
  minutes: number,
): Promise<RateRun> {
  const start = Date.UTC(2026, 10, 27, 9, 1, 0);
  const clock = new FakeSchedulerClock(start);
  server.script = script;
  server.now = () => clock.now();
  server.seen.length = 0;
  const transport = new EwsTransport({
    url: server.url,
    auth: new BasicAuth('alex@beacon.test', 'pw'),
    maxAttempts: 1,
    maxPauseWaitMs: 0,
    timeoutMs: 5_000,
    clock: transportClockFrom(clock),
  });
  const read = (): Promise<void> => transport.send('Ping', '<x/>', () => undefined);
  const scheduler = new RefreshScheduler({
    clock,
    refresh: async () => {
      // Like the companion: OOF, calendar and free/busy at once; the cause beats a mere pause.
      const results = await Promise.allSettled([read(), read(), read()]);
      const failures = results.flatMap((r) =>
        r.status === 'rejected' ? [r.reason as unknown] : [],
      );
      if (failures.length > 0)
        throw failures.find((e) => !(e instanceof ThrottledError)) ?? failures[0];
    },
  });
  const settle = (): Promise<void> =>
    Promise.race([
      scheduler.whenIdle(),
      new Promise<void>((resolve) => setTimeout(resolve, SETTLE_LIMIT_MS).unref()),
    ]);
  try {
    scheduler.start();
    await settle();
    await clock.advanceTo(start + minutes * MINUTE, settle);
  } finally {
    scheduler.stop();
    await transport.close();
  }
  return { requests: server.seen.map((at) => at - start), minutes };
}

/** Requests in each minute of the run. */
export function perMinute(run: RateRun): number[] {
  const counts = new Array<number>(run.minutes).fill(0);
  for (const at of run.requests) {
    const minute = Math.floor(at / MINUTE);
    if (minute < run.minutes) counts[minute] = (counts[minute] ?? 0) + 1;
  }
  return counts;
}

/** Requests in each `size`-minute window of the run. */
export function perWindow(run: RateRun, size: number): number[] {
  const counts = perMinute(run);
  const windows: number[] = [];
  for (let i = 0; i < counts.length; i += size)
    windows.push(counts.slice(i, i + size).reduce((a, b) => a + b, 0));
  return windows;
}

/** The longest stretch with no request, counting the end of the run as a request. */
export function longestSilenceMs(run: RateRun): number {
  let longest = 0;
  let previous = 0;
  for (const at of [...run.requests, run.minutes * MINUTE]) {
    longest = Math.max(longest, at - previous);
    previous = at;
  }
  return longest;
}

const HOUR = 60 * MINUTE;

/** Every kind of Retry-After a server may send, good and bad. */
export const RETRY_AFTER_CASES: readonly (readonly [string, FailureScript])[] = [
  ['503, no Retry-After', { status: 503, dateHeader: true }],
  ['503, Retry-After: 0', { status: 503, retryAfter: '0', dateHeader: true }],
  ['503, Retry-After: -5', { status: 503, retryAfter: '-5', dateHeader: true }],
  ['503, Retry-After: soon', { status: 503, retryAfter: 'soon', dateHeader: true }],
  ['429, Retry-After: 120', { status: 429, retryAfter: '120', dateHeader: true }],
  ['503, Retry-After: 86400', { status: 503, retryAfter: '86400', dateHeader: true }],
  ['503, Retry-After: 1e12', { status: 503, retryAfter: '1e12', dateHeader: true }],
  [
    '503, Retry-After: 999999999999 (seconds)',
    { status: 503, retryAfter: '999999999999', dateHeader: true },
  ],
  [
    '503, date 1 h in the past, with Date',
    { status: 503, retryAfter: (now) => httpDate(now - HOUR), dateHeader: true },
  ],
  [
    '503, date 1 h in the past, no Date',
    { status: 503, retryAfter: (now) => httpDate(now - HOUR), dateHeader: false },
  ],
  [
    '503, date 1 day ahead, with Date',
    { status: 503, retryAfter: (now) => httpDate(now + 24 * HOUR), dateHeader: true },
  ],
  [
    '503, date 1 day ahead, no Date',
    { status: 503, retryAfter: (now) => httpDate(now + 24 * HOUR), dateHeader: false },
  ],
  [
    '503, date +2 min, server clock 3 h fast, with Date',
    {
      status: 503,
      retryAfter: (now) => httpDate(now + 2 * MINUTE),
      dateHeader: true,
      serverSkewMs: 3 * HOUR,
    },
  ],
  [
    '503, date +2 min, server clock 3 h slow, with Date',
    {
      status: 503,
      retryAfter: (now) => httpDate(now + 2 * MINUTE),
      dateHeader: true,
      serverSkewMs: -3 * HOUR,
    },
  ],
  [
    '429, date +2 min, no Date',
    { status: 429, retryAfter: (now) => httpDate(now + 2 * MINUTE), dateHeader: false },
  ],
];
