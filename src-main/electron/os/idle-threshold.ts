/**
 * When the OS idle time matters to presence. The resolver turns idle into "Inactive" at
 * inactiveAfterMinutes and into away at awayAfterMinutes (or at once when the screen is locked),
 * both inclusive; between those edges more idle seconds change nothing. So the shell polls the
 * idle time and tells the core only when the band changes, and polls sooner when an edge is near.
 */
import type { IdleInput } from '../../presence/index.js';
import type { PresenceThresholds } from '../../core/contract.js';

export type IdleBand = 'active' | 'inactive' | 'away';

export type IdleThresholds = Pick<PresenceThresholds, 'awayAfterMinutes' | 'inactiveAfterMinutes'>;

/** How often to look while no edge is near: returning to the keyboard shows within this. */
export const IDLE_POLL_INTERVAL_MS = 5_000;

/** getSystemIdleTime counts whole seconds: polling faster than that learns nothing. */
const MIN_POLL_DELAY_MS = 1_000;

export function idleBand(
  idleSeconds: number,
  locked: boolean,
  thresholds: IdleThresholds,
): IdleBand {
  if (locked) return 'away';
  const seconds = knownSeconds(idleSeconds);
  if (seconds >= thresholds.awayAfterMinutes * 60) return 'away';
  if (seconds >= thresholds.inactiveAfterMinutes * 60) return 'inactive';
  return 'active';
}

/** True when the core must recompute presence: the first reading, or a new band. */
export function idleChanged(
  previous: IdleInput | undefined,
  next: IdleInput,
  thresholds: IdleThresholds,
): boolean {
  if (previous === undefined) return true;
  return (
    idleBand(previous.idleSeconds, previous.locked, thresholds) !==
    idleBand(next.idleSeconds, next.locked, thresholds)
  );
}

/**
 * The wait before the next reading: the time until the next edge if the user stays idle, but
 * never longer than the regular interval (activity resets idle time without warning) and never
 * shorter than one second.
 */
export function nextPollDelayMs(idleSeconds: number, thresholds: IdleThresholds): number {
  const seconds = knownSeconds(idleSeconds);
  const edges = [thresholds.inactiveAfterMinutes * 60, thresholds.awayAfterMinutes * 60];
  const nextEdge = Math.min(...edges.filter((edge) => edge > seconds));
  const untilEdgeMs = (nextEdge - seconds) * 1000;
  return Math.max(MIN_POLL_DELAY_MS, Math.min(IDLE_POLL_INTERVAL_MS, untilEdgeMs));
}

/** A broken reading (negative, NaN) counts as no idle time: presence must not flip to away. */
function knownSeconds(idleSeconds: number): number {
  return Number.isFinite(idleSeconds) && idleSeconds > 0 ? idleSeconds : 0;
}
