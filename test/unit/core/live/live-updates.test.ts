/**
 * The core's reaction to a change feed: the settle, one refresh per burst, one trailing refresh
 * per coalescing window, the mode. The feed
 * here is a TEST DOUBLE of the ChangeFeed seam (scripted by the test); the EWS feed itself is
 * tested against the simulator in test/integration/companion/live*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { UpdateMode } from '../../../../src-main/core/contract.js';
import type { ChangeFeed, ChangeFeedListener } from '../../../../src-main/mailbox/change-feed.js';
import { COALESCE_WINDOW_MS, SETTLE_MS } from '../../../../src-main/core/live/decisions.js';
import { createLiveUpdates } from '../../../../src-main/core/live/live-updates.js';
import { FakeSchedulerClock } from '../fake-scheduler-clock.js';

/** TEST DOUBLE of the ChangeFeed seam: records calls, lets the test speak for the server. */
class ScriptedFeed implements ChangeFeed {
  mode: UpdateMode = 'polling';
  started = 0;
  woken = 0;
  stops: { unsubscribe: boolean }[] = [];
  constructor(readonly listener: ChangeFeedListener) {}
  start(): void {
    this.started += 1;
  }
  wake(): void {
    this.woken += 1;
  }
  stop(options: { unsubscribe: boolean }): Promise<void> {
    this.stops.push(options);
    return Promise.resolve();
  }
}

function setup() {
  const clock = new FakeSchedulerClock(Date.UTC(2025, 5, 10, 17, 7));
  const feeds: ScriptedFeed[] = [];
  const due: number[] = [];
  const modes: UpdateMode[] = [];
  const live = createLiveUpdates({
    clock,
    createFeed: (listener) => {
      const feed = new ScriptedFeed(listener);
      feeds.push(feed);
      return feed;
    },
    refreshDue: () => due.push(clock.now()),
    modeChanged: (mode) => modes.push(mode),
  });
  return { clock, feeds, due, modes, live };
}

describe('live updates over a change feed', () => {
  it('asks for one refresh a settle after the first notification of a burst, with all its targets', async () => {
    const { clock, feeds, due, live } = setup();
    live.connect();
    const feed = feeds[0];
    if (feed === undefined) throw new Error('no feed');
    expect(feed.started).toBe(1);
    const start = clock.now();
    // Created + Modified + FreeBusyChanged for one change, within the settle.
    feed.listener.changed(['calendar']);
    await clock.advanceTo(start + 100);
    feed.listener.changed(['calendar']);
    await clock.advanceTo(start + 200);
    feed.listener.changed(['inbox']);
    await clock.advanceTo(start + SETTLE_MS - 1);
    expect(due).toEqual([]);
    await clock.advanceTo(start + 10_000);
    expect(due).toEqual([start + SETTLE_MS]);
    expect([...live.takeTargets()].sort()).toEqual(['calendar', 'voicemail']);
    expect([...live.takeTargets()]).toEqual([]);
  });

  it('acts on a single notification after the settle alone', async () => {
    const { clock, feeds, due, live } = setup();
    live.connect();
    const start = clock.now();
    feeds[0]?.listener.changed(['voicemail']);
    await clock.advanceTo(start + 60_000);
    expect(due).toEqual([start + SETTLE_MS]);
    expect([...live.takeTargets()]).toEqual(['voicemail']);
  });

  it('gathers the notifications after a refresh into ONE trailing refresh at the end of its window', async () => {
    const { clock, feeds, due, live } = setup();
    live.connect();
    const feed = feeds[0];
    if (feed === undefined) throw new Error('no feed');
    const start = clock.now();
    feed.listener.changed(['calendar']);
    await clock.advanceTo(start + SETTLE_MS);
    expect(due).toEqual([start + SETTLE_MS]);
    live.takeTargets(); // the refresh reads
    for (const offset of [400, 700, 1_000, 1_500]) {
      await clock.advanceTo(start + offset);
      feed.listener.changed(offset === 1_000 ? ['voicemail'] : ['calendar']);
    }
    await clock.advanceTo(start + 30_000);
    expect(due).toEqual([start + SETTLE_MS, start + SETTLE_MS + COALESCE_WINDOW_MS]);
    expect([...live.takeTargets()].sort()).toEqual(['calendar', 'voicemail']);
  });

  it('a steady stream of notifications every 500 ms for a minute makes at most one refresh per window', async () => {
    const { clock, feeds, due, live } = setup();
    live.connect();
    const feed = feeds[0];
    if (feed === undefined) throw new Error('no feed');
    const start = clock.now();
    let served = 0;
    for (let at = start; at < start + 60_000; at += 500) {
      await clock.advanceTo(at);
      // Each refresh that was asked for takes what was pending (it reads before the next event).
      if (due.length > served) {
        served = due.length;
        live.takeTargets();
      }
      feed.listener.changed(['calendar']);
    }
    await clock.advanceTo(start + 70_000);
    expect(due[0]).toBe(start + SETTLE_MS);
    for (let i = 1; i < due.length; i += 1)
      expect((due[i] ?? 0) - (due[i - 1] ?? 0)).toBeGreaterThanOrEqual(COALESCE_WINDOW_MS);
    expect(due.length).toBeLessThanOrEqual(Math.ceil(60_000 / COALESCE_WINDOW_MS) + 1);
    // …and yet the stream is followed: the last event is read within a window.
    expect(due.at(-1)).toBeGreaterThanOrEqual(start + 59_500);
    expect(due.at(-1)).toBeLessThanOrEqual(start + 59_500 + COALESCE_WINDOW_MS);
  });

  it('after a quiet window, the next change waits only the settle again', async () => {
    const { clock, feeds, due, live } = setup();
    live.connect();
    const start = clock.now();
    feeds[0]?.listener.changed(['calendar']);
    await clock.advanceTo(start + SETTLE_MS);
    live.takeTargets();
    const later = start + SETTLE_MS + COALESCE_WINDOW_MS + 5_000;
    await clock.advanceTo(later);
    feeds[0]?.listener.changed(['calendar']);
    await clock.advanceTo(later + 10_000);
    expect(due).toEqual([start + SETTLE_MS, later + SETTLE_MS]);
  });

  it('forgets what a full read covered', async () => {
    const { clock, feeds, due, live } = setup();
    live.connect();
    feeds[0]?.listener.changed(['calendar']);
    live.covered();
    await clock.advanceTo(clock.now() + 10_000);
    expect(due).toEqual([]);
  });

  it('reports the feed mode, and polling once disconnected, with Unsubscribe', async () => {
    const { feeds, modes, live } = setup();
    live.connect();
    feeds[0]?.listener.mode('streaming');
    expect(live.mode).toBe('streaming');
    await live.disconnect({ unsubscribe: true });
    expect(modes).toEqual(['streaming', 'polling']);
    expect(feeds[0]?.stops).toEqual([{ unsubscribe: true }]);
    expect(live.connected).toBe(false);
  });

  it('ignores a replaced feed, and wakes the current one', () => {
    const { feeds, modes, live } = setup();
    live.connect();
    live.connect();
    const [old, current] = feeds;
    old?.listener.mode('streaming');
    old?.listener.changed(['calendar']);
    expect(modes).toEqual([]);
    expect(live.takeTargets().size).toBe(0);
    expect(old?.stops).toEqual([{ unsubscribe: true }]);
    live.wake();
    expect(current?.woken).toBe(1);
    expect(old?.woken).toBe(0);
  });
});
