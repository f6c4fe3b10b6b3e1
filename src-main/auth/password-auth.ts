/**
 * The provider for a password sign-in: the method remembered for the account, or — at the first
 * sign-in — the one chosen from the server's challenges (NTLM when offered, Basic otherwise).
 */
import type { AuthMethod } from '../core/contract.js';
import { BasicAuth, type AuthProvider } from '../ews/auth.js';
import { AuthError } from '../ews/errors.js';
import { chooseAuth } from './choose.js';
import { NtlmAuth } from './ntlm/provider.js';
import { probeChallenges } from './probe.js';

export interface PasswordAuthOptions {
  /** The EWS URL. */
  url: string;
  /** The sign-in name: the mailbox address (a UPN) or DOMAIN\user. */
  login: string;
  password: string;
  /** The method that worked before (settings.account.auth); probed when absent. */
  remembered: AuthMethod | undefined;
  extraCa?: string | undefined;
  timeoutMs?: number;
}

export interface PasswordAuth {
  method: 'basic' | 'ntlm';
  auth: AuthProvider;
}

export async function passwordAuth(options: PasswordAuthOptions): Promise<PasswordAuth> {
  let method: 'basic' | 'ntlm';
  let scheme: 'NTLM' | 'Negotiate' = 'NTLM';
  if (options.remembered === 'basic' || options.remembered === 'ntlm') {
    method = options.remembered;
  } else {
    const probe = await probeChallenges(options.url, {
      extraCa: options.extraCa,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    // A server that refuses everyone (EWS blocked by policy) says so already to the probe.
    if (probe.status === 403)
      throw new AuthError(
        403,
        probe.policy === undefined
          ? 'Access denied'
          : `EWS is blocked by the organisation's policy (${probe.policy})`,
        [],
        probe.policy,
      );
    const choice = chooseAuth(probe.challenges, new URL(options.url), ['ntlm', 'basic']);
    if (choice.method === 'ntlm') scheme = choice.scheme;
    // Nothing we know was asked for: Basic, whose refusal then says "wrong password".
    method = choice.method === 'ntlm' ? 'ntlm' : 'basic';
  }
  if (method === 'basic') return { method, auth: new BasicAuth(options.login, options.password) };
  return {
    method,
    auth: new NtlmAuth({
      url: options.url,
      login: options.login,
      password: options.password,
      extraCa: options.extraCa,
      scheme,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }),
  };
}
