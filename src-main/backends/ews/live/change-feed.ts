/**
 * The ChangeFeed over EWS notifications. Streaming first (Subscribe + GetStreamingEvents, one
 * long connection at a time, re-opened as the server closes it); when the server refuses
 * streaming, a pull subscription asked with GetEvents every minute; when it refuses that too,
 * nothing (the core polls). A lost subscription is replaced and reported as "everything may
 * have changed"; a stream whose heartbeats stop counts as stalled and is re-opened; failures back
 * off with jitter, so a broken server never sees a storm. Decisions: decisions.ts, feed-errors.ts.
 */
import type { EwsLiveUpdates, Subscription } from '../../../ews/operations/notifications-types.js';
import type {
  ChangeFeed,
  ChangeFeedListener,
  FeedClock,
  FeedMode as UpdateMode,
  WatchedFolder,
} from '../../../mailbox/change-feed.js';
import {
  PULL_EVERY_MS,
  PULL_TIMEOUT_MINUTES,
  STREAM_CONNECTION_MINUTES,
  WATCHED_FOLDERS,
  fallbackAfterRefusal,
  feedRetryDelay,
} from '../../../core/live/decisions.js';
import { changedFolders } from './changed-folders.js';
import { classifyFeedFailure } from './feed-errors.js';

/** What the feed needs of an EWS client (EwsClient offers it). */
export type NotificationClient = Pick<
  EwsLiveUpdates,
  'subscribeStreaming' | 'subscribePull' | 'streamEvents' | 'getEvents' | 'unsubscribe'
> & {
  /** Server folder id → watched folder (one GetFolder, IdOnly). */
  watchedFolderIds(
    folders?: readonly WatchedFolder[],
    signal?: AbortSignal,
  ): Promise<Map<string, WatchedFolder>>;
};

export interface EwsChangeFeedDeps {
  client: NotificationClient;
  clock: FeedClock;
  listener: ChangeFeedListener;
  random?: () => number;
  log?: (line: string) => void;
  /** How long an Unsubscribe may take at sign-out or quit. */
  unsubscribeTimeoutMs?: number;
  /**
   * The heartbeat the stream expects (the library's default when absent); silence for about two
   * of them ends the stream as stalled, and it is opened again.
   */
  heartbeatIntervalMs?: number;
  /**
   * Folder ids known to be which watched folder (events name folders by id). Absent: asked of
   * the server once per subscription.
   */
  folderIds?: ReadonlyMap<string, WatchedFolder>;
}

/** Thrown into a wait or a request when the feed stops or wakes: not a failure. */
class Interrupted extends Error {}

export class EwsChangeFeed implements ChangeFeed {
  private current: UpdateMode = 'polling';
  private stopped = false;
  private started = false;
  /** Each (re)start gets a new run; an older run ends at its next step. */
  private run = 0;
  private abort = new AbortController();
  private subscription: Subscription | undefined;
  private failures = 0;
  private cancelWait: (() => void) | undefined;
  private wakeWait: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();
  private readonly random: () => number;
  /** The current subscription's folder ids; an id not in it makes every folder stale. */
  private folderIds: ReadonlyMap<string, WatchedFolder> = new Map();

  constructor(private readonly deps: EwsChangeFeedDeps) {
    this.random = deps.random ?? Math.random;
  }

  get mode(): UpdateMode {
    return this.current;
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.restart();
  }

  wake(): void {
    if (!this.started || this.stopped) return;
    this.failures = 0;
    this.restart();
  }

  async stop(options: { unsubscribe: boolean }): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.interrupt();
    await this.loop.catch(() => undefined);
    const subscription = this.subscription;
    this.subscription = undefined;
    if (options.unsubscribe && subscription !== undefined) {
      const signal = AbortSignal.timeout(this.deps.unsubscribeTimeoutMs ?? 5_000);
      await this.deps.client.unsubscribe(subscription, signal).catch((error: unknown) => {
        this.log(`unsubscribe failed: ${text(error)}`);
      });
    }
  }

  /** Ends the running loop (its request is aborted) and starts a new one from streaming. */
  private restart(): void {
    this.interrupt();
    const run = ++this.run;
    const previous = this.loop;
    this.loop = previous
      .catch(() => undefined)
      .then(() => this.runFrom('streaming', run))
      .catch((error: unknown) => {
        if (!(error instanceof Interrupted)) this.log(`feed ended: ${text(error)}`);
      });
  }

  private interrupt(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.cancelWait?.();
    this.cancelWait = undefined;
    this.wakeWait?.();
    this.wakeWait = undefined;
  }

  private alive(run: number): void {
    if (this.stopped || run !== this.run) throw new Interrupted();
  }

  private async runFrom(first: UpdateMode, run: number): Promise<void> {
    let mode = first;
    // A stream or pull subscription kept from before a wake is tried again first.
    for (;;) {
      this.alive(run);
      if (mode === 'polling') {
        this.subscription = undefined;
        this.setMode('polling');
        return; // until wake(): the server refused both kinds of subscription
      }
      const outcome = mode === 'streaming' ? await this.streaming(run) : await this.pulling(run);
      this.alive(run);
      if (outcome === 'refused') {
        this.log(`${mode} notifications refused by the server`);
        this.subscription = undefined;
        mode = fallbackAfterRefusal(mode);
      } else if (outcome === 'auth') {
        this.subscription = undefined;
        this.setMode('polling');
        return;
      }
      // 'lost': the same mode, with a new subscription (the loop subscribes again).
    }
  }

  /** Subscribes if needed; returns the subscription, or why there is none. */
  private async subscribe(
    kind: 'streaming' | 'pull',
    run: number,
  ): Promise<Subscription | 'refused' | 'auth'> {
    for (;;) {
      this.alive(run);
      if (this.subscription?.mode === kind) return this.subscription;
      try {
        const signal = this.abort.signal;
        const subscription =
          kind === 'streaming'
            ? // The library's folders: calendar, inbox, and voicemail where the mailbox has one.
              await this.deps.client.subscribeStreaming({}, signal)
            : await this.deps.client.subscribePull(
                { timeoutMinutes: PULL_TIMEOUT_MINUTES },
                signal,
              );
        this.alive(run);
        const replacing = this.hadSubscription;
        this.subscription = subscription;
        this.hadSubscription = true;
        this.failures = 0;
        this.setMode(kind);
        // Changes between the lost subscription and this one were not heard: say so.
        if (replacing) this.deps.listener.changed(WATCHED_FOLDERS);
        this.folderIds = this.deps.folderIds ?? (await this.lookUpFolderIds(signal));
        this.alive(run);
        return subscription;
      } catch (error) {
        this.alive(run);
        const failure = classifyFeedFailure(error);
        if (failure === 'refused' || failure === 'auth') return failure;
        await this.backOff(error, run);
      }
    }
  }

  /**
   * Which folder each id is, once per subscription (a folder moved or re-created gets a new id).
   * A failed look-up leaves the map empty: every event then makes every folder stale, as safe
   * as before, and the next subscription asks again.
   */
  private async lookUpFolderIds(signal: AbortSignal): Promise<ReadonlyMap<string, WatchedFolder>> {
    try {
      return await this.deps.client.watchedFolderIds(WATCHED_FOLDERS, signal);
    } catch (error) {
      this.log(`folder ids unknown (${text(error)}): every change reads everything`);
      return new Map();
    }
  }

  /** Whether a subscription existed before: a new one may have missed changes. */
  private hadSubscription = false;

  private async streaming(run: number): Promise<'lost' | 'refused' | 'auth'> {
    for (;;) {
      const subscription = await this.subscribe('streaming', run);
      if (typeof subscription === 'string') return subscription;
      let heardAnything = false;
      const stream = this.deps.client.streamEvents(subscription, {
        connectionTimeoutMinutes: STREAM_CONNECTION_MINUTES,
        signal: this.abort.signal,
        ...(this.deps.heartbeatIntervalMs === undefined
          ? {}
          : { heartbeatIntervalMs: this.deps.heartbeatIntervalMs }),
      });
      try {
        for await (const message of stream) {
          if (run !== this.run || this.stopped) break;
          heardAnything = true;
          this.failures = 0;
          if (this.current !== 'streaming') this.setMode('streaming');
          if (message.type !== 'notifications') continue;
          const folders = changedFolders(message.notifications, this.folderIds);
          if (folders.length > 0) this.deps.listener.changed(folders);
        }
        this.alive(run);
        // The server closed the connection as agreed: open the next one at once. One that
        // closed without a word counts as a failure, so a server closing at once is not stormed.
        if (!heardAnything) await this.backOff(undefined, run);
      } catch (error) {
        this.alive(run);
        const failure = classifyFeedFailure(error);
        if (failure === 'silent') {
          this.log('the notification stream went silent: opening it again');
          // A silent stream is re-opened at once; a second silence in a row backs off.
          if (!heardAnything) await this.backOff(undefined, run);
          continue;
        }
        if (failure === 'lost') {
          this.subscription = undefined;
          return 'lost';
        }
        if (failure === 'refused' || failure === 'auth') return failure;
        await this.backOff(error, run);
      } finally {
        await stream.close().catch(() => undefined);
      }
    }
  }

  private async pulling(run: number): Promise<'lost' | 'refused' | 'auth'> {
    for (;;) {
      const subscription = await this.subscribe('pull', run);
      if (typeof subscription === 'string') return subscription;
      await this.wait(PULL_EVERY_MS, run);
      try {
        const answer = await this.deps.client.getEvents(subscription, {}, this.abort.signal);
        this.alive(run);
        subscription.watermark = answer.watermark;
        this.failures = 0;
        if (this.current !== 'pull') this.setMode('pull');
        const folders = changedFolders(answer.notifications, this.folderIds);
        if (folders.length > 0) this.deps.listener.changed(folders);
      } catch (error) {
        this.alive(run);
        const failure = classifyFeedFailure(error);
        if (failure === 'lost') {
          this.subscription = undefined;
          return 'lost';
        }
        if (failure === 'refused' || failure === 'auth') return failure;
        await this.backOff(error, run);
      }
    }
  }

  /** After a failure: nothing arrives meanwhile, so the poll takes over until it works again. */
  private async backOff(error: unknown, run: number): Promise<void> {
    this.failures += 1;
    this.setMode('polling');
    const asked =
      typeof error === 'object' && error !== null && 'retryAfterMs' in error
        ? (error as { retryAfterMs?: number }).retryAfterMs
        : undefined;
    const delay = feedRetryDelay(this.failures, this.random, asked);
    if (error !== undefined)
      this.log(`notifications failed (${text(error)}); again in ${delay} ms`);
    await this.wait(delay, run);
  }

  private wait(ms: number, run: number): Promise<void> {
    this.alive(run);
    return new Promise<void>((resolve, reject) => {
      this.wakeWait = () => {
        reject(new Interrupted());
      };
      this.cancelWait = this.deps.clock.setTimer(this.deps.clock.now() + ms, () => {
        this.cancelWait = undefined;
        this.wakeWait = undefined;
        resolve();
      });
    });
  }

  private setMode(mode: UpdateMode): void {
    if (mode === this.current) return;
    this.current = mode;
    this.deps.listener.mode(mode);
  }

  private log(line: string): void {
    this.deps.log?.(`live: ${line}`);
  }
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
