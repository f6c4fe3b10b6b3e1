/**
 * The owner's free/busy as a refresh that skips the calendar answers from it: the merged slots
 * (the Snapshot's timeline) and the working hours (presence's off-work), never the busy events
 * with their meeting details, which nothing after the read uses (presence works from the calendar
 * items) and which cost 2.7 MB at 5,000 items. A failed mailbox stays as it is. Pure.
 */
import type { MailboxFreeBusy } from '../../mailbox/calendar.js';

export function freeBusyToKeep(availability: readonly MailboxFreeBusy[]): MailboxFreeBusy[] {
  return availability.map((answer) => {
    if (!answer.ok) return answer;
    const kept: MailboxFreeBusy = {
      mailbox: answer.mailbox,
      ok: true,
      view: answer.view,
      intervalMinutes: answer.intervalMinutes,
      events: [],
    };
    if (answer.mergedFreeBusy !== undefined) kept.mergedFreeBusy = answer.mergedFreeBusy;
    if (answer.workingHours !== undefined) kept.workingHours = answer.workingHours;
    return kept;
  });
}
