/**
 * The seam between the core and however Exchange tells it about changes. A `ChangeFeed` says
 * which watched folders changed and in which mode it currently hears about them; the core
 * decides what to read again. The EWS implementation is ews-change-feed.ts; tests of the core's
 * reaction may use a double of this interface, never of Exchange.
 */
import type { UpdateMode } from '../contract.js';
import type { WatchedFolder } from './decisions.js';

export interface ChangeFeedListener {
  /**
   * These folders changed. After a gap in which changes may have been missed (a new
   * subscription replacing a lost one), every watched folder is reported.
   */
  changed(folders: readonly WatchedFolder[]): void;
  /** The feed now hears about changes this way ('polling': it does not, the poll must). */
  mode(mode: UpdateMode): void;
}

export interface ChangeFeed {
  readonly mode: UpdateMode;
  /** Subscribes (streaming first) and keeps the subscription alive until stopped. */
  start(): void;
  /**
   * The machine woke, was unlocked or the network came back: a stream may be dead without
   * knowing it. Re-establishes at once, whatever back-off was pending, and tries streaming
   * again even after it had been refused.
   */
  wake(): void;
  /**
   * Stops every timer and open request. `unsubscribe` (sign-out, quit) also ends the
   * subscription on the server, best effort; an account switch or a lost connection need not.
   */
  stop(options: { unsubscribe: boolean }): Promise<void>;
}
