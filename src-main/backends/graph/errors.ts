/**
 * The Graph library's errors as the neutral `MailboxError` the core reads, with the words the
 * EWS backend gives the user for the same trouble: a refused token is a sign-in that expired (a
 * Graph account has no password to get wrong), a 403 is access denied, 429 and 503 are a busy
 * server with its Retry-After, a dropped connection or a deadline is the network. Pure.
 */
import { ZodError } from 'zod';
import { GraphError } from '../../graph/errors.js';
import { GraphAnswerError } from '../../graph/operations/common.js';
import { MailboxError, type MailboxErrorKind, type MailboxFailure } from '../../mailbox/errors.js';
import { fromEws } from '../ews/errors.js';

/** The resolver's "no such name": the host name, not the network, is the problem. */
const HOST_NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA']);

/** The system error code somewhere in the cause chain (ENOTFOUND, ECONNREFUSED), if any. */
function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function busy(error: GraphError): boolean {
  return error.status === 429 || error.status === 503;
}

/** Why a Graph error happened, in the terms the user is told. */
export function graphFailure(error: GraphError, host?: string): MailboxFailure {
  const at = host === undefined ? {} : { host: host.slice(0, 253) };
  switch (error.kind) {
    case 'auth':
      return { reason: 'sign-in-expired' };
    case 'forbidden':
      return { reason: 'access-denied' };
    case 'throttled':
      return { reason: 'server-busy' };
    case 'timeout':
      return { reason: 'timeout', ...at };
    case 'tls':
      return { reason: 'tls-untrusted', ...at };
    case 'network': {
      const code = systemCode(error);
      return code !== undefined && HOST_NOT_FOUND_CODES.has(code)
        ? { reason: 'host-not-found', ...at }
        : { reason: 'unreachable', ...at };
    }
    case 'server':
      return busy(error) ? { reason: 'server-busy' } : { reason: 'server-error' };
    default:
      return { reason: 'server-error' };
  }
}

function kindOf(error: GraphError): MailboxErrorKind {
  switch (error.kind) {
    case 'auth':
    case 'forbidden':
      return 'auth';
    case 'network':
    case 'timeout':
    case 'tls':
    case 'too-large':
    case 'aborted':
      return 'transport';
    case 'throttled':
      // A 429 the transport gave up on is the server being busy; a pause longer than we wait
      // (no answer of this request) is ours: not sent.
      return error.status === undefined ? 'throttled' : 'server-busy';
    case 'server':
      return busy(error) ? 'server-busy' : 'server';
    case 'malformed':
      return 'decode';
    case 'not-found':
    case 'gone':
    case 'bad-request':
    case 'foreign-url':
      return 'server';
  }
}

/** The neutral error for a Graph error; `host` names the service for the user's words. */
export function fromGraphError(error: GraphError, host?: string): MailboxError {
  const code = error.code ?? (error.status === undefined ? error.kind : `HTTP ${error.status}`);
  return new MailboxError(kindOf(error), error.message, {
    failure: graphFailure(error, host),
    retryable: error.retryable,
    network: error.kind === 'network' || error.kind === 'timeout',
    credentialsRefused: error.kind === 'auth' || error.kind === 'forbidden',
    cause: error,
    code,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}

/**
 * Any failure of a Graph call as a MailboxError: the library's GraphError, an answer that broke
 * the protocol or did not decode, and the sign-in's own errors (the token provider's, which travel
 * as the EWS library's AuthErrors). A bug (TypeError, RangeError) stays as it was.
 */
export function fromGraph(error: unknown, host?: string): unknown {
  if (error instanceof MailboxError) return error;
  if (error instanceof GraphError) return fromGraphError(error, host);
  if (error instanceof GraphAnswerError || error instanceof ZodError)
    return new MailboxError('decode', error.message, {
      failure: { reason: 'server-error' },
      cause: error,
    });
  return fromEws(error);
}

/** The neutral error for a per-item or per-mailbox failure (never a bug passed through). */
export function neutralError(error: unknown, host?: string): MailboxError {
  const converted = fromGraph(error, host);
  return converted instanceof MailboxError
    ? converted
    : new MailboxError('server', String(error), {
        failure: { reason: 'server-error' },
        cause: error,
      });
}
