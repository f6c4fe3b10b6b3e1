/**
 * Calendar and free/busy as Beacon understands them, whichever backend read them: the user's own
 * items, free/busy events of any mailbox, and working hours as a rule in their own zone.
 */
import type { MailboxError } from './errors.js';
import type { ZoneRule } from './time/zone-rule.js';

export type BusyType = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';

export const BUSY_TYPES: readonly BusyType[] = [
  'Free',
  'Tentative',
  'Busy',
  'OOF',
  'WorkingElsewhere',
  'NoData',
];

export type ResponseType =
  'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';
export type Sensitivity = 'Normal' | 'Personal' | 'Private' | 'Confidential';

/** One occurrence on the user's calendar (recurrences already expanded). */
export interface CalendarItem {
  id: string;
  changeKey?: string;
  /** '' when the server sent none. Private items of others arrive as "Private appointment". */
  subject: string;
  start: Date;
  end: Date;
  isAllDay: boolean;
  /** How the item shows the user; Busy when the server leaves it out. */
  freeBusy: BusyType;
  location?: string;
  organizer?: { name?: string; email?: string };
  isMeeting: boolean;
  isCancelled: boolean;
  myResponse?: ResponseType;
  /** Present when a reminder is set. */
  reminder?: { minutesBefore: number };
  sensitivity: Sensitivity;
  isPrivate: boolean;
  joinUrl?: string;
}

export interface CalendarResult {
  /** Sorted by start, then end, then id; each occurrence once. */
  items: CalendarItem[];
  /** False when a request cap stopped the read before the server said it had sent everything. */
  complete: boolean;
}

export interface CalendarEventDetails {
  id?: string;
  subject?: string;
  location?: string;
  isMeeting: boolean;
  isRecurring: boolean;
  isException: boolean;
  isReminderSet: boolean;
  isPrivate: boolean;
}

/** One busy block of a mailbox's free/busy. */
export interface FreeBusyEvent {
  start: Date;
  end: Date;
  busyType: BusyType;
  details?: CalendarEventDetails;
}

export interface WorkingPeriod {
  /** Day names, e.g. ["Monday", "Tuesday"]; also Day, Weekday, WeekendDay. */
  days: string[];
  /** Minutes after local midnight, in the working hours' own zone. */
  startMinutes: number;
  endMinutes: number;
}

export interface WorkingHours {
  /** The mailbox owner's zone rule (not the viewer's). */
  timeZone: ZoneRule;
  periods: WorkingPeriod[];
}

export interface FreeBusyOk {
  mailbox: string;
  ok: true;
  /** How detailed the answer is (may be less than asked). */
  view: string;
  /** One digit per interval: 0 Free, 1 Tentative, 2 Busy, 3 OOF, 4 WorkingElsewhere, 5 NoData. */
  mergedFreeBusy?: string;
  intervalMinutes: number;
  events: FreeBusyEvent[];
  workingHours?: WorkingHours;
}

export interface FreeBusyFailed {
  mailbox: string;
  ok: false;
  /** This mailbox's own failure (no access, unknown address); the others still have theirs. */
  error: MailboxError;
}

/** Free/busy of one mailbox, or why it could not be read. */
export type MailboxFreeBusy = FreeBusyOk | FreeBusyFailed;

export interface FreeBusyQuery {
  /** SMTP addresses, in the order the results come back (default: the user's own). */
  mailboxes?: readonly string[];
  start: Date;
  end: Date;
  /** IANA zone of the viewer, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Default 15. */
  intervalMinutes?: number;
  /**
   * 'detailed' (default): subjects and locations where the owner allows, and merged slots;
   * 'busy-only': times and busy types (what contacts' presence needs, and cheaper).
   */
  detail?: 'detailed' | 'busy-only';
}
