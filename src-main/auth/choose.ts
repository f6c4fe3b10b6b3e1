/**
 * Which sign-in method to use, from the challenges of a server's 401 (WWW-Authenticate). Pure.
 *
 * Bearer → OAuth; NTLM or Negotiate → NTLM (Negotiate carries a raw NTLM token, as Windows
 * clients send it to IIS); Basic last, and only over https or to this machine, because Basic
 * sends the password itself. A password sign-in passes `allowed` without 'oauth'.
 */
import type { AuthMethod } from '../core/contract.js';
import { isLoopbackUrl } from '../ews/auth.js';

export type AuthChoice =
  | { method: 'oauth' }
  | { method: 'ntlm'; scheme: 'NTLM' | 'Negotiate' }
  | { method: 'basic' }
  | {
      method: 'none';
      /** no-challenge: the server asked for nothing we know; basic-needs-https: only Basic, over http. */
      why: 'no-challenge' | 'basic-needs-https';
    };

/** The scheme of one challenge ("NTLM", "Basic realm=x" → "basic"). */
export function challengeScheme(challenge: string): string {
  return challenge.trim().split(/\s+/, 1)[0]?.toLowerCase() ?? '';
}

export function chooseAuth(
  challenges: readonly string[],
  url: URL,
  allowed: readonly AuthMethod[] = ['oauth', 'ntlm', 'basic'],
): AuthChoice {
  const schemes = new Set(challenges.map(challengeScheme));
  if (allowed.includes('oauth') && schemes.has('bearer')) return { method: 'oauth' };
  if (allowed.includes('ntlm')) {
    if (schemes.has('ntlm')) return { method: 'ntlm', scheme: 'NTLM' };
    if (schemes.has('negotiate')) return { method: 'ntlm', scheme: 'Negotiate' };
  }
  if (allowed.includes('basic') && schemes.has('basic')) {
    const safe = url.protocol === 'https:' || isLoopbackUrl(url);
    return safe ? { method: 'basic' } : { method: 'none', why: 'basic-needs-https' };
  }
  return { method: 'none', why: 'no-challenge' };
}
