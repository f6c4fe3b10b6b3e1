/**
 * When to try the IM server again: jittered exponential back-off (pure). Attempt 0 (right after
 * a working connection dropped) waits 0.5–1 s, then 1–2 s, 2–4 s … up to 2.5–5 minutes. The
 * jitter spreads many clients reconnecting after a server restart; a fixed delay would have them
 * knock together. Wrong credentials and untrusted certificates do not come here: they fail.
 */
export interface BackoffPolicy {
  /** The first delay's upper bound (ms). */
  baseMs: number;
  /** No delay is longer than this (ms). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 300_000 };

/** `random` in [0, 1); the delay is in [ceiling / 2, ceiling). */
export function backoffDelay(
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
