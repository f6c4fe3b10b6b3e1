/**
 * Live updates keep themselves alive: a lost subscription is replaced, a stalled stream is
 * noticed by its missing heartbeats and opened again, resume re-establishes the stream, sign-out
 * and quit unsubscribe, an idle account costs at most four requests an hour beside its stream,
 * and a restart continues from the persisted SyncFolderItems bookmark.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncStatePath } from '../../../src-main/core/live/sync-state.js';
import { ALEX, modeOf, until, useLiveHarness, type LiveCompanion } from './live-support.js';

const h = useLiveHarness();
const SECOND = 1000;
const HOUR = 3_600_000;

async function operations(): Promise<string[]> {
  return (await h.admin.requests()).map((r) => r.operation);
}

async function count(operation: string): Promise<number> {
  return (await operations()).filter((op) => op === operation).length;
}

/** Waits (real time) for `check`, moving the fake clock a second at a time (back-off waits). */
async function untilAdvancing(
  what: string,
  test: LiveCompanion,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await test.advanceTo(test.clock.now() + SECOND);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('live updates recover', () => {
  it('subscribes again when the subscription is lost, and reads what may have been missed', async () => {
    await h.admin.inject({ operation: 'GetStreamingEvents', kind: 'subscription-lost', count: 1 });
    const test = await h.signedIn();
    await untilAdvancing('a second Subscribe', test, async () => (await count('Subscribe')) === 2);
    await until('streaming', () => modeOf(test) === 'streaming');
    const lost = (await h.admin.requests()).find((r) => r.operation === 'GetStreamingEvents');
    expect(lost?.fault).toBe('subscription-lost');
    // Whatever changed meanwhile: the calendar and the voicemail list are read once more.
    await h.admin.clearRequests();
    await untilAdvancing('the catch-up refresh', test, async () =>
      (await operations()).includes('GetUserAvailability'),
    );
    expect(await count('Subscribe')).toBe(0);
  });

  it('notices a stalled stream by its missing heartbeats and opens it again', async () => {
    await h.admin.inject({ operation: 'GetStreamingEvents', kind: 'stream-stall', count: 1 });
    const test = await h.signedIn();
    await untilAdvancing(
      'a second GetStreamingEvents',
      test,
      async () => (await count('GetStreamingEvents')) >= 2,
    );
    await until('streaming', () => modeOf(test) === 'streaming');
    const streams = (await h.admin.requests()).filter((r) => r.operation === 'GetStreamingEvents');
    expect(streams[0]?.fault).toBe('stream-stall');
    // The subscription itself lived on: it was not replaced.
    expect(await count('Subscribe')).toBe(1);
  });

  it('re-establishes the stream on resume without a new subscription', async () => {
    const test = await h.signedIn();
    await until('streaming', () => modeOf(test) === 'streaming');
    const before = await count('GetStreamingEvents');
    test.companion.wake('resume');
    await untilAdvancing(
      'a new stream',
      test,
      async () => (await count('GetStreamingEvents')) === before + 1,
    );
    await test.companion.whenIdle();
    expect(await count('Subscribe')).toBe(1);
    await until('streaming', () => modeOf(test) === 'streaming');
  });

  it('unsubscribes at sign-out and at quit', async () => {
    const first = await h.signedIn();
    await until('streaming', () => modeOf(first) === 'streaming');
    await first.ok({ type: 'sign-out' });
    const unsubscribed = (await h.admin.requests()).filter((r) => r.operation === 'Unsubscribe');
    expect(unsubscribed.map((r) => r.status)).toEqual([200]);
    expect(first.snapshot().connection.updates).toBeUndefined();

    const second = await h.signedIn();
    await until('streaming', () => modeOf(second) === 'streaming');
    await second.companion.stop();
    expect(await count('Unsubscribe')).toBe(2);
  });

  it('an idle account costs at most four requests an hour beside its stream', async () => {
    const test = await h.signedIn();
    await until('streaming', () => modeOf(test) === 'streaming');
    await h.admin.clearRequests();
    const start = test.clock.now();
    const perHour: number[] = [];
    for (let hour = 1; hour <= 6; hour++) {
      const before = (await operations()).filter((op) => op !== 'GetStreamingEvents').length;
      await test.advanceTo(start + hour * HOUR);
      const after = (await operations()).filter((op) => op !== 'GetStreamingEvents').length;
      perHour.push(after - before);
    }
    // At most four an hour is the aim; the hourly check needs three.
    expect(perHour).toEqual([3, 3, 3, 3, 3, 3]);
    // The hourly check: automatic replies, and whether the calendar or the voicemail changed.
    const sent = await operations();
    expect(sent).not.toContain('GetUserAvailability');
    expect(new Set(sent.filter((op) => op !== 'GetStreamingEvents'))).toEqual(
      new Set(['GetUserOofSettings', 'SyncFolderItems']),
    );
  });

  it('a failing SyncFolderItems check reads the calendar as without live updates', async () => {
    const test = await h.signedIn();
    await until('streaming', () => modeOf(test) === 'streaming');
    await h.admin.clearRequests();
    await h.admin.inject({ operation: 'SyncFolderItems', kind: 'soap-fault', count: 2 });
    const states: string[] = [];
    const stop = test.companion.subscribe((snapshot) => states.push(snapshot.connection.state));
    await test.advanceTo(test.clock.now() + HOUR);
    stop();
    // The refresh itself did not fail: no stale footer, no retry.
    expect(states.filter((state) => state !== 'online')).toEqual([]);
    expect(await count('SyncFolderItems')).toBe(2);
    expect(await count('GetUserAvailability')).toBe(1);
    expect(await count('FindItem')).toBe(2);
    expect(test.snapshot().connection.state).toBe('online');
  });

  it('a restart asks SyncFolderItems from the bookmark the last run saved', async () => {
    const first = await h.signedIn();
    await until('streaming', () => modeOf(first) === 'streaming');
    await first.advanceTo(first.clock.now() + HOUR);
    const saved = JSON.parse(await readFile(syncStatePath(first.dataDir, ALEX), 'utf8')) as {
      calendar?: { syncState: string };
    };
    const bookmark = saved.calendar?.syncState;
    expect(bookmark).toMatch(/\S/);
    await first.companion.stop();
    for (const file of await readdir(h.recordDir)) await rm(path.join(h.recordDir, file));
    await h.admin.clearRequests();

    const second = await h.signedIn({ dataDir: first.dataDir });
    await until('streaming', () => modeOf(second) === 'streaming');
    // A bookmark exists: the sign-in's full read takes no new one.
    expect(await count('SyncFolderItems')).toBe(0);
    await h.admin.clearRequests();
    await second.advanceTo(second.clock.now() + HOUR);
    // Nothing changed in Exchange: the check says so, and the calendar is not read again.
    expect(await count('SyncFolderItems')).toBe(2);
    expect(await count('FindItem')).toBe(0);
    const recorded = (await readdir(h.recordDir)).filter((f) =>
      f.endsWith('SyncFolderItems.request.xml'),
    );
    const bodies = await Promise.all(
      recorded.map((f) => readFile(path.join(h.recordDir, f), 'utf8')),
    );
    expect(bodies).toHaveLength(2);
    expect(bodies.some((b) => b.includes(`>${bookmark ?? '(none)'}<`))).toBe(true);
  });
});

describe('live updates back off', () => {
  it('a server failing every Subscribe sees a handful of attempts an hour, not a storm', async () => {
    await h.admin.inject({ operation: 'Subscribe', kind: 'status', status: 503, count: 1000 });
    const test = await h.signedIn();
    await h.admin.clearRequests();
    const start = test.clock.now();
    for (let minute = 1; minute <= 60; minute++) {
      await test.advanceTo(start + minute * 60_000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const attempts = await count('Subscribe');
    // 5 s doubling with jitter to a 15 min cap: about a dozen attempts in the first hour (a
    // retry every second would be 3600), and still trying.
    expect(attempts).toBeGreaterThanOrEqual(8);
    expect(attempts).toBeLessThanOrEqual(15);
    expect(test.snapshot().connection.updates).toEqual({ mode: 'polling', everyMinutes: 15 });
  });
});
