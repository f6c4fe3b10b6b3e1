/**
 * The page's question after its socket closed: is the token still good? The answer decides
 * between reconnecting and telling the user to open the shell's new address.
 */
import { describe, expect, it } from 'vitest';
import { SESSION_PATH as SHELL_PATH } from '../../../src-main/web/server.js';

/**
 * The renderer's module belongs to the web TypeScript project, which this Node test is not
 * part of; vitest compiles it all the same, so it is loaded by path with the shape used here.
 */
type SessionState = 'ok' | 'auth-lost' | 'unreachable';
interface SessionCheckModule {
  SESSION_PATH: string;
  sessionStateFromStatus: (status: number) => SessionState;
  checkSession: (
    fetchFn: (url: string, init: RequestInit) => Promise<{ status: number }>,
    url?: string,
  ) => Promise<SessionState>;
}
const { SESSION_PATH, sessionStateFromStatus, checkSession } = (await import(
  new URL('../../../src-renderer/bridge/session-check.ts', import.meta.url).href
)) as SessionCheckModule;

describe('sessionStateFromStatus', () => {
  it.each<[number, SessionState]>([
    [204, 'ok'],
    [200, 'ok'],
    [401, 'auth-lost'],
    [403, 'auth-lost'],
    [404, 'unreachable'],
    [500, 'unreachable'],
    [503, 'unreachable'],
  ])('%i → %s', (status, state) => {
    expect(sessionStateFromStatus(status)).toBe(state);
  });
});

describe('checkSession', () => {
  it('asks the shell path, same origin with the cookie, never from a cache', async () => {
    expect(SESSION_PATH).toBe(SHELL_PATH);
    const asked: [string, RequestInit][] = [];
    const state = await checkSession((url, init) => {
      asked.push([url, init]);
      return Promise.resolve({ status: 403 });
    });
    expect(state).toBe('auth-lost');
    expect(asked).toEqual([
      [SHELL_PATH, { method: 'GET', credentials: 'same-origin', cache: 'no-store' }],
    ]);
  });

  it('reads a network failure as the shell being away, not as a lost token', async () => {
    await expect(
      checkSession(() => Promise.reject(new TypeError('Failed to fetch'))),
    ).resolves.toBe('unreachable');
  });
});
