/** The sign-out's keychain decisions, on values. */
import { describe, expect, it } from 'vitest';
import {
  isKeychainRefusal,
  keychainForgetPlan,
} from '../../../src-main/core/companion/sign-out-keychain.js';
import { SecretStoreUnavailableError } from '../../../src-main/core/secrets/index.js';

const base = {
  mailbox: 'alex@example.com',
  canDelete: true,
  keychain: 'available',
  keptInMemory: false,
} as const;

describe('keychainForgetPlan', () => {
  it('asks a working keychain that may hold the password, and reports its refusal', () => {
    expect(keychainForgetPlan(base)).toBe('required');
    expect(keychainForgetPlan({ ...base, keychain: 'unknown' })).toBe('required');
  });

  it('only tidies up when the password lived in memory', () => {
    expect(keychainForgetPlan({ ...base, keptInMemory: true })).toBe('best-effort');
  });

  it('asks nothing without a mailbox, a delete, or a usable keychain', () => {
    expect(keychainForgetPlan({ ...base, mailbox: undefined })).toBe('skip');
    expect(keychainForgetPlan({ ...base, canDelete: false })).toBe('skip');
    expect(keychainForgetPlan({ ...base, keychain: 'unavailable' })).toBe('skip');
  });
});

describe('isKeychainRefusal', () => {
  it('a keychain that is not there refuses nothing', () => {
    for (const reason of ['no-secret-service', 'module-unavailable'] as const)
      expect(isKeychainRefusal(new SecretStoreUnavailableError(reason, 'x'))).toBe(false);
  });

  it('a locked, slow or failing keychain refuses', () => {
    for (const reason of ['locked', 'timeout', 'service-error'] as const)
      expect(isKeychainRefusal(new SecretStoreUnavailableError(reason, 'x'))).toBe(true);
    expect(isKeychainRefusal(new Error('boom'))).toBe(true);
  });
});
