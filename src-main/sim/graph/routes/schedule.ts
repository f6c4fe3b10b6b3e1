/**
 * POST calendar/getSchedule: free/busy of up to 20 mailboxes over a window under 62 days, from
 * the same calendars the EWS face's GetUserAvailability reads: availabilityView (one digit per
 * interval), scheduleItems (private items without subject and location for others), working
 * hours, and a per-schedule error for an address the directory does not know or a mailbox that
 * does not share its free/busy.
 */
import { z } from 'zod';
import { calendarInstances } from '../../calendar-view.js';
import { mergeFreeBusy } from '../../free-busy.js';
import type { Mailbox } from '../../model.js';
import { parameter } from '../action-body.js';
import { responseZone } from '../calendar-query.js';
import { GraphError } from '../errors.js';
import { SHOW_AS, type EventZone } from '../event-json.js';
import type { GraphReply, GraphRequest, GraphRouteModule } from '../router.js';
import { dateTimeTimeZone, graphTimeZone, instantOf, timeOfDay } from '../zones.js';

export const MAX_SCHEDULES = 20;
/** The window must be shorter than this. */
export const MAX_SCHEDULE_DAYS = 62;

const when = z.object({ dateTime: z.string(), timeZone: z.string() });
const interval = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

function workingHours(mailbox: Mailbox): Record<string, unknown> {
  const hours = mailbox.workingHours;
  return {
    daysOfWeek: hours.days.map((d) => d.toLowerCase()),
    startTime: timeOfDay(hours.startMinutes),
    endTime: timeOfDay(hours.endMinutes),
    timeZone: graphTimeZone(hours.timeZone),
  };
}

function scheduleOf(
  address: string,
  request: GraphRequest,
  window: { start: number; end: number },
  minutes: number,
  zone: EventZone,
): Record<string, unknown> {
  const mailbox = request.state.store.find(address);
  if (!mailbox) {
    return {
      scheduleId: address,
      availabilityView: '',
      scheduleItems: [],
      error: {
        message: `The address ${address} is not in the directory.`,
        responseCode: 'ErrorMailRecipientNotFound',
      },
    };
  }
  const own = mailbox === request.caller;
  if (!mailbox.freeBusyShared && !own) {
    return {
      scheduleId: address,
      availabilityView: '',
      scheduleItems: [],
      error: {
        message: `${mailbox.displayName} does not share free/busy information.`,
        responseCode: 'ErrorNoFreeBusyAccess',
      },
    };
  }
  const instances = calendarInstances(mailbox.calendar, window).filter((i) => !i.item.isCancelled);
  const view = mergeFreeBusy(
    instances.map((i) => ({ start: i.start, end: i.end, busyType: i.item.freeBusy })),
    window.start,
    window.end,
    minutes,
  )
    // Graph documents no "no data" digit: such an event does not make the slot busy.
    .replace(/5/g, '0');
  return {
    scheduleId: address,
    availabilityView: view,
    scheduleItems: instances.map((i) => {
      const isPrivate = i.item.sensitivity === 'Private';
      const hidden = isPrivate && !own;
      return {
        isPrivate,
        status: SHOW_AS[i.item.freeBusy],
        ...(hidden ? {} : { subject: i.subject, location: i.location }),
        start: dateTimeTimeZone(i.start, zone.name, zone.zone),
        end: dateTimeTimeZone(i.end, zone.name, zone.zone),
      };
    }),
    workingHours: workingHours(mailbox),
  };
}

function getSchedule(request: GraphRequest): GraphReply {
  const schedules = z.array(z.string()).safeParse(parameter(request.body, 'schedules'));
  const start = when.safeParse(parameter(request.body, 'startTime'));
  const end = when.safeParse(parameter(request.body, 'endTime'));
  const rawInterval = parameter(request.body, 'availabilityViewInterval');
  const minutes = rawInterval === undefined ? 30 : interval.safeParse(rawInterval).data;
  if (!schedules.success || schedules.data.length === 0) {
    throw new GraphError(400, 'ErrorInvalidParameter', 'Schedules must name at least one address.');
  }
  if (schedules.data.length > MAX_SCHEDULES) {
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      `Schedules names ${schedules.data.length} addresses; at most ${MAX_SCHEDULES} are allowed.`,
    );
  }
  if (!start.success || !end.success) {
    throw new GraphError(400, 'ErrorInvalidParameter', 'StartTime and EndTime are required.');
  }
  if (minutes === undefined || minutes < 5 || minutes > 1440) {
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      'availabilityViewInterval must be between 5 and 1440 minutes.',
    );
  }
  const at = request.now.getTime();
  const window = { start: instantOf(start.data, at), end: instantOf(end.data, at) };
  if (window.start === undefined || window.end === undefined) {
    throw new GraphError(
      400,
      'InvalidTimeZone',
      'StartTime or EndTime has a time zone or date-time that is not valid.',
    );
  }
  if (window.end <= window.start) {
    throw new GraphError(400, 'ErrorInvalidTimeSettings', 'EndTime must be after StartTime.');
  }
  if (window.end - window.start >= MAX_SCHEDULE_DAYS * 86_400_000) {
    throw new GraphError(
      400,
      'ErrorInvalidTimeSettings',
      `The time window must be shorter than ${MAX_SCHEDULE_DAYS} days.`,
    );
  }
  const { zone, applied } = responseZone(request);
  const range = { start: window.start, end: window.end };
  return {
    status: 200,
    headers: applied === undefined ? {} : { 'Preference-Applied': applied },
    json: {
      '@odata.context': `${request.serviceRoot}/$metadata#Collection(microsoft.graph.scheduleInformation)`,
      value: schedules.data.map((address) => scheduleOf(address, request, range, minutes, zone)),
    },
    schema: { type: 'microsoft.graph.scheduleInformation', collection: true },
  };
}

export const scheduleRoutes: GraphRouteModule = {
  name: 'schedule',
  routes: [
    {
      method: 'POST',
      path: '/{user}/calendar/getSchedule',
      scopes: ['Calendars.Read'],
      body: { boundTo: 'microsoft.graph.calendar', action: 'getSchedule' },
      handle: getSchedule,
    },
  ],
};
