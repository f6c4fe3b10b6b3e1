/**
 * A contact's Teams presence merged with what Beacon derives from their calendar, decided
 * purely (PRESENCE.md, "Microsoft Teams presence (Graph)", inbound): a live Teams state beats
 * the calendar's guess; Teams' Offline, PresenceUnknown or a value Beacon does not know (null
 * here) leaves the calendar's presence as it is, an OOF included. Their automatic reply being on
 * stays known (the OOF mark), and Teams' plain Away with it on reads as out of office, as xa
 * does from IM.
 */
import type { Activity, ContactPresence } from '../../core/contract.js';
import type { TeamsContactPresence } from '../../core/teams/presence-inbound.js';
import { formatActivity } from '../../presence/index.js';
import type { FormatContext } from './contact-presence.js';

export function mergeTeamsPresence(
  teams: TeamsContactPresence | null,
  calendar: ContactPresence,
  context: FormatContext,
): ContactPresence {
  if (teams === null) return calendar;
  const replyOn = calendar.oof;
  const availability =
    teams.availability === 'away' && replyOn ? 'out-of-office' : teams.availability;
  // The same state as the calendar's: its activity says more ("In a meeting until 15:30").
  const sameAsCalendar = calendar.source !== 'none' && calendar.availability === availability;
  const activity: Activity = sameAsCalendar
    ? calendar.activity
    : availability === 'out-of-office'
      ? { kind: 'oof' }
      : { kind: 'none' };
  const activityText = sameAsCalendar
    ? calendar.activityText
    : activity.kind === 'none'
      ? ''
      : formatActivity({ kind: 'oof' }, context.now, context.locale, context.timeZone);
  return {
    availability,
    activity,
    activityText,
    note: calendar.note,
    oof: replyOn || availability === 'out-of-office',
    idle: teams.idle,
    source: 'teams',
    updatedAt: context.now.toISOString(),
  };
}
