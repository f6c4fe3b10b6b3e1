/**
 * GET /me/calendarView/delta: a round starts with the window as query options, follows every
 * `@odata.nextLink` as it is, and ends with an `@odata.deltaLink` that is kept whole (the token is
 * opaque, and the link carries everything the next round needs). `@removed` entries come back as
 * removals. A token the server no longer knows (410 Gone, syncStateNotFound, resyncRequired) is
 * not an error to the caller: it is the answer "start over with a full round".
 */
import { z } from 'zod';
import type { GraphRequest, GraphRequester } from '../requester.js';
import { compact, failureFacts, GraphAnswerError, GraphArgumentError } from './common.js';
import { eventSchema, followLink, PREFER_UTC, type GraphEvent } from './events.js';

export interface RemovedEvent {
  id: string;
  /** "deleted" (also for events that left the window); kept as sent. */
  reason: string;
}

type DeltaEntry =
  { kind: 'changed'; event: GraphEvent } | { kind: 'removed'; removed: RemovedEvent };

/** `{"id", "@removed": {"reason"}}`: an event that was deleted or left the window. */
const removedEntrySchema = z
  .object({ id: z.string(), '@removed': z.looseObject({ reason: z.string().optional() }) })
  .transform((r): DeltaEntry => ({
    kind: 'removed',
    removed: { id: r.id, reason: r['@removed'].reason ?? 'deleted' },
  }));

/** Any other entry is a new or changed event (never one that carries `@removed`). */
const changedEntrySchema = z
  .custom<unknown>((raw) => !(typeof raw === 'object' && raw !== null && '@removed' in raw))
  .pipe(eventSchema)
  .transform((event): DeltaEntry => ({ kind: 'changed', event }));

const deltaEntrySchema: z.ZodType<DeltaEntry> = z.union([removedEntrySchema, changedEntrySchema]);

export const deltaPageSchema = z.object({
  value: z.array(deltaEntrySchema),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

/** Where a call starts: a new round over a window, or a link the previous call returned. */
export type DeltaStart =
  { from: 'window'; start: Date; end: Date } | { from: 'link'; link: string };

export interface CalendarDeltaArgs {
  start: DeltaStart;
  /** `Prefer: odata.maxpagesize`. Default 100. */
  pageSize?: number;
  /** Pages followed in this call at most. Default 50; then the answer is `more`. */
  maxPages?: number;
}

export type CalendarDeltaResult =
  /** The round ended: apply the changes, keep `deltaLink` for the next round. */
  | { kind: 'round'; changed: GraphEvent[]; removed: RemovedEvent[]; deltaLink: string }
  /** The page bound was reached: apply the changes, call again with `{from:'link', link: nextLink}`. */
  | { kind: 'more'; changed: GraphEvent[]; removed: RemovedEvent[]; nextLink: string }
  /** The server forgot the sync state: drop the local copy and start a new round over the window. */
  | { kind: 'restart'; status?: number; code?: string };

/** The sync state is gone: 410, or Graph's codes for it, in any case. */
export function isSyncStateGone(error: unknown): boolean {
  const { status, code, kind } = failureFacts(error);
  if (status === 410 || kind === 'gone') return true;
  return code !== undefined && /^(syncstatenotfound|resyncrequired|syncstateinvalid)$/i.test(code);
}

function preferHeader(pageSize: number): Record<string, string> {
  return { Prefer: `${PREFER_UTC}, odata.maxpagesize=${pageSize}` };
}

export function buildCalendarDeltaRequest(start: DeltaStart, pageSize = 100): GraphRequest {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw new GraphArgumentError('The delta page size must be between 1 and 1000.');
  const headers = preferHeader(pageSize);
  if (start.from === 'link') return followLink(start.link, headers);
  const s = start.start.getTime();
  const e = start.end.getTime();
  if (Number.isNaN(s) || Number.isNaN(e) || e <= s)
    throw new GraphArgumentError('The calendar window must end after it starts.');
  // Query options only in the first call; later calls follow the links as they are.
  return {
    method: 'GET',
    path: '/me/calendarView/delta',
    query: { startDateTime: start.start.toISOString(), endDateTime: start.end.toISOString() },
    headers,
  };
}

export async function syncCalendarView(
  graph: GraphRequester,
  args: CalendarDeltaArgs,
): Promise<CalendarDeltaResult> {
  const pageSize = args.pageSize ?? 100;
  const maxPages = args.maxPages ?? 50;
  if (!Number.isInteger(maxPages) || maxPages < 1)
    throw new GraphArgumentError('Read at least one page of calendar changes.');
  let request = buildCalendarDeltaRequest(args.start, pageSize);
  const changed: GraphEvent[] = [];
  const removed: RemovedEvent[] = [];
  for (let page = 0; ; page++) {
    let answer: z.output<typeof deltaPageSchema>;
    try {
      answer = await graph.json(request, deltaPageSchema);
    } catch (error) {
      if (!isSyncStateGone(error)) throw error;
      const { status, code } = failureFacts(error);
      return compact({ kind: 'restart' as const, status, code });
    }
    for (const entry of answer.value) {
      if (entry.kind === 'changed') changed.push(entry.event);
      else removed.push(entry.removed);
    }
    const deltaLink = answer['@odata.deltaLink'];
    if (deltaLink !== undefined) return { kind: 'round', changed, removed, deltaLink };
    const nextLink = answer['@odata.nextLink'];
    if (nextLink === undefined) {
      throw new GraphAnswerError('A calendar change page ended without a next or a delta link.');
    }
    if (page + 1 >= maxPages) return { kind: 'more', changed, removed, nextLink };
    request = followLink(nextLink, preferHeader(pageSize));
  }
}
