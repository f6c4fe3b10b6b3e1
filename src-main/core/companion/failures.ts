/**
 * How a failure shows: as the Snapshot's connection (footer) after a failed refresh, as a
 * command's typed error after a failed command, and as the typed `Failure` the window turns into
 * a sentence in the user's language. Pure.
 */
import { toMailboxError } from '../../backends/index.js';
import { MailboxError } from '../../mailbox/errors.js';
import { SecretStoreError } from '../secrets/errors.js';
import { commandFailure, type CommandFailure, type Connection, type Failure } from '../contract.js';

/** No credentials are stored for the account: like a refused password, the user must act. */
export class CredentialsMissingError extends MailboxError {
  constructor(
    message: string,
    /**
     * no-password: nothing stored; keychain-unavailable: the keychain could not be read;
     * graph-needs-oauth: Microsoft Graph was chosen for an account that signs in with a password.
     */
    readonly reason: 'no-password' | 'keychain-unavailable' | 'graph-needs-oauth' = 'no-password',
  ) {
    super('auth', message);
  }
}

/**
 * Exchange refused these credentials (or the last sign-in failed): nothing is sent again until
 * the user signs in anew, so a wrong password cannot lock the account out.
 */
export class SignInRequiredError extends MailboxError {
  constructor(readonly signInFailure: Failure) {
    super('auth', `Sign in again (${signInFailure.reason})`);
  }
}

/** The neutral error behind any failure: a backend's own error is mapped, the rest kept. */
function neutral(error: unknown): unknown {
  return error instanceof MailboxError ? error : toMailboxError(error);
}

export function isNetworkFailure(error: unknown): boolean {
  const e = neutral(error);
  return e instanceof MailboxError && e.network;
}

/**
 * True when Exchange itself refused the credentials (HTTP 401 or 403, on the mailbox or on a
 * discovery endpoint): never resend them.
 */
export function isCredentialRefusal(error: unknown): boolean {
  const e = neutral(error);
  return e instanceof MailboxError && e.credentialsRefused;
}

/**
 * Whether one failed read ends a refresh at once (the others are cancelled): any failure but a
 * request that only saw the pause another request caused, since that cause says more.
 */
export function endsRefresh(error: unknown): boolean {
  const e = neutral(error);
  return !(e instanceof MailboxError && e.kind === 'throttled');
}

/** The typed reason behind an error, when one is known; undefined for bugs. */
export function failureFrom(error: unknown): Failure | undefined {
  if (error instanceof SignInRequiredError) return { ...error.signInFailure };
  if (error instanceof CredentialsMissingError) return { reason: error.reason };
  if (error instanceof SecretStoreError) return { reason: 'keychain-unavailable' };
  const e = neutral(error);
  if (e instanceof MailboxError)
    return e.failure === undefined ? { reason: 'server-error' } : { ...e.failure };
  return undefined;
}

export function errorSummary(error: unknown): { kind: string; message: string } {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
  const e = neutral(error);
  return { kind: e instanceof MailboxError ? e.kind : 'internal', message };
}

/** The connection after a failed refresh: what is on screen stays, marked by how it failed. */
export function failedConnection(
  error: unknown,
  lastSuccessAt: string | undefined,
  retryAt: number | undefined,
): Connection {
  const e = neutral(error);
  const state =
    e instanceof MailboxError && e.kind === 'auth'
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
  const e = neutral(error);
  if (e instanceof MailboxError) {
    result = commandFailure(e.kind === 'auth' ? 'auth-required' : 'server-error', message);
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
