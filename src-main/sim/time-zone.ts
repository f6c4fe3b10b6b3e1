/**
 * Legacy EWS time zones (`t:TimeZone`: Bias + StandardTime + DaylightTime), as GetUserAvailability
 * requests carry them and WorkingHours report them. All instants here are epoch milliseconds
 * (UTC); a "local" value is the wall clock encoded as if it were UTC, so that Date's UTC getters
 * read the local date and time.
 *
 * Sign convention (Windows TIME_ZONE_INFORMATION): UTC = local + Bias + period Bias, in minutes.
 * Pacific Time: Bias 480, StandardTime Bias 0, DaylightTime Bias -60.
 */

import { windowsZoneRule } from './windows-time-zone.js';

export const DAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
export type DayName = (typeof DAY_NAMES)[number];

export interface TimeZoneRule {
  /** Minutes added to the zone's Bias while this period is in force. */
  bias: number;
  /** Local wall-clock time of the transition, "HH:MM:SS". */
  time: string;
  /** Which occurrence of `dayOfWeek` in the month: 1..4, 5 = the last one. */
  dayOrder: number;
  /** 1..12; 0 means the zone has no daylight saving time. */
  month: number;
  dayOfWeek: DayName;
}

export interface LegacyTimeZone {
  bias: number;
  standard: TimeZoneRule;
  daylight: TimeZoneRule;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const NO_TRANSITION: TimeZoneRule = {
  bias: 0,
  time: '00:00:00',
  dayOrder: 0,
  month: 0,
  dayOfWeek: 'Sunday',
};

export const UTC_ZONE: LegacyTimeZone = {
  bias: 0,
  standard: NO_TRANSITION,
  daylight: NO_TRANSITION,
};

/** US Pacific since 2007: DST from the 2nd Sunday of March to the 1st Sunday of November, 02:00. */
export const PACIFIC_ZONE: LegacyTimeZone = {
  bias: 480,
  standard: { bias: 0, time: '02:00:00', dayOrder: 1, month: 11, dayOfWeek: 'Sunday' },
  daylight: { bias: -60, time: '02:00:00', dayOrder: 2, month: 3, dayOfWeek: 'Sunday' },
};

/** US Eastern, same rules as Pacific. */
export const EASTERN_ZONE: LegacyTimeZone = {
  bias: 300,
  standard: PACIFIC_ZONE.standard,
  daylight: PACIFIC_ZONE.daylight,
};

/** Central Europe: DST from the last Sunday of March 02:00 to the last Sunday of October 03:00. */
export const WEST_EUROPE_ZONE: LegacyTimeZone = {
  bias: -60,
  standard: { bias: 0, time: '03:00:00', dayOrder: 5, month: 10, dayOfWeek: 'Sunday' },
  daylight: { bias: -60, time: '02:00:00', dayOrder: 5, month: 3, dayOfWeek: 'Sunday' },
};

/** India: UTC+05:30 all year. */
export const INDIA_ZONE: LegacyTimeZone = {
  bias: -330,
  standard: NO_TRANSITION,
  daylight: NO_TRANSITION,
};

/**
 * The rule of a Windows time-zone id (a TimeZoneContext header's), in force at `atMs`: every id
 * of CLDR's windowsZones is known (windows-time-zone.ts); undefined for any other.
 */
export function zoneForWindowsId(id: string, atMs: number): LegacyTimeZone | undefined {
  return windowsZoneRule(id, atMs);
}

export function hasDaylightSaving(zone: LegacyTimeZone): boolean {
  return zone.standard.month !== 0 && zone.daylight.month !== 0;
}

function timeOfDayMs(time: string): number {
  const [h = '0', m = '0', s = '0'] = time.split(':');
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

/** Day of month of the `dayOrder`-th `dayOfWeek` (5 = last) of `month` (1..12) in `year`. */
export function nthWeekdayOfMonth(
  year: number,
  month: number,
  dayOfWeek: number,
  dayOrder: number,
): number {
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  let day = 1 + ((dayOfWeek - firstWeekday + 7) % 7) + (Math.max(dayOrder, 1) - 1) * 7;
  while (day > daysInMonth) day -= 7;
  return day;
}

/** The local wall-clock instant (as-if-UTC ms) at which `rule` fires in `year`. */
function transitionLocal(year: number, rule: TimeZoneRule): number {
  const day = nthWeekdayOfMonth(year, rule.month, DAY_NAMES.indexOf(rule.dayOfWeek), rule.dayOrder);
  return Date.UTC(year, rule.month - 1, day) + timeOfDayMs(rule.time);
}

/** Whether daylight saving time is in force at the UTC instant. */
export function isDaylightAt(utcMs: number, zone: LegacyTimeZone): boolean {
  if (!hasDaylightSaving(zone)) return false;
  const year = new Date(utcMs - zone.bias * MINUTE).getUTCFullYear();
  // DST starts at the standard-time wall clock and ends at the daylight-time wall clock.
  const start = transitionLocal(year, zone.daylight) + (zone.bias + zone.standard.bias) * MINUTE;
  const end = transitionLocal(year, zone.standard) + (zone.bias + zone.daylight.bias) * MINUTE;
  // Southern hemisphere zones have DST across the new year.
  return start < end ? utcMs >= start && utcMs < end : utcMs >= start || utcMs < end;
}

/** Minutes to add to local time to get UTC, at the UTC instant. */
export function offsetMinutesAt(utcMs: number, zone: LegacyTimeZone): number {
  return zone.bias + (isDaylightAt(utcMs, zone) ? zone.daylight.bias : zone.standard.bias);
}

export function utcToLocal(utcMs: number, zone: LegacyTimeZone): number {
  return utcMs - offsetMinutesAt(utcMs, zone) * MINUTE;
}

/**
 * The UTC instant of a local wall-clock time. In the spring-forward gap the daylight offset is
 * used (02:30 becomes 03:30); in the autumn overlap the first (daylight) reading wins.
 */
export function localToUtc(localMs: number, zone: LegacyTimeZone): number {
  const asStandard = localMs + (zone.bias + zone.standard.bias) * MINUTE;
  if (!hasDaylightSaving(zone)) return asStandard;
  const asDaylight = localMs + (zone.bias + zone.daylight.bias) * MINUTE;
  // In daylight time (or the overlap hour): the daylight reading. Otherwise standard time, which
  // for a time in the gap lands an hour later on the daylight clock.
  return isDaylightAt(asDaylight, zone) ? asDaylight : asStandard;
}

/** "YYYY-MM-DDTHH:MM:SS" of a local (as-if-UTC) value: the unzoned form EWS uses. */
export function formatUnzoned(localMs: number): string {
  return new Date(localMs).toISOString().slice(0, 19);
}

/** "YYYY-MM-DDTHH:MM:SSZ": how Exchange writes UTC instants (no fraction). */
export function formatUtc(utcMs: number): string {
  return `${new Date(utcMs).toISOString().slice(0, 19)}Z`;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an xs:dateTime. With `Z` or an offset it is an instant; without, it is a wall-clock
 * time in `zone` (how GetUserAvailability's TimeWindow is meant). Undefined if unparseable.
 */
export function parseDateTime(value: string, zone: LegacyTimeZone = UTC_ZONE): number | undefined {
  const match = DATE_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, tz] = match;
  const ms = frac ? Math.round(Number(frac) * 1000) : 0;
  const local = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    ms,
  );
  if (Number.isNaN(local)) return undefined;
  if (tz === undefined) return localToUtc(local, zone);
  if (tz === 'Z') return local;
  const sign = tz.startsWith('-') ? -1 : 1;
  const offset = (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * sign;
  return local - offset * MINUTE;
}

/** Local midnight (as-if-UTC ms) of the local day containing `localMs`. */
export function localDayStart(localMs: number): number {
  return Math.floor(localMs / DAY) * DAY;
}
