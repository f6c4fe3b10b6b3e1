/** Basic (per-user password) and Bearer (static per-user token) authentication. */
import type { Credentials } from './model.js';

export const AUTH_CHALLENGES = ['Basic realm="beacon-sim"', 'Bearer'] as const;

/** The user the Authorization header proves, or undefined (the caller answers 401). */
export function authenticate(
  header: string | undefined,
  credentials: readonly Credentials[],
): Credentials | undefined {
  if (header === undefined) return undefined;
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (scheme.toLowerCase() === 'bearer') {
    return credentials.find((c) => c.token === value);
  }
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = decoded.slice(0, colon).toLowerCase();
    const password = decoded.slice(colon + 1);
    return credentials.find((c) => c.email.toLowerCase() === user && c.password === password);
  }
  return undefined;
}

/** Admin requests must come from this machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/**
 * An OpenID Connect authority whose access tokens the simulator accepts instead of its static
 * tokens: signed with a key from the authority's JWKS (fetched once, cached by jose), issued by
 * it, for `audience`, and not expired (with a clock tolerance).
 */
export interface BearerAuthority {
  issuer: string;
  audience: string;
  jwksUri: string;
  /** The authority's private CA (TLS verification stays on). */
  caPem?: string;
  /** Default 300 s: clocks five minutes apart still agree. */
  clockToleranceSeconds?: number;
  /**
   * Default true. false: Basic is off, as in Exchange Online since 2022: 401s offer Bearer
   * alone, on EWS and Autodiscover alike, and a Basic header counts as none.
   */
  basic?: boolean;
}

export type BearerVerifier = (token: string) => Promise<string | undefined>;

/** The mailbox a token names: preferred_username, then email, then upn. */
export function tokenUsername(claims: Record<string, unknown>): string | undefined {
  for (const name of ['preferred_username', 'email', 'upn']) {
    const value = claims[name];
    if (typeof value === 'string' && value.includes('@')) return value.toLowerCase();
  }
  return undefined;
}

/** The verified claims of an authority's access token for one of `audiences`, or undefined. */
export type JwtClaimsVerifier = (token: string) => Promise<Record<string, unknown> | undefined>;

export async function createJwtClaimsVerifier(
  authority: BearerAuthority,
  audiences: readonly string[],
  now: () => Date,
): Promise<JwtClaimsVerifier> {
  const { createRemoteJWKSet, customFetch, jwtVerify } = await import('jose');
  const { Agent, fetch } = await import('undici');
  const dispatcher =
    authority.caPem === undefined ? undefined : new Agent({ connect: { ca: authority.caPem } });
  const jwks = createRemoteJWKSet(new URL(authority.jwksUri), {
    [customFetch]: (url: string, init: RequestInit) =>
      fetch(url, {
        ...(init as object),
        ...(dispatcher ? { dispatcher } : {}),
      }) as unknown as Promise<Response>,
  });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: authority.issuer,
        audience: [...audiences],
        clockTolerance: authority.clockToleranceSeconds ?? 300,
        currentDate: now(),
      });
      return payload;
    } catch {
      return undefined;
    }
  };
}

export async function createBearerVerifier(
  authority: BearerAuthority,
  now: () => Date,
): Promise<BearerVerifier> {
  const verify = await createJwtClaimsVerifier(authority, [authority.audience], now);
  return async (token) => {
    const claims = await verify(token);
    return claims === undefined ? undefined : tokenUsername(claims);
  };
}

/** A compact JWS: three base64url parts. Static simulator tokens are not. */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

/**
 * With an authority configured, the Authorization header as the static-credential check knows it:
 * a verified JWT becomes the matching user's own static token, anything else Bearer is dropped
 * (only the authority's tokens count). Basic passes through unchanged, unless `basic` is false.
 */
export async function resolveBearer(
  header: string | undefined,
  credentials: readonly Credentials[],
  verify: BearerVerifier | undefined,
  basic = true,
): Promise<string | undefined> {
  if (verify === undefined || header === undefined) return header;
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  if (scheme.toLowerCase() === 'basic' && !basic) return undefined;
  if (scheme.toLowerCase() !== 'bearer') return header;
  const token = rest.join(' ');
  if (!looksLikeJwt(token)) return undefined;
  const username = await verify(token);
  const user = credentials.find((c) => c.email.toLowerCase() === username);
  return user ? `Bearer ${user.token}` : undefined;
}

/** The 401 challenges, naming the authority when there is one (as Exchange Online does). */
export function challengesFor(authority: BearerAuthority | undefined): string[] {
  if (authority === undefined) return [...AUTH_CHALLENGES];
  const bearer = `Bearer authorization_uri="${authority.issuer}"`;
  return authority.basic === false ? [bearer] : ['Basic realm="beacon-sim"', bearer];
}
