/**
 * Autodiscover's credentials for one account, per POX endpoint: the method the account signs in
 * with, or — when none is known yet — the one the endpoint's own 401 asks for.
 *
 * - `ntlm`: the NTLM client (NtlmAuth) authenticating that endpoint's connection;
 * - `basic`: the password in an Authorization header (the library sends it over https only);
 * - `oauth`: the session's Bearer token;
 * - unknown: the first POST goes without credentials (no secret before the server says how),
 *   and its 401's challenges choose (chooseAuth): NTLM, Basic, or Bearer → OAuth, which a
 *   password cannot answer; `wanted` then tells the caller to sign in with OAuth instead.
 */
import type { Dispatcher } from 'undici';
import type { PoxCredentials } from '../ews/autodiscover/index.js';
import { BasicAuth, BearerAuth, type AuthProvider, type TokenSource } from '../ews/auth.js';
import { chooseAuth, type AuthChoice } from './choose.js';
import { NtlmAuth } from './ntlm/provider.js';

export type AutodiscoverCredentials =
  | { method: 'oauth'; tokens: TokenSource }
  | {
      /** The remembered method; undefined: chosen from each endpoint's challenges. */
      method: 'basic' | 'ntlm' | undefined;
      login: string;
      password: string;
    };

export interface AutodiscoverAuth {
  /** For AutodiscoverOptions.auth: credentials made per endpoint URL. */
  readonly forUrl: (url: string) => PoxCredentials;
  /** The choices the endpoints' challenges led to, in order (the first POST went anonymous). */
  readonly choices: readonly AuthChoice[];
}

interface Secrets {
  extraCa?: string | undefined;
  timeoutMs?: number | undefined;
}

function providerFor(
  method: 'basic' | 'ntlm',
  scheme: 'NTLM' | 'Negotiate',
  url: string,
  login: string,
  password: string,
  options: Secrets,
): AuthProvider {
  if (method === 'basic') return new BasicAuth(login, password);
  return new NtlmAuth({
    url,
    login,
    password,
    scheme,
    extraCa: options.extraCa,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

/** Sends nothing until the endpoint's 401 chose a method, then that method's provider. */
class ChoosingCredentials implements PoxCredentials {
  #chosen: AuthProvider | undefined;

  constructor(
    private readonly url: string,
    private readonly login: string,
    private readonly password: string,
    private readonly options: Secrets,
    private readonly choices: AuthChoice[],
  ) {}

  headers(): Promise<Record<string, string>> {
    return this.#chosen?.headers() ?? Promise.resolve({});
  }

  async unauthorized(challenges: readonly string[]): Promise<boolean> {
    if (this.#chosen !== undefined) return this.#chosen.unauthorized(challenges);
    const choice = chooseAuth(challenges, new URL(this.url));
    this.choices.push(choice);
    if (choice.method !== 'ntlm' && choice.method !== 'basic') return false;
    this.#chosen = providerFor(
      choice.method,
      choice.method === 'ntlm' ? choice.scheme : 'NTLM',
      this.url,
      this.login,
      this.password,
      this.options,
    );
    return true;
  }

  dispatcher(): Dispatcher | undefined {
    return this.#chosen?.dispatcher?.();
  }

  async close(): Promise<void> {
    await this.#chosen?.close?.();
  }
}

export function autodiscoverAuth(
  credentials: AutodiscoverCredentials,
  options: Secrets = {},
): AutodiscoverAuth {
  const choices: AuthChoice[] = [];
  const forUrl = (url: string): PoxCredentials => {
    if (credentials.method === 'oauth') return new BearerAuth(credentials.tokens);
    const { login, password } = credentials;
    if (credentials.method === undefined)
      return new ChoosingCredentials(url, login, password, options, choices);
    return providerFor(credentials.method, 'NTLM', url, login, password, options);
  };
  return { forUrl, choices };
}
