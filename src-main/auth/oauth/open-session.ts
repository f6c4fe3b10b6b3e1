/**
 * Opens an OAuthSession, loading MSAL (about 19 MB once loaded) only then: a password, NTLM or
 * demo account never loads it. Everything outside `session.ts` names the session by type only.
 */
import type { OAuthSession, OAuthSessionOptions } from './session.js';

export async function openOAuthSession(options: OAuthSessionOptions): Promise<OAuthSession> {
  const { OAuthSession: Session } = await import('./session.js');
  return new Session(options);
}
