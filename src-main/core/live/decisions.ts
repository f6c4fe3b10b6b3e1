/**
 * The rules of live updates as pure functions: which mode follows a refusal, how long to wait
 * after a failure, what a notification makes stale, how often to poll while live, when a stream
 * counts as stalled. The feed and the companion only keep state and timers around them.
 */
import type { WatchedFolder } from '../../mailbox/change-feed.js';
import type { UpdateMode } from '../contract.js';

export type { WatchedFolder };
/** Inbox too: voicemail lands there when the mailbox has no voicemail folder. */
export const WATCHED_FOLDERS: readonly WatchedFolder[] = ['calendar', 'inbox', 'voicemail'];

/** What a targeted refresh reads again. */
export type RefreshTarget = 'calendar' | 'voicemail';

/**
 * A notification is acted on this long after the first one of a burst: Exchange sends several
 * events for one change (created and modified, moved and modified, free/busy changed) within a
 * few hundred milliseconds, and one refresh covers them all. The settle does not restart with
 * each event, so a steady trickle cannot postpone the refresh.
 */
export const SETTLE_MS = 300;

/**
 * After a refresh starts, later notifications wait until this long after it, and then make ONE
 * trailing refresh together: a storm of changes costs at most one refresh per window, while a
 * single change is shown after the settle alone.
 */
export const COALESCE_WINDOW_MS = 2_000;

/** Minutes a streaming connection stays open before the server closes it (1..30). */
export const STREAM_CONNECTION_MINUTES = 30;
/** Minutes a pull subscription lives without a GetEvents (1..1440). */
export const PULL_TIMEOUT_MINUTES = 10;
/** How often GetEvents asks a pull subscription. */
export const PULL_EVERY_MS = 60_000;

/** The fallback poll while notifications arrive: a full check once an hour. */
export const LIVE_POLL_EVERY_MINUTES = 60;
/** The poll without notifications: every quarter hour (scheduler.ts). */
export const POLL_EVERY_MINUTES = 15;

/** Back-off of the feed's own requests after failures: 5 s doubling, capped at 15 min. */
export const FEED_BACKOFF_BASE_MS = 5_000;
export const FEED_BACKOFF_MAX_MS = 15 * 60_000;

/** The mode to try after `mode` was refused by the server (not a transient failure). */
export function fallbackAfterRefusal(mode: UpdateMode): UpdateMode {
  return mode === 'streaming' ? 'pull' : 'polling';
}

/**
 * The wait before the feed's next attempt after `failures` consecutive failures (1 = the first):
 * exponential with equal jitter (half fixed, half random), so clients that lost the server
 * together do not come back together, yet every retry waits a meaningful time. A server's own
 * request (BackOffMilliseconds, Retry-After) wins when longer, within the cap.
 */
export function feedRetryDelay(
  failures: number,
  random: () => number,
  serverAskedMs?: number,
): number {
  const exponent = Math.min(Math.max(0, failures - 1), 20);
  const window = Math.min(FEED_BACKOFF_MAX_MS, FEED_BACKOFF_BASE_MS * 2 ** exponent);
  const own = Math.round(window / 2 + random() * (window / 2));
  if (serverAskedMs === undefined || serverAskedMs <= own) return own;
  return Math.min(serverAskedMs, FEED_BACKOFF_MAX_MS);
}

/** What the changed folders make stale: the calendar view or the voicemail list. */
export function targetsFor(folders: Iterable<WatchedFolder>): Set<RefreshTarget> {
  const targets = new Set<RefreshTarget>();
  for (const folder of folders) targets.add(folder === 'calendar' ? 'calendar' : 'voicemail');
  return targets;
}

/**
 * When a notification arriving at `at` is acted on, the last notification refresh having
 * started at `lastRefreshAt` (undefined: none yet): after the settle, and never within the
 * window of the last one. Events arriving while a refresh is already due join it.
 */
export function refreshDueAt(at: number, lastRefreshAt: number | undefined): number {
  const settled = at + SETTLE_MS;
  return lastRefreshAt === undefined
    ? settled
    : Math.max(settled, lastRefreshAt + COALESCE_WINDOW_MS);
}

/** The `connection.updates` the Snapshot shows for a mode. */
export function updatesFor(mode: UpdateMode): { mode: UpdateMode; everyMinutes: number } {
  return {
    mode,
    everyMinutes: mode === 'polling' ? POLL_EVERY_MINUTES : LIVE_POLL_EVERY_MINUTES,
  };
}

/** Whether notifications arrive in `mode` (the quarter-hour poll may then stretch). */
export function isLive(mode: UpdateMode): boolean {
  return mode !== 'polling';
}
