import { describe, expect, it } from 'vitest';
import {
  connectMailbox,
  isSignedOut,
  provisionalAccount,
} from '../../../src-main/core/companion/account.js';
import { CredentialsMissingError } from '../../../src-main/core/companion/failures.js';
import { systemClock } from '../../../src-main/ews/transport/clock.js';

const SIGNED_OUT = { useAutodiscover: true, demo: false };

describe('the signed-out state', () => {
  it('is no mailbox with the demo turned off', () => {
    expect(isSignedOut(SIGNED_OUT)).toBe(true);
    expect(isSignedOut({ useAutodiscover: true, demo: true })).toBe(false);
    expect(isSignedOut({ mailbox: 'alex@beacon.test', useAutodiscover: true, demo: false })).toBe(
      false,
    );
    expect(provisionalAccount(SIGNED_OUT)).toEqual({
      mode: 'signed-out',
      mailbox: '',
      displayName: '',
      signIn: 'signed-out',
    });
  });

  it('connects to nothing: the demo simulator is not started', async () => {
    let demoStarts = 0;
    await expect(
      connectMailbox({
        settings: SIGNED_OUT,
        startDemoMailbox: () => {
          demoStarts += 1;
          return Promise.reject(new Error('must not start'));
        },
        secrets: undefined,
        clock: systemClock,
      }),
    ).rejects.toBeInstanceOf(CredentialsMissingError);
    expect(demoStarts).toBe(0);
  });

  it('a stored account is signing in until Exchange answers', () => {
    expect(
      provisionalAccount({ mailbox: 'alex@beacon.test', useAutodiscover: true, demo: true }),
    ).toEqual({
      mode: 'exchange',
      mailbox: 'alex@beacon.test',
      displayName: 'alex@beacon.test',
      signIn: 'signing-in',
    });
  });
});
