/**
 * `npm run soak`: 24 simulated hours of the real companion signed in to the simulator, on a fake
 * scheduler clock that the simulator shares. Every 30 minutes a fault through the admin API, in
 * turn: stream-cut, stream-stall, subscription-lost, a 503 with Retry-After, a dropped connection;
 * between faults a meeting moved behind the client's back, which must reach the Snapshot (the
 * proof that the feed recovered). The simulator's ConnectionTimeout minute is shortened, so the
 * stream is re-opened often and each fault meets a real request. Per simulated hour: requests,
 * timers (the fake clock's and Node's), open sockets, heap used and RSS (this process holds the
 * simulator too), then RSS growth first → last hour, the requests trend and every recovery.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCompanion } from '../../src-main/core/companion/index.js';
import { startSimulator } from '../../src-main/sim/index.js';
import { SimAdmin, type FaultRequest } from '../support/sim-admin.js';
import { FakeSchedulerClock } from '../unit/core/fake-scheduler-clock.js';
import { markdownTable, median } from './stats.js';

const ALEX = 'alex@beacon.test';
const HOUR = 3_600_000;
const HOURS = Number(process.env.SOAK_HOURS ?? 24);
const FAULTS: [string, FaultRequest][] = [
  ['stream-cut', { operation: 'GetStreamingEvents', kind: 'stream-cut' }],
  ['stream-stall', { operation: 'GetStreamingEvents', kind: 'stream-stall' }],
  ['subscription-lost', { operation: 'GetStreamingEvents', kind: 'subscription-lost' }],
  [
    '503 Retry-After',
    { operation: 'GetStreamingEvents', kind: 'status', status: 503, retryAfterSeconds: 30 },
  ],
  ['dropped connection', { operation: 'GetStreamingEvents', kind: 'reset' }],
];
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

const start = Date.UTC(2025, 5, 10, 6, 0, 0);
const clock = new FakeSchedulerClock(start);
const sim = await startSimulator({
  now: () => new Date(clock.now()),
  strict: false,
  notifications: { heartbeatMs: 200, minuteMs: 100 },
});
const admin = new SimAdmin(sim);
const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-soak-'));
const companion = await createCompanion({
  dataDir,
  timeZone: 'America/Los_Angeles',
  locale: 'en-GB',
  clock,
  openExternal: () => undefined,
  startDemoMailbox: () =>
    Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
  liveUpdates: { heartbeatIntervalMs: 200 },
});
companion.start();
await companion.whenIdle();
const signedIn = await companion.execute({
  type: 'sign-in',
  mailbox: ALEX,
  password: sim.users[0]?.password ?? '',
  ewsUrl: sim.ewsUrl,
});
if (!signedIn.ok) throw new Error('sign-in failed');
const streaming = (): boolean => companion.getSnapshot().connection.updates?.mode === 'streaming';
if (!(await until(streaming, 30_000))) throw new Error('no stream after sign-in');
await admin.clearRequests();

const rows: string[][] = [];
const rss: number[] = [];
const perHour: number[] = [];
const recoveries: {
  fault: string;
  consumed: boolean;
  recovered: boolean;
  ms: number;
  resubscribes: number;
}[] = [];
let moved = 0;
const realStart = Date.now();
for (let hour = 1; hour <= HOURS; hour++) {
  for (const half of [0, 1]) {
    const slot = (hour - 1) * 2 + half;
    const chosen = FAULTS[slot % FAULTS.length];
    if (chosen === undefined) throw new Error('no fault');
    const [name, fault] = chosen;
    await admin.inject(fault);
    const injected = Date.now();
    // Half an hour passes on the shared clock, timers firing in order.
    await clock.advanceTo(start + (slot + 1) * (HOUR / 2), () => companion.whenIdle());
    // The fault is consumed when the stream is next opened; then a moved meeting must arrive.
    const consumed = await until(async () => (await admin.faults()).length === 0, 20_000);
    await admin.clearFaults();
    const entry = (await admin.calendar(ALEX)).find((e) => e.subject === 'Architecture brown-bag');
    if (entry === undefined) throw new Error('no brown-bag');
    const to = Date.parse(entry.start) + (moved % 2 === 0 ? 1 : -1) * 15 * 60_000;
    moved++;
    await admin.moveCalendarItem(ALEX, entry.id, {
      start: new Date(to),
      end: new Date(to + 1_800_000),
    });
    const iso = new Date(to).toISOString();
    const recovered = await until(async () => {
      await clock.advanceTo(clock.now() + 5_000, () => companion.whenIdle());
      return (
        streaming() && companion.getSnapshot().agenda.find((a) => a.id === entry.id)?.start === iso
      );
    }, 30_000);
    const log = await admin.requests();
    recoveries.push({
      fault: name,
      consumed,
      recovered,
      ms: Date.now() - injected,
      resubscribes: log.filter((r) => r.operation === 'Subscribe' && r.atMs >= injected).length,
    });
  }
  await clock.advanceTo(start + hour * HOUR, () => companion.whenIdle());
  const log = await admin.requests();
  await admin.clearRequests();
  gc();
  const memory = process.memoryUsage();
  const resources = process.getActiveResourcesInfo();
  const requests = log.length;
  perHour.push(requests);
  rss.push(memory.rss);
  rows.push([
    String(hour),
    String(requests),
    String(log.filter((r) => r.operation === 'GetStreamingEvents').length),
    `${String(clock.pending().length)} / ${String(resources.filter((r) => r === 'Timeout').length)}`,
    String(resources.filter((r) => r === 'TCPSocketWrap').length),
    `${(memory.heapUsed / 1048576).toFixed(1)} MB`,
    `${(memory.rss / 1048576).toFixed(1)} MB`,
  ]);
  process.stderr.write(
    `hour ${String(hour)} done after ${String(Math.round((Date.now() - realStart) / 1000))} s\n`,
  );
}
await companion.stop();
await admin.close();
await sim.close();
await rm(dataDir, { recursive: true, force: true });

const first = rss[0] ?? 0;
const last = rss.at(-1) ?? 0;
const half = Math.floor(perHour.length / 2);
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
console.log(
  `\nSoak — ${String(HOURS)} simulated hours, a fault every 30 min (${String(Math.round((Date.now() - realStart) / 1000))} s real)\n`,
);
console.log(
  markdownTable(
    [
      'hour',
      'requests',
      'GetStreamingEvents',
      'timers (clock / Node)',
      'sockets (both ends)',
      'heap used',
      'RSS',
    ],
    rows,
  ),
);
console.log(
  `\nRSS first → last hour: ${(first / 1048576).toFixed(1)} → ${(last / 1048576).toFixed(1)} MB (${(((last - first) / first) * 100).toFixed(1)} %, target ≤ 5 %)`,
);
console.log(
  `Requests per hour: first half mean ${mean(perHour.slice(0, half)).toFixed(1)}, second half ${mean(perHour.slice(half)).toFixed(1)}`,
);
console.log('\nRecovery after each fault kind (stream back and a moved meeting in the Snapshot)\n');
console.log(
  markdownTable(
    [
      'fault',
      'injected',
      'met a request',
      'recovered',
      'injected → move shown, median real ms',
      'Subscribe after it (median)',
    ],
    FAULTS.map(([name]) => {
      const mine = recoveries.filter((r) => r.fault === name);
      if (mine.length === 0) return [name, '0', '0', '0', '', ''];
      return [
        name,
        String(mine.length),
        String(mine.filter((r) => r.consumed).length),
        String(mine.filter((r) => r.recovered).length),
        String(Math.round(median(mine.map((r) => r.ms)))),
        String(median(mine.map((r) => r.resubscribes))),
      ];
    }),
  ),
);
if (recoveries.some((r) => !r.recovered || !r.consumed)) process.exitCode = 1;
