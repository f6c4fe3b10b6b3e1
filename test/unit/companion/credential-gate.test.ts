import { describe, expect, it } from 'vitest';
import {
  blockAfter,
  decideContact,
  type ContactTrigger,
} from '../../../src-main/core/companion/credential-gate.js';
import {
  AuthError,
  AutodiscoverError,
  ServerBusyError,
  TransportError,
} from '../../../src-main/ews/errors.js';

const TRIGGERS: ContactTrigger[] = ['automatic', 'user', 'command', 'sign-in'];

describe('decideContact', () => {
  it('sends while the credentials are not known to be bad', () => {
    for (const trigger of TRIGGERS)
      expect(decideContact(undefined, trigger)).toEqual({ kind: 'send' });
  });

  it('after a refusal only a new sign-in sends anything', () => {
    const refused = { reason: 'wrong-password' } as const;
    expect(decideContact(refused, 'automatic')).toEqual({ kind: 'refuse', failure: refused });
    expect(decideContact(refused, 'user')).toEqual({ kind: 'refuse', failure: refused });
    expect(decideContact(refused, 'command')).toEqual({ kind: 'refuse', failure: refused });
    expect(decideContact(refused, 'sign-in')).toEqual({ kind: 'send' });
  });
});

describe('blockAfter', () => {
  it('blocks after Exchange refused the credentials (401, 403)', () => {
    expect(blockAfter(new AuthError(401, 'refused'))).toEqual({ reason: 'wrong-password' });
    expect(blockAfter(new AuthError(403, 'blocked', [], 'EwsBlockedByApplicationPolicy'))).toEqual({
      reason: 'ews-blocked',
      policy: 'EwsBlockedByApplicationPolicy',
    });
    expect(blockAfter(new AuthError(403, 'denied'))).toEqual({ reason: 'access-denied' });
    expect(blockAfter(new AutodiscoverError('refused', [], true))).toEqual({
      reason: 'wrong-password',
    });
  });

  it('does not block for failures a retry can cure', () => {
    expect(blockAfter(new TransportError('network', 'down'))).toBeUndefined();
    expect(blockAfter(new ServerBusyError('busy', {}, 1000))).toBeUndefined();
    expect(blockAfter(new AutodiscoverError('nothing found', []))).toBeUndefined();
    expect(blockAfter(new Error('bug'))).toBeUndefined();
  });
});
