/**
 * The seam between the core and however a mailbox tells it about changes. A `ChangeFeed` says
 * which watched folders changed and in which mode it currently hears about them; the core decides
 * what to read again. Each backend brings its own (EWS: streaming then pull notifications).
 */

/** Folders a feed watches. Inbox too: voicemail lands there when there is no voicemail folder. */
export type WatchedFolder = 'calendar' | 'inbox' | 'voicemail';

/** How a feed hears about changes ('polling': it does not, the poll must). */
export type FeedMode = 'streaming' | 'pull' | 'polling';

export interface ChangeFeedListener {
  /**
   * These folders changed. After a gap in which changes may have been missed (a new
   * subscription replacing a lost one), every watched folder is reported.
   */
  changed(folders: readonly WatchedFolder[]): void;
  /** The feed now hears about changes this way. */
  mode(mode: FeedMode): void;
}

export interface ChangeFeed {
  readonly mode: FeedMode;
  /** Subscribes (push first) and keeps the subscription alive until stopped. */
  start(): void;
  /**
   * The machine woke, was unlocked or the network came back: a stream may be dead without
   * knowing it. Re-establishes at once, whatever back-off was pending, and tries push again
   * even after it had been refused.
   */
  wake(): void;
  /**
   * Stops every timer and open request. `unsubscribe` (sign-out, quit) also ends the
   * subscription on the server, best effort; an account switch or a lost connection need not.
   */
  stop(options: { unsubscribe: boolean }): Promise<void>;
}

/** Time as a feed sees it: epoch milliseconds and one-shot timers. */
export interface FeedClock {
  now(): number;
  setTimer(at: number, fn: () => void): () => void;
}

export interface ChangeFeedOptions {
  clock: FeedClock;
  random?: () => number;
  heartbeatIntervalMs?: number;
  log?: (line: string) => void;
}

/** Folders whose "changed at all?" a backend answers from a bookmark. */
export type SyncedFolder = 'calendar' | 'voicemail';

/** One "what changed since this bookmark" step. */
export interface FolderDelta {
  /** The folder actually followed: `inbox` when the mailbox has no voicemail folder. */
  folder: 'calendar' | 'voicemail' | 'inbox';
  /** How many items changed since the bookmark (every item, without one). */
  changeCount: number;
  /** The new bookmark: opaque, holds no credentials, safe to persist. */
  syncState: string;
  /** False when the answer stopped before the end: more changes are waiting. */
  complete: boolean;
}
