import { nextChange } from './next-change.js';
import { prepare, stateAt } from './state.js';
import type { Presence, PresenceInput } from './types.js';

/**
 * The presence for `input.now`, by PRESENCE.md's resolution order: signed out → offline; an
 * unexpired manual choice; automatic replies or a calendar OOF item → out-of-office; a busy item
 * → in-a-meeting or busy; locked or idle ≥ away-after → away; outside working hours → off-work;
 * otherwise available. Pure: the clock, idle state and calendar all come in through `input`.
 */
export function resolvePresence(input: PresenceInput): Presence {
  const ctx = prepare(input);
  const current = stateAt(ctx, input.now.getTime());
  return { ...current, nextChange: nextChange(ctx, current) };
}
