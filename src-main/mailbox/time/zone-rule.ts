import { daysInMonth, localFromWallMs, wallMs, type LocalDateTime } from './wall-clock.js';

/**
 * A time-zone rule as mailboxes describe working hours: a bias and two yearly transitions written
 * like Windows' TIME_ZONE_INFORMATION (EWS's legacy `t:SerializableTimeZone`, Graph's
 * `customTimeZone`). Offsets follow Windows' sign: UTC = local + bias, so Berlin's standard bias
 * is -60 and Los Angeles' is 480. This file evaluates such a rule; reading and writing it is each
 * backend's own business.
 */
export type DayOfWeek =
  'Sunday' | 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday';

export const DAYS_OF_WEEK: readonly DayOfWeek[] = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

export interface TransitionRule {
  /** Minutes added to the zone's bias while this period is in effect (0 standard, -60 daylight). */
  bias: number;
  /** Wall-clock time of the change, in the time in effect before it: `HH:MM:SS`. */
  time: string;
  /** 1..4 = first..fourth such weekday of the month; 5 = the last one. */
  dayOrder: number;
  /** 1..12; 0 means the zone has no transitions. */
  month: number;
  dayOfWeek: DayOfWeek;
}

export interface ZoneRule {
  /** Minutes to add to local standard time to get UTC. */
  bias: number;
  /** The change to standard time (when daylight time ends). */
  standard: TransitionRule;
  /** The change to daylight time. */
  daylight: TransitionRule;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws RangeError for an unknown zone name, which is the right error for a bad argument.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset east of UTC, in whole minutes, at an instant (from Intl, i.e. the tz database). */
export function utcOffsetMinutes(zone: string, instantMs: number): number {
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of formatterFor(zone).formatToParts(new Date(instantMs))) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bc ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
  const asUtc = Date.UTC(
    year,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return Math.round((asUtc - wholeSecond) / 60_000);
}

export interface OffsetTransition {
  /** First instant with the new offset. */
  atMs: number;
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const transitionCache = new Map<string, readonly OffsetTransition[]>();

/**
 * The offset changes of `zone` during a UTC calendar year, found by scanning daily then bisecting
 * (about 400 Intl calls, a few milliseconds; remembered per zone and year).
 */
export function offsetTransitions(zone: string, year: number): readonly OffsetTransition[] {
  const key = `${zone}\u0000${year}`;
  const cached = transitionCache.get(key);
  if (cached) return cached;
  const found = scanTransitions(zone, year);
  if (transitionCache.size > 256) transitionCache.clear();
  transitionCache.set(key, found);
  return found;
}

function scanTransitions(zone: string, year: number): OffsetTransition[] {
  const found: OffsetTransition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let prevMs = Date.UTC(year, 0, 1);
  let prev = utcOffsetMinutes(zone, prevMs);
  for (let t = prevMs + DAY_MS; t <= end; t += DAY_MS) {
    const offset = utcOffsetMinutes(zone, t);
    if (offset !== prev) {
      let lo = prevMs;
      let hi = t;
      while (hi - lo > MINUTE_MS) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
        if (utcOffsetMinutes(zone, mid) === prev) lo = mid;
        else hi = mid;
      }
      found.push({ atMs: hi, from: prev, to: utcOffsetMinutes(zone, hi) });
    }
    prevMs = t;
    prev = offset;
  }
  return found;
}

const NO_CHANGE: TransitionRule = {
  bias: 0,
  time: '00:00:00',
  dayOrder: 1,
  month: 1,
  dayOfWeek: 'Sunday',
};

/**
 * The rule for an IANA zone in the year around `at` (the format can only describe one
 * standard offset and one pair of yearly transitions). A zone without daylight time that year, or
 * with an irregular year (a permanent offset change), gets the offset in effect at `at` and two
 * equal "no change" transitions.
 */
export function zoneRuleFor(zone: string, at: Date): ZoneRule {
  const atMs = at.getTime();
  if (!Number.isFinite(atMs)) throw new RangeError('Invalid date');
  const year = localFromWallMs(atMs + utcOffsetMinutes(zone, atMs) * MINUTE_MS).year;
  const transitions = offsetTransitions(zone, year);
  const up = transitions.filter((t) => t.to > t.from);
  const down = transitions.filter((t) => t.to < t.from);
  const [toDaylight] = up;
  const [toStandard] = down;
  if (
    transitions.length !== 2 ||
    toDaylight === undefined ||
    toStandard === undefined ||
    toDaylight.from !== toStandard.to ||
    toDaylight.to !== toStandard.from
  ) {
    return {
      bias: -utcOffsetMinutes(zone, atMs),
      standard: { ...NO_CHANGE },
      daylight: { ...NO_CHANGE },
    };
  }
  const standardOffset = toDaylight.from;
  const daylightOffset = toDaylight.to;
  return {
    bias: -standardOffset,
    standard: ruleFromTransition(toStandard, 0),
    daylight: ruleFromTransition(toDaylight, standardOffset - daylightOffset),
  };
}

function ruleFromTransition(t: OffsetTransition, bias: number): TransitionRule {
  const wall = localFromWallMs(t.atMs + t.from * MINUTE_MS);
  const dayOfWeek =
    DAYS_OF_WEEK[new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay()];
  const isLast = wall.day + 7 > daysInMonth(wall.year, wall.month);
  return {
    bias,
    time: `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`,
    dayOrder: isLast ? 5 : Math.ceil(wall.day / 7),
    month: wall.month,
    dayOfWeek: dayOfWeek ?? 'Sunday',
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Offsets east of UTC, in minutes, in standard and in daylight time. */
export function zoneOffsets(tz: ZoneRule): { standard: number; daylight: number } {
  return { standard: -(tz.bias + tz.standard.bias), daylight: -(tz.bias + tz.daylight.bias) };
}

function observesDaylight(tz: ZoneRule): boolean {
  const { standard, daylight } = zoneOffsets(tz);
  return standard !== daylight && tz.standard.month >= 1 && tz.daylight.month >= 1;
}

/** The wall-clock moment (as `wallMs`) of a rule's transition in `year`. */
export function transitionWallMs(rule: TransitionRule, year: number): number {
  const month = Math.min(Math.max(rule.month, 1), 12);
  const target = DAYS_OF_WEEK.indexOf(rule.dayOfWeek);
  const firstDow = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const order = Math.min(Math.max(rule.dayOrder, 1), 5);
  let day = 1 + ((target - firstDow + 7) % 7) + (order - 1) * 7;
  const last = daysInMonth(year, month);
  while (day > last) day -= 7;
  const [h = 0, m = 0, s = 0] = rule.time.split(':').map((p) => Number.parseInt(p, 10) || 0);
  return Date.UTC(year, month - 1, day, h, m, s);
}

/** Whether an instant falls in daylight time under the rule, for the rule's transitions in `year`. */
function inDaylight(tz: ZoneRule, utcMs: number, year: number): boolean {
  const { standard, daylight } = zoneOffsets(tz);
  const daylightStart = transitionWallMs(tz.daylight, year) - standard * MINUTE_MS;
  const standardStart = transitionWallMs(tz.standard, year) - daylight * MINUTE_MS;
  if (daylightStart < standardStart) return utcMs >= daylightStart && utcMs < standardStart;
  // Southern hemisphere: daylight time spans the turn of the year.
  return !(utcMs >= standardStart && utcMs < daylightStart);
}

/**
 * The UTC instant of an unzoned wall-clock time under a zone rule. A time that occurs twice
 * (the hour repeated when clocks go back) is the first occurrence; a time that does not exist
 * (skipped when clocks go forward) is read with the offset before the change, so 02:30 becomes
 * 03:30 daylight time — the same choice as Temporal's "compatible" disambiguation.
 */
export function localToUtc(tz: ZoneRule, local: LocalDateTime): Date {
  const wall = wallMs(local);
  const { standard, daylight } = zoneOffsets(tz);
  if (!observesDaylight(tz)) return new Date(wall - standard * MINUTE_MS);
  const asStandard = wall - standard * MINUTE_MS;
  const asDaylight = wall - daylight * MINUTE_MS;
  const standardValid = !inDaylight(tz, asStandard, local.year);
  const daylightValid = inDaylight(tz, asDaylight, local.year);
  if (standardValid && daylightValid) return new Date(Math.min(asStandard, asDaylight));
  if (standardValid) return new Date(asStandard);
  if (daylightValid) return new Date(asDaylight);
  return new Date(Math.max(asStandard, asDaylight));
}

/** The wall-clock time under a zone rule at a UTC instant. */
export function utcToLocal(tz: ZoneRule, instant: Date): LocalDateTime {
  const ms = instant.getTime();
  const { standard, daylight } = zoneOffsets(tz);
  if (!observesDaylight(tz)) return localFromWallMs(ms + standard * MINUTE_MS);
  const year = localFromWallMs(ms + standard * MINUTE_MS).year;
  const offset = inDaylight(tz, ms, year) ? daylight : standard;
  return localFromWallMs(ms + offset * MINUTE_MS);
}
