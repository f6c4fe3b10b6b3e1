/**
 * The one place a mailbox backend is built for an account: EWS for on-premises Exchange,
 * Microsoft Graph for Exchange Online. Nothing that uses the backend knows which one runs.
 */
import { EwsClient, type EwsClientOptions } from '../ews/client.js';
import type { Clock } from '../ews/transport/clock.js';
import {
  GraphTransport,
  type GraphTokenProvider,
  type GraphTransportOptions,
} from '../graph/transport/graph-transport.js';
import { sessionTimersFrom } from '../graph/presence-session.js';
import type { MailboxBackend } from '../mailbox/backend.js';
import { EwsBackend } from './ews/ews-backend.js';
import { GraphBackend } from './graph/graph-backend.js';
import { GraphPresencePublisher, isPresenceSessionId } from './graph/presence-publisher.js';

/** An account reached over EWS: the endpoint, the sign-in and the transport's policy. */
export interface EwsBackendSpec extends EwsClientOptions {
  protocol: 'ews';
}

/** An account reached over Microsoft Graph. */
export interface GraphBackendSpec {
  protocol: 'graph';
  /** The signed-in user's primary SMTP address. */
  mailbox: string;
  /** The access token for Graph (the sign-in's; asked again with forceRefresh after a 401). */
  tokenProvider: GraphTokenProvider;
  /**
   * Graph's service root in the cloud whose authority issued the tokens (auth/oauth/cloud.ts:
   * https://graph.microsoft.com/v1.0, https://graph.microsoft.us/v1.0, ...) or a simulator's. No
   * default, so a token is never sent to another cloud's Graph.
   */
  baseUrl: string;
  /** PEM of an extra trusted root; verification stays on. */
  extraCa?: string | undefined;
  /** The transport's policy (deadline, attempts, the longest server pause waited out). */
  timeoutMs?: number;
  maxAttempts?: number;
  maxPauseWaitMs?: number;
  /** The transport's clock (tests: fake time so Retry-After passes at once). */
  transportClock?: GraphTransportOptions['clock'];
  /** Now, for the delta window and working hours; default the system clock. */
  now?: () => Date;
  onAttempt?: GraphTransportOptions['onAttempt'];
  /**
   * The application (client) id, a GUID: with it the backend offers `presence`, Beacon's presence
   * as an application session in Teams (Graph takes the app id as the session id). None without.
   */
  presenceSessionId?: string | undefined;
}

export type BackendSpec = EwsBackendSpec | GraphBackendSpec;

/** Time as a backend's transport sees it (tests inject a fake so back-off runs instantly). */
export type BackendClock = Clock;

function createGraphBackend(spec: GraphBackendSpec): MailboxBackend {
  const baseUrl = spec.baseUrl;
  const transport = new GraphTransport({
    baseUrl,
    tokenProvider: spec.tokenProvider,
    ...(spec.extraCa === undefined ? {} : { extraCa: spec.extraCa }),
    ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
    ...(spec.maxAttempts === undefined ? {} : { maxAttempts: spec.maxAttempts }),
    ...(spec.maxPauseWaitMs === undefined ? {} : { maxPauseWaitMs: spec.maxPauseWaitMs }),
    ...(spec.transportClock === undefined ? {} : { clock: spec.transportClock }),
    ...(spec.onAttempt === undefined ? {} : { onAttempt: spec.onAttempt }),
  });
  const presence =
    spec.presenceSessionId !== undefined && isPresenceSessionId(spec.presenceSessionId)
      ? new GraphPresencePublisher({
          requester: transport,
          sessionId: spec.presenceSessionId,
          // Renewals and retries on the account's clock, as the transport's pauses are.
          ...(spec.transportClock === undefined
            ? {}
            : { timers: sessionTimersFrom(spec.transportClock) }),
        })
      : undefined;
  return new GraphBackend({
    requester: transport,
    mailbox: spec.mailbox,
    baseUrl,
    ...(spec.now === undefined ? {} : { now: spec.now }),
    presence,
  });
}

export function createBackend(spec: BackendSpec): MailboxBackend {
  if (spec.protocol === 'graph') return createGraphBackend(spec);
  const options: EwsClientOptions & { protocol?: 'ews' } = { ...spec };
  delete options.protocol;
  return new EwsBackend(new EwsClient(options));
}
