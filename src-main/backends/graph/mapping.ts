/**
 * Graph's shapes as Beacon's domain types, and the OOF setting back as Graph's. Pure: every
 * decision about what a Graph value means to Beacon is made here and nowhere else.
 *
 * OOF over Graph: v1.0's automaticRepliesSetting carries the state, the external audience, the
 * scheduled window and the two replies. It has no AllowExternalOof (the administrator's limit),
 * no decline-meetings options and no reply language: those are read as absent and never sent, so
 * the editor offers every audience and Exchange applies its own limit, as Outlook on the web does.
 */
import type { GraphEvent } from '../../graph/operations/events.js';
import type { Person, DirectoryUser } from '../../graph/operations/directory.js';
import type { MailTips } from '../../graph/operations/mail-tips.js';
import type {
  AutomaticRepliesSetting,
  WorkingHours as GraphWorkingHours,
} from '../../graph/operations/mailbox-settings.js';
import type { ScheduleInformation } from '../../graph/operations/schedule.js';
import type {
  VoicemailAttachment,
  VoicemailItem,
  VoicemailSummary as GraphVoicemailSummary,
} from '../../graph/operations/voicemail.js';
import { utcDateTimeTimeZone } from '../../graph/operations/common.js';
import { attachmentHandle } from '../../graph/operations/voicemail.js';
import type {
  BusyType,
  CalendarItem,
  FreeBusyEvent,
  MailboxFreeBusy,
  ResponseType,
  Sensitivity,
  WorkingHours,
} from '../../mailbox/calendar.js';
import { MailboxError } from '../../mailbox/errors.js';
import type { ExternalAudience, OofSettings, OofState } from '../../mailbox/oof.js';
import type { RecipientMailTips, ResolvedName } from '../../mailbox/people.js';
import type { VoicemailDetails, VoicemailSummary } from '../../mailbox/voicemail.js';
import { instantOfGraph, minutesOfDay, zoneRuleOfGraph } from './zones.js';

// ---------------------------------------------------------------------------------------- OOF

const STATE_FROM_GRAPH: Readonly<Record<string, OofState>> = {
  disabled: 'Disabled',
  alwaysEnabled: 'Enabled',
  scheduled: 'Scheduled',
};
const AUDIENCE_FROM_GRAPH: Readonly<Record<string, ExternalAudience>> = {
  none: 'None',
  contactsOnly: 'Known',
  all: 'All',
};

/** Graph's automatic replies as Beacon's OOF. A status Graph adds later reads as Disabled. */
export function oofFromGraph(setting: AutomaticRepliesSetting): OofSettings {
  const oof: OofSettings = {
    state: STATE_FROM_GRAPH[setting.status ?? 'disabled'] ?? 'Disabled',
    externalAudience: AUDIENCE_FROM_GRAPH[setting.externalAudience ?? 'none'] ?? 'None',
    internalReply: { message: setting.internalReplyMessage ?? '' },
    externalReply: { message: setting.externalReplyMessage ?? '' },
  };
  const start = setting.scheduledStartDateTime && instantOfGraph(setting.scheduledStartDateTime);
  const end = setting.scheduledEndDateTime && instantOfGraph(setting.scheduledEndDateTime);
  if (start && end) oof.duration = { start, end };
  return oof;
}

/** Beacon's OOF as the automaticRepliesSetting PATCHed: only what Graph can carry. */
export function oofToGraph(oof: OofSettings): AutomaticRepliesSetting {
  const status =
    oof.state === 'Enabled'
      ? 'alwaysEnabled'
      : oof.state === 'Scheduled'
        ? 'scheduled'
        : 'disabled';
  const externalAudience =
    oof.externalAudience === 'Known'
      ? 'contactsOnly'
      : oof.externalAudience === 'All'
        ? 'all'
        : 'none';
  const setting: AutomaticRepliesSetting = {
    status,
    externalAudience,
    internalReplyMessage: oof.internalReply.message,
    externalReplyMessage: oof.externalReply.message,
  };
  if (oof.duration) {
    setting.scheduledStartDateTime = utcDateTimeTimeZone(oof.duration.start);
    setting.scheduledEndDateTime = utcDateTimeTimeZone(oof.duration.end);
  }
  return setting;
}

// ----------------------------------------------------------------------------------- Calendar

const BUSY_FROM_SHOW_AS: Readonly<Record<string, BusyType>> = {
  free: 'Free',
  tentative: 'Tentative',
  busy: 'Busy',
  oof: 'OOF',
  workingElsewhere: 'WorkingElsewhere',
  unknown: 'NoData',
};

/** showAs as Beacon's busy type; Busy when Graph leaves it out (as for EWS). */
export function busyTypeOf(showAs: string | undefined): BusyType {
  return showAs === undefined ? 'Busy' : (BUSY_FROM_SHOW_AS[showAs] ?? 'NoData');
}

const RESPONSE_FROM_GRAPH: Readonly<Record<string, ResponseType>> = {
  none: 'Unknown',
  organizer: 'Organizer',
  tentativelyAccepted: 'Tentative',
  accepted: 'Accept',
  declined: 'Decline',
  notResponded: 'NoResponseReceived',
};

const SENSITIVITY_FROM_GRAPH: Readonly<Record<string, Sensitivity>> = {
  normal: 'Normal',
  personal: 'Personal',
  private: 'Private',
  confidential: 'Confidential',
};

/** A calendarView event as Beacon's item; undefined when it has no id or no readable times. */
export function calendarItemFromGraph(event: GraphEvent): CalendarItem | undefined {
  const start = event.start && instantOfGraph(event.start);
  const end = event.end && instantOfGraph(event.end);
  if (event.id === undefined || start === undefined || end === undefined) return undefined;
  const sensitivity = SENSITIVITY_FROM_GRAPH[event.sensitivity ?? 'normal'] ?? 'Normal';
  const item: CalendarItem = {
    id: event.id,
    subject: event.subject ?? '',
    start,
    end,
    isAllDay: event.isAllDay ?? false,
    freeBusy: busyTypeOf(event.showAs),
    isMeeting: (event.attendees?.length ?? 0) > 0 || event.isOrganizer === false,
    isCancelled: event.isCancelled ?? false,
    sensitivity,
    isPrivate: sensitivity === 'Private',
  };
  const location = event.location?.displayName?.trim();
  if (location) item.location = location;
  if (event.organizer && (event.organizer.name ?? event.organizer.address) !== undefined) {
    item.organizer = {};
    if (event.organizer.name !== undefined) item.organizer.name = event.organizer.name;
    if (event.organizer.address !== undefined) item.organizer.email = event.organizer.address;
  }
  const response = event.responseStatus?.response;
  if (response !== undefined && RESPONSE_FROM_GRAPH[response] !== undefined)
    item.myResponse = RESPONSE_FROM_GRAPH[response];
  if (event.isReminderOn === true)
    item.reminder = { minutesBefore: event.reminderMinutesBeforeStart ?? 15 };
  if (event.joinUrl !== undefined && event.joinUrl !== '') item.joinUrl = event.joinUrl;
  return item;
}

/** Sorted by start, then end, then id; each occurrence once. */
export function sortedItems(items: readonly CalendarItem[]): CalendarItem[] {
  const byId = new Map<string, CalendarItem>();
  for (const item of items) byId.set(item.id, item);
  return [...byId.values()].sort(
    (a, b) =>
      a.start.getTime() - b.start.getTime() ||
      a.end.getTime() - b.end.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

// ---------------------------------------------------------------------------------- Free/busy

const DAY_NAMES: Readonly<Record<string, string>> = {
  sunday: 'Sunday',
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
};

/** Graph's working hours as Beacon's, in the owner's own zone rule; undefined if unreadable. */
export function workingHoursFromGraph(
  hours: GraphWorkingHours | undefined,
  at: Date,
): WorkingHours | undefined {
  if (hours === undefined) return undefined;
  const timeZone = zoneRuleOfGraph(hours.timeZone, at);
  const startMinutes = minutesOfDay(hours.startTime);
  const endMinutes = minutesOfDay(hours.endTime);
  if (timeZone === undefined || startMinutes === undefined || endMinutes === undefined)
    return undefined;
  const days = (hours.daysOfWeek ?? []).flatMap((d) => (DAY_NAMES[d] ? [DAY_NAMES[d]] : []));
  return { timeZone, periods: days.length === 0 ? [] : [{ days, startMinutes, endMinutes }] };
}

/** The schedule's error: an unknown address or no access, this mailbox's own failure. */
function scheduleError(info: ScheduleInformation): MailboxError {
  const code = info.error?.responseCode;
  return new MailboxError('server', info.error?.message ?? 'Free/busy could not be read', {
    failure: { reason: 'server-error' },
    ...(code === undefined ? {} : { code }),
  });
}

export function freeBusyFromGraph(
  schedules: readonly ScheduleInformation[],
  mailboxes: readonly string[],
  options: { detail: 'detailed' | 'busy-only'; intervalMinutes: number; at: Date },
): MailboxFreeBusy[] {
  return schedules.map((info, i): MailboxFreeBusy => {
    const mailbox = mailboxes[i] ?? info.scheduleId;
    if (info.error !== undefined) return { mailbox, ok: false, error: scheduleError(info) };
    const events: FreeBusyEvent[] = [];
    for (const s of info.scheduleItems ?? []) {
      const start = s.start && instantOfGraph(s.start);
      const end = s.end && instantOfGraph(s.end);
      if (!start || !end) continue;
      const event: FreeBusyEvent = { start, end, busyType: busyTypeOf(s.status) };
      // A private item of someone else comes without subject and location, but still private:
      // the window says "Private appointment" over Graph as over EWS.
      const told = s.subject !== undefined || s.location !== undefined || s.isPrivate === true;
      if (options.detail === 'detailed' && told) {
        // getSchedule tells no more than this; recurrence, exception and reminder stay unknown (false).
        event.details = {
          isMeeting: false,
          isRecurring: false,
          isException: false,
          isReminderSet: false,
          isPrivate: s.isPrivate ?? false,
        };
        if (s.subject !== undefined) event.details.subject = s.subject;
        if (s.location !== undefined) event.details.location = s.location;
      }
      events.push(event);
    }
    const result: MailboxFreeBusy = {
      mailbox,
      ok: true,
      view: options.detail === 'detailed' ? 'DetailedMerged' : 'FreeBusyMerged',
      intervalMinutes: options.intervalMinutes,
      events,
    };
    if (info.availabilityView !== undefined && /^[0-5]*$/.test(info.availabilityView))
      result.mergedFreeBusy = info.availabilityView;
    const hours = workingHoursFromGraph(info.workingHours, options.at);
    if (hours !== undefined) result.workingHours = hours;
    return result;
  });
}

// ---------------------------------------------------------------------------------- Mail tips

const INVALID_RECIPIENT = /recipientnotfound|invalidrecipient|unresolvable|notfound/i;

export function mailTipsFromGraph(
  tips: readonly MailTips[],
  recipients: readonly string[],
): RecipientMailTips[] {
  return recipients.map((email, i): RecipientMailTips => {
    const tip =
      tips.find((t) => t.emailAddress?.address?.toLowerCase() === email.toLowerCase()) ?? tips[i];
    const out: RecipientMailTips = { email };
    if (tip === undefined) return out;
    if (tip.error !== undefined) {
      if (tip.error.code !== undefined && INVALID_RECIPIENT.test(tip.error.code))
        out.invalidRecipient = true;
      else
        out.error = new MailboxError('server', tip.error.message ?? 'Mail tips failed', {
          failure: { reason: 'server-error' },
          ...(tip.error.code === undefined ? {} : { code: tip.error.code }),
        });
      return out;
    }
    const reply = tip.automaticReplies;
    if (reply?.message !== undefined && reply.message.trim() !== '') {
      out.oof = { message: reply.message };
      const start = reply.scheduledStartTime && instantOfGraph(reply.scheduledStartTime);
      const end = reply.scheduledEndTime && instantOfGraph(reply.scheduledEndTime);
      if (start && end) out.oof.duration = { start, end };
    }
    return out;
  });
}

// -------------------------------------------------------------------------------------- Names

const PHONE_KEYS: Readonly<Record<string, string>> = {
  business: 'BusinessPhone',
  home: 'HomePhone',
  mobile: 'MobilePhone',
  businessFax: 'BusinessFax',
  homeFax: 'HomeFax',
  otherFax: 'OtherFax',
  assistant: 'AssistantPhone',
  pager: 'Pager',
  radio: 'RadioPhone',
  other: 'OtherTelephone',
};

export function nameFromPerson(person: Person, full: boolean): ResolvedName | undefined {
  const email = person.scoredEmailAddresses?.find((e) => e.address)?.address;
  if (email === undefined) return undefined;
  const personal = person.personType?.subclass?.toLowerCase() === 'personalcontact';
  const name: ResolvedName = {
    name: person.displayName ?? email,
    email,
    routingType: 'SMTP',
    mailboxType: personal ? 'Contact' : 'Mailbox',
  };
  if (full) {
    name.contact = {
      displayName: person.displayName ?? email,
      emailAddresses: (person.scoredEmailAddresses ?? []).flatMap((e, i) =>
        e.address ? [{ key: `EmailAddress${i + 1}`, address: e.address }] : [],
      ),
      phoneNumbers: (person.phones ?? []).flatMap((p) =>
        p.number
          ? [{ key: PHONE_KEYS[p.type ?? 'other'] ?? 'OtherTelephone', number: p.number }]
          : [],
      ),
      source: personal ? 'Contacts' : 'ActiveDirectory',
    };
    for (const key of [
      'givenName',
      'surname',
      'jobTitle',
      'department',
      'companyName',
      'officeLocation',
    ] as const) {
      const value = person[key];
      if (value !== undefined) name.contact[key] = value;
    }
  }
  return name;
}

export function nameFromUser(user: DirectoryUser, full: boolean): ResolvedName | undefined {
  const email = user.mail ?? user.userPrincipalName;
  if (email === undefined) return undefined;
  const name: ResolvedName = {
    name: user.displayName ?? email,
    email,
    routingType: 'SMTP',
    mailboxType: 'Mailbox',
  };
  if (full) {
    const phones = [
      ...(user.businessPhones ?? []).map((number) => ({ key: 'BusinessPhone', number })),
      ...(user.mobilePhone ? [{ key: 'MobilePhone', number: user.mobilePhone }] : []),
    ];
    name.contact = {
      displayName: user.displayName ?? email,
      emailAddresses: [{ key: 'EmailAddress1', address: email }],
      phoneNumbers: phones,
      source: 'ActiveDirectory',
    };
    for (const key of ['givenName', 'surname', 'jobTitle', 'officeLocation'] as const) {
      const value = user[key];
      if (value !== undefined) name.contact[key] = value;
    }
  }
  return name;
}

/** Names merged by address (the first seen wins), in the order found. */
export function mergeNames(
  lists: readonly (readonly (ResolvedName | undefined)[])[],
): ResolvedName[] {
  const seen = new Set<string>();
  const out: ResolvedName[] = [];
  for (const list of lists)
    for (const name of list) {
      if (name === undefined || seen.has(name.email.toLowerCase())) continue;
      seen.add(name.email.toLowerCase());
      out.push(name);
    }
  return out;
}

// ---------------------------------------------------------------------------------- Voicemail

export function voicemailSummaryFromGraph(v: GraphVoicemailSummary): VoicemailSummary {
  const { from, ...rest } = v;
  const summary: VoicemailSummary = { ...rest };
  if (from !== undefined) summary.from = { ...from, routingType: 'SMTP' };
  return summary;
}

/** Graph names an attachment through its message: the handle joins the two ids (the library's). */
export { attachmentHandle };

export function parseAttachmentHandle(
  handle: string,
): { messageId: string; attachmentId: string } | undefined {
  const parts = handle.split(' ');
  const [messageId, attachmentId] = parts;
  if (parts.length !== 2 || !messageId || !attachmentId) return undefined;
  return { messageId, attachmentId };
}

export function voicemailDetailsFromGraph(item: VoicemailItem): VoicemailDetails {
  const { attachments, transcription, ...summary } = item;
  const details: VoicemailDetails = {
    ...voicemailSummaryFromGraph(summary),
    attachments: attachments
      .filter((a: VoicemailAttachment) => a.kind === 'file' || a.kind === 'unknown')
      .map((a) => {
        const info = {
          id: attachmentHandle(item.id, a.id),
          name: a.name,
          contentType: a.contentType,
        };
        return a.size === undefined ? info : { ...info, size: a.size };
      }),
  };
  if (transcription !== undefined) details.transcription = transcription;
  return details;
}
