/**
 * Pure mappings between the mailbox's domain types and what the core publishes: calendar items
 * to agenda items and presence events, OOF settings to the Snapshot's OOF and the resolver's
 * input, merged free/busy to the timeline, and the resolver's output to the contract's Presence.
 */
import type { BusyType, CalendarItem, FreeBusyOk } from '../../mailbox/calendar.js';
import type { OofSettings } from '../../mailbox/oof.js';
import { formatActivity } from '../../presence/index.js';
import { isOpenableJoinUrl } from '../join-link.js';
import type {
  Activity as ResolvedActivity,
  OofInput,
  Presence as ResolvedPresence,
  PresenceEvent,
  PresenceSettings,
} from '../../presence/index.js';
import type {
  Activity,
  AgendaItem,
  FreeBusy,
  OofSnapshot,
  Presence,
  PresenceThresholds,
  Timeline,
} from '../contract.js';

/**
 * What a private item of someone else arrives as (Exchange hides it before we see it). The
 * user's own private items keep their subject: this agenda is the owner's own view.
 */
export const PRIVATE_SUBJECT = 'Private appointment';

const FREE_BUSY: Record<BusyType, FreeBusy> = {
  Free: 'free',
  Tentative: 'tentative',
  Busy: 'busy',
  OOF: 'oof',
  WorkingElsewhere: 'working-elsewhere',
  NoData: 'no-data',
};

const BUSY_TYPE: Record<FreeBusy, BusyType> = {
  free: 'Free',
  tentative: 'Tentative',
  busy: 'Busy',
  oof: 'OOF',
  'working-elsewhere': 'WorkingElsewhere',
  'no-data': 'NoData',
};

export function toFreeBusy(busyType: BusyType): FreeBusy {
  return FREE_BUSY[busyType];
}

/**
 * A meeting has attendees or someone else as organizer (PRESENCE.md rule 4). EWS says IsMeeting;
 * an organizer other than the user also makes one, whatever the flag says.
 */
export function isMeetingFor(item: CalendarItem, mailbox: string): boolean {
  const organizer = item.organizer?.email;
  return (
    item.isMeeting || (organizer !== undefined && organizer.toLowerCase() !== mailbox.toLowerCase())
  );
}

export function toAgendaItem(item: CalendarItem, mailbox: string): AgendaItem {
  const agenda: AgendaItem = {
    id: item.id,
    // The agenda is the owner's own calendar: a private item shows its subject to its owner,
    // and `isPrivate` lets the window mark it with a lock.
    subject: item.subject,
    start: item.start.toISOString(),
    end: item.end.toISOString(),
    isAllDay: item.isAllDay,
    freeBusy: toFreeBusy(item.freeBusy),
    isMeeting: isMeetingFor(item, mailbox),
    isCancelled: item.isCancelled,
    isTentative: item.freeBusy === 'Tentative' || item.myResponse === 'Tentative',
    isPrivate: item.isPrivate,
  };
  if (item.location !== undefined && item.location !== '') agenda.location = item.location;
  // Only a link Beacon would open gets a Join button: the same rule as the command that opens it.
  if (item.joinUrl !== undefined && isOpenableJoinUrl(item.joinUrl)) agenda.joinUrl = item.joinUrl;
  return agenda;
}

/** The agenda: items that overlap [dayStart, dayEnd), in start order (the library sorts them). */
export function toAgenda(
  items: readonly CalendarItem[],
  mailbox: string,
  dayStart: number,
  dayEnd: number,
): AgendaItem[] {
  return items
    .filter((i) => i.start.getTime() < dayEnd && i.end.getTime() > dayStart)
    .map((i) => toAgendaItem(i, mailbox));
}

export function toPresenceEvent(item: CalendarItem, mailbox: string): PresenceEvent {
  return {
    start: item.start,
    end: item.end,
    freeBusy: item.freeBusy,
    isCancelled: item.isCancelled,
    declined: item.myResponse === 'Decline',
    isMeeting: isMeetingFor(item, mailbox),
    subject: item.subject,
  };
}

/**
 * Events rebuilt from a cached agenda, for the time before the first refresh. The agenda keeps no
 * response, so a declined item counts; the first refresh corrects that within seconds.
 */
export function eventsFromAgenda(agenda: readonly AgendaItem[]): PresenceEvent[] {
  return agenda.map((a) => ({
    start: new Date(a.start),
    end: new Date(a.end),
    freeBusy: BUSY_TYPE[a.freeBusy],
    isCancelled: a.isCancelled,
    isMeeting: a.isMeeting,
    subject: a.subject,
  }));
}

export function toOofSnapshot(settings: OofSettings): OofSnapshot {
  const oof: OofSnapshot = {
    state: lower(settings.state),
    externalAudience: lower(settings.externalAudience),
    internalReply: settings.internalReply.message,
    externalReply: settings.externalReply.message,
  };
  if (settings.duration !== undefined) {
    oof.start = settings.duration.start.toISOString();
    oof.end = settings.duration.end.toISOString();
  }
  if (settings.allowExternalOof !== undefined)
    oof.allowExternalOof = lower(settings.allowExternalOof);
  return oof;
}

function lower<T extends string>(value: T): Lowercase<T> {
  return value.toLowerCase() as Lowercase<T>;
}

const OOF_STATE = { enabled: 'Enabled', disabled: 'Disabled', scheduled: 'Scheduled' } as const;

export function oofInputFrom(oof: OofSnapshot): OofInput {
  const input: OofInput = { state: OOF_STATE[oof.state], internalReplyHtml: oof.internalReply };
  if (oof.start !== undefined) input.start = new Date(oof.start);
  if (oof.end !== undefined) input.end = new Date(oof.end);
  return input;
}

/** The day's merged free/busy; undefined when the server sent none. */
export function toTimeline(availability: FreeBusyOk, dayStart: number): Timeline | undefined {
  const slots = availability.mergedFreeBusy;
  if (slots === undefined || !/^[0-5]*$/.test(slots)) return undefined;
  return {
    start: new Date(dayStart).toISOString(),
    intervalMinutes: availability.intervalMinutes,
    slots,
  };
}

export function presenceSettingsFrom(thresholds: PresenceThresholds): PresenceSettings {
  return {
    awayAfterSeconds: thresholds.awayAfterMinutes * 60,
    inactiveAfterSeconds: thresholds.inactiveAfterMinutes * 60,
    showOffWork: thresholds.showOffWork,
  };
}

function toActivity(activity: ResolvedActivity): Activity {
  return 'until' in activity
    ? { kind: activity.kind, until: activity.until.toISOString() }
    : { kind: activity.kind };
}

/** The resolver's output as the contract publishes it, with the activity line formatted. */
export function toContractPresence(
  resolved: ResolvedPresence,
  now: Date,
  locale: string,
  timeZone: string,
): Presence {
  const presence: Presence = {
    availability: resolved.availability,
    idle: resolved.idle,
    oof: resolved.oof,
    note: resolved.note,
    activity: toActivity(resolved.activity),
    activityText: formatActivity(resolved.activity, now, locale, timeZone),
    source: resolved.source,
  };
  if (resolved.nextChange !== null) presence.nextChange = resolved.nextChange.toISOString();
  return presence;
}
