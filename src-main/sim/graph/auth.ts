/**
 * Who a Graph request comes from, and with which delegated scopes. With an OpenID Connect
 * authority configured, only its signed access tokens for Graph's audience count (the scopes
 * from `scp`, as Entra ID writes them, or `scope`, and the application from `azp` (v2 tokens),
 * `appid` (v1) or `client_id` (RFC 9068)); without one, a user's static simulator token stands
 * for Beacon's whole scope list (scopes.ts) and names no application. Graph takes no Basic.
 */
import type { Credentials } from '../model.js';
import { looksLikeJwt, tokenUsername, type JwtClaimsVerifier } from '../auth.js';
import { STATIC_TOKEN_SCOPES } from './scopes.js';

/** Graph's resource as a URI and as its application id; tokens carry either. */
export const GRAPH_AUDIENCES = [
  'https://graph.microsoft.com',
  '00000003-0000-0000-c000-000000000000',
] as const;

export interface GraphPrincipal {
  email: string;
  scopes: string[];
  /** The calling application's id, when the token names one (authority tokens). */
  clientId?: string;
}

export function clientIdOf(claims: Record<string, unknown>): string | undefined {
  for (const name of ['azp', 'appid', 'client_id']) {
    const value = claims[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

export function scopesOf(claims: Record<string, unknown>): string[] {
  const raw = claims['scp'] ?? claims['scope'];
  if (typeof raw === 'string') return raw.split(/\s+/).filter((s) => s !== '');
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return [];
}

export async function graphPrincipal(
  header: string | undefined,
  credentials: readonly Credentials[],
  verify: JwtClaimsVerifier | undefined,
): Promise<GraphPrincipal | undefined> {
  if (header === undefined) return undefined;
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  if (scheme.toLowerCase() !== 'bearer') return undefined;
  const token = rest.join(' ');
  if (verify === undefined) {
    const user = credentials.find((c) => c.token === token);
    return user ? { email: user.email, scopes: [...STATIC_TOKEN_SCOPES] } : undefined;
  }
  if (!looksLikeJwt(token)) return undefined;
  const claims = await verify(token);
  const username = claims === undefined ? undefined : tokenUsername(claims);
  const user = credentials.find((c) => c.email.toLowerCase() === username);
  if (!user || !claims) return undefined;
  const clientId = clientIdOf(claims);
  return {
    email: user.email,
    scopes: scopesOf(claims),
    ...(clientId === undefined ? {} : { clientId }),
  };
}
