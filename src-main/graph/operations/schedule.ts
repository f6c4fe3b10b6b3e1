/**
 * POST /me/calendar/getSchedule: free/busy of people and rooms. Graph takes at most 20 schedules
 * per request and a window shorter than 62 days (concepts/outlook-get-free-busy-schedule.md);
 * more schedules go out in several requests, through `$batch` when the requester has it. Times are
 * sent and asked back in UTC. A schedule Graph could not read carries its own `error`; a request
 * that failed as a whole marks its schedules so, and the others are kept.
 */
import { z, type ZodType } from 'zod';
import type { GraphRequest, GraphRequester } from '../requester.js';
import {
  compact,
  dateTimeTimeZoneSchema,
  failureFacts,
  GraphAnswerError,
  GraphArgumentError,
  lenientEnum,
  opt,
  utcDateTimeTimeZone,
  type DateTimeTimeZone,
  type Unknown,
} from './common.js';
import { PREFER_UTC, SHOW_AS, type ShowAs } from './events.js';
import { workingHoursSchema, type WorkingHours } from './mailbox-settings.js';

/** Graph's limit of schedules (users, rooms, members of a list) in one getSchedule. */
export const MAX_SCHEDULES_PER_REQUEST = 20;
/** The window must be shorter than this. */
export const MAX_SCHEDULE_WINDOW_MS = 62 * 24 * 60 * 60 * 1000;

/** One digit per interval: 0 free, 1 tentative, 2 busy, 3 out of office, 4 working elsewhere. */
export type AvailabilityView = string;

export interface ScheduleItem {
  start?: DateTimeTimeZone;
  end?: DateTimeTimeZone;
  status?: ShowAs | Unknown;
  isPrivate?: boolean;
  /** Shown only when the owner shares details. Untrusted text. */
  subject?: string;
  location?: string;
}

export interface FreeBusyError {
  message?: string;
  /** e.g. ErrorMailRecipientNotFound, ErrorNoFreeBusyAccess; or the transport's code when the whole request failed. */
  responseCode?: string;
}

export interface ScheduleInformation {
  scheduleId: string;
  availabilityView?: AvailabilityView;
  scheduleItems?: ScheduleItem[];
  workingHours?: WorkingHours;
  error?: FreeBusyError;
}

const scheduleItemSchema: z.ZodType<ScheduleItem> = z
  .object({
    start: opt(dateTimeTimeZoneSchema),
    end: opt(dateTimeTimeZoneSchema),
    status: opt(lenientEnum(SHOW_AS)),
    isPrivate: opt(z.boolean()),
    subject: opt(z.string()),
    location: opt(z.string()),
  })
  .transform(compact);

export const scheduleInformationSchema: z.ZodType<ScheduleInformation> = z
  .object({
    scheduleId: z.string(),
    availabilityView: opt(z.string()),
    scheduleItems: opt(z.array(scheduleItemSchema)),
    workingHours: opt(workingHoursSchema),
    error: opt(
      z.object({ message: opt(z.string()), responseCode: opt(z.string()) }).transform(compact),
    ),
  })
  .transform(compact);

export const scheduleAnswerSchema = z.object({ value: z.array(scheduleInformationSchema) });
type ScheduleAnswer = z.output<typeof scheduleAnswerSchema>;

export interface GetScheduleArgs {
  /** SMTP addresses of people, rooms or lists. */
  schedules: readonly string[];
  start: Date;
  end: Date;
  /** Minutes per availabilityView digit, 5–1440. Default 30. */
  intervalMinutes?: number;
}

/** One request's outcome when several go out together. */
export type BatchOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Sends several requests and parses each answer with `schema`, one outcome per request in order.
 * The requester's `$batch` fits this; without one they go one after another.
 */
export type BatchRunner = <T>(
  requests: readonly GraphRequest[],
  schema: ZodType<T>,
) => Promise<BatchOutcome<T>[]>;

/** The requests for `args`: one per 20 schedules, each with the same window. Pure. */
export function buildGetScheduleRequests(args: GetScheduleArgs): GraphRequest[] {
  const interval = args.intervalMinutes ?? 30;
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440)
    throw new GraphArgumentError('The free/busy interval must be 5 to 1440 minutes.');
  const start = args.start.getTime();
  const end = args.end.getTime();
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
    throw new GraphArgumentError('The free/busy window must end after it starts.');
  if (end - start >= MAX_SCHEDULE_WINDOW_MS)
    throw new GraphArgumentError('The free/busy window must be shorter than 62 days.');
  if (args.schedules.length === 0)
    throw new GraphArgumentError('Name at least one person or room to look up.');
  const requests: GraphRequest[] = [];
  for (let i = 0; i < args.schedules.length; i += MAX_SCHEDULES_PER_REQUEST) {
    requests.push({
      method: 'POST',
      path: '/me/calendar/getSchedule',
      headers: { Prefer: PREFER_UTC },
      // The API page's parameter names (camelCase); the CSDL spells them in PascalCase and
      // Graph matches either.
      body: {
        schedules: args.schedules.slice(i, i + MAX_SCHEDULES_PER_REQUEST),
        startTime: utcDateTimeTimeZone(args.start),
        endTime: utcDateTimeTimeZone(args.end),
        availabilityViewInterval: interval,
      },
    });
  }
  return requests;
}

function oneByOne(graph: GraphRequester): BatchRunner {
  return async <T>(requests: readonly GraphRequest[], schema: ZodType<T>) => {
    const out: BatchOutcome<T>[] = [];
    for (const request of requests) {
      try {
        out.push({ ok: true, value: await graph.json(request, schema) });
      } catch (error) {
        out.push({ ok: false, error });
      }
    }
    return out;
  };
}

/** The requester's own `$batch`, when it has one (the transport does). */
function requesterBatch(graph: GraphRequester): BatchRunner | undefined {
  if (graph.batch === undefined) return undefined;
  return async <T>(requests: readonly GraphRequest[], schema: ZodType<T>) =>
    (await graph.batch?.<T>(requests, schema)) ?? [];
}

function failedSchedules(ids: readonly string[], error: unknown): ScheduleInformation[] {
  const { code, kind } = failureFacts(error);
  const message = error instanceof Error ? error.message : 'The request failed.';
  return ids.map((scheduleId) => ({
    scheduleId,
    error: { message, responseCode: code ?? kind ?? 'requestFailed' },
  }));
}

/**
 * Free/busy for every schedule asked for, in the order asked. One request is sent directly; more
 * go through `batch` when given, else the requester's own `$batch`, else one after another. When every request
 * failed the first failure is thrown (sign-in, network: nothing to show); when only some did,
 * their schedules carry an `error` and the others are returned.
 */
export async function getSchedule(
  graph: GraphRequester,
  args: GetScheduleArgs,
  batch?: BatchRunner,
): Promise<ScheduleInformation[]> {
  const requests = buildGetScheduleRequests(args);
  const outcomes: BatchOutcome<ScheduleAnswer>[] =
    requests.length === 1
      ? [{ ok: true, value: await graph.json(requests[0] as GraphRequest, scheduleAnswerSchema) }]
      : await (batch ?? requesterBatch(graph) ?? oneByOne(graph))(requests, scheduleAnswerSchema);
  if (outcomes.length !== requests.length)
    throw new GraphAnswerError('The free/busy batch answered a different number of requests.');
  const first = outcomes[0];
  if (first !== undefined && !first.ok && outcomes.every((o) => !o.ok)) throw first.error;
  const result: ScheduleInformation[] = [];
  outcomes.forEach((outcome, index) => {
    const ids = args.schedules.slice(
      index * MAX_SCHEDULES_PER_REQUEST,
      (index + 1) * MAX_SCHEDULES_PER_REQUEST,
    );
    if (!outcome.ok) {
      result.push(...failedSchedules(ids, outcome.error));
      return;
    }
    // Graph answers in the order asked; match by id anyway (case-insensitive, as addresses are).
    const byId = new Map(outcome.value.value.map((s) => [s.scheduleId.toLowerCase(), s]));
    for (const [i, id] of ids.entries()) {
      const found = byId.get(id.toLowerCase()) ?? outcome.value.value[i];
      if (found === undefined)
        throw new GraphAnswerError('The free/busy answer left out a schedule that was asked for.');
      result.push(found);
    }
  });
  return result;
}
