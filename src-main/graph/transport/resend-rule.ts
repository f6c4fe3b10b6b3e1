/**
 * Whether a failed request may be sent again. Pure. A request marked `retry: 'never'` (one that
 * creates something: a message, a folder) is resent only when the server surely did not act on
 * it: it answered 429 or 503 (throttled, unavailable: not done), or the connection never got as
 * far as sending (refused, no such host, the connect deadline). A dropped connection or a
 * deadline after the body went out may have created the item already; sending it again could
 * make a second one, so that failure goes to the caller instead.
 */
import type { GraphError } from '../errors.js';
import type { GraphRequest } from '../requester.js';
import { errorCode } from './http.js';

/** Failures that happen before a byte of the request is written. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_NODATA',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Statuses with which the server says it did not act on the request. */
const NOT_DONE_STATUSES = new Set([429, 503]);

export function mayResend(request: Pick<GraphRequest, 'retry'>, error: GraphError): boolean {
  if (!error.retryable) return false;
  if ((request.retry ?? 'safe') === 'safe') return true;
  if (error.status !== undefined) return NOT_DONE_STATUSES.has(error.status);
  // No answer: a pause of our own (nothing was sent), or a failure before sending.
  if (error.kind === 'throttled') return true;
  const code = errorCode(error.cause);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** The retry rule of a `$batch` envelope: 'never' when any request in it must not be resent. */
export function envelopeRetry(requests: readonly Pick<GraphRequest, 'retry'>[]): 'safe' | 'never' {
  return requests.some((r) => r.retry === 'never') ? 'never' : 'safe';
}
