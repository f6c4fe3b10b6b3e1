/**
 * The typed failures of live updates, each telling the caller what to do next:
 * SubscriptionLostError → subscribe again and resync; StreamingRefusedError → use pull
 * notifications; StreamSilentError → reconnect the stream (the subscription may still live);
 * SyncStateInvalidError → sync again from nothing.
 */
import { EwsResponseError, TransportError } from '../errors.js';

/** Response codes that mean the subscription is gone on the server. */
export const SUBSCRIPTION_LOST_CODES: readonly string[] = [
  'ErrorSubscriptionNotFound',
  'ErrorExpiredSubscription',
  'ErrorInvalidSubscription',
  'ErrorSubscriptionUnsubscribed',
  'ErrorReadEventsFailed',
  'ErrorInvalidWatermark',
  // Events were dropped: the subscription can no longer say everything; start over and resync.
  'ErrorMissedNotificationEvents',
];

/**
 * Response codes with which a server refuses streaming notifications, so pull is the way:
 * Exchange 2007/2010 RTM know no StreamingSubscriptionRequest (a schema-validation fault,
 * ErrorInvalidRequest or ErrorInvalidServerVersion), a server may not offer the operation, and
 * ErrorExceededConnectionCount says the account's streaming connections are used up (pull needs
 * none). Limits that would refuse a pull subscription too (ErrorExceededSubscriptionCount)
 * stay ordinary EWS errors.
 */
export const STREAMING_REFUSED_CODES: readonly string[] = [
  'ErrorInvalidRequest',
  'ErrorInvalidServerVersion',
  'ErrorSchemaValidation',
  'ErrorUnsupportedOperation',
  'ErrorExceededConnectionCount',
];

/** The subscription no longer exists (expired, dropped, unknown): subscribe again and resync. */
export class SubscriptionLostError extends EwsResponseError {
  constructor(
    responseCode: string,
    messageText: string,
    messageXml: Readonly<Record<string, string>> = {},
    /** The subscription that was lost, when known. */
    readonly subscriptionId?: string,
  ) {
    super(responseCode, messageText, messageXml);
  }
}

/** The server will not stream notifications to us: fall back to pull (GetEvents). */
export class StreamingRefusedError extends EwsResponseError {}

/**
 * The stream went silent for longer than two heartbeats: the connection is presumed dead and
 * was closed. Reconnect (GetStreamingEvents again); the subscription itself may still live.
 */
export class StreamSilentError extends TransportError {
  constructor(
    readonly silentForMs: number,
    host?: string,
  ) {
    super('timeout', `No heartbeat from ${host ?? 'the server'} for ${silentForMs} ms`, {
      timeoutMs: silentForMs,
      ...(host === undefined ? {} : { host }),
    });
  }
}

/** SyncFolderItems refused our sync state (ErrorInvalidSyncStateData…): sync again from nothing. */
export class SyncStateInvalidError extends EwsResponseError {}

export const SYNC_STATE_INVALID_CODES: readonly string[] = ['ErrorInvalidSyncStateData'];
