import { DecodeError } from '../errors.js';
import {
  daysInMonth,
  localFromWallMs,
  wallMs,
  type LocalDateTime,
} from '../../mailbox/time/wall-clock.js';

export { daysInMonth, localFromWallMs, wallMs, type LocalDateTime };

export interface ParsedDateTime {
  local: LocalDateTime;
  /** Minutes east of UTC when the text carried `Z` or `±hh:mm`; undefined for an unzoned value. */
  offsetMinutes: number | undefined;
}

const DATE_TIME =
  /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Parses an xs:dateTime as EWS writes it. Anything else is a DecodeError naming `path`. */
export function parseDateTime(value: string, path: string): ParsedDateTime {
  const match = DATE_TIME.exec(value.trim());
  if (!match) throw new DecodeError(`Not a date-time: "${value.trim().slice(0, 40)}"`, path);
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const local: LocalDateTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: s === undefined ? 0 : Number(s),
    millisecond: frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000),
  };
  if (!isValidLocal(local)) throw new DecodeError(`Not a valid date-time: "${value.trim()}"`, path);
  let offsetMinutes: number | undefined;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone !== undefined) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  return { local, offsetMinutes };
}

function isValidLocal(l: LocalDateTime): boolean {
  if (l.month < 1 || l.month > 12 || l.day < 1 || l.day > daysInMonth(l.year, l.month))
    return false;
  // 24:00:00 is legal xs:dateTime (end of day); EWS does not send it, and we do not need it.
  return l.hour <= 23 && l.minute <= 59 && l.second <= 60;
}

/**
 * An instant from a parsed value: an explicit offset is honoured as given; an unzoned value goes
 * through `unzoned`, which knows which zone the server meant.
 */
export function toInstant(parsed: ParsedDateTime, unzoned: (local: LocalDateTime) => Date): Date {
  if (parsed.offsetMinutes === undefined) return unzoned(parsed.local);
  return new Date(wallMs(parsed.local) - parsed.offsetMinutes * 60_000);
}

/** Reads unzoned values as UTC (what EWS means when no TimeZoneContext was sent). */
export function unzonedAsUtc(local: LocalDateTime): Date {
  return new Date(wallMs(local));
}

/** Parses an xs:dateTime into a UTC Date; unzoned values are read with `unzoned` (default UTC). */
export function parseInstant(
  value: string,
  path: string,
  unzoned: (local: LocalDateTime) => Date = unzonedAsUtc,
): Date {
  return toInstant(parseDateTime(value, path), unzoned);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2024-03-31T01:00:00Z` (milliseconds only when there are some). */
export function formatUtc(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid date');
  return `${formatLocal(localFromWallMs(ms))}Z`;
}

/** `2024-03-31T02:00:00`, no zone designator. */
export function formatLocal(local: LocalDateTime): string {
  const base = `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`;
  return local.millisecond === 0 ? base : `${base}.${pad(local.millisecond, 3)}`;
}
