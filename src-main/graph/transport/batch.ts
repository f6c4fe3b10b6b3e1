/**
 * JSON batching: many Graph requests in `POST /$batch` envelopes of at most 20. Each inner answer
 * is decoded on its own (status, headers, body) and parsed with its request's schema; an inner
 * 429 or 502/503/504 is sent again (alone with the others that failed so, never with the ones
 * that succeeded) after its Retry-After, which holds every request to the mailbox as an outer one
 * does. Results come back in the caller's order. Envelopes go one after another: Graph runs a
 * batch's requests against the mailbox's own concurrency limit, so parallel envelopes would
 * only earn more 429s.
 */
import { z, type ZodType } from 'zod';
import { GraphError } from '../errors.js';
import type { GraphBatchResult, GraphRequest } from '../requester.js';
import { abortableSleep, abortedError } from './abort.js';
import { nextDelay, type BackoffPolicy } from './backoff.js';
import type { Clock } from './clock.js';
import { errorFromAnswer } from './error-answer.js';
import type { MailboxGate } from './mailbox-gate.js';
import { relativeToRoot, requestUrl, type ServiceRoot } from './request-url.js';
import { envelopeRetry, mayResend } from './resend-rule.js';
import { honouredPause, parseRetryAfter } from './retry-after.js';

/** Graph's limit of requests in one $batch. */
export const MAX_BATCH_REQUESTS = 20;

const InnerAnswer = z.object({
  id: z.string(),
  status: z.number().int(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});

export const BatchAnswer = z.object({ responses: z.array(InnerAnswer) });
export type BatchAnswer = z.infer<typeof BatchAnswer>;

export interface BatchEntry {
  id: string;
  method: GraphRequest['method'];
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The `$batch` body for requests, each named by its id. Pure. */
export function batchBody(
  root: ServiceRoot,
  entries: readonly { id: string; request: GraphRequest }[],
): { requests: BatchEntry[] } {
  return {
    requests: entries.map(({ id, request }) => {
      const url = relativeToRoot(root, requestUrl(root, request.path, request.query));
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['Content-Type'] = 'application/json';
      return {
        id,
        method: request.method,
        url,
        ...(Object.keys(headers).length === 0 ? {} : { headers }),
        ...(request.body === undefined ? {} : { body: request.body }),
      };
    }),
  };
}

/** Splits a list into runs of at most `size`. Pure. */
export function chunks<T>(items: readonly T[], size = MAX_BATCH_REQUESTS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface BatchDeps {
  root: ServiceRoot;
  /**
   * Sends one envelope through the transport (token, deadline, cap, gate, retries), with the
   * batch's signal and the envelope's retry rule ('never' when it holds a create).
   */
  post(
    body: { requests: BatchEntry[] },
    schema: typeof BatchAnswer,
    envelope: Pick<GraphRequest, 'signal' | 'retry'>,
  ): Promise<BatchAnswer>;
  gate: MailboxGate;
  clock: Clock;
  random: () => number;
  backoff: BackoffPolicy;
  maxAttempts: number;
  maxPauseWaitMs: number;
}

type Inner = z.infer<typeof InnerAnswer>;

/**
 * Every request answered: a result per request, in order. An envelope that fails as a whole
 * (after the transport's own retries) fails the call with its GraphError. When `signal` fires,
 * the requests not yet answered (in the envelope in flight, in later ones, waiting to be sent
 * again) are 'aborted' and the answers already in are kept; a request whose own signal has
 * fired before its envelope goes out is 'aborted' and not sent.
 */
export async function runBatch<T>(
  deps: BatchDeps,
  requests: readonly GraphRequest[],
  schemas: ZodType<T> | readonly ZodType<T>[],
  signal?: AbortSignal,
): Promise<GraphBatchResult<T>[]> {
  const schemaOf = (index: number): ZodType<T> => {
    const schema = Array.isArray(schemas) ? (schemas as readonly ZodType<T>[])[index] : schemas;
    if (schema === undefined) throw new RangeError(`No schema for batch request ${index}`);
    return schema as ZodType<T>;
  };
  if (Array.isArray(schemas) && schemas.length !== requests.length)
    throw new RangeError(`${requests.length} requests but ${schemas.length} schemas`);
  const results: (GraphBatchResult<T> | undefined)[] = requests.map(() => undefined);
  let pending = requests.map((_, index) => index);
  const abortRest = (indexes: readonly number[], cause: unknown): void => {
    for (const index of indexes)
      results[index] ??= failed(abortedError(`Batch request ${index + 1}`, cause));
  };
  for (let round = 1; pending.length > 0; round++) {
    const again: { index: number; error: GraphError }[] = [];
    let pause = 0;
    const live = pending.filter((index) => {
      const own = requests[index]?.signal;
      if (own?.aborted) abortRest([index], own.reason);
      return !own?.aborted;
    });
    for (const [at, run] of chunks(live).entries()) {
      const body = batchBody(
        deps.root,
        run.map((index) => ({ id: String(index + 1), request: requests[index] as GraphRequest })),
      );
      const retry = envelopeRetry(run.map((index) => requests[index] as GraphRequest));
      let answer: BatchAnswer;
      try {
        answer = await deps.post(body, BatchAnswer, { retry, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (!(error instanceof GraphError) || error.kind !== 'aborted') throw error;
        abortRest(chunks(live).slice(at).flat(), signal?.reason);
        return finish(results);
      }
      const byId = new Map(answer.responses.map((inner) => [inner.id, inner]));
      for (const index of run) {
        const inner = byId.get(String(index + 1));
        const result =
          inner === undefined
            ? failed<T>(
                new GraphError('malformed', `The $batch answer has no response ${index + 1}`),
              )
            : decodeInner(inner, schemaOf(index), deps.clock.now());
        if (!result.ok) pause = Math.max(pause, result.error.retryAfterMs ?? 0);
        if (
          !result.ok &&
          mayResend(requests[index] as GraphRequest, result.error) &&
          round < deps.maxAttempts
        )
          again.push({ index, error: result.error });
        else results[index] = result;
      }
    }
    // A Retry-After inside the batch holds the whole mailbox, as on a single request.
    if (pause > 0) deps.gate.pause(pause);
    if (pause > deps.maxPauseWaitMs) {
      for (const { index, error } of again) results[index] = { ok: false, error };
      break;
    }
    pending = again.map((a) => a.index);
    if (pending.length === 0) break;
    const wait = nextDelay(round - 1, pause === 0 ? undefined : pause, deps.backoff, deps.random);
    try {
      if (wait > deps.gate.pausedFor()) await abortableSleep(deps.clock, wait, signal, 'A batch');
    } catch (error) {
      if (!(error instanceof GraphError) || error.kind !== 'aborted') throw error;
      abortRest(pending, signal?.reason);
      break;
    }
  }
  return finish(results);
}

function finish<T>(results: readonly (GraphBatchResult<T> | undefined)[]): GraphBatchResult<T>[] {
  return results.map(
    (result, index) =>
      result ?? failed(new GraphError('malformed', `Batch request ${index + 1} was not answered`)),
  );
}

/** One inner answer as a result: 2xx parsed with the schema, anything else a GraphError. Pure. */
export function decodeInner<T>(
  inner: Inner,
  schema: ZodType<T>,
  nowMs: number,
): GraphBatchResult<T> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(inner.headers ?? {}))
    headers[name.toLowerCase()] = value;
  if (inner.status >= 200 && inner.status < 300) {
    const parsed = schema.safeParse(inner.status === 204 ? undefined : inner.body);
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at /${issue.path.join('/')}`;
    return failed(
      new GraphError('malformed', `A $batch answer does not have the expected shape${where}`, {
        status: inner.status,
        requestId: headers['request-id'],
      }),
    );
  }
  return failed(
    errorFromAnswer({
      status: inner.status,
      body: inner.body,
      requestIdHeader: headers['request-id'],
      retryAfterMs: honouredPause(parseRetryAfter(headers['retry-after'], headers.date, nowMs)),
    }),
  );
}

function failed<T>(error: GraphError): GraphBatchResult<T> {
  return { ok: false, error };
}
