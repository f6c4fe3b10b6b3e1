/**
 * Why signing in failed, in words: every reason the contract knows has a sentence in both
 * languages, hosts are named, and nothing of the server's or core's own message leaks through.
 */
import { describe, expect, it } from 'vitest';
import { FAILURE_REASONS, type Failure } from '../../../src-main/core/contract.js';
import { headerState } from '../../../src-renderer/features/header/header-state.js';
import {
  commandFailureSentence,
  failureAudience,
  failureSentence,
  signOutSentence,
} from '../../../src-renderer/features/settings/sign-in-text.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';
import type { ActionState } from '../../../src-renderer/store/app-store.js';

const HANGUL = /[\uac00-\ud7a3]/;

describe('failureSentence', () => {
  it('has a distinct sentence for every reason, in English and in Korean', () => {
    for (const t of [en, ko]) {
      const sentences = FAILURE_REASONS.map((reason) => failureSentence({ reason }, t));
      expect(new Set(sentences).size).toBe(FAILURE_REASONS.length);
      for (const sentence of sentences) {
        expect(sentence).toMatch(/[.다]$/);
        expect(sentence).not.toMatch(/ewsUrl|inactiveAfterMinutes|sign-in|set-oof|undefined/);
      }
    }
    for (const reason of FAILURE_REASONS) expect(failureSentence({ reason }, ko)).toMatch(HANGUL);
  });

  it('names the host that could not be reached or whose certificate is not trusted', () => {
    const unreachable: Failure = { reason: 'unreachable', host: 'mail.contoso.com' };
    expect(failureSentence(unreachable, en)).toBe(
      'mail.contoso.com could not be reached. Check the address and your network.',
    );
    expect(failureSentence(unreachable, ko)).toContain('mail.contoso.com에 연결할 수 없습니다');
    expect(failureSentence({ reason: 'tls-untrusted', host: '127.0.0.1' }, en)).toContain(
      'The certificate of 127.0.0.1 is not trusted',
    );
  });

  it('says the wrong password without blaming one field, and the blocked tenant with what to do', () => {
    expect(failureSentence({ reason: 'wrong-password' }, en)).toBe(
      'Exchange did not accept this email address and password.',
    );
    const blocked = failureSentence(
      { reason: 'ews-blocked', policy: 'EwsBlockedByApplicationPolicy' },
      en,
    );
    expect(blocked).toContain('policy blocks');
    expect(blocked).toContain('Ask your administrator to allow Beacon (EwsAllowedAppIDs)');
    expect(blocked).toContain('only a Microsoft Graph connection works');
    expect(blocked).not.toContain('EwsBlockedByApplicationPolicy');
  });
});

describe('failure sentences say only what is true of the account', () => {
  const certificate = { subject: 'CN=mail.contoso.test', fingerprint256: 'AB:CD' };
  // What a Refresh of the demo mailbox can fail on: its server, never a password it does not have.
  const demoFailures: Failure[] = [
    { reason: 'tls-untrusted', host: '127.0.0.1:8443', certificate },
    { reason: 'tls-untrusted' },
    { reason: 'unreachable', host: '127.0.0.1:8443' },
    { reason: 'unreachable' },
    { reason: 'host-not-found', host: 'mail.nonexistent.invalid' },
    { reason: 'host-not-found' },
    { reason: 'timeout', seconds: 30 },
    { reason: 'server-busy' },
    { reason: 'server-error' },
  ];

  it('the demo mailbox has no password and no address the user typed', () => {
    for (const failure of demoFailures) {
      const english = failureSentence(failure, en, 'demo');
      const korean = failureSentence(failure, ko, 'demo');
      expect(english).not.toMatch(/password|address/i);
      expect(korean).not.toMatch(/암호|주소/);
      expect(korean).toMatch(HANGUL);
    }
    expect(failureSentence(demoFailures[0] as Failure, en, 'demo')).toBe(
      'The certificate of 127.0.0.1:8443 is not trusted, so Beacon did not connect to it. It names CN=mail.contoso.test; its SHA-256 fingerprint is AB:CD.',
    );
    expect(failureSentence({ reason: 'host-not-found', host: 'mail.x.invalid' }, en, 'demo')).toBe(
      "Can't find mail.x.invalid. Check your network.",
    );
  });

  it('a Microsoft sign-in sends no password, so an untrusted certificate did not keep one back', () => {
    for (const failure of demoFailures.slice(0, 2)) {
      expect(failureSentence(failure, en, 'microsoft')).not.toMatch(/password/i);
      expect(failureSentence(failure, ko, 'microsoft')).not.toMatch(/암호/);
    }
    // The address still is the user's to check.
    expect(failureSentence({ reason: 'unreachable', host: 'h' }, en, 'microsoft')).toContain(
      'Check the address',
    );
  });

  it('a password account is still told its password was not sent', () => {
    expect(failureSentence({ reason: 'tls-untrusted', host: 'h' }, en)).toBe(
      'The certificate of h is not trusted, so Beacon did not send your password.',
    );
    expect(failureSentence({ reason: 'tls-untrusted', host: 'h' }, en, 'password')).toContain(
      'did not send your password',
    );
  });

  it('a failed use-demo is worded for the demo mailbox', () => {
    const action: ActionState = {
      pending: false,
      successes: 0,
      error: 'x',
      code: 'server-error',
      failure: { reason: 'tls-untrusted', host: '127.0.0.1:8443' },
    };
    expect(commandFailureSentence(action, en, 'demo')).toBe(
      en.signIn.failure.tlsUntrustedNotConnected('127.0.0.1:8443'),
    );
    expect(commandFailureSentence(action, en)).toContain('did not send your password');
  });

  it('takes the audience from the Snapshot account', () => {
    expect(failureAudience({ mode: 'demo' })).toBe('demo');
    expect(failureAudience({ mode: 'exchange', auth: 'oauth' })).toBe('microsoft');
    expect(failureAudience({ mode: 'exchange', auth: 'ntlm' })).toBe('password');
    expect(failureAudience({ mode: 'exchange' })).toBe('password');
    expect(failureAudience(undefined)).toBe('password');
  });
});

describe('commandFailureSentence', () => {
  const failed = (extra: Partial<ActionState>): ActionState => ({
    pending: false,
    successes: 0,
    error: 'Request failed with status 401: <html>Unauthorized</html>',
    ...extra,
  });

  it('is undefined when the action did not fail', () => {
    expect(commandFailureSentence({ pending: false, successes: 2 }, en)).toBeUndefined();
  });

  it('words the typed failure, never the message', () => {
    const text = commandFailureSentence(
      failed({ code: 'auth-required', failure: { reason: 'wrong-password' } }),
      en,
    );
    expect(text).toBe('Exchange did not accept this email address and password.');
  });

  it('asks to check the address when the core refused the command itself', () => {
    expect(commandFailureSentence(failed({ code: 'invalid-command' }), en)).toBe(
      'Check the email address and the EWS URL.',
    );
  });

  it('falls back to a plain sentence, in the window’s language, when the cause is unknown', () => {
    expect(commandFailureSentence(failed({ code: 'internal' }), en)).toBe(
      'Signing in did not work. Try again.',
    );
    expect(commandFailureSentence(failed({ code: 'internal' }), ko)).toMatch(HANGUL);
  });
});

describe('headerState', () => {
  it('claims signed in only for the demo and for an account Exchange accepted', () => {
    expect(headerState({ mode: 'demo', signIn: 'signed-in' })).toBe('signed-in');
    expect(headerState({ mode: 'exchange', signIn: 'signed-in' })).toBe('signed-in');
    expect(headerState({ mode: 'exchange', signIn: 'signing-in' })).toBe('signing-in');
    expect(headerState({ mode: 'exchange', signIn: 'failed' })).toBe('failed');
    expect(headerState({ mode: 'signed-out', signIn: 'signed-out' })).toBe('signed-out');
  });
});

describe('signOutSentence', () => {
  const keychainFailed: ActionState = {
    pending: false,
    successes: 0,
    error: 'Signed out, but …',
    code: 'server-error',
    failure: { reason: 'keychain-unavailable' },
  };

  it('says the password may still be in the keychain when removing it failed', () => {
    expect(signOutSentence(keychainFailed, 'available', en)).toBe(
      'Signed out, but the password could not be removed from the system keychain.',
    );
  });

  it('says nothing about a keychain there never was', () => {
    expect(signOutSentence(keychainFailed, 'unavailable', en)).toBeUndefined();
  });

  it('is undefined after a clean sign-out', () => {
    expect(signOutSentence({ pending: false, successes: 1 }, 'available', en)).toBeUndefined();
  });
});
