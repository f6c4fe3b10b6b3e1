/** A failed command in the window's words, never the core's English message. */
import { describe, expect, it } from 'vitest';
import { actionErrorText } from '../../../src-renderer/format/action-error.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

describe('actionErrorText', () => {
  it('says the code in the catalogue language', () => {
    expect(actionErrorText({ code: 'not-found' }, en)).toBe(en.actionError['not-found']);
    expect(actionErrorText({ code: 'server-error' }, ko)).toBe(ko.actionError['server-error']);
  });

  it('prefers the failure reason when the core knows it', () => {
    const text = actionErrorText(
      { code: 'server-error', failure: { reason: 'unreachable', host: 'mail.contoso.com' } },
      en,
    );
    expect(text).toContain('mail.contoso.com');
  });

  it('words the failure for the account it happened to: the demo mailbox has no password', () => {
    const action = {
      code: 'server-error' as const,
      failure: { reason: 'tls-untrusted' as const, host: '127.0.0.1:8443' },
    };
    expect(actionErrorText(action, en)).toContain('did not send your password');
    expect(actionErrorText(action, en, 'demo')).toBe(
      en.signIn.failure.tlsUntrustedNotConnected('127.0.0.1:8443'),
    );
    expect(actionErrorText(action, ko, 'demo')).not.toContain('암호');
  });

  it('falls back to the internal sentence without a code', () => {
    expect(actionErrorText({}, en)).toBe(en.actionError.internal);
  });
});
