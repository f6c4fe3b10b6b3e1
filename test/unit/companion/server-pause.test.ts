import { describe, expect, it } from 'vitest';
import { withServerPause } from '../../../src-main/core/companion/server-pause.js';
import type { Connection } from '../../../src-main/core/contract.js';

const AT = Date.UTC(2026, 10, 27, 9, 10, 0);
const stale: Connection = {
  state: 'stale',
  retryAt: new Date(AT).toISOString(),
  error: { kind: 'http', message: 'Service unavailable' },
};

describe('withServerPause', () => {
  it('shows the pause while the wait is the server’s', () => {
    expect(withServerPause(stale, { retryAt: AT, serverAsked: true })).toEqual({
      ...stale,
      pausedUntil: '2026-11-27T09:10:00.000Z',
    });
  });

  it('shows none while the wait is our own back-off', () => {
    expect(withServerPause(stale, { retryAt: AT, serverAsked: false })).toEqual(stale);
  });

  it('drops a pause that is over', () => {
    const paused = { ...stale, pausedUntil: '2026-11-27T09:00:00.000Z' };
    expect(withServerPause(paused, { retryAt: undefined, serverAsked: false })).toEqual(stale);
  });

  it('shows none when the user must sign in again', () => {
    const auth: Connection = { state: 'auth-required' };
    expect(withServerPause(auth, { retryAt: AT, serverAsked: true })).toEqual(auth);
  });
});
