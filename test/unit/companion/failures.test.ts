import { describe, expect, it } from 'vitest';
import {
  CredentialsMissingError,
  commandFailureFrom,
  failedConnection,
} from '../../../src-main/core/companion/failures.js';
import {
  AuthError,
  DecodeError,
  ServerBusyError,
  TransportError,
} from '../../../src-main/ews/errors.js';

const LAST = '2025-06-10T17:00:00.000Z';
const RETRY = Date.parse('2025-06-10T17:07:40.000Z');

describe('failedConnection', () => {
  it.each([
    [new ServerBusyError('busy', {}, 40_000), 'stale', 'server-busy'],
    [new DecodeError('bad xml'), 'stale', 'decode'],
    [new TransportError('network', 'ECONNREFUSED'), 'offline', 'transport'],
    [new TransportError('timeout', 'no answer in 30 s'), 'offline', 'transport'],
    [new TransportError('tls', 'certificate expired'), 'stale', 'transport'],
    [new Error('boom'), 'stale', 'internal'],
  ] as const)('%s → %s', (error, state, kind) => {
    expect(failedConnection(error, LAST, RETRY)).toEqual({
      state,
      lastSuccessAt: LAST,
      retryAt: '2025-06-10T17:07:40.000Z',
      error: { kind, message: error.message },
    });
  });

  it('auth failures ask the user to sign in, with no retry time', () => {
    expect(failedConnection(new AuthError(401, 'refused'), undefined, undefined)).toEqual({
      state: 'auth-required',
      error: { kind: 'auth', message: 'refused' },
    });
    expect(failedConnection(new CredentialsMissingError('no password'), LAST, RETRY)).toEqual({
      state: 'auth-required',
      lastSuccessAt: LAST,
      error: { kind: 'auth', message: 'no password' },
    });
  });
});

describe('commandFailureFrom', () => {
  it.each([
    [new AuthError(401, 'refused'), 'auth-required'],
    [new ServerBusyError('busy', {}, 1000), 'server-error'],
    [new TransportError('network', 'down'), 'server-error'],
    [new RangeError('A scheduled OOF needs a duration'), 'invalid-command'],
    [new TypeError('bug'), 'internal'],
  ] as const)('%s → %s', (error, code) => {
    expect(commandFailureFrom(error)).toEqual({
      ok: false,
      error: { code, message: error.message },
    });
  });
});
