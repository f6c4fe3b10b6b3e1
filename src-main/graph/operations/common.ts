/**
 * Building blocks shared by the Graph operations: zod readers for the values every Graph answer
 * uses (dateTimeTimeZone, emailAddress, time of day), an enum reader that accepts any case and
 * keeps values it does not know as 'unknown' instead of failing the whole answer, and the two
 * facts the operations read from a transport failure (HTTP status and Graph error code).
 */
import { z } from 'zod';

/** Drops keys whose value is undefined, so a decoded value holds only what the server sent. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

/** An optional value that Graph may also send as `null` (e.g. `"seriesMasterId": null`): both read as absent. */
export function opt<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .transform((v): z.output<T> | undefined => v ?? undefined)
    .optional();
}

/** What a decoded enum holds when the server sent a value this library does not know. */
export type Unknown = 'unknown';

/**
 * An enum read in any case ("Scheduled", "scheduled", "SCHEDULED") and returned in the CSDL's
 * camelCase. A value outside the list becomes 'unknown': one odd value must not blank the answer.
 */
export function lenientEnum<const T extends readonly string[]>(values: T) {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v] as const));
  return z
    .string()
    .transform((raw): T[number] | Unknown => byLower.get(raw.trim().toLowerCase()) ?? 'unknown');
}

/** Canonical CSDL member for any-case input, or undefined; for values that are written back. */
export function canonicalMember<const T extends readonly string[]>(
  values: T,
  raw: string,
): T[number] | undefined {
  const lower = raw.toLowerCase();
  return values.find((v) => v.toLowerCase() === lower);
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** True when `s` is an ISO 8601 date-time with a real calendar date (offset optional). */
export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m
    .slice(1, 7)
    .map((p: string | undefined) => Number(p ?? '0')) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

/**
 * A date-time string. Placeholders the docs print ("datetime-value") are refused: a value that is
 * not a time is a decode error, never a guessed time.
 */
export const dateTimeString = z.string().refine(isDateTime, { error: 'not a date-time' });

/** Edm.TimeOfDay as Graph writes it: "08:00:00.0000000". */
export const timeOfDayString = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,7})?)?$/, { error: 'not a time of day' });

/** Graph's dateTimeTimeZone: a wall-clock time and the zone it is read in (Windows or IANA name). */
export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export const dateTimeTimeZoneSchema: z.ZodType<DateTimeTimeZone> = z.object({
  dateTime: dateTimeString,
  timeZone: z.string(),
});

/** An instant as the dateTimeTimeZone Graph reads best: UTC wall-clock time, zone "UTC". */
export function utcDateTimeTimeZone(instant: Date): DateTimeTimeZone {
  if (Number.isNaN(instant.getTime()))
    throw new GraphArgumentError('The time is not a valid date.');
  return { dateTime: instant.toISOString().replace(/\.000Z$|Z$/, ''), timeZone: 'UTC' };
}

/** The instant of a dateTimeTimeZone in UTC (the zone Beacon asks for); undefined for other zones. */
export function instantOf(value: DateTimeTimeZone): Date | undefined {
  if (value.timeZone.toUpperCase() !== 'UTC') return undefined;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(value.dateTime);
  const ms = Date.parse(
    hasOffset ? value.dateTime : `${value.dateTime.replace(/(\.\d{3})\d+$/, '$1')}Z`,
  );
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export interface EmailAddress {
  name?: string;
  address?: string;
}

export const emailAddressSchema: z.ZodType<EmailAddress> = z
  .object({ name: opt(z.string()), address: opt(z.string()) })
  .transform(compact);

/** An argument the caller gave that Graph would refuse (too many schedules, a window too long). */
export class GraphArgumentError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'GraphArgumentError';
  }
}

/** The answer parsed but broke Graph's protocol (e.g. a delta page with neither link, a getSchedule answer with a schedule missing). */
export class GraphAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphAnswerError';
  }
}

/**
 * The facts an operation reads from a failed request: the HTTP status and the Graph error code
 * (`error.code` of the body). Read structurally, so any typed error of the transport that carries
 * `status` and `code` fits without this folder importing it.
 */
export function failureFacts(error: unknown): { status?: number; code?: string; kind?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const e = error as { status?: unknown; code?: unknown; kind?: unknown };
  return compact({
    status: typeof e.status === 'number' ? e.status : undefined,
    code: typeof e.code === 'string' ? e.code : undefined,
    kind: typeof e.kind === 'string' ? e.kind : undefined,
  });
}

/** The answer was 404 Not Found (or its Graph code itemNotFound / ErrorItemNotFound). */
export function isNotFound(error: unknown): boolean {
  const { status, code, kind } = failureFacts(error);
  return (
    status === 404 ||
    kind === 'not-found' ||
    (code !== undefined && /^(error)?itemnotfound$/i.test(code))
  );
}

/** The collection every list answer shares: `value` plus the paging links, kept whole. */
export function collectionSchema<T extends z.ZodType>(item: T) {
  return z.object({
    value: z.array(item),
    '@odata.nextLink': z.string().optional(),
    '@odata.deltaLink': z.string().optional(),
    '@odata.count': z.number().optional(),
  });
}
