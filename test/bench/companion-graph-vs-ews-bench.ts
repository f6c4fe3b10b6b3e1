/**
 * The whole companion over EWS against the whole companion over Graph, on the same seeded mailbox
 * (graph-vs-ews-sim.ts: the demo seed with 50 colleagues and Nestor's 5,000 meetings; Alex is
 * measured), one simulator in this process, requests from its log and bytes from its sockets
 * (wire-meter.ts). An Exchange account already signed in (settings, bookmarks and the cached
 * Snapshot on disk, as a running Beacon leaves them) is started RUNS times per protocol, the two
 * interleaved:
 * - start → first Snapshot: `start()` until the Snapshot carries a refresh of this run (wall
 *   clock), and the requests and bytes sent until then (EWS: its subscription's Subscribe,
 *   GetFolder and the opening of the stream included);
 * - the first refresh with its follow-ups: until the companion is idle (voicemail details; no
 *   audio: the core fetches a recording only when asked);
 * - idle hours: the fake scheduler clock moved IDLE_HOURS on, nothing changed in the mailbox, every
 *   timed refresh counted (Graph, polling: each quarter hour and each presence edge; EWS,
 *   streaming: the hourly poll); per refresh and per hour. EWS's stream (its heartbeats run on
 *   real time) is not in these figures.
 * - a refresh that reads everything (the user's Refresh; what every Graph poll read before it
 *   asked the delta first).
 * Medians of RUNS runs after one warm-up each. The companion's clock is a fake one (so a poll can
 * be asked for); the times are the real clock's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend } from '../../src-main/backends/index.js';
import type { ConnectOptions, MailboxConnection } from '../../src-main/core/companion/account.js';
import { createCompanion, type Companion } from '../../src-main/core/companion/index.js';
import { FakeSchedulerClock } from '../unit/core/fake-scheduler-clock.js';
import { ALEX, startBenchSimulator } from './graph-vs-ews-sim.js';
import { markdownTable, median } from './stats.js';
import type { WireCount } from './wire-meter.js';

const RUNS = Math.max(3, Number(process.env.BENCH_COMPANION_GRAPH_VS_EWS_RUNS ?? 5));
const NOW = new Date();
const ZONE = 'America/Los_Angeles';
const HOUR = 3_600_000;
const IDLE_HOURS = 4;
type Face = 'ews' | 'graph';
const FACES: readonly Face[] = ['ews', 'graph'];

const sim = await startBenchSimulator(NOW);
const { password, token } = sim.credentials(ALEX);

/** Graph for an Exchange account, as createBackend builds it for the companion. */
function graphConnector(clock: FakeSchedulerClock) {
  return (connect: ConnectOptions): Promise<MailboxConnection> => {
    const backend = createBackend({
      protocol: 'graph',
      mailbox: ALEX,
      baseUrl: sim.graphUrl,
      tokenProvider: () => Promise.resolve(token),
      transportClock: connect.clock,
      now: () => new Date(clock.now()),
    });
    const demo = connect.settings.mailbox === undefined;
    return Promise.resolve({
      backend,
      account: demo
        ? { mode: 'demo', mailbox: ALEX, displayName: 'Alex Wilber', signIn: 'signed-in' }
        : {
            mode: 'exchange',
            mailbox: ALEX,
            displayName: ALEX,
            signIn: 'signing-in',
            protocol: 'graph',
          },
      close: () => backend.close(),
    });
  };
}

/** Each companion's clock starts a second after the last one's: its refresh is told apart. */
let starts = 0;

async function companionFor(face: Face, dataDir: string): Promise<Companion> {
  starts += 1;
  const clock = new FakeSchedulerClock(NOW.getTime() + starts * 1000);
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: 'en-GB',
    clock,
    openExternal: () => undefined,
    secrets: { get: () => Promise.resolve(password) },
    startDemoMailbox: () =>
      Promise.resolve({
        ewsUrl: sim.ewsUrl,
        graphUrl: sim.graphUrl,
        users: [{ email: ALEX, displayName: 'Alex Wilber', password, token }],
        close: () => Promise.resolve(),
      }),
    voicemailPeaksDelayMs: 0,
    ...(face === 'graph' ? { connectMailbox: graphConnector(clock) } : {}),
  });
  clocks.set(companion, clock);
  return companion;
}
const clocks = new WeakMap<Companion, FakeSchedulerClock>();

/** Signs Alex in once, so that every measured start finds the account on disk. */
async function prepared(face: Face): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `beacon-companion-${face}-`));
  const companion = await companionFor(face, dataDir);
  try {
    companion.start();
    await companion.whenIdle();
    const result = await companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password,
      remember: true,
      ...(face === 'ews' ? { ewsUrl: sim.ewsUrl } : {}),
    });
    if (!result.ok) throw new Error(`${face}: sign-in failed: ${JSON.stringify(result.error)}`);
    await companion.whenIdle();
    if (companion.getSnapshot().account.mode !== 'exchange')
      throw new Error(`${face}: not signed in as an Exchange account`);
  } finally {
    await companion.stop();
  }
  return dataDir;
}

interface Run {
  mode: string;
  firstSnapshot: WireCount & { ms: number };
  settled: WireCount & { ms: number };
  /** IDLE_HOURS of an idle mailbox. */
  idle: WireCount;
  /** Refreshes in those hours. */
  refreshes: number;
  /** A refresh that reads everything (Refresh). */
  full: WireCount;
}

function firstFresh(companion: Companion, after: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): boolean => {
      const s = companion.getSnapshot();
      const at = s.connection.lastSuccessAt;
      return at !== undefined && at !== after && s.account.mode === 'exchange';
    };
    if (done()) {
      resolve();
      return;
    }
    const unsubscribe = companion.subscribe(() => {
      if (!done()) return;
      unsubscribe();
      resolve();
    });
  });
}

async function run(face: Face, dataDir: string): Promise<Run> {
  const companion = await companionFor(face, dataDir);
  const clock = clocks.get(companion);
  if (clock === undefined) throw new Error('no clock');
  // The cached Snapshot from the last run says when it was read; this run's must be later.
  const cached = companion.getSnapshot().connection.lastSuccessAt ?? '';
  try {
    const mark = sim.meter.mark();
    const started = performance.now();
    const fresh = firstFresh(companion, cached);
    companion.start();
    await fresh;
    const firstSnapshot = { ...sim.meter.since(mark), ms: performance.now() - started };
    await companion.whenIdle();
    const settled = { ...sim.meter.since(mark), ms: performance.now() - started };
    if (companion.getSnapshot().agenda.length === 0) throw new Error(`${face}: no agenda`);

    // Idle hours on the fake clock: every timed refresh that runs (Graph, polling: the quarter
    // hour and the presence edges; EWS, streaming: the hour), nothing changed in the mailbox.
    const mode = companion.getSnapshot().connection.updates?.mode;
    const idleMark = sim.meter.mark();
    let last = companion.getSnapshot().connection.lastSuccessAt;
    let refreshes = 0;
    const unsubscribe = companion.subscribe((snapshot) => {
      if (snapshot.connection.lastSuccessAt === last) return;
      last = snapshot.connection.lastSuccessAt;
      refreshes += 1;
    });
    await clock.advanceTo(clock.now() + IDLE_HOURS * HOUR, () => companion.whenIdle());
    await companion.whenIdle();
    unsubscribe();
    if (refreshes === 0) throw new Error(`${face}: no poll ran`);
    const idle = sim.meter.since(idleMark);
    // The stream's request is open throughout: it is not the polls'.
    const operations = idle.operations.filter((op) => op !== 'GetStreamingEvents');
    // What a poll cost when it read everything (and what Refresh costs): the user's refresh.
    const fullMark = sim.meter.mark();
    await companion.refreshNow();
    const full = sim.meter.since(fullMark);
    const fullOperations = full.operations.filter((op) => op !== 'GetStreamingEvents');
    return {
      mode: mode ?? 'none',
      firstSnapshot,
      settled,
      idle: { ...idle, operations, requests: operations.length },
      refreshes,
      full: { ...full, operations: fullOperations, requests: fullOperations.length },
    };
  } finally {
    await companion.stop();
  }
}

const dirs: Record<Face, string> = { ews: await prepared('ews'), graph: await prepared('graph') };
const runs: Record<Face, Run[]> = { ews: [], graph: [] };
for (const face of FACES) await run(face, dirs[face]); // warm-up
for (let i = 0; i < RUNS; i += 1) {
  const order = i % 2 === 0 ? FACES : [...FACES].reverse();
  for (const face of order) runs[face].push(await run(face, dirs[face]));
}
await Promise.all(FACES.map((face) => rm(dirs[face], { recursive: true, force: true })));
await sim.close();

const one = (face: Face): Run | undefined => runs[face][0];
const med = (face: Face, pick: (r: Run) => number): number => median(runs[face].map(pick));
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (graph: number, ews: number): string =>
  ews === 0 ? '–' : `${(graph / ews).toFixed(2)}×`;

interface Column {
  name: string;
  pick: (r: Run) => number;
  show: (v: number) => string;
}
const columns: Column[] = [
  { name: 'start → Snapshot', pick: (r) => r.firstSnapshot.ms, show: (v) => `${v.toFixed(0)} ms` },
  { name: 'requests', pick: (r) => r.firstSnapshot.requests, show: String },
  {
    name: 'bytes (req + resp)',
    pick: (r) => r.firstSnapshot.requestBytes + r.firstSnapshot.responseBytes,
    show: kb,
  },
  { name: 'until idle', pick: (r) => r.settled.ms, show: (v) => `${v.toFixed(0)} ms` },
  { name: 'requests', pick: (r) => r.settled.requests, show: String },
  {
    name: 'bytes',
    pick: (r) => r.settled.requestBytes + r.settled.responseBytes,
    show: kb,
  },
  {
    name: 'idle poll: requests',
    pick: (r) => r.idle.requests / r.refreshes,
    show: (v) => v.toFixed(1),
  },
  {
    name: 'bytes',
    pick: (r) => (r.idle.requestBytes + r.idle.responseBytes) / r.refreshes,
    show: kb,
  },
  { name: 'full read: requests', pick: (r) => r.full.requests, show: String },
  { name: 'bytes', pick: (r) => r.full.requestBytes + r.full.responseBytes, show: kb },
  { name: 'polls an hour', pick: (r) => r.refreshes / IDLE_HOURS, show: (v) => v.toFixed(1) },
  {
    name: 'idle hour: requests',
    pick: (r) => r.idle.requests / IDLE_HOURS,
    show: (v) => v.toFixed(1),
  },
  {
    name: 'bytes',
    pick: (r) => (r.idle.requestBytes + r.idle.responseBytes) / IDLE_HOURS,
    show: kb,
  },
];

function breakdown(operations: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const op of operations) counts.set(op, (counts.get(op) ?? 0) + 1);
  return [...counts].map(([op, n]) => `${op} ×${String(n)}`).join(', ');
}

console.log(
  `\nThe companion over EWS and over Graph, Alex on the same seeded mailbox (${String(RUNS)} ` +
    "starts each, medians; bytes at the simulator's sockets, headers included)\n",
);
console.log(
  markdownTable(
    ['', ...columns.map((c) => c.name)],
    [
      [`EWS (${one('ews')?.mode ?? ''})`, ...columns.map((c) => c.show(med('ews', c.pick)))],
      [`Graph (${one('graph')?.mode ?? ''})`, ...columns.map((c) => c.show(med('graph', c.pick)))],
      ['Graph / EWS', ...columns.map((c) => ratio(med('graph', c.pick), med('ews', c.pick)))],
    ],
  ),
);
console.log(
  `\nRequests of one start (to the first Snapshot), of ${String(IDLE_HOURS)} idle hours and of a full read:\n`,
);
console.log(
  markdownTable(
    ['', 'EWS', 'Graph'],
    [
      [
        'start → Snapshot',
        breakdown(one('ews')?.firstSnapshot.operations ?? []),
        breakdown(one('graph')?.firstSnapshot.operations ?? []),
      ],
      [
        `${String(IDLE_HOURS)} idle hours`,
        breakdown(one('ews')?.idle.operations ?? []),
        breakdown(one('graph')?.idle.operations ?? []),
      ],
      [
        'full read',
        breakdown(one('ews')?.full.operations ?? []),
        breakdown(one('graph')?.full.operations ?? []),
      ],
    ],
  ),
);
