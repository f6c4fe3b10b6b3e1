/**
 * GET calendarView (`/{user}/calendarView`, `/{user}/calendar/calendarView`): the events in a
 * window with recurrences expanded (the EWS face's calendar view), `$select`, `$top`,
 * `$orderby=start/dateTime`, and paging by absolute `@odata.nextLink` on the server's origin.
 */
import { calendarInstances } from '../../calendar-view.js';
import {
  contextOwner,
  maxPageSize,
  preferenceApplied,
  readWindow,
  responseZone,
} from '../calendar-query.js';
import { GraphError } from '../errors.js';
import { eventJson, parseSelect, selectProperties } from '../event-json.js';
import type { GraphReply, GraphRequest, GraphRoute, GraphRouteModule } from '../router.js';
import { formatUtc } from '../../time-zone.js';

/** Graph's default page of events. */
export const DEFAULT_PAGE = 10;

function integer(
  request: GraphRequest,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = request.query.get(name);
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) {
    throw new GraphError(
      400,
      'BadRequest',
      `Invalid value '${raw}' for query option '${name}': between ${min} and ${max}.`,
    );
  }
  return n;
}

function orderDescending(request: GraphRequest): boolean {
  const raw = request.query.get('$orderby');
  if (raw === undefined) return false;
  const match = /^\s*start\/datetime(?:\s+(asc|desc))?\s*$/i.exec(raw);
  if (!match) {
    throw new GraphError(
      400,
      'BadRequest',
      `The $orderby '${raw}' is not supported: order by start/dateTime.`,
    );
  }
  return match[1]?.toLowerCase() === 'desc';
}

function calendarView(request: GraphRequest): GraphReply {
  const window = readWindow(request);
  const { zone, applied } = responseZone(request);
  const select = parseSelect(request.query.get('$select'));
  if (select !== undefined && 'error' in select)
    throw new GraphError(400, 'BadRequest', select.error);
  const descending = orderDescending(request);
  const pageSize = integer(request, '$top', 1, 1000) ?? maxPageSize(request) ?? DEFAULT_PAGE;
  const skip = integer(request, '$skip', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const instances = calendarInstances(request.target.calendar, window);
  if (descending) instances.reverse();
  const page = instances.slice(skip, skip + pageSize);
  const json: Record<string, unknown> = {
    '@odata.context': `${request.serviceRoot}/$metadata#${contextOwner(request)}/calendarView`,
    value: page.map((i) => selectProperties(eventJson(i, request.target, zone), select)),
  };
  if (skip + pageSize < instances.length) {
    const next = new URLSearchParams({
      startDateTime: formatUtc(window.start),
      endDateTime: formatUtc(window.end),
    });
    for (const name of ['$select', '$orderby']) {
      const value = request.query.get(name);
      if (value !== undefined) next.set(name, value);
    }
    next.set('$top', String(pageSize));
    next.set('$skip', String(skip + pageSize));
    json['@odata.nextLink'] = `${request.serviceRoot}${request.path}?${next.toString()}`;
  }
  return {
    status: 200,
    headers: preferenceApplied([applied]),
    json,
    schema: { type: 'microsoft.graph.event', collection: true, partial: select !== undefined },
  };
}

const route = (path: string): GraphRoute => ({
  method: 'GET',
  path,
  scopes: ['Calendars.Read'],
  options: ['$select', '$top', '$skip', '$orderby'],
  handle: calendarView,
});

export const calendarViewRoutes: GraphRouteModule = {
  name: 'calendar view',
  routes: [route('/{user}/calendarView'), route('/{user}/calendar/calendarView')],
};
