/**
 * A contact's presence, decided purely: live from the IM network when they are online there,
 * otherwise derived from their Exchange free/busy through the same resolver as mine (no idle,
 * no manual choice) and their automatic reply from MailTips. PRESENCE.md "Contacts" and the
 * inbound half of "IM (XMPP) mapping".
 */
import type { FreeBusyEvent, FreeBusyOk } from '../../mailbox/calendar.js';
import type { RecipientOof } from '../../mailbox/people.js';
import {
  DEFAULT_PRESENCE_SETTINGS,
  formatActivity,
  htmlToNote,
  resolvePresence,
  type OofInput,
  type PresenceEvent,
} from '../../presence/index.js';
import { MAX_TRANSCRIPT_LENGTH, type Activity, type ContactPresence } from '../../core/contract.js';
import type { ImPresence } from '../provider.js';

/** What Exchange told about one contact's mailbox (either part may be missing). */
export interface CalendarFacts {
  availability?: FreeBusyOk;
  /** Present when MailTips answered; `oof` inside only when their automatic reply is on. */
  mailTips?: { oof?: RecipientOof };
}

export interface FormatContext {
  now: Date;
  locale: string;
  timeZone: string;
}

const MAX_NOTE = 1024;

/** Nobody knows anything: offline, marked as such. */
export function unknownPresence(): ContactPresence {
  return {
    availability: 'offline',
    activity: { kind: 'none' },
    activityText: '',
    note: '',
    oof: false,
    idle: false,
    source: 'none',
  };
}

/** A free/busy event as the resolver takes it. */
export function toEvent(event: FreeBusyEvent): PresenceEvent {
  const out: PresenceEvent = { start: event.start, end: event.end, freeBusy: event.busyType };
  // Free/busy without details cannot tell a meeting from an appointment: the resolver assumes one.
  if (event.details !== undefined) out.isMeeting = event.details.isMeeting;
  return out;
}

/** Their automatic reply as the resolver takes it. */
export function oofInput(oof: RecipientOof | undefined): OofInput | undefined {
  if (oof === undefined) return undefined;
  return oof.duration === undefined
    ? { state: 'Enabled', internalReplyHtml: oof.message }
    : {
        state: 'Scheduled',
        start: oof.duration.start,
        end: oof.duration.end,
        internalReplyHtml: oof.message,
      };
}

/** Their automatic reply as plain text (HTML stripped, entities decoded), or undefined. */
export function oofMessageText(oof: RecipientOof | undefined): string | undefined {
  if (oof === undefined) return undefined;
  const text = htmlToNote(oof.message, MAX_TRANSCRIPT_LENGTH);
  return text === '' ? undefined : text;
}

function contractActivity(activity: ReturnType<typeof resolvePresence>['activity']): Activity {
  return 'until' in activity
    ? { kind: activity.kind, until: activity.until.toISOString() }
    : { kind: activity.kind };
}

/**
 * Calendar-derived presence: the resolver on their free/busy events, working hours and
 * automatic reply. With neither free/busy nor MailTips there is nothing to say (source none).
 */
export function calendarPresence(facts: CalendarFacts, context: FormatContext): ContactPresence {
  if (facts.availability === undefined && facts.mailTips === undefined) return unknownPresence();
  const oof = oofInput(facts.mailTips?.oof);
  const input: Parameters<typeof resolvePresence>[0] = {
    now: context.now,
    signedIn: true,
    events: (facts.availability?.events ?? []).map(toEvent),
    idle: { idleSeconds: 0, locked: false },
    settings: DEFAULT_PRESENCE_SETTINGS,
  };
  if (oof !== undefined) input.oof = oof;
  if (facts.availability?.workingHours !== undefined)
    input.workingHours = facts.availability.workingHours;
  const resolved = resolvePresence(input);
  return {
    availability: resolved.availability,
    activity: contractActivity(resolved.activity),
    activityText: formatActivity(resolved.activity, context.now, context.locale, context.timeZone),
    note: resolved.note.slice(0, MAX_NOTE),
    oof: resolved.oof,
    idle: false,
    source: 'calendar',
    updatedAt: context.now.toISOString(),
  };
}

/**
 * Live presence from IM. A Beacon peer carries its exact value; other clients map per
 * PRESENCE.md (xa is away unless their Exchange OOF is known to be on, then out of office).
 */
export function imPresence(
  live: ImPresence,
  exchangeOofOn: boolean,
  context: FormatContext,
): ContactPresence {
  const note = live.status.slice(0, MAX_NOTE);
  const idle = live.idleSince !== undefined;
  const beacon = live.beacon;
  if (beacon !== undefined) {
    const until = beacon.until === undefined ? undefined : Date.parse(beacon.until);
    const activity = activityFor(beacon.availability, until);
    return {
      availability: beacon.availability,
      activity,
      activityText:
        activity.kind === 'none'
          ? beacon.activityText.slice(0, MAX_NOTE)
          : formatActivity(
              'until' in activity
                ? { kind: activity.kind, until: new Date(activity.until) }
                : { kind: activity.kind },
              context.now,
              context.locale,
              context.timeZone,
            ),
      note: note === beacon.activityText ? '' : note,
      oof: beacon.oof || exchangeOofOn,
      idle,
      source: 'im',
      updatedAt: context.now.toISOString(),
    };
  }
  // The provider maps xa to away (it cannot know Exchange); the known OOF turns it purple here.
  const availability =
    live.availability === 'away' && exchangeOofOn ? 'out-of-office' : live.availability;
  return {
    availability,
    activity: availability === 'out-of-office' ? { kind: 'oof' } : { kind: 'none' },
    activityText:
      availability === 'out-of-office'
        ? formatActivity({ kind: 'oof' }, context.now, context.locale, context.timeZone)
        : '',
    note,
    oof: exchangeOofOn,
    idle,
    source: 'im',
    updatedAt: context.now.toISOString(),
  };
}

/** The structured "until" a Beacon peer sent, for the availabilities that have one. */
function activityFor(availability: string, until: number | undefined): Activity {
  if (until === undefined || Number.isNaN(until)) {
    return availability === 'out-of-office' ? { kind: 'oof' } : { kind: 'none' };
  }
  const iso = new Date(until).toISOString();
  switch (availability) {
    case 'in-a-meeting':
      return { kind: 'in-a-meeting-until', until: iso };
    case 'busy':
      return { kind: 'busy-until', until: iso };
    case 'available':
      return { kind: 'free-until', until: iso };
    case 'out-of-office':
      return { kind: 'oof-until', until: iso };
    case 'off-work':
      return { kind: 'off-work-until', until: iso };
    default:
      return { kind: 'none' };
  }
}
