import { honouredPause } from './retry-after.js';

export interface BackoffPolicy {
  /** The first retry waits up to this long. */
  baseDelayMs: number;
  /** No computed wait exceeds this. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 60_000 };

/**
 * Exponential back-off with equal jitter: half the window fixed, half random, so clients that
 * failed together do not retry together, yet every retry still waits a meaningful time.
 * `retry` counts from 0 for the first retry.
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry));
  return Math.round(window / 2 + random() * (window / 2));
}

/** The wait before the next attempt: our back-off step, or the honoured hint when longer. */
export function nextDelay(
  retry: number,
  hintMs: number | undefined,
  policy: BackoffPolicy,
  random: () => number,
): number {
  const own = backoffDelay(retry, policy, random);
  const pause = honouredPause(hintMs);
  return pause !== undefined && pause > own ? pause : own;
}
