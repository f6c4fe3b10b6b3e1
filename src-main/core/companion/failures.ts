/**
 * How a failure shows: as the Snapshot's connection (footer) after a failed refresh, as a
 * command's typed error after a failed command, and as the typed `Failure` the window turns into
 * a sentence in the user's language. Pure.
 */
import {
  AuthError,
  AutodiscoverError,
  EwsError,
  HttpStatusError,
  TransportError,
  isEwsError,
} from '../../ews/errors.js';
import { KerberosRequiredError } from '../../auth/ntlm/errors.js';
import { SignInExpiredError } from '../../auth/oauth/errors.js';
import { SecretStoreError } from '../secrets/errors.js';
import { commandFailure, type CommandFailure, type Connection, type Failure } from '../contract.js';

/** No credentials are stored for the account: like a refused password, the user must act. */
export class CredentialsMissingError extends EwsError {
  readonly kind = 'auth';

  constructor(
    message: string,
    /** no-password: nothing stored; keychain-unavailable: the keychain could not be read. */
    readonly reason: 'no-password' | 'keychain-unavailable' = 'no-password',
  ) {
    super(message);
  }
}

/**
 * Exchange refused these credentials (or the last sign-in failed): nothing is sent again until
 * the user signs in anew, so a wrong password cannot lock the account out.
 */
export class SignInRequiredError extends EwsError {
  readonly kind = 'auth';

  constructor(readonly failure: Failure) {
    super(`Sign in again (${failure.reason})`);
  }
}

const NETWORK_FAILURES = new Set(['network', 'timeout', 'truncated']);

export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TransportError && NETWORK_FAILURES.has(error.failure);
}

/**
 * True when Exchange itself refused the credentials (HTTP 401 or 403, on EWS or on an
 * Autodiscover endpoint): never resend them.
 */
export function isCredentialRefusal(error: unknown): boolean {
  return (
    error instanceof AuthError || (error instanceof AutodiscoverError && error.credentialsRefused)
  );
}

/** The typed reason behind an error, when one is known; undefined for bugs. */
export function failureFrom(error: unknown): Failure | undefined {
  if (error instanceof SignInRequiredError) return { ...error.failure };
  if (error instanceof CredentialsMissingError) return { reason: error.reason };
  if (error instanceof SecretStoreError) return { reason: 'keychain-unavailable' };
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
  if (isEwsError(error)) {
    if (error.kind === 'server-busy' || error.kind === 'throttled')
      return { reason: 'server-busy' };
    return { reason: 'server-error' };
  }
  return undefined;
}

/** "Too many requests" and "service unavailable": Exchange is busy, not broken. */
const BUSY_STATUSES = new Set([429, 503]);

/** The resolver's "no such name" (and "not now"): the host name, not the network, is the problem. */
const HOST_NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA']);

function transportFailure(error: TransportError): Failure {
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

export function errorSummary(error: unknown): { kind: string; message: string } {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
  return { kind: isEwsError(error) ? error.kind : 'internal', message };
}

/** The connection after a failed refresh: what is on screen stays, marked by how it failed. */
export function failedConnection(
  error: unknown,
  lastSuccessAt: string | undefined,
  retryAt: number | undefined,
): Connection {
  const state =
    isEwsError(error) && error.kind === 'auth'
      ? 'auth-required'
      : isNetworkFailure(error)
        ? 'offline'
        : 'stale';
  const connection: Connection = { state, error: errorSummary(error) };
  const failure = failureFrom(error);
  if (failure !== undefined) connection.failure = failure;
  if (lastSuccessAt !== undefined) connection.lastSuccessAt = lastSuccessAt;
  if (retryAt !== undefined && state !== 'auth-required')
    connection.retryAt = new Date(retryAt).toISOString();
  return connection;
}

/** A command that reached Exchange (or the keychain) and failed. */
export function commandFailureFrom(error: unknown): CommandFailure {
  const { message } = errorSummary(error);
  const failure = failureFrom(error);
  let result: CommandFailure;
  if (isEwsError(error)) {
    result = commandFailure(error.kind === 'auth' ? 'auth-required' : 'server-error', message);
  } else if (error instanceof SecretStoreError) {
    result = commandFailure('server-error', message);
  } else if (error instanceof RangeError) {
    return commandFailure('invalid-command', message);
  } else {
    return commandFailure('internal', message);
  }
  if (failure !== undefined) result.error.failure = failure;
  return result;
}
