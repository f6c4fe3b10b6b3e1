/**
 * The one error type of the Graph library. Every failure that leaves it is a GraphError, so a
 * caller (and the UI) can explain it from fields, not words: `kind` names the family, `code`,
 * `message` and `requestId` are what Graph said (`error.code`, `error.message`,
 * `innerError["request-id"]`), `retryAfterMs` how long it asked us to wait, `retryable` whether
 * trying again later can help. Never carries a token.
 */

export type GraphErrorKind =
  /** No complete answer: DNS, refused or dropped connection, a body cut off. */
  | 'network'
  /** The deadline passed before the whole answer arrived. */
  | 'timeout'
  /** The answer is bigger than the size cap; it was abandoned, not read. */
  | 'too-large'
  /** The server's certificate was not accepted (verification is never switched off). */
  | 'tls'
  /** 429, or a pause still in force that is longer than we are willing to wait. */
  | 'throttled'
  /** 401: the token was refused (after one forced refresh). */
  | 'auth'
  /** 403: signed in, but not allowed (missing scope, policy, no access to that mailbox). */
  | 'forbidden'
  /** 404. */
  | 'not-found'
  /** 410, or a delta token Graph no longer knows (syncStateNotFound, resyncRequired): start over. */
  | 'gone'
  /** Another 4xx: Graph refused the request as sent. */
  | 'bad-request'
  /** 5xx. */
  | 'server'
  /** A 2xx whose body is not the JSON the caller's schema expects, or a batch answer that is not one. */
  | 'malformed'
  /** An absolute link (nextLink/deltaLink) that points away from the configured service. */
  | 'foreign-url'
  /** The caller cancelled (its AbortSignal fired): nothing more is sent, never retried. */
  | 'aborted';

/** What Graph said about a failure, decoded from its `{ "error": { … } }` body. */
export interface GraphErrorDetail {
  /** `error.code`, e.g. `ErrorItemNotFound`, `TooManyRequests`, `syncStateNotFound`. */
  code?: string | undefined;
  /** `error.message` as Graph wrote it: untrusted text, shown as plain text if at all. */
  graphMessage?: string | undefined;
  /** `innerError["request-id"]`: the id Microsoft support asks for. */
  requestId?: string | undefined;
  /** `innerError.date`. */
  date?: string | undefined;
}

export class GraphError extends Error {
  readonly kind: GraphErrorKind;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly graphMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly date: string | undefined;
  /** Milliseconds the server asked us to wait (an honoured Retry-After), if it said. */
  readonly retryAfterMs: number | undefined;
  /** Whether repeating the same request later can succeed. */
  readonly retryable: boolean;

  constructor(
    kind: GraphErrorKind,
    message: string,
    options: GraphErrorDetail & {
      status?: number | undefined;
      retryAfterMs?: number | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GraphError';
    this.kind = kind;
    this.status = options.status;
    this.code = options.code;
    this.graphMessage = options.graphMessage;
    this.requestId = options.requestId;
    this.date = options.date;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = isRetryable(kind, options.status);
  }
}

/** Transient by nature: a dropped connection, a deadline, throttling, a gateway or a busy server. */
function isRetryable(kind: GraphErrorKind, status: number | undefined): boolean {
  if (kind === 'network' || kind === 'timeout' || kind === 'throttled') return true;
  return kind === 'server' && (status === 502 || status === 503 || status === 504);
}
