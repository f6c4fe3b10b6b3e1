/**
 * A mailbox server that stops answering costs one deadline, not one per part: against the
 * strict simulator holding every EWS request past the client's deadline (its "delay" fault), the
 * first read that times out fails the refresh at once and cancels the rest, so no part queued
 * behind it (the EWS transport sends two at a time) reaches the server while the attempt is
 * open; the contacts' calendar reads wait for the refresh and are not sent while it finds no
 * answer; a timed refresh whose folder check (SyncFolderItems) gets no answer fails at that
 * deadline without sending its reads. The last good state stays, marked by the timeout, and the
 * scheduler backs off as usual. The deadline runs on the real clock (it is the transport's); the scheduler's clock is fake.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import {
  startSimulator,
  type RequestLogEntry,
  type RunningSimulator,
} from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { LOCALE, NOW, ZONE } from './support.js';

/** The client's deadline for one EWS request. */
const DEADLINE_MS = 1500;
/** How long the simulator holds each request: well past the deadline, so none is answered. */
const HOLD_MS = DEADLINE_MS + 1500;
/** The reads of one refresh (the contacts' reads share GetUserAvailability, but not their time). */
const PRESENCE_READS = new Set(['GetUserOofSettings', 'FindItem', 'GetUserAvailability']);

let sim: RunningSimulator;
let admin: SimAdmin;
const dirs: string[] = [];
const running: Companion[] = [];

beforeAll(async () => {
  sim = await startSimulator({ now: () => NOW });
  admin = new SimAdmin(sim);
});
afterAll(async () => {
  await admin.close();
  await sim.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await admin.reset('demo');
});
afterEach(async () => {
  for (const companion of running.splice(0)) await companion.stop();
});

/** The demo mailbox on the simulator, with the short deadline and a fake scheduler clock. */
async function beacon(
  dataDir: string,
): Promise<{ companion: Companion; clock: FakeSchedulerClock }> {
  const clock = new FakeSchedulerClock(NOW.getTime());
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: () => undefined,
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
    voicemailPeaksDelayMs: 0,
    ewsTimeoutMs: DEADLINE_MS,
  });
  running.push(companion);
  return { companion, clock };
}

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'beacon-silent-'));
  dirs.push(dir);
  return dir;
}

/** From now on the simulator holds every EWS request past the deadline. */
async function stopAnswering(): Promise<void> {
  await admin.inject({ operation: '*', kind: 'delay', delayMs: HOLD_MS, count: 1000 });
}

/**
 * The presence reads the simulator received while an attempt that failed at `failedAt` was still
 * open. A held request is logged only when its hold ends, so this waits that long first.
 */
async function readsBefore(failedAt: number): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 300));
  const log: RequestLogEntry[] = await admin.requests();
  return log
    .filter((entry) => PRESENCE_READS.has(entry.operation) && entry.atMs <= failedAt)
    .map((entry) => entry.operation)
    .sort();
}

const shown = (s: Snapshot): unknown => ({ agenda: s.agenda, oof: s.oof, timeline: s.timeline });

/** The requests of a timed refresh: the folder checks and the reads they let through. */
const TIMED_REQUESTS = new Set(['SyncFolderItems', 'GetUserOofSettings', 'FindItem']);

describe('a server that never answers', () => {
  it('a Refresh fails at the first deadline: nothing queued behind it is sent, the last good state stays', async () => {
    const { companion } = await beacon(await dataDir());
    companion.start();
    await companion.whenIdle();
    const good = companion.getSnapshot();
    expect(good.connection.state).toBe('online');
    expect(good.agenda.length).toBeGreaterThan(0);

    await stopAnswering();
    await admin.clearRequests();
    const result = await companion.execute({ type: 'refresh-now' });
    const failedAt = Date.now();

    expect(result).toMatchObject({ ok: false, error: { failure: { reason: 'timeout' } } });
    const after = companion.getSnapshot();
    expect(after.connection).toMatchObject({
      state: 'offline',
      failure: { reason: 'timeout' },
      lastSuccessAt: good.connection.lastSuccessAt,
      // The scheduler's own back-off, from the fake clock's now.
      retryAt: new Date(NOW.getTime() + 15_000).toISOString(),
    });
    expect(after.connection.updatingSince).toBeUndefined();
    expect(shown(after)).toEqual(shown(good));
    // Two reads went out together and timed out together; free/busy, waiting for a connection
    // behind them, was never sent while the attempt was open (before: it went out when they
    // timed out, and the refresh waited a second deadline for it).
    expect(await readsBefore(failedAt)).toEqual(['FindItem', 'GetUserOofSettings']);
  });

  it('a start against it shows the cached state and the timeout after one deadline, then backs off', async () => {
    const dir = await dataDir();
    const first = await beacon(dir);
    first.companion.start();
    await first.companion.whenIdle();
    const good = first.companion.getSnapshot();
    expect(good.connection.state).toBe('online');
    await first.companion.stop();

    await stopAnswering();
    await admin.clearRequests();
    const { companion, clock } = await beacon(dir);
    /** When the footer first showed each retry time, i.e. when each attempt failed. */
    const failedAt = new Map<string, number>();
    companion.subscribe((snapshot) => {
      const { retryAt } = snapshot.connection;
      if (retryAt !== undefined && !failedAt.has(retryAt)) failedAt.set(retryAt, Date.now());
    });
    companion.start();
    await companion.whenIdle();

    const after = companion.getSnapshot();
    expect(after.connection).toMatchObject({
      state: 'offline',
      failure: { reason: 'timeout' },
      lastSuccessAt: good.connection.lastSuccessAt,
      retryAt: new Date(NOW.getTime() + 15_000).toISOString(),
    });
    expect(shown(after)).toEqual(shown(good));
    // Before the failure only the refresh's first two reads reached the server; the contacts'
    // reads waited for it and, the server giving no answer, were not sent at all.
    const started = failedAt.get(new Date(NOW.getTime() + 15_000).toISOString());
    expect(started).toBeDefined();
    expect(await readsBefore(started ?? 0)).toEqual(['FindItem', 'GetUserOofSettings']);
    expect((await admin.requests()).filter((r) => r.operation === 'GetMailTips')).toEqual([]);

    // The retry 15 s later fails the same way, at its first deadline, and the next waits 30 s.
    await admin.clearRequests();
    await clock.advanceTo(NOW.getTime() + 15_000, () => companion.whenIdle());
    const next = new Date(NOW.getTime() + 45_000).toISOString();
    expect(companion.getSnapshot().connection).toMatchObject({
      failure: { reason: 'timeout' },
      lastSuccessAt: good.connection.lastSuccessAt,
      retryAt: next,
    });
    const retried = failedAt.get(next);
    expect(retried).toBeDefined();
    expect(await readsBefore(retried ?? 0)).toEqual(['FindItem', 'GetUserOofSettings']);

    // The server answers again: the retry brings the footer back online.
    await admin.clearFaults();
    await clock.advanceTo(NOW.getTime() + 45_000, () => companion.whenIdle());
    expect(companion.getSnapshot().connection.state).toBe('online');
    expect(shown(companion.getSnapshot())).toEqual(shown(good));
  });

  it('a timed refresh whose folder check gets no answer fails at that deadline, its reads unsent', async () => {
    // An Exchange account on live updates: its timed refreshes ask SyncFolderItems first.
    const { companion, clock } = await beacon(await dataDir());
    companion.start();
    await companion.whenIdle();
    const signIn = await companion.execute({
      type: 'sign-in',
      mailbox: sim.users[0]?.email ?? '',
      password: sim.users[0]?.password ?? '',
      ewsUrl: sim.ewsUrl,
      remember: false,
    });
    expect(signIn.ok).toBe(true);
    await companion.whenIdle();
    const good = companion.getSnapshot();
    expect(good.connection).toMatchObject({ state: 'online', updates: { mode: 'streaming' } });

    await stopAnswering();
    await admin.clearRequests();
    let failedAt: number | undefined;
    companion.subscribe((snapshot) => {
      if (failedAt === undefined && snapshot.connection.failure !== undefined)
        failedAt = Date.now();
    });
    // Timer by timer (the contacts' reads, the presence edges, the hourly poll) until a refresh
    // has failed: the first that reads the mailbox (a presence edge before the hour is out).
    for (let step = 0; step < 40 && failedAt === undefined; step += 1) {
      const next = clock.pending()[0];
      if (next === undefined || next > NOW.getTime() + 2 * 3_600_000) break;
      await clock.advanceTo(next, () => companion.whenIdle());
    }
    expect(failedAt).toBeDefined();
    const after = companion.getSnapshot();
    expect(after.connection).toMatchObject({
      failure: { reason: 'timeout' },
      lastSuccessAt: good.connection.lastSuccessAt,
    });
    expect(shown(after)).toEqual(shown(good));
    // Only the two folder checks reached the server while the refresh was open; before, the
    // reads went out when the checks timed out and the refresh waited out a second deadline.
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 300));
    const open = (await admin.requests())
      .filter((entry) => TIMED_REQUESTS.has(entry.operation) && entry.atMs <= (failedAt ?? 0))
      .map((entry) => entry.operation);
    expect(open).toEqual(['SyncFolderItems', 'SyncFolderItems']);
  });
});
