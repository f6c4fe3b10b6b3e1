/**
 * The one seam between the Graph operations and the Graph transport. Operations build a
 * GraphRequest and parse the answer with a zod schema at the edge; the transport owns the
 * connection discipline (deadline, size cap, requests in flight, Retry-After for the mailbox,
 * jittered back-off, typed errors). Tests of the operations run against the Graph face of the
 * simulator through the real transport.
 */
import type { ZodType } from 'zod';
import type { GraphError } from './errors.js';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphRequest {
  method: GraphMethod;
  /**
   * Path below the service root, starting with '/', e.g. '/me/calendarView'; or an absolute
   * https URL taken verbatim from an '@odata.nextLink' / '@odata.deltaLink' (kept whole).
   */
  path: string;
  /** OData and other query options, e.g. { $select: 'subject,start', startDateTime: '…' }. */
  query?: Readonly<Record<string, string>>;
  /** Extra headers, e.g. { Prefer: 'outlook.timezone="UTC"' }. */
  headers?: Readonly<Record<string, string>>;
  /** JSON body for POST and PATCH. */
  body?: unknown;
  /**
   * Cancels the request at any stage: queued behind the requests in flight, waiting out a
   * pause or a back-off, or in flight. It then rejects with GraphError 'aborted' and is never
   * retried.
   */
  signal?: AbortSignal;
  /**
   * 'safe' (the default): sent again after a transient failure, as GETs, PATCHes, DELETEs and
   * Graph's action POSTs (getSchedule, getMailTips, presence) can be. 'never': a request that
   * creates something; after a dropped connection or a deadline it is not resent (it may have
   * been done), only after an answer that says it was not (429, 503) or a failure before sending.
   */
  retry?: 'safe' | 'never';
}

export interface GraphRequester {
  /** Sends the request and parses the JSON answer with `schema`; 204 parses `undefined`. */
  json<T>(request: GraphRequest, schema: ZodType<T>): Promise<T>;
  /** Sends the request and returns the raw bytes of the answer (attachments' `$value`, photos). */
  bytes(request: GraphRequest): Promise<{ contentType: string; body: Uint8Array }>;
  /**
   * Sends the requests as `$batch`es (≤ 20 each) and parses each answer with its schema (one
   * schema for all, or one per request). One result per request, in the caller's order; an
   * answer that failed is that request's GraphError, the others are unaffected. Optional: a
   * requester without it sends the requests one by one. `options.signal` cancels the call: the
   * requests not yet answered are then 'aborted', the answers already in are kept.
   */
  batch?<T>(
    requests: readonly GraphRequest[],
    schemas: ZodType<T> | readonly ZodType<T>[],
    options?: GraphBatchOptions,
  ): Promise<GraphBatchResult<T>[]>;
}

export interface GraphBatchOptions {
  signal?: AbortSignal;
}

/** One request's outcome inside a batch. */
export type GraphBatchResult<T> = { ok: true; value: T } | { ok: false; error: GraphError };
