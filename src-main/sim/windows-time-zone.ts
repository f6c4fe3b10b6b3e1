/**
 * The legacy rule (Bias + StandardTime + DaylightTime) of any Windows time-zone id Exchange knows,
 * for a given year: the id's IANA zone (CLDR windowsZones, the neutral table in
 * mailbox/time/windows-zones.ts) read through Node's ICU. The year's transitions are found to the
 * minute and written the way Windows writes them: month, n-th (5 = last) weekday, and the local
 * wall-clock time before the change.
 *
 * Simplification: a year in which a zone changes its base offset (one transition, or more than
 * two) has no yearly rule; it is given its standard offset of 1 January and no daylight time.
 */
import { WINDOWS_ZONES } from '../mailbox/time/windows-zones.js';
import { DAY_NAMES, type LegacyTimeZone, type TimeZoneRule } from './time-zone.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

const NO_TRANSITION: TimeZoneRule = {
  bias: 0,
  time: '00:00:00',
  dayOrder: 0,
  month: 0,
  dayOfWeek: 'Sunday',
};

export function isWindowsZoneId(id: string): boolean {
  return Object.hasOwn(WINDOWS_ZONES, id);
}

/** Every Windows id the simulator knows. */
export function windowsZoneIds(): string[] {
  return Object.keys(WINDOWS_ZONES);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone's wall clock is ahead of UTC at the instant. */
function offsetMinutes(timeZone: string, utcMs: number): number {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(utcMs).map((p) => [p.type, p.value]));
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return Math.round((local - Math.floor(utcMs / MINUTE) * MINUTE) / MINUTE);
}

/** The UTC instants (to the minute) at which the offset changes within the year. */
function transitions(timeZone: string, year: number): number[] {
  const found: number[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let t = Date.UTC(year, 0, 1);
  let before = offsetMinutes(timeZone, t);
  for (; t < end; t += DAY) {
    const next = Math.min(t + DAY, end);
    if (offsetMinutes(timeZone, next) === before) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offsetMinutes(timeZone, mid) === before) lo = mid;
      else hi = mid;
    }
    found.push(hi);
    before = offsetMinutes(timeZone, next);
  }
  return found;
}

/** The Windows rule of a change at `utcMs`, as read on the wall clock of `offset` (before it). */
function ruleAt(utcMs: number, offset: number, bias: number): TimeZoneRule {
  const local = new Date(utcMs + offset * MINUTE);
  const day = local.getUTCDate();
  const daysInMonth = new Date(
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const dayOfWeek = DAY_NAMES[local.getUTCDay()] ?? 'Sunday';
  return {
    bias,
    time: local.toISOString().slice(11, 19),
    dayOrder: day + 7 > daysInMonth ? 5 : Math.ceil(day / 7),
    month: local.getUTCMonth() + 1,
    dayOfWeek,
  };
}

const cache = new Map<string, LegacyTimeZone>();

/** The rule of a Windows time-zone id in the year of `atMs`; undefined for an unknown id. */
export function windowsZoneRule(id: string, atMs: number): LegacyTimeZone | undefined {
  if (!isWindowsZoneId(id)) return undefined;
  const timeZone = WINDOWS_ZONES[id] ?? 'Etc/UTC';
  const year = new Date(atMs).getUTCFullYear();
  const key = `${id}|${year}`;
  const known = cache.get(key);
  if (known) return known;
  const changes = transitions(timeZone, year);
  const january = offsetMinutes(timeZone, Date.UTC(year, 0, 1));
  let zone: LegacyTimeZone = {
    bias: 0 - january,
    standard: NO_TRANSITION,
    daylight: NO_TRANSITION,
  };
  const [first, second] = changes;
  if (changes.length === 2 && first !== undefined && second !== undefined) {
    const a = offsetMinutes(timeZone, first - MINUTE);
    const b = offsetMinutes(timeZone, first);
    // Northern zones go ahead at the first change, southern ones fall back to standard time.
    const standard = Math.min(a, b);
    const daylight = Math.max(a, b);
    const [toDaylight, toStandard] = b > a ? [first, second] : [second, first];
    zone = {
      bias: 0 - standard,
      standard: ruleAt(toStandard, daylight, 0),
      daylight: ruleAt(toDaylight, standard, standard - daylight),
    };
  }
  cache.set(key, zone);
  return zone;
}
