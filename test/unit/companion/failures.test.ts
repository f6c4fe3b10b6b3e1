import { describe, expect, it } from 'vitest';
import {
  CredentialsMissingError,
  SignInRequiredError,
  commandFailureFrom,
  failedConnection,
  failureFrom,
} from '../../../src-main/core/companion/failures.js';
import { SecretStoreUnavailableError } from '../../../src-main/core/secrets/errors.js';
import {
  AuthError,
  AutodiscoverError,
  DecodeError,
  HttpStatusError,
  ServerBusyError,
  ThrottledError,
  TransportError,
} from '../../../src-main/ews/errors.js';

const LAST = '2025-06-10T17:00:00.000Z';
const RETRY = Date.parse('2025-06-10T17:07:40.000Z');

describe('failureFrom', () => {
  it.each([
    [new AuthError(401, 'refused'), { reason: 'wrong-password' }],
    [
      new AuthError(403, 'blocked', [], 'EwsBlockedByApplicationPolicy'),
      { reason: 'ews-blocked', policy: 'EwsBlockedByApplicationPolicy' },
    ],
    [new AuthError(403, 'denied'), { reason: 'access-denied' }],
    [
      new TransportError('network', 'ECONNREFUSED', { host: 'mail.contoso.com' }),
      { reason: 'unreachable', host: 'mail.contoso.com' },
    ],
    [
      new TransportError('timeout', 'no answer', { host: 'mail.contoso.com:8443' }),
      { reason: 'timeout', host: 'mail.contoso.com:8443' },
    ],
    [
      new TransportError('timeout', 'no answer', { host: 'mail.contoso.com', timeoutMs: 30_000 }),
      { reason: 'timeout', host: 'mail.contoso.com', seconds: 30 },
    ],
    [
      new TransportError('network', 'getaddrinfo', { host: 'mail.contoso.com', code: 'ENOTFOUND' }),
      { reason: 'host-not-found', host: 'mail.contoso.com' },
    ],
    [
      new TransportError('network', 'getaddrinfo', { host: 'mail.contoso.com', code: 'EAI_AGAIN' }),
      { reason: 'host-not-found', host: 'mail.contoso.com' },
    ],
    [
      new TransportError('network', 'refused', { host: 'mail.contoso.com', code: 'ECONNREFUSED' }),
      { reason: 'unreachable', host: 'mail.contoso.com' },
    ],
    [
      new TransportError('tls', 'self-signed', {
        host: 'mail.contoso.com',
        certificate: { subject: 'CN=mail.contoso.com', fingerprint256: 'AB:CD' },
      }),
      {
        reason: 'tls-untrusted',
        host: 'mail.contoso.com',
        certificate: { subject: 'CN=mail.contoso.com', fingerprint256: 'AB:CD' },
      },
    ],
    [new HttpStatusError(503, 'HTTP 503'), { reason: 'server-busy' }],
    [new HttpStatusError(429, 'HTTP 429'), { reason: 'server-busy' }],
    [
      new TransportError('tls', 'self-signed', { host: 'mail.contoso.com' }),
      { reason: 'tls-untrusted', host: 'mail.contoso.com' },
    ],
    [new TransportError('network', 'no host known'), { reason: 'unreachable' }],
    [new AutodiscoverError('nothing', []), { reason: 'autodiscover-failed' }],
    [new AutodiscoverError('refused', [], true), { reason: 'wrong-password' }],
    [
      new SecretStoreUnavailableError('no-secret-service', 'no D-Bus'),
      { reason: 'keychain-unavailable' },
    ],
    [new CredentialsMissingError('none'), { reason: 'no-password' }],
    [
      new CredentialsMissingError('locked', 'keychain-unavailable'),
      { reason: 'keychain-unavailable' },
    ],
    [new ServerBusyError('busy', {}, 1000), { reason: 'server-busy' }],
    [new ThrottledError(5000), { reason: 'server-busy' }],
    [new HttpStatusError(500, 'HTTP 500'), { reason: 'server-error' }],
    [new DecodeError('bad xml'), { reason: 'server-error' }],
    [new SignInRequiredError({ reason: 'wrong-password' }), { reason: 'wrong-password' }],
  ] as const)('%s → %j', (error, failure) => {
    expect(failureFrom(error)).toEqual(failure);
  });

  it('knows no reason for a bug', () => {
    expect(failureFrom(new TypeError('bug'))).toBeUndefined();
  });
});

describe('failedConnection', () => {
  it.each([
    [new ServerBusyError('busy', {}, 40_000), 'stale', 'server-busy', 'server-busy'],
    [new DecodeError('bad xml'), 'stale', 'decode', 'server-error'],
    [new TransportError('network', 'ECONNREFUSED'), 'offline', 'transport', 'unreachable'],
    [new TransportError('timeout', 'no answer in 30 s'), 'offline', 'transport', 'timeout'],
    [new TransportError('tls', 'certificate expired'), 'stale', 'transport', 'tls-untrusted'],
  ] as const)('%s → %s', (error, state, kind, reason) => {
    expect(failedConnection(error, LAST, RETRY)).toEqual({
      state,
      lastSuccessAt: LAST,
      retryAt: '2025-06-10T17:07:40.000Z',
      error: { kind, message: error.message },
      failure: { reason },
    });
  });

  it('a bug has no typed failure', () => {
    expect(failedConnection(new Error('boom'), LAST, RETRY)).toEqual({
      state: 'stale',
      lastSuccessAt: LAST,
      retryAt: '2025-06-10T17:07:40.000Z',
      error: { kind: 'internal', message: 'boom' },
    });
  });

  it('auth failures ask the user to sign in, with no retry time', () => {
    expect(failedConnection(new AuthError(401, 'refused'), undefined, undefined)).toEqual({
      state: 'auth-required',
      error: { kind: 'auth', message: 'refused' },
      failure: { reason: 'wrong-password' },
    });
    expect(failedConnection(new CredentialsMissingError('no password'), LAST, RETRY)).toEqual({
      state: 'auth-required',
      lastSuccessAt: LAST,
      error: { kind: 'auth', message: 'no password' },
      failure: { reason: 'no-password' },
    });
  });
});

describe('commandFailureFrom', () => {
  it.each([
    [new AuthError(401, 'refused'), 'auth-required', { reason: 'wrong-password' }],
    [new ServerBusyError('busy', {}, 1000), 'server-error', { reason: 'server-busy' }],
    [new TransportError('network', 'down'), 'server-error', { reason: 'unreachable' }],
    [
      new SecretStoreUnavailableError('locked', 'keyring locked'),
      'server-error',
      { reason: 'keychain-unavailable' },
    ],
  ] as const)('%s → %s with a typed failure', (error, code, failure) => {
    expect(commandFailureFrom(error)).toEqual({
      ok: false,
      error: { code, message: error.message, failure },
    });
  });

  it.each([
    [new RangeError('A scheduled OOF needs a duration'), 'invalid-command'],
    [new TypeError('bug'), 'internal'],
  ] as const)('%s → %s without a failure', (error, code) => {
    expect(commandFailureFrom(error)).toEqual({
      ok: false,
      error: { code, message: error.message },
    });
  });
});
