/**
 * Which conversations deserve a "you missed messages" e-mail now (pure). An absence is a run of
 * time in which I am away, offline or in Do not disturb; a message that arrives in it and stays
 * unread for the configured minutes earns its conversation ONE e-mail for that absence, however
 * many messages follow.
 */
import type { Availability } from '../../core/contract.js';

export const ABSENT: ReadonlySet<Availability> = new Set<Availability>([
  'away',
  'offline',
  'do-not-disturb',
]);

export interface MissedState {
  /** Counts absences; 0 before the first. */
  absence: number;
  absent: boolean;
  /** peer → when its oldest unread message of this absence arrived (UTC ms). */
  unreadSince: ReadonlyMap<string, number>;
  /** `${absence}\n${peer}` of the mails already sent. */
  mailed: ReadonlySet<string>;
}

export const INITIAL_MISSED: MissedState = {
  absence: 0,
  absent: false,
  unreadSince: new Map(),
  mailed: new Set(),
};

export function isAbsent(availability: Availability): boolean {
  return ABSENT.has(availability);
}

/** My availability changed: a new absence starts when I leave, and ends when I come back. */
export function presenceChanged(state: MissedState, availability: Availability): MissedState {
  const absent = isAbsent(availability);
  if (absent === state.absent) return state;
  if (absent) return { ...state, absent, absence: state.absence + 1, unreadSince: new Map() };
  return { ...state, absent, unreadSince: new Map() };
}

/** A message came in: remembered only while absent, and only the oldest per conversation. */
export function messageArrived(state: MissedState, peer: string, at: number): MissedState {
  if (!state.absent || state.unreadSince.has(peer)) return state;
  const unreadSince = new Map(state.unreadSince);
  unreadSince.set(peer, at);
  return { ...state, unreadSince };
}

/** The conversation was read: nothing of it is missed any more. */
export function conversationRead(state: MissedState, peer: string): MissedState {
  if (!state.unreadSince.has(peer)) return state;
  const unreadSince = new Map(state.unreadSince);
  unreadSince.delete(peer);
  return { ...state, unreadSince };
}

export interface MissedPlan {
  due: string[];
  nextCheckAt: number | undefined;
}

export function planMissed(state: MissedState, now: number, minutes: number): MissedPlan {
  const waitMs = minutes * 60_000;
  const due: string[] = [];
  let nextCheckAt: number | undefined;
  if (!state.absent) return { due, nextCheckAt };
  for (const [peer, since] of state.unreadSince) {
    if (state.mailed.has(mailedKey(state.absence, peer))) continue;
    const at = since + waitMs;
    if (at <= now) due.push(peer);
    else nextCheckAt = nextCheckAt === undefined ? at : Math.min(nextCheckAt, at);
  }
  return { due, nextCheckAt };
}

export function mailedKey(absence: number, peer: string): string {
  return `${absence}\n${peer}`;
}

export function markMailed(state: MissedState, peer: string): MissedState {
  const mailed = new Set(state.mailed);
  mailed.add(mailedKey(state.absence, peer));
  return { ...state, mailed };
}
