/**
 * Live updates for one companion: runs a ChangeFeed for the connected account, gathers what its
 * notifications make stale, and after a short settle asks for ONE targeted refresh (calendar
 * events → calendar, free/busy and presence; inbox and voicemail events → the voicemail list).
 * Events after that refresh started gather into one trailing refresh, due no sooner than the
 * coalescing window after it (decisions.ts): at most one refresh due at a time.
 * It also says how updates arrive, for the Snapshot and for how often the fallback poll runs.
 */
import type { UpdateMode } from '../contract.js';
import type { SchedulerClock } from '../scheduler.js';
import type { ChangeFeed, ChangeFeedListener } from '../../mailbox/change-feed.js';
import { refreshDueAt, targetsFor, type RefreshTarget } from './decisions.js';

export interface LiveUpdatesDeps {
  clock: SchedulerClock;
  /** Creates the feed for a connected account (the EWS one, over its client). */
  createFeed: (listener: ChangeFeedListener) => ChangeFeed;
  /** The settle ended: a targeted refresh is due (takeTargets says of what). */
  refreshDue: () => void;
  /** How updates arrive changed (also 'polling' when the feed stops). */
  modeChanged: (mode: UpdateMode) => void;
}

export interface LiveUpdates {
  /** Starts a feed for the account just connected (replacing any other). */
  connect(): void;
  /** Stops the feed; `unsubscribe` at sign-out and quit. */
  disconnect(options: { unsubscribe: boolean }): Promise<void>;
  /** Resume, unlock, network back: the stream is re-established. */
  wake(): void;
  readonly mode: UpdateMode;
  readonly connected: boolean;
  /** What the notifications so far make stale; cleared by taking. */
  takeTargets(): Set<RefreshTarget>;
  /** A full read happened: nothing gathered so far needs its own refresh. */
  covered(): void;
}

export function createLiveUpdates(deps: LiveUpdatesDeps): LiveUpdates {
  let feed: ChangeFeed | undefined;
  let mode: UpdateMode = 'polling';
  let pending = new Set<RefreshTarget>();
  let cancelDebounce: (() => void) | undefined;
  /** When the last notification refresh was asked for (the coalescing window runs from it). */
  let lastRefreshAt: number | undefined;

  const setMode = (next: UpdateMode): void => {
    if (next === mode) return;
    mode = next;
    deps.modeChanged(next);
  };

  const clearDebounce = (): void => {
    cancelDebounce?.();
    cancelDebounce = undefined;
  };

  const listenerFor = (owner: () => ChangeFeed | undefined): ChangeFeedListener => ({
    changed: (folders) => {
      // A feed that was replaced or stopped has nothing more to say.
      if (feed === undefined || owner() !== feed) return;
      for (const target of targetsFor(folders)) pending.add(target);
      if (pending.size === 0 || cancelDebounce !== undefined) return;
      const due = refreshDueAt(deps.clock.now(), lastRefreshAt);
      cancelDebounce = deps.clock.setTimer(due, () => {
        cancelDebounce = undefined;
        if (pending.size === 0) return;
        lastRefreshAt = deps.clock.now();
        deps.refreshDue();
      });
    },
    mode: (next) => {
      if (feed === undefined || owner() !== feed) return;
      setMode(next);
    },
  });

  const disconnect = async (options: { unsubscribe: boolean }): Promise<void> => {
    const stopping = feed;
    feed = undefined;
    clearDebounce();
    pending = new Set();
    lastRefreshAt = undefined;
    setMode('polling');
    await stopping?.stop(options);
  };

  return {
    connect: () => {
      if (feed !== undefined) void feed.stop({ unsubscribe: true });
      clearDebounce();
      pending = new Set();
      lastRefreshAt = undefined;
      const created: ChangeFeed = deps.createFeed(listenerFor(() => created));
      feed = created;
      created.start();
    },
    disconnect,
    wake: () => {
      feed?.wake();
    },
    get mode() {
      return mode;
    },
    get connected() {
      return feed !== undefined;
    },
    takeTargets: () => {
      const taken = pending;
      pending = new Set();
      clearDebounce();
      return taken;
    },
    covered: () => {
      pending = new Set();
      clearDebounce();
    },
  };
}
