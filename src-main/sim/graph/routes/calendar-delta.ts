/**
 * GET calendarView/delta: a first round over a window (startDateTime/endDateTime) sends every
 * event in it, page by page (`Prefer: odata.maxpagesize`, `@odata.nextLink` with a $skiptoken),
 * and ends with an `@odata.deltaLink`; following that link sends what changed in the same
 * window since: new and changed events whole, and `@removed` (reason deleted) for events deleted,
 * cancelled or moved out of the window. Admin-API, EWS and Graph changes alike, since the rounds
 * compare the mailbox itself. An unknown or evicted token is 410 with `syncStateNotFound`.
 */
import { calendarInstances, type CalendarInstance } from '../../calendar-view.js';
import type { Mailbox } from '../../model.js';
import type { Window } from '../../recurrence.js';
import { UTC_ZONE } from '../../time-zone.js';
import { maxPageSize, preferenceApplied, readWindow, responseZone } from '../calendar-query.js';
import { deltaStoreOf, type DeltaEntry } from '../delta-store.js';
import { GraphError } from '../errors.js';
import { eventJson } from '../event-json.js';
import { toGraphId } from '../ids.js';
import type { GraphReply, GraphRequest, GraphRouteModule } from '../router.js';

/** Events per delta page when the client sets no odata.maxpagesize. */
export const DEFAULT_DELTA_PAGE = 10;

/** The events a delta round holds: the window's instances, cancelled ones left out. */
function current(mailbox: Mailbox, window: Window): Map<string, CalendarInstance> {
  const map = new Map<string, CalendarInstance>();
  for (const instance of calendarInstances(mailbox.calendar, window)) {
    if (!instance.item.isCancelled) map.set(instance.id, instance);
  }
  return map;
}

function fingerprint(instance: CalendarInstance, mailbox: Mailbox): string {
  return JSON.stringify(eventJson(instance, mailbox, { name: 'UTC', zone: UTC_ZONE }));
}

function gone(): GraphError {
  return new GraphError(
    410,
    'syncStateNotFound',
    'The sync state is not found or has expired. Start a new round of delta with startDateTime and endDateTime.',
  );
}

function delta(request: GraphRequest): GraphReply {
  const store = deltaStoreOf(request.state.store);
  const mailbox = request.target;
  const skipToken = request.query.get('$skiptoken');
  const deltaToken = request.query.get('$deltatoken');
  const hasWindow = request.query.has('startDateTime') || request.query.has('endDateTime');
  let entries: readonly DeltaEntry[];
  let window: Window;
  let nextState: ReadonlyMap<string, string>;
  if (skipToken === undefined && deltaToken === undefined) {
    window = readWindow(request);
    const now = current(mailbox, window);
    entries = [...now.keys()].map((instanceId) => ({ kind: 'event', instanceId }));
    nextState = new Map([...now].map(([id, i]) => [id, fingerprint(i, mailbox)]));
  } else {
    if (skipToken !== undefined && deltaToken !== undefined) {
      throw new GraphError(400, 'BadRequest', 'Give either $skiptoken or $deltatoken, not both.');
    }
    const saved = store.get(skipToken ?? deltaToken ?? '');
    if (!saved || saved.email !== mailbox.email.toLowerCase()) throw gone();
    if (saved.kind !== (skipToken !== undefined ? 'skip' : 'delta')) throw gone();
    if (hasWindow) {
      // The token is bound to its round's window; a different one is a new round.
      const asked = readWindow(request);
      if (asked.start !== saved.window.start || asked.end !== saved.window.end) {
        throw new GraphError(
          400,
          'BadRequest',
          'The window of a delta round is fixed by its first request; start a new round for another window.',
        );
      }
    }
    window = saved.window;
    if (saved.kind === 'skip') {
      entries = saved.remaining;
      nextState = saved.state;
    } else {
      const now = current(mailbox, window);
      const fresh = new Map([...now].map(([id, i]) => [id, fingerprint(i, mailbox)]));
      const changed: DeltaEntry[] = [];
      for (const id of saved.state.keys()) {
        if (!fresh.has(id)) changed.push({ kind: 'removed', id });
      }
      for (const [id, print] of fresh) {
        if (saved.state.get(id) !== print) changed.push({ kind: 'event', instanceId: id });
      }
      entries = changed;
      nextState = fresh;
    }
  }
  const { zone, applied } = responseZone(request);
  const size = maxPageSize(request);
  const pageSize = size ?? DEFAULT_DELTA_PAGE;
  const page = entries.slice(0, pageSize);
  const rest = entries.slice(pageSize);
  const live = current(mailbox, window);
  const value = page.map((entry) => {
    const instance = entry.kind === 'event' ? live.get(entry.instanceId) : undefined;
    if (instance) return eventJson(instance, mailbox, zone);
    const id = entry.kind === 'event' ? entry.instanceId : entry.id;
    return {
      '@odata.type': '#microsoft.graph.event',
      id: toGraphId(id),
      '@removed': { reason: 'deleted' },
    };
  });
  const base = { email: mailbox.email.toLowerCase(), window, state: nextState };
  const link = `${request.serviceRoot}${request.path}`;
  const json: Record<string, unknown> = {
    '@odata.context': `${request.serviceRoot}/$metadata#Collection(event)`,
    value,
  };
  if (rest.length > 0) {
    const token = store.put({ kind: 'skip', remaining: rest, ...base });
    json['@odata.nextLink'] = `${link}?$skiptoken=${token}`;
  } else {
    const token = store.put({ kind: 'delta', ...base });
    json['@odata.deltaLink'] = `${link}?$deltatoken=${token}`;
  }
  return {
    status: 200,
    headers: preferenceApplied([
      size === undefined ? undefined : `odata.maxpagesize=${size}`,
      applied,
    ]),
    json,
    schema: { type: 'microsoft.graph.event', collection: true },
  };
}

export const calendarDeltaRoutes: GraphRouteModule = {
  name: 'calendar delta',
  routes: [
    {
      method: 'GET',
      path: '/{user}/calendarView/delta',
      scopes: ['Calendars.Read'],
      options: ['$skiptoken', '$deltatoken'],
      handle: delta,
    },
  ],
};
