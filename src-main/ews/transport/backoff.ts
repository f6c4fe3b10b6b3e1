import { retryWait } from './retry-after.js';

export interface BackoffPolicy {
  /** First retry waits up to this long. */
  baseDelayMs: number;
  /** No computed wait exceeds this. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 60_000 };

/**
 * Exponential back-off with "equal jitter": half the window fixed, half random, so clients that
 * failed together do not retry together, yet every retry still waits a meaningful time.
 * `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
  return Math.round(window / 2 + random() * (window / 2));
}

/**
 * The wait before the next attempt: our back-off, or what the server asked for when that is longer
 * and within MAX_SERVER_PAUSE_MS (see retry-after.ts).
 */
export function nextDelay(
  attempt: number,
  serverAskedMs: number | undefined,
  policy: BackoffPolicy,
  random: () => number,
): number {
  return retryWait(serverAskedMs, backoffDelay(attempt, policy, random)).waitMs;
}
