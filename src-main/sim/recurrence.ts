/**
 * Expansion of recurring calendar series into occurrences, as CalendarView and the availability
 * service do it server-side. Occurrences keep the series' local wall-clock time in the
 * organizer's time zone, so a 09:30 stand-up stays at 09:30 across a DST change.
 */
import {
  DAY_NAMES,
  localToUtc,
  utcToLocal,
  type DayName,
  type LegacyTimeZone,
} from './time-zone.js';

const DAY = 86_400_000;
/** Upper bound on generated occurrences per expansion: no series can make the server spin. */
const MAX_STEPS = 20_000;

export type RecurrencePattern =
  { type: 'daily'; interval: number } | { type: 'weekly'; interval: number; daysOfWeek: DayName[] };

export interface RecurrenceRange {
  /** Stop after this many occurrences (deleted ones count, as in Exchange). */
  numberOfOccurrences?: number;
  /** Last day (local, "YYYY-MM-DD") on which an occurrence may start. */
  endDate?: string;
}

/** What a modified occurrence changes. */
export interface OccurrenceOverride {
  start?: number;
  end?: number;
  subject?: string;
  location?: string;
}

export interface Recurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
  /** The zone whose wall clock the series follows. */
  timeZone: LegacyTimeZone;
  /** Original start instants (UTC ms) of cancelled occurrences. */
  deletedOccurrences: number[];
  /** Modified occurrences by original start instant (UTC ms). */
  modifiedOccurrences: ReadonlyMap<number, OccurrenceOverride>;
}

export interface Occurrence {
  /** 1-based index of the occurrence in the series. */
  index: number;
  originalStart: number;
  start: number;
  end: number;
  override?: OccurrenceOverride;
}

export interface Window {
  start: number;
  end: number;
}

/** Whether [start, end) overlaps the window (a zero-length item counts at its start). */
export function overlaps(start: number, end: number, window: Window): boolean {
  if (end <= start) return start >= window.start && start < window.end;
  return start < window.end && end > window.start;
}

/** Original (unmodified) start instants of the series, in order, until `until` (UTC ms). */
export function occurrenceStarts(
  firstStart: number,
  recurrence: Recurrence,
  until: number,
): number[] {
  const { pattern, range, timeZone } = recurrence;
  const localFirst = utcToLocal(firstStart, timeZone);
  const firstDay = Math.floor(localFirst / DAY) * DAY;
  const timeOfDay = localFirst - firstDay;
  const endDay = range.endDate === undefined ? Infinity : Date.parse(`${range.endDate}T00:00:00Z`);
  const limit = range.numberOfOccurrences ?? Infinity;
  const starts: number[] = [];
  const interval = Math.max(1, pattern.interval);

  const accept = (day: number): boolean => {
    if (day > endDay || starts.length >= limit) return false;
    const utc = localToUtc(day + timeOfDay, timeZone);
    if (utc > until) return false;
    starts.push(utc);
    return true;
  };

  if (pattern.type === 'daily') {
    for (let step = 0; step < MAX_STEPS; step++) {
      if (!accept(firstDay + step * interval * DAY)) break;
    }
    return starts;
  }

  const days = [...new Set(pattern.daysOfWeek.map((d) => DAY_NAMES.indexOf(d)))].sort(
    (a, b) => a - b,
  );
  if (days.length === 0) return starts;
  const weekStart = firstDay - new Date(firstDay).getUTCDay() * DAY;
  for (let week = 0; week * days.length < MAX_STEPS; week += interval) {
    for (const dow of days) {
      const day = weekStart + (week * 7 + dow) * DAY;
      if (day < firstDay) continue;
      if (!accept(day)) return starts;
    }
  }
  return starts;
}

/**
 * The occurrences of a series (first occurrence [firstStart, firstEnd)) that overlap the window,
 * without the cancelled ones, with modified ones moved, sorted by start.
 */
export function expandSeries(
  firstStart: number,
  firstEnd: number,
  recurrence: Recurrence,
  window: Window,
): Occurrence[] {
  const duration = firstEnd - firstStart;
  // A modified occurrence may have moved into the window from later on: generate up to it.
  const lookAhead = Math.max(window.end, ...recurrence.modifiedOccurrences.keys());
  const deleted = new Set(recurrence.deletedOccurrences);
  const result: Occurrence[] = [];
  occurrenceStarts(firstStart, recurrence, lookAhead).forEach((originalStart, i) => {
    if (deleted.has(originalStart)) return;
    const override = recurrence.modifiedOccurrences.get(originalStart);
    const start = override?.start ?? originalStart;
    const end = override?.end ?? start + duration;
    if (!overlaps(start, end, window)) return;
    const occurrence: Occurrence = { index: i + 1, originalStart, start, end };
    if (override) occurrence.override = override;
    result.push(occurrence);
  });
  return result.sort((a, b) => a.start - b.start);
}
