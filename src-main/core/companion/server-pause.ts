/**
 * The Snapshot's `connection.pausedUntil`: while the scheduler waits because the server asked it
 * to (a Retry-After or BackOffMilliseconds within the cap, longer than our own back-off), the
 * footer can say how long is left. Pure.
 */
import type { Connection } from '../contract.js';
import type { SchedulerStatus } from '../scheduler.js';

export function withServerPause(
  connection: Connection,
  status: Pick<SchedulerStatus, 'retryAt' | 'serverAsked'>,
): Connection {
  const result: Connection = { ...connection };
  delete result.pausedUntil;
  if (status.serverAsked && status.retryAt !== undefined && result.state !== 'auth-required')
    result.pausedUntil = new Date(status.retryAt).toISOString();
  return result;
}
