/** What a failed feed request means: subscribe again, fall back, stop, reconnect or retry. */
import { describe, expect, it } from 'vitest';
import { classifyFeedFailure } from '../../../../src-main/backends/ews/live/feed-errors.js';
import {
  AuthError,
  DecodeError,
  EwsResponseError,
  HttpStatusError,
  ServerBusyError,
  SoapFaultError,
  TransportError,
} from '../../../../src-main/ews/errors.js';
import {
  StreamSilentError,
  StreamingRefusedError,
  SubscriptionLostError,
} from '../../../../src-main/ews/operations/notifications-errors.js';

describe('classifyFeedFailure', () => {
  it("follows the library's typed errors", () => {
    expect(classifyFeedFailure(new SubscriptionLostError('ErrorSubscriptionNotFound', ''))).toBe(
      'lost',
    );
    expect(classifyFeedFailure(new StreamingRefusedError('ErrorInvalidRequest', '', {}))).toBe(
      'refused',
    );
    expect(classifyFeedFailure(new StreamSilentError(60_000))).toBe('silent');
    expect(classifyFeedFailure(new AuthError(401, 'no'))).toBe('auth');
  });

  it('reads response codes the library left untyped', () => {
    expect(classifyFeedFailure(new EwsResponseError('ErrorExpiredSubscription', '', {}))).toBe(
      'lost',
    );
    expect(classifyFeedFailure(new EwsResponseError('ErrorInvalidServerVersion', '', {}))).toBe(
      'refused',
    );
    expect(classifyFeedFailure(new EwsResponseError('ErrorMailboxStoreUnavailable', '', {}))).toBe(
      'transient',
    );
    expect(
      classifyFeedFailure(new SoapFaultError('a:ErrorSchemaValidation', '', undefined, {})),
    ).toBe('refused');
  });

  it('retries what may pass: busy, 5xx, 429, the network, garbage', () => {
    expect(classifyFeedFailure(new ServerBusyError('', {}, 5000))).toBe('transient');
    expect(classifyFeedFailure(new HttpStatusError(503, 'x'))).toBe('transient');
    expect(classifyFeedFailure(new HttpStatusError(429, 'x'))).toBe('transient');
    expect(classifyFeedFailure(new TransportError('network', 'x'))).toBe('transient');
    expect(classifyFeedFailure(new DecodeError('x'))).toBe('transient');
    expect(classifyFeedFailure(new Error('not an EWS error'))).toBe('transient');
  });

  it('takes an HTTP 400 or 501 as a server that does not offer the operation', () => {
    expect(classifyFeedFailure(new HttpStatusError(400, 'x'))).toBe('refused');
    expect(classifyFeedFailure(new HttpStatusError(501, 'x'))).toBe('transient');
  });
});
