/**
 * What a failed feed request means for the feed: the subscription is gone (subscribe again),
 * the server will not do this mode (fall back), the credentials were refused (stop: the
 * refresh path tells the user), the stream went silent (open it again), or it may work later
 * (back off and retry). Pure. The library's typed errors say it first; the response codes
 * cover servers whose answers it could not type.
 */
import {
  StreamSilentError,
  StreamingRefusedError,
  SubscriptionLostError,
} from '../../../ews/operations/notifications-errors.js';
import {
  AuthError,
  EwsResponseError,
  HttpStatusError,
  SoapFaultError,
  isEwsError,
} from '../../../ews/errors.js';

export type FeedFailure = 'lost' | 'refused' | 'auth' | 'silent' | 'transient';

/** Response codes saying the subscription (or its watermark) no longer exists on the server. */
const LOST_CODES: ReadonlySet<string> = new Set([
  'ErrorSubscriptionNotFound',
  'ErrorInvalidSubscription',
  'ErrorExpiredSubscription',
  'ErrorInvalidPullSubscriptionId',
  'ErrorInvalidWatermark',
  'ErrorReadEventsFailed',
]);

/** Codes of a server that is busy or briefly broken, not one that refuses. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ErrorServerBusy',
  'ErrorInternalServerTransientError',
  'ErrorTimeoutExpired',
  'ErrorMailboxMoveInProgress',
  'ErrorMailboxStoreUnavailable',
  'ErrorConnectionFailed',
]);

export function classifyFeedFailure(error: unknown): FeedFailure {
  if (error instanceof SubscriptionLostError) return 'lost';
  if (error instanceof StreamingRefusedError) return 'refused';
  if (error instanceof StreamSilentError) return 'silent';
  if (error instanceof AuthError) return 'auth';
  if (!isEwsError(error)) return 'transient';
  if (error instanceof EwsResponseError || error instanceof SoapFaultError) {
    const code = error.responseCode;
    if (code !== undefined && LOST_CODES.has(code)) return 'lost';
    if (error.retryable || (code !== undefined && TRANSIENT_CODES.has(code))) return 'transient';
    return 'refused';
  }
  if (error instanceof HttpStatusError) {
    // 400/404/405: this server does not offer the operation; 408, 429 and 5xx may pass.
    return error.retryable ? 'transient' : 'refused';
  }
  // Network, timeouts, truncated or malformed answers: worth another try later.
  return 'transient';
}
