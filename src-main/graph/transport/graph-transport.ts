/**
 * The Graph transport: one signed-in mailbox on one Graph service root, implementing the
 * GraphRequester seam. It owns the connection discipline: the token on every request (one
 * forced refresh and one more try on a 401), a deadline per request, a size cap, at most
 * `maxInFlight` requests in flight (the rest queue), Retry-After of a 429/503 held for every
 * request to the mailbox, jittered back-off for transient failures, bounded attempts, and typed
 * errors. It logs nothing itself; `onAttempt` sees each attempt (never a token).
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { ZodType } from 'zod';
import { GraphError } from '../errors.js';
import type {
  GraphBatchOptions,
  GraphBatchResult,
  GraphRequest,
  GraphRequester,
} from '../requester.js';
import { abortableSleep, throwIfAborted, unlessAborted } from './abort.js';
import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff.js';
import { runBatch } from './batch.js';
import { systemClock, type Clock } from './clock.js';
import { errorFromAnswer } from './error-answer.js';
import { createGraphDispatcher, exchange, type HttpAnswer } from './http.js';
import { MailboxGate } from './mailbox-gate.js';
import { mayResend } from './resend-rule.js';
import { requestUrl, serviceRoot, type ServiceRoot } from './request-url.js';
import { honouredPause, parseRetryAfter } from './retry-after.js';

export const GRAPH_V1 = 'https://graph.microsoft.com/v1.0';

/**
 * The access token for Graph. Called before every request; `forceRefresh` is true once after
 * Graph refused a token (401). Whatever it throws (a sign-in that expired) reaches the caller
 * unchanged.
 */
export type GraphTokenProvider = (options: { forceRefresh: boolean }) => Promise<string>;

export interface GraphTransportOptions {
  /** The service root; default https://graph.microsoft.com/v1.0 (the simulator: its origin + /v1.0). */
  baseUrl?: string;
  tokenProvider: GraphTokenProvider;
  /** PEM of an extra trusted root (the simulator's, a TLS-inspecting proxy's). Never instead of verification. */
  extraCa?: string | undefined;
  /** Per attempt, for the whole answer (headers and body). */
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Requests in flight to this mailbox at once; Exchange Online allows 4 per app and mailbox. */
  maxInFlight?: number;
  /** Attempts in all for retryable failures (network, timeout, 429, 502/503/504). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** A pause longer than this fails at once ('throttled', with the time left) instead of waiting. */
  maxPauseWaitMs?: number;
  clock?: Clock;
  random?: () => number;
  /** Share one mailbox's gate between transports (the same mailbox, two callers). */
  gate?: MailboxGate;
  dispatcher?: Dispatcher;
  userAgent?: string;
  onAttempt?: (event: GraphAttemptEvent) => void;
}

export interface GraphAttemptEvent {
  method: string;
  /** The path without its query (a delta token is not diagnostics). */
  path: string;
  attempt: number;
  status?: number;
  error?: GraphError;
  /** How long we wait before the next attempt, when there is one. */
  retryInMs?: number;
  /** Graph's request-id of the answer, for support. */
  requestId?: string;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  maxResponseBytes: 32 * 1024 * 1024,
  maxInFlight: 4,
  maxAttempts: 4,
  maxPauseWaitMs: 60_000,
};

/** Headers a caller cannot set: the transport's own, and those undici computes. */
const RESERVED = new Set(['authorization', 'host', 'content-length', 'connection']);

export class GraphTransport implements GraphRequester {
  readonly root: ServiceRoot;
  readonly gate: MailboxGate;
  private readonly clock: Clock;
  private readonly dispatcher: Dispatcher;
  private readonly options: GraphTransportOptions;

  constructor(options: GraphTransportOptions) {
    this.root = serviceRoot(options.baseUrl ?? GRAPH_V1);
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.gate =
      options.gate ?? new MailboxGate(options.maxInFlight ?? DEFAULTS.maxInFlight, this.clock);
    // As many connections as requests may be in flight, so the gate alone decides the queue.
    this.dispatcher =
      options.dispatcher ??
      createGraphDispatcher({ extraCa: options.extraCa, connections: this.gate.maxInFlight });
  }

  async json<T>(request: GraphRequest, schema: ZodType<T>): Promise<T> {
    const answer = await this.send(request);
    let value: unknown = undefined;
    if (answer.status !== 204 && answer.body.length > 0) {
      try {
        value = JSON.parse(answer.body.toString('utf8'));
      } catch (cause) {
        throw malformed(request, answer, 'is not JSON', cause);
      }
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : ` at /${issue.path.join('/')}`;
      throw malformed(request, answer, `does not have the expected shape${where}`, parsed.error);
    }
    return parsed.data;
  }

  async bytes(request: GraphRequest): Promise<{ contentType: string; body: Uint8Array }> {
    const answer = await this.send(request);
    return {
      contentType: answer.headers['content-type'] ?? 'application/octet-stream',
      body: new Uint8Array(answer.body.buffer, answer.body.byteOffset, answer.body.length),
    };
  }

  batch<T>(
    requests: readonly GraphRequest[],
    schemas: ZodType<T> | readonly ZodType<T>[],
    options: GraphBatchOptions = {},
  ): Promise<GraphBatchResult<T>[]> {
    return runBatch(
      {
        root: this.root,
        post: (body, schema, envelope) =>
          this.json({ method: 'POST', path: '/$batch', body, ...envelope }, schema),
        gate: this.gate,
        clock: this.clock,
        random: this.options.random ?? Math.random,
        backoff: this.options.backoff ?? DEFAULT_BACKOFF,
        maxAttempts: this.options.maxAttempts ?? DEFAULTS.maxAttempts,
        maxPauseWaitMs: this.options.maxPauseWaitMs ?? DEFAULTS.maxPauseWaitMs,
      },
      requests,
      schemas,
      options.signal,
    );
  }

  /** Milliseconds left of a pause Graph asked for (0 when open). */
  pausedFor(): number {
    return this.gate.pausedFor();
  }

  /** Closes pooled connections (not a dispatcher the caller passed in). */
  async close(): Promise<void> {
    if (!this.options.dispatcher) await this.dispatcher.close();
  }

  /** One request to a 2xx answer, retrying what is worth retrying; anything else throws. */
  private async send(request: GraphRequest): Promise<HttpAnswer> {
    const url = requestUrl(this.root, request.path, request.query);
    const maxAttempts = this.options.maxAttempts ?? DEFAULTS.maxAttempts;
    const maxPauseWait = this.options.maxPauseWaitMs ?? DEFAULTS.maxPauseWaitMs;
    const event = { method: request.method, path: request.path.replace(/\?.*$/, '') };
    const signal = request.signal;
    let forceRefresh = false;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal, WHAT);
      const answer = await this.attempt(request, url, forceRefresh).catch((caught: unknown) => {
        if (!(caught instanceof GraphError)) throw caught; // the token provider's own error
        return caught;
      });
      forceRefresh = false;
      if (!(answer instanceof GraphError) && answer.status >= 200 && answer.status < 300) {
        this.options.onAttempt?.({ ...event, attempt, status: answer.status, ...id(answer) });
        return answer;
      }
      const error = answer instanceof GraphError ? answer : this.errorOf(answer);
      const status = answer instanceof GraphError ? {} : { status: answer.status };
      const requestId = error.requestId === undefined ? {} : { requestId: error.requestId };
      if (error.kind === 'auth' && !refreshed) {
        refreshed = forceRefresh = true;
        this.options.onAttempt?.({
          ...event,
          attempt,
          ...status,
          error,
          retryInMs: 0,
          ...requestId,
        });
        continue;
      }
      // A pause that came with the answer holds every request to the mailbox, this one too.
      const pause = error.retryAfterMs;
      if (pause !== undefined && !(answer instanceof GraphError)) this.gate.pause(pause);
      if (!mayResend(request, error) || attempt >= maxAttempts || (pause ?? 0) > maxPauseWait) {
        this.options.onAttempt?.({ ...event, attempt, ...status, error, ...requestId });
        throw error;
      }
      const wait = nextDelay(
        attempt - 1,
        pause,
        this.options.backoff ?? DEFAULT_BACKOFF,
        this.options.random ?? Math.random,
      );
      this.options.onAttempt?.({
        ...event,
        attempt,
        ...status,
        error,
        retryInMs: wait,
        ...requestId,
      });
      // A pause at least as long as our wait is waited out in the gate (by every request).
      if (wait > this.gate.pausedFor()) await abortableSleep(this.clock, wait, signal, WHAT);
    }
  }

  private async attempt(
    request: GraphRequest,
    url: string,
    forceRefresh: boolean,
  ): Promise<HttpAnswer> {
    const signal = request.signal;
    const release = await this.gate.acquire(
      this.options.maxPauseWaitMs ?? DEFAULTS.maxPauseWaitMs,
      signal,
    );
    try {
      const token = await unlessAborted(this.options.tokenProvider({ forceRefresh }), signal, WHAT);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers ?? {}))
        if (!RESERVED.has(name.toLowerCase())) headers[name] = value;
      headers.Accept = 'application/json';
      headers['User-Agent'] = this.options.userAgent ?? 'Beacon/0.1 (Graph)';
      headers['client-request-id'] = randomUUID();
      headers.Authorization = `Bearer ${token}`;
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return await exchange({
        method: request.method,
        url,
        headers,
        body,
        timeoutMs: this.options.timeoutMs ?? DEFAULTS.timeoutMs,
        maxBytes: this.options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
        dispatcher: this.dispatcher,
        signal,
      });
    } finally {
      release();
    }
  }

  private errorOf(answer: HttpAnswer): GraphError {
    return errorFromAnswer({
      status: answer.status,
      body: answer.body,
      requestIdHeader: answer.headers['request-id'],
      retryAfterMs: honouredPause(
        parseRetryAfter(answer.headers['retry-after'], answer.headers.date, this.clock.now()),
      ),
    });
  }
}

const WHAT = 'The request to Graph';

function id(answer: HttpAnswer): { requestId?: string } {
  const requestId = answer.headers['request-id'];
  return requestId === undefined ? {} : { requestId };
}

function malformed(
  request: GraphRequest,
  answer: HttpAnswer,
  what: string,
  cause: unknown,
): GraphError {
  return new GraphError(
    'malformed',
    `The answer to ${request.method} ${request.path.replace(/\?.*$/, '')} ${what}`,
    { status: answer.status, requestId: answer.headers['request-id'], cause },
  );
}
