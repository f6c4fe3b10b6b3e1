/**
 * What one refresh reads, decided from why it runs and whether notifications arrive. Pure.
 *
 * - A notification refresh reads only what the notifications made stale: the calendar view
 *   with free/busy (presence follows), or the voicemail list. OOF is not a folder item and
 *   raises no notification; it waits for the next poll.
 * - A timed refresh (the poll, and in polling mode the one at a presence change) asks the
 *   backend's folder check (`syncFolder`, from the persisted bookmark: EWS SyncFolderItems, Graph
 *   calendarView/delta and the voicemail digest) whether the calendar or the voicemail folder
 *   changed at all, and reads the calendar view (still needed: only it expands recurrences into
 *   occurrences) or the voicemail list only if so, or when the day the agenda shows has changed.
 *   OOF is always read. It does so while live (the hourly poll beside notifications) and in
 *   polling mode whenever the backend answers the check (Graph always, EWS when both kinds of
 *   subscription failed): an idle poll costs the OOF and two small checks.
 * - Everything else (start, the user, resume and network back, retries, a timed refresh
 *   without any folder check) reads everything, as before live updates.
 */
import type { RefreshTarget } from './decisions.js';

export type PartPlan = 'read' | 'if-changed' | 'skip';

export interface RefreshPlan {
  oof: boolean;
  calendar: PartPlan;
  voicemail: PartPlan;
}

export interface PlanInput {
  /** The scheduler's reason ('notification', 'quarter-hour', 'start', 'user', …). */
  reason: string;
  /** Notifications arrive (streaming or pull). */
  live: boolean;
  /**
   * The backend answers "changed at all?" from a bookmark (`MailboxLive.syncFolder`), also when
   * no notification arrives (a polling feed). Absent: as `live` (a live feed's backend does).
   */
  folderChecks?: boolean;
  /** What notifications made stale since the last read. */
  targets: ReadonlySet<RefreshTarget>;
  /** The agenda's day is not the one last read (midnight passed, another zone). */
  dayChanged: boolean;
}

/** Everything, as without live updates. */
export const FULL_READ: RefreshPlan = { oof: true, calendar: 'read', voicemail: 'read' };

export function planRefresh(input: PlanInput): RefreshPlan {
  if (input.reason === 'notification') {
    return {
      oof: false,
      calendar: input.targets.has('calendar') || input.dayChanged ? 'read' : 'skip',
      voicemail: input.targets.has('voicemail') ? 'read' : 'skip',
    };
  }
  // The poll, and the refresh at a presence change (which runs in polling mode only).
  const timed = input.reason === 'quarter-hour' || input.reason === 'next-change';
  if (timed && (input.folderChecks ?? input.live)) {
    return {
      oof: true,
      calendar: input.dayChanged || input.targets.has('calendar') ? 'read' : 'if-changed',
      voicemail: input.targets.has('voicemail') ? 'read' : 'if-changed',
    };
  }
  return FULL_READ;
}

/** Whether a plan reads nothing at all. */
export function readsNothing(plan: RefreshPlan): boolean {
  return !plan.oof && plan.calendar === 'skip' && plan.voicemail === 'skip';
}
