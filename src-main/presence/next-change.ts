import { FREE_UNTIL_HORIZON_MS, LOOKAHEAD_MS, sameState, stateAt } from './state.js';
import type { Context, PresenceState } from './state.js';

/**
 * Every instant at which the output could change by itself: busy/OOF item starts and ends, the
 * moment an item enters the "free until" horizon, the automatic-reply window's edges, working-
 * hours edges and the manual expiry. Idle thresholds are absent: idle time is not predictable.
 */
function candidates(ctx: Context, now: number): number[] {
  const times: number[] = [];
  for (const item of ctx.items) {
    times.push(item.start, item.end, item.bridgedEnd, item.start - FREE_UNTIL_HORIZON_MS);
  }
  if (ctx.replyWindow) times.push(ctx.replyWindow.start, ctx.replyWindow.end);
  for (const span of ctx.working ?? []) times.push(span.start, span.end);
  const expires = ctx.input.manual?.expiresAt?.getTime();
  if (expires !== undefined) times.push(expires);
  return [...new Set(times)]
    .filter((t) => Number.isFinite(t) && t > now && t <= now + LOOKAHEAD_MS)
    .sort((a, b) => a - b);
}

/**
 * The first candidate instant at which the resolved presence really differs from `current`
 * (a meeting starting under a manual "Do not disturb" changes nothing, so it is skipped).
 * null when nothing changes within the look-ahead.
 */
export function nextChange(ctx: Context, current: PresenceState): Date | null {
  const now = ctx.input.now.getTime();
  for (const t of candidates(ctx, now)) {
    if (!sameState(stateAt(ctx, t), current)) return new Date(t);
  }
  return null;
}
