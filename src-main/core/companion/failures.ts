/**
 * How a failure shows: as the Snapshot's connection (footer) after a failed refresh, and as a
 * command's typed error after a failed command. Pure.
 */
import { EwsError, TransportError, isEwsError } from '../../ews/errors.js';
import { commandFailure, type CommandFailure, type Connection } from '../contract.js';

/** No credentials are stored for the account: like a refused password, the user must act. */
export class CredentialsMissingError extends EwsError {
  readonly kind = 'auth';
}

const NETWORK_FAILURES = new Set(['network', 'timeout', 'truncated']);

export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TransportError && NETWORK_FAILURES.has(error.failure);
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
  if (lastSuccessAt !== undefined) connection.lastSuccessAt = lastSuccessAt;
  if (retryAt !== undefined && state !== 'auth-required')
    connection.retryAt = new Date(retryAt).toISOString();
  return connection;
}

/** A command that reached Exchange and failed. */
export function commandFailureFrom(error: unknown): CommandFailure {
  const { message } = errorSummary(error);
  if (isEwsError(error)) {
    return commandFailure(error.kind === 'auth' ? 'auth-required' : 'server-error', message);
  }
  if (error instanceof RangeError) return commandFailure('invalid-command', message);
  return commandFailure('internal', message);
}
