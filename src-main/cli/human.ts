/**
 * The CLI's human output: a line for `status`, small tables for `calendar`, `availability` and
 * `voicemail list`. Pure functions of the decoded results, the catalogue and a `TimeFormat`
 * (locale and zone), so the same result reads the same in every test. `--json` bypasses all of
 * this and keeps UTC instants.
 */
import type { Activity } from '../core/contract.js';
import type { CalendarItem, MailboxFreeBusy } from '../mailbox/calendar.js';
import type { VoicemailList } from '../mailbox/voicemail.js';
import { activityLine as presenceActivityLine } from '../presence/presence-text.js';
import type { CliStrings } from './strings.js';

/** Where and how times are shown: the system's zone, the user's locale. */
export interface TimeFormat {
  locale: string;
  timeZone: string;
}

function formatter(format: TimeFormat, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(format.locale, { ...options, timeZone: format.timeZone });
}

/** "14:00" (or "2:00 PM"): a time of day in the user's zone and locale. */
export function formatTime(date: Date, format: TimeFormat): string {
  return formatter(format, { hour: 'numeric', minute: '2-digit' }).format(date);
}

/** "Thu, Dec 3" / "12월 3일 (목)": a day in the user's zone and locale. */
export function formatDay(date: Date, format: TimeFormat): string {
  return formatter(format, { weekday: 'short', month: 'short', day: 'numeric' }).format(date);
}

/** A day and a time, for items that may lie on another day than the window's first. */
export function formatDayTime(date: Date, format: TimeFormat): string {
  return formatter(format, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
}

/**
 * The activity line from the core's structured activity: "In a meeting until 15:30", with the
 * day as well when the end is not today (an OOF until next week), in the user's zone and locale.
 * The sentence is the tray's too (presence-text.ts); only the date style is the CLI's.
 */
export function activityLine(
  activity: Activity,
  now: Date,
  strings: CliStrings,
  format: TimeFormat,
): string {
  return presenceActivityLine(activity, strings, (until) =>
    sameDay(until, now, format) ? formatTime(until, format) : formatDayTime(until, format),
  );
}

/**
 * Columns padded to their widest cell, measured in terminal cells: Hangul and other wide
 * characters take two, so Korean tables line up too.
 */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Terminal cells of a string: East Asian wide and full-width characters count two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6)
  );
}

/** True when both instants fall on the same local day in the user's zone. */
function sameDay(a: Date, b: Date, format: TimeFormat): boolean {
  const day = formatter(format, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return day.format(a) === day.format(b);
}

/** "09:00–09:30", "All day", or with days when the item crosses midnight or the window's day. */
function timeRange(
  start: Date,
  end: Date,
  isAllDay: boolean,
  firstDay: Date,
  strings: CliStrings,
  format: TimeFormat,
): string {
  if (isAllDay) {
    return sameDay(start, firstDay, format)
      ? strings.allDay
      : `${formatDay(start, format)} ${strings.allDay}`;
  }
  const from = sameDay(start, firstDay, format)
    ? formatTime(start, format)
    : formatDayTime(start, format);
  const to = sameDay(start, end, format) ? formatTime(end, format) : formatDayTime(end, format);
  return `${from}–${to}`;
}

export interface CalendarView {
  items: readonly CalendarItem[];
  /** False when the window held more items than the requests allowed. */
  complete: boolean;
  /** The window asked for. */
  start: Date;
  end: Date;
}

/** The calendar as a table: time, status, subject, location. */
export function calendarText(view: CalendarView, strings: CliStrings, format: TimeFormat): string {
  if (view.items.length === 0)
    return strings.noItems(formatDayTime(view.start, format), formatDayTime(view.end, format));
  const rows: string[][] = [
    [
      strings.columns.time,
      strings.columns.status,
      strings.columns.subject,
      strings.columns.location,
    ],
  ];
  for (const item of view.items) {
    const status = item.isCancelled
      ? strings.cancelled
      : item.myResponse === 'Tentative'
        ? strings.tentative
        : strings.freeBusy[item.freeBusy];
    const subject = item.subject.trim() === '' ? strings.noSubject : item.subject;
    rows.push([
      timeRange(item.start, item.end, item.isAllDay, view.start, strings, format),
      status,
      subject,
      item.location ?? '',
    ]);
  }
  const lines = [`${formatDay(view.start, format)} · ${strings.itemCount(view.items.length)}`];
  lines.push(table(rows));
  if (!view.complete) lines.push(strings.moreOnServer);
  return lines.join('\n');
}

/** Per mailbox: a heading, then its busy times with status and (when shared) subject. */
export function availabilityText(
  results: readonly MailboxFreeBusy[],
  window: { start: Date },
  strings: CliStrings,
  format: TimeFormat,
): string {
  const blocks: string[] = [];
  for (const result of results) {
    if (!result.ok) {
      blocks.push(strings.mailboxError(result.mailbox, result.error.code ?? result.error.kind));
      continue;
    }
    const rows = result.events.map((event) => [
      timeRange(event.start, event.end, false, window.start, strings, format),
      strings.freeBusy[event.busyType],
      event.details?.isPrivate === true
        ? strings.privateAppointment
        : (event.details?.subject ?? ''),
    ]);
    const heading = strings.mailboxHeading(result.mailbox, result.events.length);
    blocks.push(rows.length === 0 ? heading : `${heading}\n${indent(table(rows))}`);
  }
  return blocks.join('\n\n');
}

/** The voicemail list, newest first as the server sent it: caller, when, length, unread. */
export function voicemailText(
  list: VoicemailList,
  strings: CliStrings,
  format: TimeFormat,
  /** With `list --ids`: the short ID of each item, in a first column. */
  idOf?: (itemId: string) => string,
): string {
  if (list.items.length === 0) return strings.noVoicemail;
  const idColumn = (cell: string): string[] => (idOf === undefined ? [] : [cell]);
  const rows: string[][] = [
    [
      ...idColumn(strings.columns.id),
      strings.columns.from,
      strings.columns.received,
      strings.columns.length,
      '',
    ],
  ];
  let unread = 0;
  for (const item of list.items) {
    if (!item.isRead) unread++;
    const caller =
      item.callerName ??
      item.from?.name ??
      item.callerNumber ??
      item.from?.email ??
      strings.unknownCaller;
    const notes: string[] = [];
    if (!item.isRead) notes.push(strings.unread);
    if (item.kind === 'missed-call') notes.push(strings.missedCall);
    if (item.kind === 'protected') notes.push(strings.protectedVoicemail);
    rows.push([
      ...idColumn(idOf?.(item.id) ?? ''),
      caller,
      formatDayTime(item.received, format),
      item.durationSeconds === undefined ? '' : strings.seconds(item.durationSeconds),
      notes.join(', '),
    ]);
  }
  const lines = [strings.voicemailCount(list.items.length, unread), table(rows)];
  if (!list.includesLastItemInRange) lines.push(strings.moreOnServer);
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
