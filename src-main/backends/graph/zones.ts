/**
 * Graph's time values as Beacon's: a `dateTimeTimeZone` (UTC, a Windows zone id or an IANA name)
 * as an instant, and working hours' time zone (named, or a `customTimeZone` with its own bias and
 * transitions) as the neutral `ZoneRule`. Pure; the tz database comes from Intl.
 */
import type { DateTimeTimeZone } from '../../graph/operations/common.js';
import type {
  DaylightTransition,
  TimeZoneTransition,
  WorkingHoursTimeZone,
} from '../../graph/operations/mailbox-settings.js';
import {
  DAYS_OF_WEEK,
  utcOffsetMinutes,
  zoneRuleFor,
  type DayOfWeek,
  type TransitionRule,
  type ZoneRule,
} from '../../mailbox/time/zone-rule.js';
import { WINDOWS_ZONES } from '../../mailbox/time/windows-zones.js';

const WINDOWS_BY_LOWER: ReadonlyMap<string, string> = new Map(
  Object.entries(WINDOWS_ZONES).map(([windows, iana]) => [windows.toLowerCase(), iana] as const),
);

function isIana(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The IANA zone for a Windows id or an IANA name; undefined for a name nobody knows. */
export function ianaZoneOf(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return undefined;
  if (/^(utc|gmt|coordinated universal time|etc\/utc)$/i.test(trimmed)) return 'UTC';
  const windows = WINDOWS_BY_LOWER.get(trimmed.toLowerCase());
  if (windows !== undefined) return windows;
  return isIana(trimmed) ? trimmed : undefined;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?/;

/**
 * The instant of a dateTimeTimeZone. A time with its own offset is read as such; otherwise it is
 * wall-clock time in the named zone (Beacon asks for UTC, but Graph may answer settings in the
 * mailbox's zone). Undefined when the time or the zone cannot be read.
 */
export function instantOfGraph(value: DateTimeTimeZone): Date | undefined {
  const text = value.dateTime.trim();
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  const m = DATE_TIME.exec(text);
  const zone = ianaZoneOf(value.timeZone);
  if (!m || zone === undefined) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((p: string | undefined) => Number(p ?? '0'));
  const fraction = Number(`0.${m[7] ?? '0'}`);
  const wall =
    Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0) + Math.round(fraction * 1000);
  if (zone === 'UTC') return new Date(wall);
  // Two steps find the offset in effect at that wall-clock time (the first guess may be across a change).
  const first = wall - utcOffsetMinutes(zone, wall) * 60_000;
  return new Date(wall - utcOffsetMinutes(zone, first) * 60_000);
}

function dayOf(value: string | undefined): DayOfWeek {
  const lower = (value ?? '').toLowerCase();
  return DAYS_OF_WEEK.find((d) => d.toLowerCase() === lower) ?? 'Sunday';
}

/** "02:00:00.0000000" as the rule's "02:00:00". */
function ruleTime(time: string | undefined): string {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(time ?? '');
  return m ? `${m[1]}:${m[2]}:${m[3] ?? '00'}` : '00:00:00';
}

function transition(t: TimeZoneTransition | undefined, bias: number): TransitionRule {
  return {
    bias,
    time: ruleTime(t?.time),
    dayOrder: Math.min(Math.max(t?.dayOccurrence ?? 1, 1), 5),
    month: Math.min(Math.max(t?.month ?? 0, 0), 12),
    dayOfWeek: dayOf(t?.dayOfWeek),
  };
}

/**
 * Working hours' zone as a rule: a custom zone as it is written (its bias, the standard change
 * and the daylight change with its bias), a named one from the tz database for the year around
 * `at`. Undefined when the zone is missing or named as nobody knows it.
 */
export function zoneRuleOfGraph(
  zone: WorkingHoursTimeZone | undefined,
  at: Date,
): ZoneRule | undefined {
  if (zone === undefined) return undefined;
  if (zone.kind === 'custom') {
    const daylight: DaylightTransition | undefined = zone.daylightOffset;
    return {
      bias: zone.bias ?? 0,
      standard: transition(zone.standardOffset, 0),
      daylight: transition(daylight, daylight?.daylightBias ?? 0),
    };
  }
  const iana = zone.name === undefined ? undefined : ianaZoneOf(zone.name);
  return iana === undefined ? undefined : zoneRuleFor(iana, at);
}

/** "08:30:00.0000000" as minutes after midnight; undefined when it is not a time. */
export function minutesOfDay(time: string | undefined): number | undefined {
  const m = /^(\d{2}):(\d{2})/.exec(time ?? '');
  if (!m) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}
