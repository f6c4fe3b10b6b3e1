/**
 * When to refresh from Exchange. The decisions are pure functions (next quarter-hour tick, back-off
 * after an error, whether a request runs now); `RefreshScheduler` only keeps the state and the
 * timers. The clock is injected, so every rule runs in tests with a fake clock.
 *
 * Triggers: start; a timer 30 s before every quarter hour (meetings start on quarters, and a
 * refresh just before shows the change on time); the OS (resume, unlock, network back); the user;
 * and the presence resolver's `nextChange`. At most one refresh runs at a time; requests during a
 * run become one follow-up run.
 */
import { toMailboxError } from '../backends/index.js';
import { MailboxError } from '../mailbox/errors.js';
import { MAX_SERVER_PAUSE_MS, retryWait } from '../mailbox/retry-after.js';

/** Time as the scheduler sees it: epoch milliseconds, and one-shot timers at an instant. */
export interface SchedulerClock {
  now(): number;
  /** Calls `fn` once at (or soon after) `at`; returns a function that cancels it. */
  setTimer(at: number, fn: () => void): () => void;
}

export type RefreshReason =
  | 'start'
  | 'quarter-hour'
  | 'resume'
  | 'unlock'
  | 'network-back'
  | 'user'
  | 'next-change'
  | 'retry'
  /** Exchange notified a change (live updates): a targeted refresh. */
  | 'notification';

export const QUARTER_HOUR_MS = 15 * 60_000;
/** How long before each quarter hour the timed refresh runs. */
export const QUARTER_HOUR_LEAD_MS = 30_000;
/** A quarter-hour tick this soon after a successful refresh adds nothing and is skipped. */
export const TICK_SKIP_WINDOW_MS = 60_000;
/** Our own back-off: 15 s, 30 s, 1 min, … capped at 15 min. */
export const BACKOFF_BASE_MS = 15_000;
export const BACKOFF_MAX_MS = 15 * 60_000;
/**
 * The longest pause a server may ask of us (BackOffMilliseconds, Retry-After). A longer request
 * is not honoured: the server counts as unavailable and our own back-off applies.
 */
export const SERVER_BACKOFF_MAX_MS = MAX_SERVER_PAUSE_MS;

// ---------------------------------------------------------------------------------------------
// Pure decisions

/**
 * The first tick strictly after `now`: 30 s before :00, :15, :30 or :45. Quarter hours of UTC are
 * quarter hours of local time in every zone in use (all offsets are multiples of 15 minutes).
 */
export function nextQuarterHourTick(now: number): number {
  const quarter = Math.floor((now + QUARTER_HOUR_LEAD_MS) / QUARTER_HOUR_MS) + 1;
  return quarter * QUARTER_HOUR_MS - QUARTER_HOUR_LEAD_MS;
}

export type BackoffDecision =
  | { kind: 'retry'; delayMs: number; serverAsked: boolean }
  /** Refreshing again cannot help until the user acts (new password, sign in). */
  | { kind: 'stop'; reason: 'auth' };

/** A failure as the neutral MailboxError when it is one (a backend's own error is mapped). */
function asMailboxError(error: unknown): MailboxError | undefined {
  const e = error instanceof MailboxError ? error : toMailboxError(error);
  return e instanceof MailboxError ? e : undefined;
}

export function isAuthFailure(error: unknown): boolean {
  return asMailboxError(error)?.kind === 'auth';
}

/**
 * What to do after `failures` consecutive failed refreshes, the last one failing with `error`.
 * Our own back-off always applies; a server's request replaces it only when longer and within
 * SERVER_BACKOFF_MAX_MS. So a hint of 0 cannot make us storm, nor a hint of a day lock us out.
 */
export function backoffAfter(error: unknown, failures: number): BackoffDecision {
  if (isAuthFailure(error)) return { kind: 'stop', reason: 'auth' };
  const exponent = Math.min(Math.max(0, failures - 1), 30);
  const own = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** exponent);
  const asked = asMailboxError(error)?.retryAfterMs;
  const { waitMs, serverAsked } = retryWait(asked, own, SERVER_BACKOFF_MAX_MS);
  return { kind: 'retry', delayMs: waitMs, serverAsked };
}

export interface GateState {
  running: boolean;
  stoppedForAuth: boolean;
  /** Set while backing off: when the retry is due. */
  retryAt: number | undefined;
  /** Whether that wait is the server's request (then only the user may cut it short). */
  serverAsked: boolean;
  lastSuccessAt: number | undefined;
  /**
   * While notifications arrive (live updates), the timed poll runs only this often, and the
   * presence edges need no request (the data is kept current). Undefined: polling.
   */
  pollEveryMs?: number | undefined;
  /** End of the last refresh that was not a notification's (the last poll). */
  lastPollAt?: number | undefined;
}

export type GateDecision = 'run' | 'coalesce' | 'skip';

const OS_EVENTS: ReadonlySet<RefreshReason> = new Set(['resume', 'unlock', 'network-back']);

/** Whether a refresh requested for `reason` at `now` runs now, follows the running one, or not. */
export function gateRefresh(state: GateState, reason: RefreshReason, now: number): GateDecision {
  // The user always gets a refresh: it is also how they recover from an auth stop.
  if (reason === 'user') return state.running ? 'coalesce' : 'run';
  if (state.stoppedForAuth) return 'skip';
  if (state.retryAt !== undefined && now < state.retryAt) {
    // Our own back-off yields to a sign that the network may be back; the server's does not.
    if (!(OS_EVENTS.has(reason) && !state.serverAsked)) return 'skip';
  }
  if (state.running) return 'coalesce';
  if (
    reason === 'quarter-hour' &&
    state.lastSuccessAt !== undefined &&
    now - state.lastSuccessAt < TICK_SKIP_WINDOW_MS
  ) {
    return 'skip';
  }
  if (state.pollEveryMs !== undefined) {
    if (reason === 'next-change') return 'skip';
    // Ticks come every quarter hour: the one nearest the stretched interval runs.
    if (
      reason === 'quarter-hour' &&
      state.lastPollAt !== undefined &&
      now - state.lastPollAt < state.pollEveryMs - QUARTER_HOUR_MS / 2
    )
      return 'skip';
  }
  return 'run';
}

// ---------------------------------------------------------------------------------------------
// The scheduler

export interface SchedulerStatus {
  refreshing: boolean;
  consecutiveFailures: number;
  /** Epoch ms of the next automatic retry, while backing off. */
  retryAt: number | undefined;
  serverAsked: boolean;
  /** An auth failure stopped automatic refreshes until the user acts. */
  stoppedForAuth: boolean;
  lastSuccessAt: number | undefined;
  /** What the last failed refresh threw; cleared by a success. */
  lastError: unknown;
}

export interface RefreshSchedulerOptions {
  clock: SchedulerClock;
  /** Does one refresh; rejects (with a MailboxError when it can) on failure. */
  refresh: (reason: RefreshReason) => Promise<void>;
  /** Called at `nextChange` before any refresh: presence can be recomputed from data in hand. */
  onNextChange?: () => void;
  onStatus?: (status: SchedulerStatus) => void;
}

export class RefreshScheduler {
  private readonly clock: SchedulerClock;
  private started = false;
  private stopped = false;
  /** True from the moment a run is decided until its last follow-up ends. */
  private active = false;
  private running: Promise<void> | undefined;
  private pending: RefreshReason | undefined;
  private failures = 0;
  private retryAt: number | undefined;
  private serverAsked = false;
  private stoppedForAuth = false;
  private lastSuccessAt: number | undefined;
  private lastPollAt: number | undefined;
  private pollEveryMs: number | undefined;
  private lastError: unknown;
  private nextChangeAt: number | undefined;
  private cancelTick: (() => void) | undefined;
  private cancelRetry: (() => void) | undefined;
  private cancelNextChange: (() => void) | undefined;

  constructor(private readonly options: RefreshSchedulerOptions) {
    this.clock = options.clock;
  }

  get status(): SchedulerStatus {
    return {
      refreshing: this.active,
      consecutiveFailures: this.failures,
      retryAt: this.retryAt,
      serverAsked: this.serverAsked,
      stoppedForAuth: this.stoppedForAuth,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
    };
  }

  /** Refreshes now and arms the quarter-hour timer. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.armTick();
    this.request('start');
  }

  /** Cancels every timer; a refresh in flight finishes, nothing follows it. */
  stop(): void {
    this.stopped = true;
    this.cancelTick?.();
    this.cancelRetry?.();
    this.cancelNextChange?.();
    this.cancelTick = this.cancelRetry = this.cancelNextChange = undefined;
    this.pending = undefined;
  }

  /** The user asked (refresh button, new credentials): runs even while backing off or stopped. */
  refreshNow(): Promise<void> {
    this.request('user');
    // A microtask later `running` is set even if a status listener re-entered request().
    return Promise.resolve().then(() => this.whenIdle());
  }

  /** After sleep, timers set before it may be late or early: set them again from the new now. */
  notifyResume(): void {
    if (!this.started || this.stopped) return;
    this.armTick();
    if (this.nextChangeAt !== undefined) this.armNextChange(this.nextChangeAt);
    if (this.retryAt !== undefined) this.armRetry(this.retryAt);
    this.request('resume');
  }

  notifyUnlock(): void {
    this.request('unlock');
  }

  notifyNetworkBack(): void {
    this.request('network-back');
  }

  /** A notification's debounce ended: a targeted refresh (it joins a running one's follow-up). */
  notifyChange(): void {
    this.request('notification');
  }

  /** Live updates: the timed poll stretches to `ms`; undefined returns to the quarter hour. */
  setPollEvery(ms: number | undefined): void {
    this.pollEveryMs = ms;
  }

  /** The presence resolver's next change; one timer, replaced on every call. */
  setNextChange(at: Date | null): void {
    const time = at === null ? undefined : at.getTime();
    if (time !== undefined && Number.isNaN(time)) throw new RangeError('Invalid nextChange date');
    if (time === this.nextChangeAt && (time === undefined || this.cancelNextChange)) return;
    this.cancelNextChange?.();
    this.cancelNextChange = undefined;
    this.nextChangeAt = time;
    if (time !== undefined && !this.stopped) this.armNextChange(time);
  }

  /** Resolves when no refresh runs (including a coalesced follow-up). */
  whenIdle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private request(reason: RefreshReason): void {
    if (!this.started || this.stopped) return;
    const decision = gateRefresh(
      {
        running: this.active,
        stoppedForAuth: this.stoppedForAuth,
        retryAt: this.retryAt,
        serverAsked: this.serverAsked,
        lastSuccessAt: this.lastSuccessAt,
        pollEveryMs: this.pollEveryMs,
        lastPollAt: this.lastPollAt,
      },
      reason,
      this.clock.now(),
    );
    if (decision === 'coalesce') {
      // One follow-up, however many requests; a user request marks it as the user's, and a
      // notification never narrows a broader follow-up to its targeted one.
      if (!(reason === 'notification' && this.pending !== undefined))
        this.pending = this.pending === 'user' ? 'user' : reason;
    } else if (decision === 'run') {
      this.active = true;
      this.running = this.loop(reason);
    }
  }

  private async loop(first: RefreshReason): Promise<void> {
    let reason: RefreshReason | undefined = first;
    try {
      while (reason !== undefined) {
        this.pending = undefined;
        if (reason === 'user') this.stoppedForAuth = false;
        // We are trying now: the scheduled retry is spent.
        this.cancelRetry?.();
        this.cancelRetry = undefined;
        this.retryAt = undefined;
        this.emit();

        let failed = false;
        let error: unknown;
        try {
          await this.options.refresh(reason);
        } catch (caught) {
          failed = true;
          error = caught;
        }

        if (failed) {
          this.onFailure(error);
          // After a failure the back-off (or the user, after an auth stop) decides what is next.
          reason = undefined;
        } else {
          this.onSuccess(reason);
          reason = this.stopped ? undefined : this.pending;
        }
        this.pending = undefined;
      }
    } finally {
      this.active = false;
      this.running = undefined;
      this.emit();
    }
  }

  private onSuccess(reason: RefreshReason): void {
    this.failures = 0;
    this.serverAsked = false;
    this.lastError = undefined;
    this.lastSuccessAt = this.clock.now();
    if (reason !== 'notification') this.lastPollAt = this.lastSuccessAt;
  }

  private onFailure(error: unknown): void {
    this.failures += 1;
    this.lastError = error;
    const decision = backoffAfter(error, this.failures);
    if (decision.kind === 'stop') {
      this.stoppedForAuth = true;
      this.serverAsked = false;
      return;
    }
    this.serverAsked = decision.serverAsked;
    if (!this.stopped) this.armRetry(this.clock.now() + decision.delayMs);
  }

  private armTick(): void {
    this.cancelTick?.();
    this.cancelTick = this.clock.setTimer(nextQuarterHourTick(this.clock.now()), () => {
      this.cancelTick = undefined;
      this.armTick();
      this.request('quarter-hour');
    });
  }

  private armRetry(at: number): void {
    this.cancelRetry?.();
    this.retryAt = at;
    this.cancelRetry = this.clock.setTimer(at, () => {
      this.cancelRetry = undefined;
      this.retryAt = undefined;
      this.request('retry');
    });
  }

  private armNextChange(at: number): void {
    this.cancelNextChange?.();
    this.cancelNextChange = this.clock.setTimer(at, () => {
      this.cancelNextChange = undefined;
      this.nextChangeAt = undefined;
      this.options.onNextChange?.();
      this.request('next-change');
    });
  }

  private emit(): void {
    this.options.onStatus?.(this.status);
  }
}

/** The real clock. Long waits are chained, since setTimeout cannot wait more than ~24.8 days. */
export const systemSchedulerClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer(at, fn) {
    const MAX_TIMEOUT_MS = 2 ** 31 - 1;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      const wait = at - Date.now();
      if (wait > MAX_TIMEOUT_MS) {
        timer = setTimeout(arm, MAX_TIMEOUT_MS);
      } else {
        timer = setTimeout(fn, Math.max(0, wait));
      }
    };
    arm();
    return () => {
      clearTimeout(timer);
    };
  },
};
