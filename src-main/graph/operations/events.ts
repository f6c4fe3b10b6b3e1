/**
 * The calendar event as Beacon reads it (subject, times, free/busy, sensitivity, cancellation,
 * my response, organizer, attendees, location, online meeting, recurrence role, reminder), and
 * GET /me/calendarView: times asked for in UTC, the fields Beacon needs, pages followed whole and
 * bounded. Every field is optional: `$select` and truncated answers leave fields out, and the
 * caller decides what an event without a start is worth. Subject and locations are untrusted text.
 */
import { z } from 'zod';
import type { GraphRequest, GraphRequester } from '../requester.js';
import {
  collectionSchema,
  compact,
  dateTimeString,
  dateTimeTimeZoneSchema,
  emailAddressSchema,
  GraphArgumentError,
  lenientEnum,
  opt,
  type DateTimeTimeZone,
  type EmailAddress,
  type Unknown,
} from './common.js';

export const SHOW_AS = ['unknown', 'free', 'tentative', 'busy', 'oof', 'workingElsewhere'] as const;
export const SENSITIVITIES = ['normal', 'personal', 'private', 'confidential'] as const;
export const EVENT_TYPES = ['singleInstance', 'occurrence', 'exception', 'seriesMaster'] as const;
export const RESPONSE_TYPES = [
  'none',
  'organizer',
  'tentativelyAccepted',
  'accepted',
  'declined',
  'notResponded',
] as const;
export const ATTENDEE_TYPES = ['required', 'optional', 'resource'] as const;
export const ONLINE_MEETING_PROVIDERS = [
  'unknown',
  'skypeForBusiness',
  'skypeForConsumer',
  'teamsForBusiness',
] as const;

export type ShowAs = (typeof SHOW_AS)[number];
export type ResponseType = (typeof RESPONSE_TYPES)[number];

export interface ResponseStatus {
  response?: ResponseType | Unknown;
  /** When the response was given; Graph writes "0001-01-01T00:00:00Z" for never. */
  time?: string;
}

export interface Attendee {
  type?: (typeof ATTENDEE_TYPES)[number] | Unknown;
  status?: ResponseStatus;
  emailAddress?: EmailAddress;
}

export interface EventLocation {
  displayName?: string;
  locationType?: string;
  uniqueId?: string;
}

export interface GraphEvent {
  id?: string;
  subject?: string;
  start?: DateTimeTimeZone;
  end?: DateTimeTimeZone;
  isAllDay?: boolean;
  showAs?: ShowAs | Unknown;
  sensitivity?: (typeof SENSITIVITIES)[number] | Unknown;
  isCancelled?: boolean;
  isOrganizer?: boolean;
  responseStatus?: ResponseStatus;
  organizer?: EmailAddress;
  attendees?: Attendee[];
  location?: EventLocation;
  locations?: EventLocation[];
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: (typeof ONLINE_MEETING_PROVIDERS)[number] | Unknown;
  /** onlineMeeting.joinUrl: the Teams (or Skype) join link. Untrusted: vet before opening. */
  joinUrl?: string;
  type?: (typeof EVENT_TYPES)[number] | Unknown;
  seriesMasterId?: string;
  isReminderOn?: boolean;
  reminderMinutesBeforeStart?: number;
  iCalUId?: string;
}

const responseStatusSchema: z.ZodType<ResponseStatus> = z
  .object({ response: opt(lenientEnum(RESPONSE_TYPES)), time: opt(dateTimeString) })
  .transform(compact);

const locationSchema: z.ZodType<EventLocation> = z
  .object({
    displayName: opt(z.string()),
    locationType: opt(z.string()),
    uniqueId: opt(z.string()),
  })
  .transform(compact);

const recipientSchema = z
  .object({ emailAddress: opt(emailAddressSchema) })
  .transform((r) => r.emailAddress);

const attendeeSchema: z.ZodType<Attendee> = z
  .object({
    type: opt(lenientEnum(ATTENDEE_TYPES)),
    status: opt(responseStatusSchema),
    emailAddress: opt(emailAddressSchema),
  })
  .transform(compact);

export const eventSchema: z.ZodType<GraphEvent> = z
  .object({
    id: opt(z.string()),
    subject: opt(z.string()),
    start: opt(dateTimeTimeZoneSchema),
    end: opt(dateTimeTimeZoneSchema),
    isAllDay: opt(z.boolean()),
    showAs: opt(lenientEnum(SHOW_AS)),
    sensitivity: opt(lenientEnum(SENSITIVITIES)),
    isCancelled: opt(z.boolean()),
    isOrganizer: opt(z.boolean()),
    responseStatus: opt(responseStatusSchema),
    organizer: opt(recipientSchema),
    attendees: opt(z.array(attendeeSchema)),
    location: opt(locationSchema),
    locations: opt(z.array(locationSchema)),
    isOnlineMeeting: opt(z.boolean()),
    onlineMeetingProvider: opt(lenientEnum(ONLINE_MEETING_PROVIDERS)),
    onlineMeeting: opt(z.object({ joinUrl: opt(z.string()) })),
    type: opt(lenientEnum(EVENT_TYPES)),
    seriesMasterId: opt(z.string()),
    isReminderOn: opt(z.boolean()),
    reminderMinutesBeforeStart: opt(z.number().int()),
    iCalUId: opt(z.string()),
  })
  .transform(({ onlineMeeting, ...rest }): GraphEvent =>
    compact({ ...rest, joinUrl: onlineMeeting?.joinUrl }),
  );

/** The `$select` Beacon sends: the fields above and nothing else. */
export const EVENT_SELECT = [
  'id',
  'subject',
  'start',
  'end',
  'isAllDay',
  'showAs',
  'sensitivity',
  'isCancelled',
  'isOrganizer',
  'responseStatus',
  'organizer',
  'attendees',
  'location',
  'locations',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'onlineMeeting',
  'type',
  'seriesMasterId',
  'isReminderOn',
  'reminderMinutesBeforeStart',
  'iCalUId',
].join(',');

/** Times in answers come back in UTC, whatever the mailbox's zone. */
export const PREFER_UTC = 'outlook.timezone="UTC"';

export const eventPageSchema = collectionSchema(eventSchema);

export interface CalendarViewArgs {
  start: Date;
  end: Date;
  /** Events per page, `$top` (Graph allows 1–1000). Default 100. */
  pageSize?: number;
  /** Pages followed at most before giving up with `complete: false`. Default 50. */
  maxPages?: number;
}

export interface CalendarViewResult {
  events: GraphEvent[];
  /** False when `maxPages` pages were read and the server still had a next page. */
  complete: boolean;
}

export function buildCalendarViewRequest(args: CalendarViewArgs): GraphRequest {
  const pageSize = args.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw new GraphArgumentError('The calendar page size must be between 1 and 1000.');
  const start = args.start.getTime();
  const end = args.end.getTime();
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
    throw new GraphArgumentError('The calendar window must end after it starts.');
  return {
    method: 'GET',
    path: '/me/calendarView',
    query: {
      startDateTime: args.start.toISOString(),
      endDateTime: args.end.toISOString(),
      $select: EVENT_SELECT,
      $top: String(pageSize),
    },
    headers: { Prefer: PREFER_UTC },
  };
}

/** A page after the first: the server's `@odata.nextLink` as it is, same headers. */
export function followLink(link: string, headers: Readonly<Record<string, string>>): GraphRequest {
  return { method: 'GET', path: link, headers };
}

export async function listCalendarView(
  graph: GraphRequester,
  args: CalendarViewArgs,
): Promise<CalendarViewResult> {
  const maxPages = args.maxPages ?? 50;
  if (!Number.isInteger(maxPages) || maxPages < 1)
    throw new GraphArgumentError('Read at least one page of the calendar.');
  const first = buildCalendarViewRequest(args);
  const events: GraphEvent[] = [];
  let request: GraphRequest = first;
  for (let page = 0; page < maxPages; page++) {
    const answer = await graph.json(request, eventPageSchema);
    events.push(...answer.value);
    const next = answer['@odata.nextLink'];
    if (next === undefined) return { events, complete: true };
    request = followLink(next, first.headers ?? {});
  }
  return { events, complete: false };
}
