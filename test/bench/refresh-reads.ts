/**
 * What one full refresh reads from a mailbox, through any MailboxBackend and with the core's own
 * pieces, so that EWS and Graph are asked exactly the same questions:
 * - the companion's presence read (companion.ts `readMailbox`): OOF, the calendar from local
 *   midnight to the end of tomorrow and the user's own free/busy at 15 minutes, together; then
 *   the read-ahead (`readCalendarAhead`) as far as presence needs; then the voicemail list (the
 *   default 200 newest);
 * - at the same time, the contacts' calendar presence (`CalendarPresenceSource`, the IM
 *   service's): busy-only free/busy and mail tips for every contact, batched by the backend's
 *   limits, with its own read-ahead.
 * Only what builds the Snapshot: no voicemail details fetched ahead, no audio.
 */
import { readCalendarAhead } from '../../src-main/core/companion/calendar-ahead.js';
import { refreshWindows } from '../../src-main/core/companion/day-window.js';
import { oofInputFrom, toOofSnapshot } from '../../src-main/core/companion/mapping.js';
import { CalendarPresenceSource } from '../../src-main/im/contacts/calendar-source.js';
import type { MailboxBackend } from '../../src-main/mailbox/backend.js';

const VOICEMAIL_MAX = 200;

/** What the reads found: the bench checks both faces found the same. */
export interface RefreshFound {
  oofState: string;
  agendaItems: number;
  ownFreeBusyEvents: number;
  voicemails: number;
  /** Contacts with free/busy, and with an automatic reply. */
  contactsWithFreeBusy: number;
  contactsWithReply: number;
}

export async function fullRefresh(
  backend: MailboxBackend,
  args: { now: number; timeZone: string; contacts: readonly string[] },
): Promise<RefreshFound> {
  const own = async (): Promise<
    Omit<RefreshFound, 'contactsWithFreeBusy' | 'contactsWithReply'>
  > => {
    const windows = refreshWindows(args.now, args.timeZone);
    const [oof, calendar, availability] = await Promise.all([
      backend.getOofSettings(),
      backend.getCalendar({
        start: new Date(windows.dayStart),
        end: new Date(windows.calendarEnd),
      }),
      backend.getAvailability({
        start: new Date(windows.dayStart),
        end: new Date(windows.dayEnd),
        timeZone: args.timeZone,
        intervalMinutes: 15,
      }),
    ]);
    const self = availability[0];
    if (self?.ok !== true) throw new Error('no free/busy for the signed-in mailbox');
    const items = await readCalendarAhead(backend, {
      now: args.now,
      mailbox: backend.mailbox,
      items: calendar.items,
      readTo: windows.calendarEnd,
      oof: oofInputFrom(toOofSnapshot(oof)),
    });
    const voicemail = await backend.listVoicemail({ maxEntries: VOICEMAIL_MAX });
    return {
      oofState: oof.state,
      agendaItems: items.length,
      ownFreeBusyEvents: self.events.length,
      voicemails: voicemail.items.length,
    };
  };
  const contacts = async (): Promise<
    Pick<RefreshFound, 'contactsWithFreeBusy' | 'contactsWithReply'>
  > => {
    const source = new CalendarPresenceSource({
      now: () => args.now,
      timeZone: () => args.timeZone,
    });
    const facts = await source.refresh(backend, {
      availability: args.contacts,
      mailTips: args.contacts,
    });
    // A failed batch keeps old facts quietly in the app; here it would make the counts lie.
    if (source.lastError !== undefined)
      throw new Error('a contacts batch failed', { cause: source.lastError });
    const all = [...facts.values()];
    return {
      contactsWithFreeBusy: all.filter((f) => f.availability !== undefined).length,
      contactsWithReply: all.filter((f) => f.mailTips?.oof !== undefined).length,
    };
  };
  const [mine, theirs] = await Promise.all([own(), contacts()]);
  return { ...mine, ...theirs };
}
