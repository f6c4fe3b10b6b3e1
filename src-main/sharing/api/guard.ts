/**
 * The local API's checks before any route runs, as pure decisions: the Host header (against DNS
 * rebinding), the Origin (CORS allow-list) and the token. The server turns their answers into
 * responses; nothing here touches a socket.
 */
import { bearerFrom, tokenMatches } from './token.js';

export type HostVerdict = { ok: true } | { ok: false; status: 400 | 421 };

/**
 * Only `127.0.0.1:<port>` and `localhost:<port>` are this server. Any other name (a rebound DNS
 * name such as `evil.example` resolving to 127.0.0.1) is refused before a route runs.
 */
export function checkHost(host: string | undefined, port: number): HostVerdict {
  if (host === undefined || host === '' || /[\s,]/.test(host)) return { ok: false, status: 400 };
  const value = host.toLowerCase();
  if (value === `127.0.0.1:${port}` || value === `localhost:${port}`) return { ok: true };
  return { ok: false, status: 421 };
}

export type OriginVerdict =
  /** No Origin header: not a browser page (curl, a script, a light's bridge). */
  { kind: 'none' } | { kind: 'allowed'; origin: string } | { kind: 'refused' };

/** A browser page may read only from an origin the user listed; no list, no browser access. */
export function checkOrigin(origin: string | undefined, allowed: readonly string[]): OriginVerdict {
  if (origin === undefined) return { kind: 'none' };
  return allowed.includes(origin) ? { kind: 'allowed', origin } : { kind: 'refused' };
}

/** The CORS headers for an allowed origin: GET only, never credentials (cookies). */
export function corsHeaders(origin: string, preflight: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
  };
  if (preflight) {
    headers['Access-Control-Allow-Methods'] = 'GET';
    headers['Access-Control-Allow-Headers'] = 'Authorization';
    headers['Access-Control-Max-Age'] = '600';
  }
  return headers;
}

export type AccessVerdict = 'granted' | 'missing' | 'wrong';

/**
 * Whether a request may go on: writes always need the token; reads need it unless open reading
 * is on. A header that is there but wrong is refused even when reading is open.
 */
export function checkAccess(args: {
  authorization: string | undefined;
  token: string;
  write: boolean;
  openRead: boolean;
}): AccessVerdict {
  const presented = bearerFrom(args.authorization);
  if (presented !== undefined) return tokenMatches(presented, args.token) ? 'granted' : 'wrong';
  if (args.authorization !== undefined) return 'wrong';
  return !args.write && args.openRead ? 'granted' : 'missing';
}
