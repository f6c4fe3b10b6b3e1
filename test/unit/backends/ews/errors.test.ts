/** EWS errors as the neutral MailboxError: kind, reason, pause and flags kept; others untouched. */
import { describe, expect, it } from 'vitest';
import { fromEws } from '../../../../src-main/backends/ews/errors.js';
import { KerberosRequiredError } from '../../../../src-main/auth/ntlm/errors.js';
import { SignInExpiredError } from '../../../../src-main/auth/oauth/errors.js';
import { SecretStoreUnavailableError } from '../../../../src-main/core/secrets/errors.js';
import {
  AuthError,
  AutodiscoverError,
  DecodeError,
  HttpStatusError,
  ServerBusyError,
  SoapFaultError,
  ThrottledError,
  TransportError,
} from '../../../../src-main/ews/errors.js';
import { MailboxError } from '../../../../src-main/mailbox/errors.js';

function neutral(error: unknown): MailboxError {
  const mapped = fromEws(error);
  if (!(mapped instanceof MailboxError)) throw new Error('not mapped');
  return mapped;
}

describe('fromEws', () => {
  it.each([
    [new AuthError(401, 'no'), 'auth', { reason: 'wrong-password' }],
    [
      new AuthError(403, 'no', [], 'EwsBlockedByPolicy'),
      'auth',
      { reason: 'ews-blocked', policy: 'EwsBlockedByPolicy' },
    ],
    [new KerberosRequiredError(['Negotiate']), 'auth', { reason: 'kerberos-unsupported' }],
    [new SignInExpiredError(), 'auth', { reason: 'sign-in-expired' }],
    [new HttpStatusError(429, 'slow down', 2000), 'server-busy', { reason: 'server-busy' }],
    [new HttpStatusError(500, 'oops'), 'server', { reason: 'server-error' }],
    [
      new SoapFaultError('a:Client', 'bad', 'ErrorSchemaValidation', {}),
      'server',
      { reason: 'server-error' },
    ],
    [new ThrottledError(5000), 'throttled', { reason: 'server-busy' }],
    [new DecodeError('broken'), 'decode', { reason: 'server-error' }],
    [new AutodiscoverError('none', []), 'discovery', { reason: 'autodiscover-failed' }],
    [new AutodiscoverError('refused', [], true), 'discovery', { reason: 'wrong-password' }],
    [
      new TransportError('network', 'dns', { host: 'mail.contoso.com', code: 'ENOTFOUND' }),
      'transport',
      { reason: 'host-not-found', host: 'mail.contoso.com' },
    ],
    [
      new TransportError('timeout', 'slow', { host: 'mail.contoso.com', timeoutMs: 30_000 }),
      'transport',
      { reason: 'timeout', host: 'mail.contoso.com', seconds: 30 },
    ],
  ])('%s → %s', (error, kind, failure) => {
    const mapped = neutral(error);
    expect(mapped.kind).toBe(kind);
    expect(mapped.failure).toEqual(failure);
    expect(mapped.cause).toBe(error);
    expect(mapped.message).toBe(error.message);
  });

  it("keeps the server's pause, whether to retry, and what refused or failed", () => {
    const busy = neutral(new ServerBusyError('busy', { BackOffMilliseconds: '700' }, 700));
    expect([busy.retryAfterMs, busy.retryable, busy.code]).toEqual([700, true, 'ErrorServerBusy']);
    const throttled = neutral(new HttpStatusError(503, 'later', 9000));
    expect([throttled.retryAfterMs, throttled.retryable]).toEqual([9000, true]);
    expect(neutral(new AuthError(401, 'no')).credentialsRefused).toBe(true);
    expect(neutral(new AutodiscoverError('x', [], true)).credentialsRefused).toBe(true);
    expect(neutral(new AutodiscoverError('x', [])).credentialsRefused).toBe(false);
    expect(neutral(new TransportError('truncated', 'cut')).network).toBe(true);
    expect(neutral(new TransportError('tls', 'cert')).network).toBe(false);
  });

  it('leaves what is not an EWS error as it was', () => {
    const bug = new TypeError('x is undefined');
    const keychain = new SecretStoreUnavailableError('locked', 'the keychain is locked');
    const already = new MailboxError('server', 'done');
    expect(fromEws(bug)).toBe(bug);
    expect(fromEws(keychain)).toBe(keychain);
    expect(fromEws(already)).toBe(already);
    expect(fromEws('text')).toBe('text');
  });
});
