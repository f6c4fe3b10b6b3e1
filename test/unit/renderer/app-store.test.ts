/** The store keeps each action's outcome, the core's typed failure with it, and forgets on request. */
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../../src-main/core/contract.js';
import type { Bridge } from '../../../src-renderer/bridge/bridge.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';

function bridgeAnswering(result: CommandResult): Bridge {
  return {
    getSnapshot: () => undefined,
    subscribe: () => () => undefined,
    execute: () => Promise.resolve(result),
  };
}

describe('the app store', () => {
  it('keeps the failure the core typed, and clearError forgets it', async () => {
    const store = createAppStore(
      bridgeAnswering({
        ok: false,
        error: {
          code: 'auth-required',
          message: 'HTTP 401',
          failure: { reason: 'wrong-password' },
        },
      }),
    );
    const ok = await store.getState().run('sign-in', {
      type: 'sign-in',
      mailbox: 'alex@contoso.com',
      password: 'wrong',
    });
    expect(ok).toBe(false);
    expect(store.getState().actions['sign-in']).toMatchObject({
      pending: false,
      code: 'auth-required',
      failure: { reason: 'wrong-password' },
    });

    store.getState().clearError('sign-in');
    const cleared = store.getState().actions['sign-in'];
    expect(cleared.error).toBeUndefined();
    expect(cleared.failure).toBeUndefined();
    expect(cleared.code).toBeUndefined();
    // Other actions are untouched.
    expect(store.getState().actions.settings).toEqual({ pending: false, successes: 0 });
  });

  it('counts successes and leaves no error behind', async () => {
    const store = createAppStore(bridgeAnswering({ ok: true }));
    expect(await store.getState().run('use-demo', { type: 'use-demo' })).toBe(true);
    expect(store.getState().actions['use-demo']).toMatchObject({ pending: false, successes: 1 });
    expect(store.getState().actions['use-demo'].error).toBeUndefined();
  });
});
