/**
 * Mailbox settings (`/me/mailboxSettings`, `/users/{id}/mailboxSettings`): GET of the whole and
 * of each part, PATCH of automatic replies, working hours and the time zone. The same OOF and
 * working hours the EWS face's Get/SetUserOofSettings and GetUserAvailability read.
 */
import { z } from 'zod';
import type { ExternalAudience, Mailbox, OofSettings, OofState } from '../../model.js';
import { GraphError } from '../errors.js';
import type { GraphReply, GraphRequest, GraphRoute, GraphRouteModule } from '../router.js';
import {
  dateTimeTimeZone,
  dayName,
  graphTimeZone,
  instantOf,
  minutesOf,
  nameOfZone,
  timeOfDay,
  zoneByName,
  zoneOfGraph,
} from '../zones.js';
import { UTC_ZONE } from '../../time-zone.js';

const STATUS: Readonly<Record<OofState, string>> = {
  Disabled: 'disabled',
  Enabled: 'alwaysEnabled',
  Scheduled: 'scheduled',
};
const AUDIENCE: Readonly<Record<ExternalAudience, string>> = {
  None: 'none',
  Known: 'contactsOnly',
  All: 'all',
};

function automaticReplies(oof: OofSettings, now: number): Record<string, unknown> {
  // Graph reports a window in every state; Exchange keeps the last one set (a day from now first).
  const window = oof.duration ?? { start: now, end: now + 86_400_000 };
  return {
    status: STATUS[oof.state],
    externalAudience: AUDIENCE[oof.externalAudience],
    scheduledStartDateTime: dateTimeTimeZone(window.start, 'UTC', UTC_ZONE),
    scheduledEndDateTime: dateTimeTimeZone(window.end, 'UTC', UTC_ZONE),
    internalReplyMessage: oof.internalReply?.message ?? '',
    externalReplyMessage: oof.externalReply?.message ?? '',
  };
}

/** The mailbox's time zone: its working hours' zone, by name (UTC when it has none). */
export function mailboxZoneName(mailbox: Mailbox): string {
  return nameOfZone(mailbox.workingHours.timeZone) ?? 'Customized Time Zone';
}

function workingHours(mailbox: Mailbox): Record<string, unknown> {
  const hours = mailbox.workingHours;
  return {
    daysOfWeek: hours.days.map((d) => d.toLowerCase()),
    startTime: timeOfDay(hours.startMinutes),
    endTime: timeOfDay(hours.endMinutes),
    timeZone: graphTimeZone(hours.timeZone),
  };
}

function settings(mailbox: Mailbox, now: number): Record<string, unknown> {
  return {
    automaticRepliesSetting: automaticReplies(mailbox.oof, now),
    archiveFolder: '',
    timeZone: mailboxZoneName(mailbox),
    language: { locale: 'en-US', displayName: 'English (United States)' },
    workingHours: workingHours(mailbox),
    userPurpose: 'user',
    dateFormat: 'M/d/yyyy',
    timeFormat: 'h:mm tt',
    delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
  };
}

function context(request: GraphRequest, suffix: string): string {
  const who = request.path.toLowerCase().startsWith('/me/')
    ? 'Me'
    : `users('${encodeURIComponent(request.target.email)}')`;
  return `${request.serviceRoot}/$metadata#${who}/mailboxSettings${suffix}`;
}

const dateTimeTz = z.object({ dateTime: z.string(), timeZone: z.string() });
const patchSchema = z
  .object({
    '@odata.context': z.string().optional(),
    automaticRepliesSetting: z
      .object({
        status: z.string().optional(),
        externalAudience: z.string().optional(),
        scheduledStartDateTime: dateTimeTz.optional(),
        scheduledEndDateTime: dateTimeTz.optional(),
        internalReplyMessage: z.string().optional(),
        externalReplyMessage: z.string().optional(),
      })
      .optional(),
    workingHours: z
      .object({
        daysOfWeek: z.array(z.string()).optional(),
        startTime: z.string().optional(),
        endTime: z.string().optional(),
        timeZone: z.unknown().optional(),
      })
      .optional(),
    timeZone: z.string().optional(),
  })
  .catchall(z.unknown());

/** Properties the simulator keeps; PATCH of any other (language, formats…) is refused. */
const PATCHABLE = new Set([
  '@odata.context',
  'automaticRepliesSetting',
  'workingHours',
  'timeZone',
]);

function enumOf<T extends string>(
  table: Readonly<Record<T, string>>,
  value: string,
  what: string,
): T {
  const found = (Object.keys(table) as T[]).find(
    (k) => table[k].toLowerCase() === value.toLowerCase(),
  );
  if (found === undefined)
    throw new GraphError(400, 'RequestBodyRead', `${what}: '${value}' is not a member.`);
  return found;
}

function invalid(message: string): GraphError {
  return new GraphError(400, 'ErrorInvalidRequest', message);
}

function patch(request: GraphRequest): GraphReply {
  const parsed = patchSchema.safeParse(request.body);
  if (!parsed.success) throw new GraphError(400, 'RequestBodyRead', z.prettifyError(parsed.error));
  const body = parsed.data;
  const refused = Object.keys(body).filter((k) => !PATCHABLE.has(k));
  if (refused.length > 0) {
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      `The simulator keeps no ${refused.join(', ')}.`,
    );
  }
  const mailbox = request.target;
  const at = request.now.getTime();
  // Everything is read and checked first: a refused PATCH changes nothing.
  const oof: OofSettings = { ...mailbox.oof };
  const hours = { ...mailbox.workingHours };
  const reply = body.automaticRepliesSetting;
  if (reply) {
    if (reply.status !== undefined) oof.state = enumOf(STATUS, reply.status, 'status');
    if (reply.externalAudience !== undefined)
      oof.externalAudience = enumOf(AUDIENCE, reply.externalAudience, 'externalAudience');
    if (reply.scheduledStartDateTime || reply.scheduledEndDateTime) {
      const start = reply.scheduledStartDateTime && instantOf(reply.scheduledStartDateTime, at);
      const end = reply.scheduledEndDateTime && instantOf(reply.scheduledEndDateTime, at);
      const window = {
        start: start ?? oof.duration?.start,
        end: end ?? oof.duration?.end,
      };
      if (
        (reply.scheduledStartDateTime && start === undefined) ||
        (reply.scheduledEndDateTime && end === undefined)
      )
        throw invalid('The scheduled date-time or its time zone is not valid.');
      if (window.start === undefined || window.end === undefined)
        throw invalid('A scheduled window needs both its start and its end.');
      if (window.end <= window.start)
        throw new GraphError(
          400,
          'ErrorInvalidTimeSettings',
          'The end time must be after the start time.',
        );
      oof.duration = { start: window.start, end: window.end };
    }
    if (oof.state === 'Scheduled' && !oof.duration)
      throw invalid(
        'Scheduled automatic replies need scheduledStartDateTime and scheduledEndDateTime.',
      );
    if (reply.internalReplyMessage !== undefined)
      oof.internalReply = {
        message: reply.internalReplyMessage,
        lang: oof.internalReply?.lang ?? 'en-US',
      };
    if (reply.externalReplyMessage !== undefined)
      oof.externalReply = {
        message: reply.externalReplyMessage,
        lang: oof.externalReply?.lang ?? 'en-US',
      };
  }
  const wh = body.workingHours;
  if (wh) {
    if (wh.daysOfWeek !== undefined) {
      const days = wh.daysOfWeek.map((d) => dayName(d));
      if (days.some((d) => d === undefined))
        throw invalid('daysOfWeek has a day that is not a day.');
      hours.days = days.filter((d) => d !== undefined);
    }
    if (wh.startTime !== undefined) {
      const m = minutesOf(wh.startTime);
      if (m === undefined) throw invalid(`startTime '${wh.startTime}' is not a time of day.`);
      hours.startMinutes = m;
    }
    if (wh.endTime !== undefined) {
      const m = minutesOf(wh.endTime);
      if (m === undefined) throw invalid(`endTime '${wh.endTime}' is not a time of day.`);
      hours.endMinutes = m;
    }
    if (wh.timeZone !== undefined) {
      const zone = zoneOfGraph(wh.timeZone, at);
      if (!zone)
        throw new GraphError(400, 'InvalidTimeZone', 'The working hours time zone is not known.');
      hours.timeZone = zone;
    }
    if (hours.endMinutes <= hours.startMinutes)
      throw new GraphError(400, 'ErrorInvalidTimeSettings', 'endTime must be after startTime.');
  }
  if (body.timeZone !== undefined) {
    const zone = zoneByName(body.timeZone, at);
    if (!zone)
      throw new GraphError(400, 'InvalidTimeZone', `'${body.timeZone}' is not a known time zone.`);
    hours.timeZone = zone;
  }
  mailbox.oof = oof;
  mailbox.workingHours = hours;
  // Graph answers with what the PATCH named, in its stored form.
  const full = settings(mailbox, at);
  const answer: Record<string, unknown> = { '@odata.context': context(request, '') };
  for (const key of Object.keys(body)) if (key !== '@odata.context') answer[key] = full[key];
  return {
    status: 200,
    json: answer,
    schema: { type: 'microsoft.graph.mailboxSettings', partial: true },
  };
}

const READ = ['MailboxSettings.Read'] as const;
const WRITE = ['MailboxSettings.ReadWrite'] as const;

/** GET of one part: a complex part as itself, a primitive one as `{ value }`. */
function part(name: string, type: string | undefined): GraphRoute {
  return {
    method: 'GET',
    path: `/{user}/mailboxSettings/${name}`,
    scopes: READ,
    handle: (request) => {
      const value = settings(request.target, request.now.getTime())[name];
      const ctx = context(request, `/${name}`);
      if (type === undefined) return { status: 200, json: { '@odata.context': ctx, value } };
      return {
        status: 200,
        json: { '@odata.context': ctx, ...(value as Record<string, unknown>) },
        schema: { type },
      };
    },
  };
}

export const settingsRoutes: GraphRouteModule = {
  name: 'mailbox settings',
  routes: [
    {
      method: 'GET',
      path: '/{user}/mailboxSettings',
      scopes: READ,
      options: ['$select'],
      handle: (request) => {
        const all = settings(request.target, request.now.getTime());
        const select = request.query.get('$select');
        const json: Record<string, unknown> = { '@odata.context': context(request, '') };
        if (select === undefined) Object.assign(json, all);
        else {
          for (const name of select.split(',').map((s) => s.trim())) {
            const key = Object.keys(all).find((k) => k.toLowerCase() === name.toLowerCase());
            if (key === undefined)
              throw new GraphError(
                400,
                'BadRequest',
                `Could not find a property named '${name}' on type 'microsoft.graph.mailboxSettings'.`,
              );
            json[key] = all[key];
          }
        }
        return {
          status: 200,
          json,
          schema: { type: 'microsoft.graph.mailboxSettings', partial: select !== undefined },
        };
      },
    },
    {
      method: 'PATCH',
      path: '/{user}/mailboxSettings',
      scopes: WRITE,
      body: { type: 'microsoft.graph.mailboxSettings', partial: true },
      handle: patch,
    },
    part('automaticRepliesSetting', 'microsoft.graph.automaticRepliesSetting'),
    part('workingHours', 'microsoft.graph.workingHours'),
    part('timeZone', undefined),
    part('language', 'microsoft.graph.localeInfo'),
    part('userPurpose', undefined),
    part('dateFormat', undefined),
    part('timeFormat', undefined),
  ],
};
