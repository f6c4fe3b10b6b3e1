/**
 * Time zones on the Graph face: `dateTimeTimeZone` values, `Prefer: outlook.timezone`, the
 * mailbox's zone name, and `customTimeZone` ↔ the model's legacy rule. Windows zone ids (every
 * id of CLDR's windowsZones), 'UTC', and the IANA name CLDR maps each Windows id to (Graph takes
 * either form). Pure.
 */
import {
  DAY_NAMES,
  EASTERN_ZONE,
  INDIA_ZONE,
  PACIFIC_ZONE,
  UTC_ZONE,
  WEST_EUROPE_ZONE,
  formatUnzoned,
  parseDateTime,
  utcToLocal,
  zoneForWindowsId,
  type DayName,
  type LegacyTimeZone,
  type TimeZoneRule,
} from '../time-zone.js';
import { WINDOWS_ZONES } from '../../mailbox/time/windows-zones.js';

/** IANA name (lower case) → Windows id: CLDR's windowsZones, read the other way. */
const IANA_TO_WINDOWS: ReadonlyMap<string, string> = new Map([
  ['etc/utc', 'UTC'],
  ...Object.entries(WINDOWS_ZONES).map(([windows, iana]) => [iana.toLowerCase(), windows] as const),
]);

const NAMED: readonly [string, LegacyTimeZone][] = [
  ['UTC', UTC_ZONE],
  ['Pacific Standard Time', PACIFIC_ZONE],
  ['Eastern Standard Time', EASTERN_ZONE],
  ['W. Europe Standard Time', WEST_EUROPE_ZONE],
  ['India Standard Time', INDIA_ZONE],
];

/** A zone by Windows id, 'UTC' or a known IANA name; undefined when unknown. */
export function zoneByName(name: string, atMs: number): LegacyTimeZone | undefined {
  const trimmed = name.trim();
  if (/^(utc|gmt|coordinated universal time)$/i.test(trimmed)) return UTC_ZONE;
  const windows = IANA_TO_WINDOWS.get(trimmed.toLowerCase()) ?? trimmed;
  if (windows === 'UTC') return UTC_ZONE;
  return zoneForWindowsId(windows, atMs);
}

function sameRule(a: TimeZoneRule, b: TimeZoneRule): boolean {
  return (
    a.bias === b.bias &&
    a.time === b.time &&
    a.dayOrder === b.dayOrder &&
    a.month === b.month &&
    a.dayOfWeek === b.dayOfWeek
  );
}

function sameZone(a: LegacyTimeZone, b: LegacyTimeZone): boolean {
  return a.bias === b.bias && sameRule(a.standard, b.standard) && sameRule(a.daylight, b.daylight);
}

/** The Windows name of a model zone, when it is one the simulator names; else undefined. */
export function nameOfZone(zone: LegacyTimeZone): string | undefined {
  return NAMED.find(([, z]) => sameZone(z, zone))?.[0];
}

/** A zone that the `Prefer: outlook.timezone="…"` header asks for, or undefined. */
export function preferredZone(
  prefer: string | undefined,
  atMs: number,
): { name: string; zone: LegacyTimeZone } | undefined {
  if (prefer === undefined) return undefined;
  const match =
    /outlook\.timezone\s*=\s*"([^"]*)"/i.exec(prefer) ??
    /outlook\.timezone\s*=\s*([^,;\s]+)/i.exec(prefer);
  const name = match?.[1];
  if (name === undefined) return undefined;
  const zone = zoneByName(name, atMs);
  return zone ? { name, zone } : undefined;
}

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

/** An instant as Graph writes it: the wall clock in `zone`, seven fraction digits. */
export function dateTimeTimeZone(
  utcMs: number,
  name: string,
  zone: LegacyTimeZone,
): DateTimeTimeZone {
  return { dateTime: `${formatUnzoned(utcToLocal(utcMs, zone))}.0000000`, timeZone: name };
}

/** A `dateTimeTimeZone` value (or an ISO string) as an instant; undefined if unreadable. */
export function instantOf(value: DateTimeTimeZone, atMs: number): number | undefined {
  const zone = zoneByName(value.timeZone, atMs);
  if (!zone) return undefined;
  return parseDateTime(value.dateTime, zone);
}

/** "HH:MM:SS.0000000" of minutes after midnight. */
export function timeOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.0000000`;
}

/** Minutes after midnight of "HH:MM[:SS[.fffffff]]"; undefined if unreadable. */
export function minutesOf(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(time.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 1440 ? minutes : undefined;
}

export function dayName(text: string): DayName | undefined {
  return DAY_NAMES.find((d) => d.toLowerCase() === text.toLowerCase());
}

interface GraphOffset {
  time: string;
  dayOccurrence: number;
  dayOfWeek: string;
  month: number;
  year: number;
  daylightBias?: number;
}

export interface GraphCustomTimeZone {
  '@odata.type': '#microsoft.graph.customTimeZone';
  bias: number;
  name: string;
  standardOffset: GraphOffset;
  daylightOffset: GraphOffset;
}

function offsetOf(rule: TimeZoneRule): GraphOffset {
  return {
    time: `${rule.time}.0000000`,
    dayOccurrence: rule.dayOrder,
    dayOfWeek: rule.dayOfWeek.toLowerCase(),
    month: rule.month,
    year: 0,
  };
}

/** `{ name }` for a named zone, else a `customTimeZone` with the rule. */
export function graphTimeZone(zone: LegacyTimeZone): { name: string } | GraphCustomTimeZone {
  const name = nameOfZone(zone);
  if (name !== undefined) return { name };
  return {
    '@odata.type': '#microsoft.graph.customTimeZone',
    bias: zone.bias + zone.standard.bias,
    name: 'Customized Time Zone',
    standardOffset: offsetOf(zone.standard),
    daylightOffset: {
      ...offsetOf(zone.daylight),
      daylightBias: zone.daylight.bias - zone.standard.bias,
    },
  };
}

function ruleOf(offset: Partial<GraphOffset> | undefined, bias: number): TimeZoneRule | undefined {
  if (offset === undefined)
    return { bias: 0, time: '00:00:00', dayOrder: 0, month: 0, dayOfWeek: 'Sunday' };
  const day = dayName(offset.dayOfWeek ?? 'sunday');
  const minutes = minutesOf(offset.time ?? '00:00:00');
  if (!day || minutes === undefined) return undefined;
  return {
    bias,
    time: timeOfDay(minutes).slice(0, 8),
    dayOrder: offset.dayOccurrence ?? 0,
    month: offset.month ?? 0,
    dayOfWeek: day,
  };
}

/** A Graph time zone (`{name}` or a customTimeZone) as a model zone; undefined when unknown. */
export function zoneOfGraph(value: unknown, atMs: number): LegacyTimeZone | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const tz = value as Partial<GraphCustomTimeZone> & { name?: string };
  if (
    tz['@odata.type']?.toLowerCase() === '#microsoft.graph.customtimezone' ||
    tz.bias !== undefined
  ) {
    if (typeof tz.bias !== 'number') return undefined;
    const standard = ruleOf(tz.standardOffset, 0);
    const daylight = ruleOf(tz.daylightOffset, tz.daylightOffset?.daylightBias ?? 0);
    if (!standard || !daylight) return undefined;
    return { bias: tz.bias, standard, daylight };
  }
  return typeof tz.name === 'string' ? zoneByName(tz.name, atMs) : undefined;
}
