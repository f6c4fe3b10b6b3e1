/**
 * Keeps an application presence session in Teams: given the wanted availability/activity it sets
 * the session, renews it before Graph lets it lapse, sets it again when the wish changes, and
 * clears it on stop. A failure keeps the last published state and retries with a growing,
 * jittered pause: a wish that changes during the pause waits for it (no storm of requests).
 *
 * The decisions are pure functions of (state, now, policy); the keeper only runs them against an
 * injected port (the Graph calls) and injected timers.
 *
 * Graph's rules (presence-setpresence.md): expirationDuration PT5M..PT4H; a session whose
 * availability is Available also times out after 5 minutes without a call (it fades to
 * AvailableInactive, then Away), so it is renewed more often than its expiry alone asks.
 */
import type { SessionPair } from './operations/presence.js';

export interface SessionPolicy {
  /** expirationDuration sent with each set, in whole minutes (5..240). */
  expirationMinutes: number;
  /** An Available session times out after this long without a call. */
  availableTimeoutMs: number;
  /** Renew this long before the earlier of expiry and timeout. */
  renewMarginMs: number;
  /** First pause after a failure; doubles per failure up to `backoffMaxMs`. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = Object.freeze({
  expirationMinutes: 10,
  availableTimeoutMs: 5 * 60_000,
  renewMarginMs: 60_000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 5 * 60_000,
});

export interface PublishedSession {
  pair: SessionPair;
  /** When it was last set successfully (ms since epoch). */
  setAt: number;
  renewAt: number;
  expiresAt: number;
}

export interface SessionState {
  /** null: no session wanted (signed out, offline). */
  desired: SessionPair | null;
  /** The last state Graph accepted; kept through failures. */
  published: PublishedSession | null;
  /** A set failed after it may have reached Graph: a session may exist that we do not know of. */
  uncertain: boolean;
  failures: number;
  /** No request before this instant (back-off), or null. */
  retryAt: number | null;
  lastError: unknown;
}

export const INITIAL_SESSION_STATE: SessionState = Object.freeze({
  desired: null,
  published: null,
  uncertain: false,
  failures: 0,
  retryAt: null,
  lastError: undefined,
});

export type SessionStep =
  | { kind: 'set'; pair: SessionPair }
  | { kind: 'clear' }
  | { kind: 'wait'; at: number }
  | { kind: 'idle' };

export function samePair(a: SessionPair | null, b: SessionPair | null): boolean {
  return a?.availability === b?.availability && a?.activity === b?.activity;
}

/** How long after a successful set the session is renewed. */
export function renewDelay(pair: SessionPair, policy: SessionPolicy): number {
  const expiry = policy.expirationMinutes * 60_000;
  const lapse =
    pair.availability === 'Available' ? Math.min(expiry, policy.availableTimeoutMs) : expiry;
  return Math.max(1_000, lapse - policy.renewMarginMs);
}

/** The pause after the n-th failure in a row: base·2^(n-1), capped, then jittered into [½, 1]×. */
export function backoffDelay(
  failures: number,
  policy: SessionPolicy,
  random: () => number,
): number {
  const exp = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, failures - 1));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(exp / 2 + (exp / 2) * r);
}

/** What to do now. */
export function nextStep(state: SessionState, now: number): SessionStep {
  const wantsRequest =
    state.desired === null
      ? state.published !== null || state.uncertain
      : !samePair(state.published?.pair ?? null, state.desired) ||
        now >= (state.published?.renewAt ?? 0);
  if (!wantsRequest) {
    return state.desired !== null && state.published !== null
      ? { kind: 'wait', at: state.published.renewAt }
      : { kind: 'idle' };
  }
  if (state.retryAt !== null && now < state.retryAt) return { kind: 'wait', at: state.retryAt };
  return state.desired === null ? { kind: 'clear' } : { kind: 'set', pair: state.desired };
}

export function afterSuccess(
  state: SessionState,
  step: SessionStep,
  now: number,
  policy: SessionPolicy,
): SessionState {
  const base = { ...state, failures: 0, retryAt: null, lastError: undefined, uncertain: false };
  if (step.kind === 'set')
    return {
      ...base,
      published: {
        pair: step.pair,
        setAt: now,
        renewAt: now + renewDelay(step.pair, policy),
        expiresAt: now + policy.expirationMinutes * 60_000,
      },
    };
  if (step.kind === 'clear') return { ...base, published: null };
  return state;
}

export function afterFailure(
  state: SessionState,
  step: SessionStep,
  now: number,
  policy: SessionPolicy,
  random: () => number,
  error: unknown,
): SessionState {
  const failures = state.failures + 1;
  return {
    ...state,
    failures,
    retryAt: now + backoffDelay(failures, policy, random),
    lastError: error,
    uncertain: state.uncertain || step.kind === 'set',
  };
}

/** The Graph calls the keeper makes (presence.ts's setPresence/clearPresence, bound to a user). */
export interface PresenceSessionPort {
  set(pair: SessionPair, expirationMinutes: number): Promise<void>;
  clear(): Promise<unknown>;
}

export interface SessionTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIMERS: SessionTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** A clock that tells the time and sleeps (the transport's), as the caller's application runs on. */
export interface SleepingClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The keeper's timers on `clock`, so its renewals and retries count the same time as the rest of
 * the caller's application (in tests, the same fake time). A cleared timer's sleep is cancelled.
 */
export function sessionTimersFrom(clock: SleepingClock): SessionTimers {
  return {
    now: () => clock.now(),
    setTimeout: (fn, ms) => {
      const cancel = new AbortController();
      clock.sleep(ms, cancel.signal).then(
        () => {
          if (!cancel.signal.aborted) fn();
        },
        () => undefined,
      );
      return cancel;
    },
    clearTimeout: (handle) => {
      if (handle instanceof AbortController) handle.abort();
    },
  };
}

export interface PresenceSessionKeeperOptions {
  port: PresenceSessionPort;
  timers?: SessionTimers;
  policy?: Partial<SessionPolicy>;
  random?: () => number;
  /** Called after every state change (for a status line or a log). */
  onChange?: (state: SessionState) => void;
}

export class PresenceSessionKeeper {
  private state: SessionState = INITIAL_SESSION_STATE;
  private readonly port: PresenceSessionPort;
  private readonly timers: SessionTimers;
  private readonly policy: SessionPolicy;
  private readonly random: () => number;
  private readonly onChange: ((state: SessionState) => void) | undefined;
  private timer: unknown = undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(options: PresenceSessionKeeperOptions) {
    this.port = options.port;
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.policy = { ...DEFAULT_SESSION_POLICY, ...options.policy };
    this.random = options.random ?? Math.random;
    this.onChange = options.onChange;
    if (
      !Number.isInteger(this.policy.expirationMinutes) ||
      this.policy.expirationMinutes < 5 ||
      this.policy.expirationMinutes > 240
    )
      throw new RangeError('expirationMinutes must be 5..240');
  }

  /** The wanted session (null: none). Acts at once unless a request is in flight or backing off. */
  desire(pair: SessionPair | null): void {
    if (this.stopped) return;
    if (samePair(pair, this.state.desired)) return;
    this.update({ ...this.state, desired: pair });
    this.pump();
  }

  snapshot(): SessionState {
    return this.state;
  }

  /** Resolves once no request is in flight (the one running now, and any it led to, have ended). */
  async settled(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
  }

  /**
   * Stops renewing and clears the session Graph may hold (one attempt; a 404 counts as cleared).
   * Resolves when that attempt has ended; a failure is kept in the state, not thrown.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelTimer();
    await this.inFlight;
    if (this.state.published === null && !this.state.uncertain) return;
    const step: SessionStep = { kind: 'clear' };
    const now = this.timers.now();
    try {
      await this.port.clear();
      this.update(afterSuccess({ ...this.state, desired: null }, step, now, this.policy));
    } catch (error) {
      this.update(afterFailure(this.state, step, now, this.policy, this.random, error));
    }
  }

  private update(state: SessionState): void {
    this.state = state;
    this.onChange?.(state);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (this.stopped || this.inFlight !== undefined) return;
    this.cancelTimer();
    const now = this.timers.now();
    const step = nextStep(this.state, now);
    if (step.kind === 'idle') return;
    if (step.kind === 'wait') {
      this.timer = this.timers.setTimeout(
        () => {
          this.timer = undefined;
          this.pump();
        },
        Math.max(0, step.at - now),
      );
      return;
    }
    this.inFlight = this.run(step).finally(() => {
      this.inFlight = undefined;
      this.pump();
    });
  }

  private async run(step: { kind: 'set'; pair: SessionPair } | { kind: 'clear' }): Promise<void> {
    try {
      if (step.kind === 'set') await this.port.set(step.pair, this.policy.expirationMinutes);
      else await this.port.clear();
      this.update(afterSuccess(this.state, step, this.timers.now(), this.policy));
    } catch (error) {
      this.update(
        afterFailure(this.state, step, this.timers.now(), this.policy, this.random, error),
      );
    }
  }
}
