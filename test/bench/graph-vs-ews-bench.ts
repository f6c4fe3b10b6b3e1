/**
 * Graph against EWS for the same seeded mailbox: one simulator in this process (graph-vs-ews-
 * sim.ts), one seed, both faces, the runs of the two interleaved (which goes first alternates)
 * so that the machine's load falls on both alike. Requests come from the simulator's request
 * log, bytes from its server sockets (wire-meter.ts: HTTP headers included, no TLS, no
 * compression on either face); times are the client's wall clock. Medians over RUNS runs after
 * one warm-up each, connections kept open between runs as a running Beacon keeps them.
 *
 * (a) A full refresh of Alex, through each face's MailboxBackend with the core's own pieces
 *     (refresh-reads.ts): OOF, calendar with read-ahead, own free/busy, voicemail list, and 50
 *     contacts' free/busy and mail tips.
 * (b) Time to a Snapshot: the companion signed in over EWS (refresh-now → the new Snapshot),
 *     and the same reads without the contacts through each backend (the whole companion over
 *     either protocol is companion-graph-vs-ews-bench.ts).
 * (c) One moved meeting among Nestor's 5,000 (yesterday to 31 days ahead): EWS SyncFolderItems
 *     from the last bookmark, and Graph's calendarView/delta round from the last deltaLink, each
 *     alone and followed by the refresh the core makes after a calendar change (the calendar to
 *     the end of tomorrow and the user's own free/busy).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend } from '../../src-main/backends/index.js';
import { refreshWindows } from '../../src-main/core/companion/day-window.js';
import { createCompanion } from '../../src-main/core/companion/index.js';
import { systemSchedulerClock } from '../../src-main/core/scheduler.js';
import { BasicAuth } from '../../src-main/ews/auth.js';
import type { MailboxBackend } from '../../src-main/mailbox/backend.js';
import type { FeedMode } from '../../src-main/mailbox/change-feed.js';
import { ALEX, BIG_CALENDAR_ITEMS, NESTOR, startBenchSimulator } from './graph-vs-ews-sim.js';
import { fullRefresh, type RefreshFound } from './refresh-reads.js';
import { markdownTable, median } from './stats.js';
import type { WireCount } from './wire-meter.js';

const RUNS = Math.max(15, Number(process.env.BENCH_GRAPH_VS_EWS_RUNS ?? 15));
const NOW = new Date();
const ALEX_ZONE = 'America/Los_Angeles';
const NESTOR_ZONE = 'America/New_York';
type Face = 'ews' | 'graph';
const FACES: readonly Face[] = ['ews', 'graph'];

interface Sample extends WireCount {
  ms: number;
}

const sim = await startBenchSimulator(NOW);

function backendFor(face: Face, email: string): MailboxBackend {
  const { password, token } = sim.credentials(email);
  return face === 'ews'
    ? createBackend({
        protocol: 'ews',
        url: sim.ewsUrl,
        mailbox: email,
        auth: new BasicAuth(email, password),
      })
    : createBackend({
        protocol: 'graph',
        mailbox: email,
        baseUrl: sim.graphUrl,
        tokenProvider: () => Promise.resolve(token),
        now: () => NOW,
      });
}

/** Runs `work` once, counted at the simulator and timed at the client. */
async function measured<T>(work: () => Promise<T>): Promise<{ sample: Sample; value: T }> {
  const mark = sim.meter.mark();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  return { sample: { ms, ...sim.meter.since(mark) }, value };
}

/** Both faces, warm-up first, then RUNS rounds with the first face alternating. */
async function interleaved(
  round: (face: Face) => Promise<Sample>,
): Promise<Record<Face, Sample[]>> {
  for (const face of FACES) await round(face);
  const out: Record<Face, Sample[]> = { ews: [], graph: [] };
  for (let i = 0; i < RUNS; i += 1) {
    const order = i % 2 === 0 ? FACES : [...FACES].reverse();
    for (const face of order) out[face].push(await round(face));
  }
  return out;
}

const med = (samples: readonly Sample[], pick: (s: Sample) => number): number =>
  median(samples.map(pick));
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const ratio = (graph: number, ews: number): string =>
  ews === 0 ? '–' : `${(graph / ews).toFixed(2)}×`;

function rows(label: string, ews: readonly Sample[], graph: readonly Sample[]): string[][] {
  const line = (face: string, s: readonly Sample[]): string[] => [
    `${label}: ${face}`,
    String(med(s, (x) => x.requests)),
    kb(med(s, (x) => x.requestBytes)),
    kb(med(s, (x) => x.responseBytes)),
    ms(med(s, (x) => x.ms)),
    ms(med(s, (x) => x.serverMs)),
  ];
  return [
    line('EWS', ews),
    line('Graph', graph),
    [
      `${label}: Graph / EWS`,
      ratio(
        med(graph, (x) => x.requests),
        med(ews, (x) => x.requests),
      ),
      ratio(
        med(graph, (x) => x.requestBytes),
        med(ews, (x) => x.requestBytes),
      ),
      ratio(
        med(graph, (x) => x.responseBytes),
        med(ews, (x) => x.responseBytes),
      ),
      ratio(
        med(graph, (x) => x.ms),
        med(ews, (x) => x.ms),
      ),
      ratio(
        med(graph, (x) => x.serverMs),
        med(ews, (x) => x.serverMs),
      ),
    ],
  ];
}

/** "GetUserAvailability ×2, FindItem ×1" from a run's operations. */
function breakdown(operations: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const op of operations) counts.set(op, (counts.get(op) ?? 0) + 1);
  return [...counts].map(([op, n]) => `${op} ×${String(n)}`).join(', ');
}

/** The faces must have found the same things, or the comparison means nothing. */
function sameFound(what: string, found: Record<Face, RefreshFound | undefined>): void {
  const [a, b] = [JSON.stringify(found.ews), JSON.stringify(found.graph)];
  if (a !== b) throw new Error(`${what}: EWS found ${a}, Graph found ${b}`);
}

const TABLE = ['run', 'requests', 'request bytes', 'response bytes', 'time', 'of it the simulator'];
const header =
  `${String(RUNS)} runs each, medians; bytes at the simulator's sockets, headers included; ` +
  "the simulator's time summed over its requests";

// (a) and (b) at the backend: Alex over both faces.
const alex: Record<Face, MailboxBackend> = {
  ews: backendFor('ews', ALEX),
  graph: backendFor('graph', ALEX),
};
const refreshFound: Record<Face, RefreshFound | undefined> = { ews: undefined, graph: undefined };
const full = await interleaved(async (face) => {
  const { sample, value } = await measured(() =>
    fullRefresh(alex[face], { now: NOW.getTime(), timeZone: ALEX_ZONE, contacts: sim.contacts }),
  );
  refreshFound[face] = value;
  return sample;
});
sameFound('full refresh', refreshFound);
const snapshotFound: Record<Face, RefreshFound | undefined> = { ews: undefined, graph: undefined };
const snapshotReads = await interleaved(async (face) => {
  const { sample, value } = await measured(() =>
    fullRefresh(alex[face], { now: NOW.getTime(), timeZone: ALEX_ZONE, contacts: [] }),
  );
  snapshotFound[face] = value;
  return sample;
});
sameFound('Snapshot reads', snapshotFound);
await Promise.all(FACES.map((face) => alex[face].close()));

// (b) through the companion, EWS: refresh-now until the new Snapshot is in the store.
async function companionRefreshes(): Promise<Sample[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-graph-vs-ews-'));
  const companion = await createCompanion({
    dataDir,
    timeZone: ALEX_ZONE,
    locale: 'en-GB',
    clock: systemSchedulerClock,
    openExternal: () => undefined,
  });
  try {
    companion.start();
    await companion.whenIdle();
    const signedIn = await companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: sim.credentials(ALEX).password,
      ewsUrl: sim.ewsUrl,
    });
    if (!signedIn.ok) throw new Error('the companion could not sign in');
    await companion.whenIdle();
    const samples: Sample[] = [];
    for (let i = 0; i <= RUNS; i += 1) {
      const before = companion.getSnapshot().connection.lastSuccessAt;
      const { sample, value } = await measured(() => companion.execute({ type: 'refresh-now' }));
      if (!value.ok) throw new Error('refresh-now failed');
      const after = companion.getSnapshot();
      if (after.connection.lastSuccessAt === before || after.agenda.length === 0)
        throw new Error('refresh-now left the Snapshot as it was');
      await companion.whenIdle();
      // The streaming connection is open throughout: its bytes are not this refresh's.
      const operations = sample.operations.filter((op) => op !== 'GetStreamingEvents');
      if (i > 0) samples.push({ ...sample, operations, requests: operations.length });
    }
    return samples;
  } finally {
    await companion.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
const viaCompanion = await companionRefreshes();

// (c) One change among 5,000: Nestor's calendar.
const nestor: Record<Face, MailboxBackend> = {
  ews: backendFor('ews', NESTOR),
  graph: backendFor('graph', NESTOR),
};
const bookmarks: Record<Face, string | undefined> = { ews: undefined, graph: undefined };

/** Syncs the calendar from the face's bookmark until the server says it is complete. */
async function syncCalendar(face: Face): Promise<number> {
  const live = nestor[face].live;
  if (live === undefined) throw new Error(`${face} has no live updates`);
  let changes = 0;
  for (;;) {
    const bookmark = bookmarks[face];
    const delta = await live.syncFolder(
      bookmark === undefined ? { folder: 'calendar' } : { folder: 'calendar', syncState: bookmark },
    );
    changes += delta.changeCount;
    bookmarks[face] = delta.syncState;
    if (delta.complete) return changes;
  }
}

/** What the core reads after a calendar change: the agenda's calendar and own free/busy. */
async function targetedRefresh(face: Face): Promise<void> {
  const windows = refreshWindows(NOW.getTime(), NESTOR_ZONE);
  await Promise.all([
    nestor[face].getCalendar({
      start: new Date(windows.dayStart),
      end: new Date(windows.calendarEnd),
    }),
    nestor[face].getAvailability({
      start: new Date(windows.dayStart),
      end: new Date(windows.dayEnd),
      timeZone: NESTOR_ZONE,
      intervalMinutes: 15,
    }),
  ]);
}

const firstSync: Partial<Record<Face, Sample>> = {};
for (const face of FACES) {
  const { sample, value } = await measured(() => syncCalendar(face));
  if (value < BIG_CALENDAR_ITEMS) throw new Error(`${face}: first sync saw only ${String(value)}`);
  firstSync[face] = sample;
}
const syncOnly: Record<Face, Sample[]> = { ews: [], graph: [] };
const syncAndRead: Record<Face, Sample[]> = { ews: [], graph: [] };
for (let i = 0; i <= RUNS; i += 1) {
  sim.moveOneMeeting();
  const order = i % 2 === 0 ? FACES : [...FACES].reverse();
  for (const face of order) {
    const mark = sim.meter.mark();
    const started = performance.now();
    const changes = await syncCalendar(face);
    const syncMs = performance.now() - started;
    const synced = sim.meter.since(mark);
    await targetedRefresh(face);
    const allMs = performance.now() - started;
    if (changes !== 1) throw new Error(`${face}: one move reported as ${String(changes)} changes`);
    if (i === 0) continue; // warm-up
    syncOnly[face].push({ ...synced, ms: syncMs });
    syncAndRead[face].push({ ...sim.meter.since(mark), ms: allMs });
  }
}

/**
 * EWS as the core hears of a change: the streaming notification, then the same refresh. The
 * stream's socket is counted from the mark like any other (its bytes carry the notification).
 */
async function streamedChanges(): Promise<Sample[]> {
  const live = nestor.ews.live;
  if (live === undefined) throw new Error('EWS has no live updates');
  let mode: FeedMode | undefined;
  let notified: (() => void) | undefined;
  const feed = live.createFeed(
    {
      changed: (folders) => {
        if (folders.includes('calendar')) notified?.();
      },
      mode: (m) => {
        mode = m;
      },
    },
    { clock: systemSchedulerClock },
  );
  feed.start();
  try {
    const deadline = Date.now() + 30_000;
    while (mode !== 'streaming') {
      if (Date.now() > deadline) throw new Error(`the EWS feed stayed ${String(mode)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Whatever the new subscription reports first is not a move of ours.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const samples: Sample[] = [];
    for (let i = 0; i <= RUNS; i += 1) {
      const heard = new Promise<void>((resolve) => {
        notified = resolve;
      });
      const { sample } = await measured(async () => {
        sim.moveOneMeeting();
        await heard;
        await targetedRefresh('ews');
      });
      notified = undefined;
      if (i > 0) samples.push(sample);
    }
    return samples;
  } finally {
    await feed.stop({ unsubscribe: true });
  }
}
const streamed = await streamedChanges();

await Promise.all(FACES.map((face) => nestor[face].close()));
await sim.close();

const first = (samples: readonly Sample[]): readonly string[] => samples[0]?.operations ?? [];
console.log(`\nGraph vs EWS, the same seeded mailbox (${header})\n`);
console.log(
  markdownTable(TABLE, [
    ...rows('(a) full refresh, 50 contacts', full.ews, full.graph),
    ...rows('(b) Snapshot reads, backend', snapshotReads.ews, snapshotReads.graph),
    [
      '(b) Snapshot through the companion: EWS',
      String(med(viaCompanion, (x) => x.requests)),
      '–',
      '–',
      ms(med(viaCompanion, (x) => x.ms)),
      '–',
    ],
    ...rows(
      `(c) 1 change in ${BIG_CALENDAR_ITEMS.toLocaleString('en-US')}: sync`,
      syncOnly.ews,
      syncOnly.graph,
    ),
    ...rows('(c) sync + targeted refresh', syncAndRead.ews, syncAndRead.graph),
    [
      '(c) EWS streaming: notification + targeted refresh',
      String(med(streamed, (x) => x.requests)),
      kb(med(streamed, (x) => x.requestBytes)),
      kb(med(streamed, (x) => x.responseBytes)),
      ms(med(streamed, (x) => x.ms)),
      ms(med(streamed, (x) => x.serverMs)),
    ],
  ]),
);
console.log('\nFirst sync of the 5,000-item calendar (once, no bookmark):\n');
console.log(
  markdownTable(
    TABLE,
    FACES.map((face) => {
      const s = firstSync[face];
      return s === undefined
        ? [face === 'ews' ? 'EWS' : 'Graph', '–', '–', '–', '–', '–']
        : [
            face === 'ews' ? 'EWS' : 'Graph',
            String(s.requests),
            kb(s.requestBytes),
            kb(s.responseBytes),
            ms(s.ms),
            ms(s.serverMs),
          ];
    }),
  ),
);
console.log('\nRequests of one run:\n');
console.log(
  markdownTable(
    ['run', 'EWS', 'Graph'],
    [
      ['(a) full refresh', breakdown(first(full.ews)), breakdown(first(full.graph))],
      [
        '(b) Snapshot reads',
        breakdown(first(snapshotReads.ews)),
        breakdown(first(snapshotReads.graph)),
      ],
      ['(b) companion', breakdown(first(viaCompanion)), '–'],
      [
        '(c) sync + targeted refresh',
        breakdown(first(syncAndRead.ews)),
        breakdown(first(syncAndRead.graph)),
      ],
      ['(c) EWS streaming + targeted refresh', breakdown(first(streamed)), '–'],
    ],
  ),
);
console.log(`\nWhat both faces found: ${JSON.stringify(refreshFound.ews)}`);
console.log(
  `Load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
