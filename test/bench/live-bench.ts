/**
 * Live updates, measured against the simulator with a whole companion signed in as Exchange:
 * - P2: a meeting moved through the admin API → the Snapshot's agenda shows the new start, for
 *   30 moves, median and p95, with streaming (real time; each move 2.5–4 s after the last one
 *   showed, one change at a time as a person makes them, and again back to back, where the
 *   2 s coalescing window holds each move) and with streaming refused (pull every minute; each
 *   move at a random point of that minute). Pull's waits pass on a clock that skips
 *   them, so the run is short but each latency is in product time: real network and refresh
 *   time plus every wait at its full length.
 * - P3: requests an idle account sends in each of 6 simulated hours on the fake clock, beside
 *   its streaming connection, and what polling every quarter hour costs instead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCompanion, type Companion } from '../../src-main/core/companion/index.js';
import type { SchedulerClock } from '../../src-main/core/scheduler.js';
import { startSimulator, type RunningSimulator } from '../../src-main/sim/index.js';
import { SimAdmin } from '../support/sim-admin.js';
import { FakeSchedulerClock } from '../unit/core/fake-scheduler-clock.js';
import { markdownTable, median } from './stats.js';

const ALEX = 'alex@beacon.test';
const NOW = new Date('2025-06-10T17:07:00Z');
const MOVES = 30;
const HOURS = 6;
const HOUR = 3_600_000;
/** Waits pass this many times faster than real time on the skipping clock. */
const SKIP = 50;

function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
}

/**
 * Real time, except that a timer's wait passes SKIP times faster and then the clock jumps to
 * the timer's instant: the code sees every wait at its full length, the bench does not sit them.
 */
class SkippingClock implements SchedulerClock {
  /** Starts at the simulator's day, whose seed the agenda shows. */
  private offset = NOW.getTime() - Date.now();
  /** `skip` 1: real time (only shifted to the simulator's day). */
  constructor(private readonly skip: number) {}
  now(): number {
    return Date.now() + this.offset;
  }
  setTimer(at: number, fn: () => void): () => void {
    const timer = setTimeout(
      () => {
        const behind = at - this.now();
        if (behind > 0) this.offset += behind;
        fn();
      },
      Math.max(0, at - this.now()) / this.skip,
    );
    return () => {
      clearTimeout(timer);
    };
  }
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Run {
  sim: RunningSimulator;
  admin: SimAdmin;
  companion: Companion;
  close(): Promise<void>;
}

async function signedIn(
  clock: SchedulerClock,
  before?: (admin: SimAdmin) => Promise<void>,
): Promise<Run> {
  const sim = await startSimulator({ now: () => NOW, strict: false });
  const admin = new SimAdmin(sim);
  await before?.(admin);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-live-bench-'));
  const companion = await createCompanion({
    dataDir,
    timeZone: 'America/Los_Angeles',
    locale: 'en-GB',
    clock,
    openExternal: () => undefined,
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
  });
  companion.start();
  await companion.whenIdle();
  const password = sim.users[0]?.password ?? '';
  const result = await companion.execute({
    type: 'sign-in',
    mailbox: ALEX,
    password,
    ewsUrl: sim.ewsUrl,
  });
  if (!result.ok) throw new Error('sign-in failed');
  return {
    sim,
    admin,
    companion,
    close: async () => {
      await companion.stop();
      await admin.close();
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** P2: product-time latency of each move until the agenda shows it. */
async function moveLatencies(refuseStreaming: boolean, backToBack = false): Promise<number[]> {
  // Streaming waits only the debounce: real time, so no other timer's jump enters a latency.
  const clock = new SkippingClock(refuseStreaming ? SKIP : 1);
  const run = await signedIn(clock, async (admin) => {
    if (refuseStreaming)
      await admin.inject({ operation: 'Subscribe', kind: 'soap-fault', count: 1 });
  });
  try {
    const want = refuseStreaming ? 'pull' : 'streaming';
    await until(() => run.companion.getSnapshot().connection.updates?.mode === want);
    const entry = (await run.admin.calendar(ALEX)).find(
      (e) => e.subject === 'Architecture brown-bag',
    );
    if (entry === undefined) throw new Error('no brown-bag');
    const latencies: number[] = [];
    let start = Date.parse(entry.start);
    for (let i = 0; i < MOVES; i += 1) {
      start += (i % 2 === 0 ? 1 : -1) * 15 * 60_000;
      const iso = new Date(start).toISOString();
      // Each move at a random point of the minute between two GetEvents (product time).
      if (refuseStreaming)
        await new Promise<void>((resolve) => {
          clock.setTimer(clock.now() + Math.random() * 60_000, resolve);
        });
      // Streaming: a change on its own, past the last refresh's coalescing window.
      else if (!backToBack)
        await new Promise<void>((resolve) => {
          clock.setTimer(clock.now() + 2_500 + Math.random() * 1_500, resolve);
        });
      const movedAt = clock.now();
      const moved = await run.admin.moveCalendarItem(ALEX, entry.id, {
        start: new Date(start),
        end: new Date(start + 30 * 60_000),
      });
      if (moved.id !== entry.id) throw new Error('the move changed the id');
      await until(
        () => run.companion.getSnapshot().agenda.find((a) => a.id === entry.id)?.start === iso,
      );
      latencies.push(clock.now() - movedAt);
      await run.companion.whenIdle();
    }
    return latencies;
  } finally {
    await run.close();
  }
}

/** P3: requests in each simulated hour, beside the streaming connection. */
async function idleRequests(refuseAll: boolean): Promise<number[]> {
  const clock = new FakeSchedulerClock(NOW.getTime());
  const run = await signedIn(clock, async (admin) => {
    if (refuseAll) await admin.inject({ operation: 'Subscribe', kind: 'soap-fault', count: 2 });
  });
  try {
    if (refuseAll) {
      await until(() => false, 1000).catch(() => undefined); // both refusals answered
    } else {
      await until(() => run.companion.getSnapshot().connection.updates?.mode === 'streaming');
    }
    await run.admin.clearRequests();
    const start = clock.now();
    const perHour: number[] = [];
    for (let hour = 1; hour <= HOURS; hour += 1) {
      await clock.advanceTo(start + hour * HOUR, () => run.companion.whenIdle());
      const sent = (await run.admin.requests()).map((r) => r.operation);
      await run.admin.clearRequests();
      perHour.push(sent.filter((op) => op !== 'GetStreamingEvents').length);
    }
    return perHour;
  } finally {
    await run.close();
  }
}

const ms = (value: number): string => `${String(Math.round(value))} ms`;
const streaming = await moveLatencies(false);
const storm = await moveLatencies(false, true);
const pull = await moveLatencies(true);
console.log('\nP2 — meeting moved in Exchange → Snapshot (30 moves, product time)\n');
console.log(
  markdownTable(
    ['mode', 'median', 'p95', 'max'],
    [
      ['streaming', ms(median(streaming)), ms(p95(streaming)), ms(Math.max(...streaming))],
      ['streaming, moves back to back', ms(median(storm)), ms(p95(storm)), ms(Math.max(...storm))],
      ['pull (streaming refused)', ms(median(pull)), ms(p95(pull)), ms(Math.max(...pull))],
    ],
  ),
);

const live = await idleRequests(false);
const polling = await idleRequests(true);
const mean = (values: number[]): string =>
  (values.reduce((a, b) => a + b, 0) / values.length).toFixed(1);
console.log(`\nP3 — requests per hour, idle account, ${String(HOURS)} simulated hours\n`);
console.log(
  markdownTable(
    ['mode', 'requests in each hour', 'mean'],
    [
      ['streaming', live.join(' '), mean(live)],
      ['polling (both refused)', polling.join(' '), mean(polling)],
    ],
  ),
);
console.log(
  '\nStreaming also holds one GetStreamingEvents connection, opened again every 30 min ' +
    '(ConnectionTimeout); fake time passes too fast here for the server to close it.',
);
