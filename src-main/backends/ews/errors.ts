/**
 * EWS's typed errors (and the sign-in methods' errors, which travel as EWS AuthErrors) as the
 * neutral `MailboxError` the core reads. Pure. What the user is told for each is decided here,
 * with the same words as before the backend seam: a 401 is a wrong password, a 403 with
 * X-EWS-Policy-Reason a tenant that blocks EWS, ENOTFOUND a host name nobody knows.
 */
import {
  AuthError,
  AutodiscoverError,
  HttpStatusError,
  TransportError,
  isEwsError,
  type EwsError,
} from '../../ews/errors.js';
import { EwsResponseError, SoapFaultError } from '../../ews/errors.js';
import { KerberosRequiredError } from '../../auth/ntlm/errors.js';
import { SignInExpiredError } from '../../auth/oauth/errors.js';
import { MailboxError, type MailboxErrorKind, type MailboxFailure } from '../../mailbox/errors.js';

/** "Too many requests" and "service unavailable": Exchange is busy, not broken. */
const BUSY_STATUSES = new Set([429, 503]);

/** The resolver's "no such name" (and "not now"): the host name, not the network, is the problem. */
const HOST_NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA']);

const NETWORK_FAILURES = new Set(['network', 'timeout', 'truncated']);

function transportFailure(error: TransportError): MailboxFailure {
  const host = error.host === undefined ? {} : { host: error.host.slice(0, 253) };
  switch (error.failure) {
    case 'aborted':
    case 'too-large':
      return { reason: 'server-error' };
    case 'tls':
      return {
        reason: 'tls-untrusted',
        ...host,
        ...(error.certificate === undefined
          ? {}
          : {
              certificate: {
                subject: error.certificate.subject.slice(0, 500),
                fingerprint256: error.certificate.fingerprint256.slice(0, 200),
              },
            }),
      };
    case 'timeout':
      return {
        reason: 'timeout',
        ...host,
        ...(error.timeoutMs === undefined ? {} : { seconds: error.timeoutMs / 1000 }),
      };
    case 'network':
      if (error.code !== undefined && HOST_NOT_FOUND_CODES.has(error.code))
        return { reason: 'host-not-found', ...host };
      return { reason: 'unreachable', ...host };
    case 'truncated':
      return { reason: 'unreachable', ...host };
  }
}

/** Why an EWS error happened, in the terms the user is told. */
export function ewsFailure(error: EwsError): MailboxFailure {
  if (error instanceof KerberosRequiredError) return { reason: 'kerberos-unsupported' };
  if (error instanceof SignInExpiredError) return { reason: 'sign-in-expired' };
  if (error instanceof AuthError) {
    if (error.status === 401) return { reason: 'wrong-password' };
    if (error.policyReason !== undefined)
      return { reason: 'ews-blocked', policy: error.policyReason.slice(0, 200) };
    return { reason: 'access-denied' };
  }
  if (error instanceof TransportError) return transportFailure(error);
  if (error instanceof AutodiscoverError)
    // Autodiscover that found nothing because the server refused the password is a wrong password.
    return { reason: error.credentialsRefused ? 'wrong-password' : 'autodiscover-failed' };
  if (error instanceof HttpStatusError && BUSY_STATUSES.has(error.status))
    return { reason: 'server-busy' };
  if (error.kind === 'server-busy' || error.kind === 'throttled') return { reason: 'server-busy' };
  return { reason: 'server-error' };
}

function kindOf(error: EwsError): MailboxErrorKind {
  switch (error.kind) {
    case 'auth':
    case 'transport':
    case 'server-busy':
    case 'throttled':
    case 'decode':
      return error.kind;
    case 'autodiscover':
      return 'discovery';
    case 'http-status':
      return error instanceof HttpStatusError && BUSY_STATUSES.has(error.status)
        ? 'server-busy'
        : 'server';
    case 'soap-fault':
    case 'ews-response':
      return 'server';
  }
}

function codeOf(error: EwsError): string | undefined {
  if (error instanceof EwsResponseError) return error.responseCode;
  if (error instanceof SoapFaultError) return error.responseCode ?? error.faultCode;
  if (error instanceof HttpStatusError) return `HTTP ${error.status}`;
  if (error instanceof TransportError) return error.code ?? error.failure;
  return undefined;
}

/** The neutral error for an EWS error; anything else (a bug, a keychain error) as it was. */
export function fromEws(error: unknown): unknown {
  if (!isEwsError(error) || error instanceof MailboxError) return error;
  const code = codeOf(error);
  return new MailboxError(kindOf(error), error.message, {
    failure: ewsFailure(error),
    retryable: error.retryable,
    network: error instanceof TransportError && NETWORK_FAILURES.has(error.failure),
    credentialsRefused:
      error instanceof AuthError ||
      (error instanceof AutodiscoverError && error.credentialsRefused),
    cause: error,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(code === undefined ? {} : { code }),
  });
}

/** Runs an EWS call; its failure leaves as a MailboxError. */
export async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromEws(error);
  }
}
