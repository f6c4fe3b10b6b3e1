/**
 * Decisions about an automatic-replies schedule, pure so they are tested on values: whether a
 * window the user typed may be sent, and what "Turn off" does. The core's turn-off sets the
 * state to Disabled and leaves the dates on the server (oof-edit.ts `oofTurnedOff`), so for a
 * schedule that has not started it cancels those replies: the user is told so before.
 */
import type { OofSnapshot } from '../../../src-main/core/contract.js';

export type ScheduleCheck =
  /** Fine to send. */
  | { ok: true; allInPast: false }
  /** Sendable, but the whole window is over: nothing will be sent. Warn, do not refuse. */
  | { ok: true; allInPast: true }
  | { ok: false; problem: 'incomplete' | 'end-before-start' };

export function checkSchedule(
  start: string | undefined,
  end: string | undefined,
  now: number,
): ScheduleCheck {
  if (start === undefined || end === undefined) return { ok: false, problem: 'incomplete' };
  if (Date.parse(end) <= Date.parse(start)) return { ok: false, problem: 'end-before-start' };
  if (Date.parse(end) <= now) return { ok: true, allInPast: true };
  return { ok: true, allInPast: false };
}

export type TurnOffEffect =
  /** Nothing is on: there is nothing to turn off. */
  | { kind: 'nothing' }
  /** Replies are being sent now (on, or inside the schedule): they stop. */
  | { kind: 'stop-now' }
  /** A schedule that has not started yet: it will never send. */
  | { kind: 'cancel-future'; start: string; end: string };

export function turnOffEffect(oof: OofSnapshot, now: number): TurnOffEffect {
  if (oof.state === 'disabled') return { kind: 'nothing' };
  if (
    oof.state === 'scheduled' &&
    oof.start !== undefined &&
    oof.end !== undefined &&
    Date.parse(oof.start) > now
  )
    return { kind: 'cancel-future', start: oof.start, end: oof.end };
  return { kind: 'stop-now' };
}

/** Replies are going out right now: on, or a schedule whose window contains now. */
export function oofActive(oof: OofSnapshot, now: number): boolean {
  if (oof.state === 'enabled') return true;
  if (oof.state !== 'scheduled' || oof.start === undefined || oof.end === undefined) return false;
  return Date.parse(oof.start) <= now && now < Date.parse(oof.end);
}
