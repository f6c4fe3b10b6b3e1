/**
 * The core's reaction to a change feed: the debounce, one refresh per burst, the mode. The feed
 * here is a TEST DOUBLE of the ChangeFeed seam (scripted by the test); the EWS feed itself is
 * tested against the simulator in test/integration/companion/live*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { UpdateMode } from '../../../../src-main/core/contract.js';
import type { ChangeFeed, ChangeFeedListener } from '../../../../src-main/core/live/change-feed.js';
import { DEBOUNCE_MS } from '../../../../src-main/core/live/decisions.js';
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
  it('asks for one refresh 3 s after the first notification of a burst, with all its targets', async () => {
    const { clock, feeds, due, live } = setup();
    live.connect();
    const feed = feeds[0];
    if (feed === undefined) throw new Error('no feed');
    expect(feed.started).toBe(1);
    const start = clock.now();
    feed.listener.changed(['calendar']);
    await clock.advanceTo(start + 1_000);
    feed.listener.changed(['inbox']);
    await clock.advanceTo(start + DEBOUNCE_MS - 1);
    expect(due).toEqual([]);
    await clock.advanceTo(start + 10_000);
    expect(due).toEqual([start + DEBOUNCE_MS]);
    expect([...live.takeTargets()].sort()).toEqual(['calendar', 'voicemail']);
    expect([...live.takeTargets()]).toEqual([]);
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
