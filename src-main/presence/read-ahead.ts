/**
 * How far the calendar must be read so that where the fetch window stops never changes what the
 * resolver says (PRESENCE.md "How far ahead"): the run of busy and out-of-office time that holds
 * `now` must end inside what was read, and the next busy start after it must be known. Both are
 * followed up to READ_AHEAD_LIMIT_MS ahead and no further; a run that goes on beyond that ends, as
 * far as Beacon can tell, with the last item that starts before the limit.
 *
 * A pure decision: given what has been read so far, whether to read more and which window next.
 * The callers read in growing steps (the first read, then READ_AHEAD_STEP_MS more, until the
 * limit), so a calendar whose run ends today costs no extra request.
 */
import { blockingItems } from './busy-runs.js';
import { automaticReplyWindow } from './oof.js';
import { LOOKAHEAD_MS } from './state.js';
import { RUN_GAP_MS, mergeSpans } from './spans.js';
import type { OofInput, PresenceEvent, Span } from './types.js';

/** The furthest ahead of now that runs and the next busy start are followed: 14 days. */
export const READ_AHEAD_LIMIT_MS = LOOKAHEAD_MS;
/** Each further read reaches this much beyond the last one (capped at the limit). */
export const READ_AHEAD_STEP_MS = 7 * 24 * 3_600_000;

export interface ReadAheadInput {
  now: number;
  /** The end of what has been read so far: items starting at or after it are unknown. */
  readTo: number;
  /** Every event read so far (all reads together; duplicates do no harm). */
  events: readonly PresenceEvent[];
  /** The automatic-reply settings, whose window belongs to an out-of-office run. */
  oof?: OofInput | undefined;
  /**
   * How far past the run's end (or now) the next busy start is looked for; up to the limit when
   * left out. Facts read again every few minutes need it only as far as "Free until" reaches.
   */
  nextStartWithinMs?: number;
}

export type ReadAheadDecision =
  | { done: true; reason: 'run-and-next-start-known' | 'limit' }
  | { done: false; reason: 'run-continues' | 'next-start-unknown'; from: number; to: number };

/** Whether what was read is enough, and if not, the window to read next. */
export function readAhead(input: ReadAheadInput): ReadAheadDecision {
  const { now, readTo } = input;
  const limit = now + READ_AHEAD_LIMIT_MS;
  if (readTo >= limit) return { done: true, reason: 'limit' };
  const items = blockingItems([...input.events]);
  const reply = automaticReplyWindow(input.oof);
  const spans: Span[] = [...items, ...(reply ? [reply] : [])];
  const run = mergeSpans(spans, RUN_GAP_MS).find((r) => r.start <= now && now < r.end);
  // Past the limit nothing more is followed: neither the run's end nor what comes after it.
  if (run !== undefined && run.end >= limit) return { done: true, reason: 'limit' };
  const next = { from: readTo, to: Math.min(limit, readTo + READ_AHEAD_STEP_MS) };
  // An item starting at or after readTo, less than a minute after the run's end, would join it.
  if (run !== undefined && run.end + RUN_GAP_MS > readTo) {
    return { done: false, reason: 'run-continues', ...next };
  }
  const after = run?.end ?? now;
  const within = input.nextStartWithinMs ?? Infinity;
  if (!spans.some((s) => s.start > after) && after + within > readTo) {
    return { done: false, reason: 'next-start-unknown', ...next };
  }
  return { done: true, reason: 'run-and-next-start-known' };
}
