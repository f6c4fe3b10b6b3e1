/**
 * The small, neutral set of failures the core reasons about, whichever backend failed. Each
 * backend maps its own errors to a `MailboxError` at its edge; the core reads `kind` (what
 * family), `failure` (why, in the terms the user is told), `retryAfterMs` (the server's pause)
 * and two flags, and never a backend's own error classes.
 */

export type MailboxErrorKind =
  /** The credentials were refused, are missing, or the sign-in expired: the user must act. */
  | 'auth'
  /** No complete answer arrived: network, timeout, TLS, size cap, cancel. */
  | 'transport'
  /** The server is busy and said so (it may say for how long). */
  | 'server-busy'
  /** Not sent: the server's pause was longer than the caller would wait. */
  | 'throttled'
  /** The server answered with an error of its own. */
  | 'server'
  /** The answer was not what the protocol promises. */
  | 'decode'
  /** The mailbox's server could not be found. */
  | 'discovery';

/** Why it failed, in the terms the user is told (the contract's failure reasons). */
export type MailboxFailureReason =
  | 'wrong-password'
  | 'access-denied'
  | 'ews-blocked'
  | 'sign-in-expired'
  | 'kerberos-unsupported'
  | 'tls-untrusted'
  | 'timeout'
  | 'host-not-found'
  | 'unreachable'
  | 'autodiscover-failed'
  | 'server-busy'
  | 'server-error';

export interface MailboxFailure {
  reason: MailboxFailureReason;
  /** The host that failed (unreachable, TLS, timeout). */
  host?: string;
  /** The tenant's reason when it blocks this kind of access. */
  policy?: string;
  /** The refused server certificate (tls-untrusted). */
  certificate?: { subject: string; fingerprint256: string };
  /** The deadline that passed (timeout), in seconds. */
  seconds?: number;
}

export interface MailboxErrorOptions {
  failure?: MailboxFailure;
  /** Milliseconds the server asked us to wait before the next request. */
  retryAfterMs?: number;
  /** Whether repeating the same request later can succeed. */
  retryable?: boolean;
  /** The network, not the server, failed (the footer shows offline). */
  network?: boolean;
  /** The server refused these credentials: never send them again unasked. */
  credentialsRefused?: boolean;
  /** The server's own code for the failure (e.g. ErrorItemNotFound), for diagnostics. */
  code?: string;
  cause?: unknown;
}

export class MailboxError extends Error {
  readonly failure: MailboxFailure | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;
  readonly network: boolean;
  readonly credentialsRefused: boolean;
  readonly code: string | undefined;

  constructor(
    readonly kind: MailboxErrorKind,
    message: string,
    options: MailboxErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.failure = options.failure;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? false;
    this.network = options.network ?? false;
    this.credentialsRefused = options.credentialsRefused ?? false;
    this.code = options.code;
  }
}

export function isMailboxError(value: unknown): value is MailboxError {
  return value instanceof MailboxError;
}

/** The server no longer knows a change bookmark: start over from the folder's beginning. */
export class BookmarkExpiredError extends MailboxError {
  constructor(message: string, options: MailboxErrorOptions = {}) {
    super('server', message, { failure: { reason: 'server-error' }, ...options });
  }
}
