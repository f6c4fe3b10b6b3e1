/**
 * Why a page's socket will not come back. A browser hides the status of a refused WebSocket
 * upgrade, so after a close the page asks the shell's `/session` (same origin, the cookie goes
 * with it): 204 means the token is still good, 401/403 means the shell was restarted with a new
 * token and this page can never reconnect; anything else, or no answer, means the shell is away.
 */

export type SessionState = 'ok' | 'auth-lost' | 'unreachable';

/** The shell's path (src-main/web/server.ts SESSION_PATH; the renderer imports only types). */
export const SESSION_PATH = '/session';

export function sessionStateFromStatus(status: number): SessionState {
  if (status === 401 || status === 403) return 'auth-lost';
  if (status >= 200 && status < 300) return 'ok';
  return 'unreachable';
}

/** `fetch`'s shape, as much of it as this needs. */
export type Fetch = (url: string, init: RequestInit) => Promise<{ status: number }>;

/** Never rejects: a network error is the shell being away, not a lost token. */
export async function checkSession(
  fetchFn: Fetch,
  url: string = SESSION_PATH,
): Promise<SessionState> {
  try {
    const response = await fetchFn(url, {
      method: 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
    });
    return sessionStateFromStatus(response.status);
  } catch {
    return 'unreachable';
  }
}
