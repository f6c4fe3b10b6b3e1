/**
 * A Graph answer that is not a success, as a GraphError. Pure: status, headers and body in, the
 * typed error out. The body is Graph's `{ "error": { code, message, innerError } }` when it is
 * one; anything else (HTML from a proxy, nothing at all) still yields an error of the status's
 * kind, without Graph's words.
 */
import { z } from 'zod';
import { GraphError, type GraphErrorDetail, type GraphErrorKind } from '../errors.js';

const ErrorBody = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    innerError: z
      .object({ 'request-id': z.string().optional(), date: z.string().optional() })
      .loose()
      .optional(),
  }),
});

/** Codes Graph gives a delta token it no longer knows; the round must start over. */
const RESYNC_CODES = new Set(['syncstatenotfound', 'syncstateinvalid', 'resyncrequired']);

/** The most a Graph message is kept: it is untrusted text and only ever a hint. */
const MAX_MESSAGE_CHARS = 500;

/** Graph's own words about a failure, from a body that is JSON or already decoded. */
export function errorDetail(body: unknown): GraphErrorDetail {
  let value = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    try {
      value = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch {
      return {};
    }
  }
  const parsed = ErrorBody.safeParse(value);
  if (!parsed.success) return {};
  const { code, message, innerError } = parsed.data.error;
  return {
    code: code === '' ? undefined : code,
    graphMessage: message?.slice(0, MAX_MESSAGE_CHARS),
    requestId: innerError?.['request-id'],
    date: innerError?.date,
  };
}

export function kindOfStatus(status: number, code: string | undefined): GraphErrorKind {
  if (code !== undefined && RESYNC_CODES.has(code.toLowerCase())) return 'gone';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 410) return 'gone';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  return 'bad-request';
}

const WORDS: Record<GraphErrorKind, string> = {
  network: 'Graph could not be reached',
  timeout: 'Graph did not answer in time',
  'too-large': 'The answer from Graph was too large',
  tls: 'The certificate of Graph was not accepted',
  throttled: 'Graph asked for a pause (too many requests)',
  auth: 'Graph did not accept the sign-in',
  forbidden: 'Graph refused access',
  'not-found': 'Graph did not find the item',
  gone: 'Graph no longer knows this sync state; it starts over',
  'bad-request': 'Graph refused the request',
  server: 'Graph had a server error',
  malformed: 'The answer from Graph could not be read',
  'foreign-url': 'A link from Graph pointed elsewhere',
  aborted: 'The request to Graph was cancelled',
};

/** The typed error for a non-2xx answer; `retryAfterMs` is the honoured pause, if any. */
export function errorFromAnswer(input: {
  status: number;
  body: unknown;
  requestIdHeader?: string | undefined;
  retryAfterMs?: number | undefined;
}): GraphError {
  const detail = errorDetail(input.body);
  const kind = kindOfStatus(input.status, detail.code);
  const requestId = detail.requestId ?? input.requestIdHeader;
  const code = detail.code === undefined ? '' : ` ${detail.code}`;
  return new GraphError(kind, `${WORDS[kind]} (HTTP ${input.status}${code})`, {
    ...detail,
    requestId,
    status: input.status,
    retryAfterMs: input.retryAfterMs,
  });
}
