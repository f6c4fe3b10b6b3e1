/**
 * GetUserAvailability: free/busy of the user and of contacts. The request carries the legacy
 * `t:TimeZone` rule of the caller's zone; the server answers with UNZONED event times in that
 * rule, which we turn back into UTC with the same rule. Per-mailbox failures
 * (ErrorNoFreeBusyAccess, ErrorMailRecipientNotFound…) stay with their mailbox.
 */
import { DecodeError, EwsResponseError, ServerBusyError } from '../errors.js';
import { buildEnvelope, operationResponse, type DecodedEnvelope } from '../soap/envelope.js';
import { responseMessageError } from '../soap/response-message.js';
import type { EwsTransport } from '../transport/ews-transport.js';
import { formatLocal, parseInstant, type LocalDateTime } from '../time/date-time.js';
import {
  legacyTimeZoneFor,
  localToUtc,
  utcToLocal,
  type LegacyTimeZone,
} from '../time/legacy-time-zone.js';
import { buildLegacyTimeZone, readInt, readLegacyTimeZone } from '../time/legacy-time-zone-xml.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import { child, children, childText, text, type XmlNode } from '../xml/parse.js';
import {
  assertValidDate,
  emailAddressElement,
  optText,
  readBool,
  readEnumOr,
  type RequestOptions,
} from './common.js';

export type FreeBusyViewType =
  'None' | 'MergedOnly' | 'FreeBusy' | 'FreeBusyMerged' | 'Detailed' | 'DetailedMerged';
export type BusyType = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';

export const BUSY_TYPES: readonly BusyType[] = [
  'Free',
  'Tentative',
  'Busy',
  'OOF',
  'WorkingElsewhere',
  'NoData',
];

/** Limits Exchange enforces (and documents). */
export const MAX_MAILBOXES_PER_REQUEST = 100;
export const MAX_WINDOW_DAYS = 42;
export const MIN_INTERVAL_MINUTES = 5;
export const MAX_INTERVAL_MINUTES = 1440;
export const DEFAULT_INTERVAL_MINUTES = 15;

export interface AvailabilityArgs extends RequestOptions {
  /** SMTP addresses, in the order the results should come back. */
  mailboxes: readonly string[];
  start: Date;
  end: Date;
  /** IANA zone of the caller, e.g. "Europe/Berlin"; the legacy rule is derived from it. */
  timeZone: string;
  /** Default DetailedMerged. */
  view?: FreeBusyViewType;
  /** Default 15; 5..1440. */
  intervalMinutes?: number;
}

/** A validated request, with the zone rule that both the builder and the decoder use. */
export interface AvailabilityRequest {
  mailboxes: readonly string[];
  start: Date;
  end: Date;
  zone: LegacyTimeZone;
  view: FreeBusyViewType;
  intervalMinutes: number;
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

export interface FreeBusyEvent {
  start: Date;
  end: Date;
  busyType: BusyType;
  details?: CalendarEventDetails;
}

export interface WorkingPeriod {
  /** Day names as the server wrote them, e.g. ["Monday", "Tuesday"]. */
  days: string[];
  /** Minutes after local midnight, in the working hours' own zone. */
  startMinutes: number;
  endMinutes: number;
}

export interface WorkingHours {
  /** The mailbox owner's zone rule (not the request's). */
  timeZone: LegacyTimeZone;
  periods: WorkingPeriod[];
}

export interface MailboxAvailabilityOk {
  mailbox: string;
  ok: true;
  /** FreeBusyViewType as returned (may be less detailed than requested). */
  view: string;
  /** One digit per interval: 0 Free, 1 Tentative, 2 Busy, 3 OOF, 4 WorkingElsewhere, 5 NoData. */
  mergedFreeBusy?: string;
  intervalMinutes: number;
  events: FreeBusyEvent[];
  workingHours?: WorkingHours;
}

export interface MailboxAvailabilityError {
  mailbox: string;
  ok: false;
  error: EwsResponseError;
}

export type MailboxAvailability = MailboxAvailabilityOk | MailboxAvailabilityError;

/** Validates the arguments and derives the zone rule for the year of the window's start. */
export function availabilityRequest(args: AvailabilityArgs): AvailabilityRequest {
  assertValidDate(args.start, 'start');
  assertValidDate(args.end, 'end');
  const span = args.end.getTime() - args.start.getTime();
  if (span <= 0) throw new RangeError('The availability window must end after it starts');
  if (span > MAX_WINDOW_DAYS * 86_400_000)
    throw new RangeError(`The availability window is limited to ${MAX_WINDOW_DAYS} days`);
  const intervalMinutes = args.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES;
  if (
    !Number.isInteger(intervalMinutes) ||
    intervalMinutes < MIN_INTERVAL_MINUTES ||
    intervalMinutes > MAX_INTERVAL_MINUTES
  )
    throw new RangeError(
      `MergedFreeBusyIntervalInMinutes must be ${MIN_INTERVAL_MINUTES}..${MAX_INTERVAL_MINUTES}`,
    );
  if (args.mailboxes.length === 0) throw new RangeError('No mailboxes to ask about');
  return {
    mailboxes: args.mailboxes,
    start: args.start,
    end: args.end,
    zone: legacyTimeZoneFor(args.timeZone, args.start),
    view: args.view ?? 'DetailedMerged',
    intervalMinutes,
  };
}

/**
 * The request body. The TimeWindow is written as unzoned wall-clock times in the request's zone
 * rule, as Microsoft's examples and its own client libraries do: the TimeZone element defines
 * what they mean.
 */
export function buildGetUserAvailabilityRequest(req: AvailabilityRequest): XmlFragment {
  if (req.mailboxes.length > MAX_MAILBOXES_PER_REQUEST)
    throw new RangeError(`At most ${MAX_MAILBOXES_PER_REQUEST} mailboxes per request: batch them`);
  return el('m:GetUserAvailabilityRequest', undefined, [
    buildLegacyTimeZone(req.zone),
    el(
      'm:MailboxDataArray',
      undefined,
      req.mailboxes.map((address) =>
        el('t:MailboxData', undefined, [
          emailAddressElement('t:Email', address),
          textEl('t:AttendeeType', 'Required'),
          textEl('t:ExcludeConflicts', 'false'),
        ]),
      ),
    ),
    el('t:FreeBusyViewOptions', undefined, [
      el('t:TimeWindow', undefined, [
        textEl('t:StartTime', formatLocal(utcToLocal(req.zone, req.start))),
        textEl('t:EndTime', formatLocal(utcToLocal(req.zone, req.end))),
      ]),
      textEl('t:MergedFreeBusyIntervalInMinutes', req.intervalMinutes),
      textEl('t:RequestedView', req.view),
    ]),
  ]);
}

const PATH = 'Envelope/Body/GetUserAvailabilityResponse/FreeBusyResponseArray';

/** Decodes the answer; results are in the order of `req.mailboxes` (the server keeps that order). */
export function decodeGetUserAvailabilityResponse(
  env: DecodedEnvelope,
  req: Pick<AvailabilityRequest, 'mailboxes' | 'zone' | 'intervalMinutes'>,
): MailboxAvailability[] {
  const response = operationResponse(env.body, 'GetUserAvailabilityResponse');
  const array = child(response, 'FreeBusyResponseArray');
  if (array === undefined)
    throw new DecodeError(
      'Missing FreeBusyResponseArray',
      'Envelope/Body/GetUserAvailabilityResponse',
    );
  const responses = children(array, 'FreeBusyResponse');
  if (responses.length !== req.mailboxes.length)
    throw new DecodeError(
      `Asked about ${req.mailboxes.length} mailboxes, got ${responses.length} answers`,
      PATH,
    );
  const unzoned = localToUtc.bind(undefined, req.zone);
  return responses.map((node, i) => {
    const mailbox = req.mailboxes[i] ?? '';
    const path = `${PATH}/FreeBusyResponse[${i + 1}]`;
    const message = child(node, 'ResponseMessage');
    const error = message === undefined ? undefined : responseMessageError(message, path);
    // Throttling concerns the whole request: let the transport wait and retry it.
    if (error instanceof ServerBusyError) throw error;
    if (error) return { mailbox, ok: false, error };
    return decodeView(mailbox, child(node, 'FreeBusyView'), path, req.intervalMinutes, unzoned);
  });
}

function decodeView(
  mailbox: string,
  view: XmlNode | undefined,
  path: string,
  intervalMinutes: number,
  unzoned: (local: LocalDateTime) => Date,
): MailboxAvailabilityOk {
  if (view === undefined) throw new DecodeError('Missing FreeBusyView', path);
  const viewPath = `${path}/FreeBusyView`;
  const result: MailboxAvailabilityOk = {
    mailbox,
    ok: true,
    view: childText(view, 'FreeBusyViewType') ?? 'None',
    intervalMinutes,
    events: children(child(view, 'CalendarEventArray'), 'CalendarEvent').map((event, j) =>
      decodeEvent(event, `${viewPath}/CalendarEventArray/CalendarEvent[${j + 1}]`, unzoned),
    ),
  };
  const merged = childText(view, 'MergedFreeBusy');
  if (merged !== undefined) {
    if (!/^[0-5]*$/.test(merged))
      throw new DecodeError('MergedFreeBusy holds something other than 0-5', viewPath);
    result.mergedFreeBusy = merged;
  }
  const hours = child(view, 'WorkingHours');
  if (hours !== undefined)
    result.workingHours = decodeWorkingHours(hours, `${viewPath}/WorkingHours`);
  return result;
}

function decodeEvent(
  node: XmlNode,
  path: string,
  unzoned: (local: LocalDateTime) => Date,
): FreeBusyEvent {
  const start = optText(node, 'StartTime');
  const end = optText(node, 'EndTime');
  if (start === undefined || end === undefined)
    throw new DecodeError('Missing StartTime/EndTime', path);
  const busyType = readEnumOr(node, 'BusyType', BUSY_TYPES, 'Busy');
  if (busyType === undefined) throw new DecodeError('Missing BusyType', path);
  const event: FreeBusyEvent = {
    start: parseInstant(start, path, unzoned),
    end: parseInstant(end, path, unzoned),
    busyType,
  };
  const detailsNode = child(node, 'CalendarEventDetails');
  if (detailsNode !== undefined) {
    const dPath = `${path}/CalendarEventDetails`;
    const details: CalendarEventDetails = {
      isMeeting: readBool(detailsNode, 'IsMeeting', dPath) ?? false,
      isRecurring: readBool(detailsNode, 'IsRecurring', dPath) ?? false,
      isException: readBool(detailsNode, 'IsException', dPath) ?? false,
      isReminderSet: readBool(detailsNode, 'IsReminderSet', dPath) ?? false,
      isPrivate: readBool(detailsNode, 'IsPrivate', dPath) ?? false,
    };
    const id = optText(detailsNode, 'ID');
    const subject = optText(detailsNode, 'Subject');
    const location = optText(detailsNode, 'Location');
    if (id !== undefined) details.id = id;
    if (subject !== undefined) details.subject = subject;
    if (location !== undefined) details.location = location;
    event.details = details;
  }
  return event;
}

function decodeWorkingHours(node: XmlNode, path: string): WorkingHours {
  const zone = child(node, 'TimeZone');
  if (zone === undefined) throw new DecodeError('Missing TimeZone', path);
  return {
    timeZone: readLegacyTimeZone(zone, `${path}/TimeZone`),
    periods: children(child(node, 'WorkingPeriodArray'), 'WorkingPeriod').map((p, k) => {
      const pPath = `${path}/WorkingPeriodArray/WorkingPeriod[${k + 1}]`;
      return {
        days: text(child(p, 'DayOfWeek')).trim().split(/\s+/).filter(Boolean),
        startMinutes: readInt(p, 'StartTimeInMinutes', pPath),
        endMinutes: readInt(p, 'EndTimeInMinutes', pPath),
      };
    }),
  };
}

/** The MergedFreeBusy digits as busy types, one per interval. */
export function mergedFreeBusySlots(merged: string): BusyType[] {
  return Array.from(
    { length: merged.length },
    (_, i) => BUSY_TYPES[Number(merged.charAt(i))] ?? 'NoData',
  );
}

/** Splits a list into consecutive chunks of at most `size`, keeping the order. */
export function batch<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('Batch size must be ≥ 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Free/busy for any number of mailboxes: batches of 100, one request after the other (the
 * transport limits concurrency anyway), merged in input order.
 */
export async function getUserAvailability(
  transport: EwsTransport,
  args: AvailabilityArgs,
  signal?: AbortSignal,
): Promise<MailboxAvailability[]> {
  const all = availabilityRequest(args);
  const results: MailboxAvailability[] = [];
  for (const mailboxes of batch(all.mailboxes, MAX_MAILBOXES_PER_REQUEST)) {
    const req: AvailabilityRequest = { ...all, mailboxes };
    const envelope = buildEnvelope(buildGetUserAvailabilityRequest(req), args.header);
    results.push(
      ...(await transport.send(
        'GetUserAvailability',
        envelope,
        (env) => decodeGetUserAvailabilityResponse(env, req),
        signal,
      )),
    );
  }
  return results;
}
