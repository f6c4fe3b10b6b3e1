/**
 * What calendarView and its delta read from a request: the window (startDateTime/endDateTime,
 * each read with its own offset, UTC without one), the zone of the answer (`Prefer:
 * outlook.timezone`, UTC otherwise) and the page size (`Prefer: odata.maxpagesize`).
 */
import { UTC_ZONE, parseDateTime } from '../time-zone.js';
import type { Window } from '../recurrence.js';
import { GraphError } from './errors.js';
import type { EventZone } from './event-json.js';
import type { GraphRequest } from './router.js';
import { preferredZone } from './zones.js';

/** Graph refuses a calendarView window longer than this (about five years). */
export const MAX_WINDOW_MS = 1825 * 86_400_000;

export function readWindow(request: GraphRequest): Window {
  const start = request.query.get('startDateTime');
  const end = request.query.get('endDateTime');
  if (start === undefined || end === undefined) {
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
    );
  }
  const window = { start: parseDateTime(start), end: parseDateTime(end) };
  if (window.start === undefined || window.end === undefined) {
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      'The value of StartDateTime or EndDateTime is not a date-time.',
    );
  }
  if (window.end < window.start || window.end - window.start > MAX_WINDOW_MS) {
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      'The time window is invalid: EndDateTime must follow StartDateTime by at most five years.',
    );
  }
  return { start: window.start, end: window.end };
}

/** The zone of the answer and, when the Prefer header asked for one we know, the header saying so. */
export function responseZone(request: GraphRequest): { zone: EventZone; applied?: string } {
  const preferred = preferredZone(request.headers['prefer'], request.now.getTime());
  if (!preferred) return { zone: { name: 'UTC', zone: UTC_ZONE } };
  return { zone: preferred, applied: `outlook.timezone="${preferred.name}"` };
}

/** `Prefer: odata.maxpagesize=n`, when given (1..1000). */
export function maxPageSize(request: GraphRequest): number | undefined {
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(request.headers['prefer'] ?? '');
  if (!match) return undefined;
  const n = Number(match[1]);
  return n >= 1 ? Math.min(n, 1000) : undefined;
}

/** Preference-Applied for what was honoured. */
export function preferenceApplied(parts: (string | undefined)[]): Record<string, string> {
  const applied = parts.filter((p): p is string => p !== undefined);
  return applied.length === 0 ? {} : { 'Preference-Applied': applied.join(', ') };
}

/** `/me/...` answers name Me in @odata.context; `/users/x/...` name the user. */
export function contextOwner(request: GraphRequest): string {
  return request.path.toLowerCase().startsWith('/me/')
    ? 'Me'
    : `users('${encodeURIComponent(request.target.email)}')`;
}
