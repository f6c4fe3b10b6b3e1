/**
 * The one place a mailbox backend is built for an account. Today every account reaches its
 * mailbox over EWS; an Exchange Online account will get the Graph backend here, and nothing
 * that uses the backend changes.
 */
import { EwsClient, type EwsClientOptions } from '../ews/client.js';
import type { Clock } from '../ews/transport/clock.js';
import type { MailboxBackend } from '../mailbox/backend.js';
import { EwsBackend } from './ews/ews-backend.js';

/** An account reached over EWS: the endpoint, the sign-in and the transport's policy. */
export interface EwsBackendSpec extends EwsClientOptions {
  protocol: 'ews';
}

export type BackendSpec = EwsBackendSpec;

/** Time as a backend's transport sees it (tests inject a fake so back-off runs instantly). */
export type BackendClock = Clock;

export function createBackend(spec: BackendSpec): MailboxBackend {
  const options: EwsClientOptions & { protocol?: 'ews' } = { ...spec };
  delete options.protocol;
  return new EwsBackend(new EwsClient(options));
}
