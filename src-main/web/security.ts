/**
 * The web shell's gate, as pure decisions: who may talk to it (the per-run token), from where
 * (Host and Origin, the DNS-rebinding defence), and the headers every response carries.
 * The server only applies these; tests call them directly.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie of a shell started without a data folder (tests, embedders). */
export const TOKEN_COOKIE = 'beacon_token';

/**
 * The cookie of the shell serving one data folder. Cookies belong to the host, not the port, so
 * two shells on 127.0.0.1 sharing one name would overwrite each other's token in a browser.
 */
export function cookieNameFor(dataDir: string): string {
  return `beacon_${createHash('sha256').update(dataDir, 'utf8').digest('hex').slice(0, 8)}`;
}

/**
 * Exactly one Host header. Node keeps the first of several, but a proxy or the browser in front
 * may have read another: a request that names two hosts is refused, not guessed at.
 */
export function hasOneHost(rawHeaders: readonly string[]): boolean {
  let hosts = 0;
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (rawHeaders[i]?.toLowerCase() === 'host') hosts += 1;
  return hosts === 1;
}

/** 32 random bytes, base64url: safe in a URL, a cookie and a header without escaping. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time equality; hashing first makes the time independent of the lengths as well. */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The only Host values a browser on this machine sends; a rebound DNS name is anything else. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const value = host.toLowerCase();
  return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
}

/** Origin is optional (same-origin GETs omit it), but when sent it must be this shell. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const value = origin.toLowerCase();
  return value === `http://127.0.0.1:${port}` || value === `http://localhost:${port}`;
}

/** The value of one cookie from a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The parts of a request the gate looks at. */
export interface GateInput {
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  cookie: string | undefined;
  /** The `token` query parameter, if any. */
  queryToken: string | null;
}

export type GateDecision =
  | { ok: true; via: 'query' | 'cookie' | 'bearer' }
  | { ok: false; status: 401 | 403; reason: string };

/**
 * Host and Origin first (a foreign site learns nothing, not even whether a token is needed),
 * then the token: none at all → 401, one that does not match → 403.
 */
export function checkRequest(
  input: GateInput,
  port: number,
  token: string,
  cookieName: string = TOKEN_COOKIE,
): GateDecision {
  if (!isAllowedHost(input.host, port))
    return { ok: false, status: 403, reason: 'Host not allowed' };
  if (!isAllowedOrigin(input.origin, port))
    return { ok: false, status: 403, reason: 'Origin not allowed' };

  const candidates: ['bearer' | 'query' | 'cookie', string | undefined][] = [
    ['bearer', bearerToken(input.authorization)],
    ['query', input.queryToken ?? undefined],
    ['cookie', cookieValue(input.cookie, cookieName)],
  ];
  let presented = false;
  for (const [via, value] of candidates) {
    if (value === undefined || value === '') continue;
    presented = true;
    if (tokensEqual(value, token)) return { ok: true, via };
  }
  return presented
    ? { ok: false, status: 403, reason: 'Wrong token' }
    : { ok: false, status: 401, reason: 'Token required' };
}

/** The cookie that lets the page's assets and WebSocket in after the first, tokened load. */
export function tokenCookie(token: string, cookieName: string = TOKEN_COOKIE): string {
  return `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Sent with every HTTP response, errors included. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
