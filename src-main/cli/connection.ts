import { readFile } from 'node:fs/promises';
import { BasicAuth, BearerAuth, staticToken, type AuthProvider } from '../ews/auth.js';
import type { SecretSource } from '../core/companion/account.js';
import { discoverEwsUrl, type AutodiscoverOptions } from '../ews/autodiscover/index.js';
import { EwsClient } from '../ews/client.js';
import { AutodiscoverError } from '../ews/errors.js';
import { readPassword } from './password.js';
import { UsageError } from './output.js';
import type { SavedAccount } from './saved-account.js';

/** The window's account, offered to fill what flags and environment leave open. */
export interface SavedConnection {
  account: SavedAccount;
  /** The keychain, opened only when the saved account's password is needed. */
  keychain: () => Promise<SecretSource>;
}

export interface ConnectionFlags {
  url?: string | undefined;
  user?: string | undefined;
  ca?: string | undefined;
}

/** The flags every command that talks to a server accepts. Secrets never come from flags. */
export const connectionOptions = {
  url: { type: 'string' },
  user: { type: 'string' },
  ca: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export const connectionHelp = `Server: --url EWS_URL (or BEACON_EWS_URL; without it, Autodiscover from --user),
        --user SMTP (or BEACON_USER), --ca PEM_FILE (extra trusted root, or BEACON_CA_FILE).
        BEACON_AUTODISCOVER_V2_URL: where Autodiscover v2 lives (default
        https://outlook.office365.com; e.g. a local \`beacon sim\` base URL).
Secret: BEACON_TOKEN (OAuth bearer token) or BEACON_PASSWORD, else a prompt. Never a flag.
Without --user, BEACON_USER or a secret, the account Beacon's window signed in with is used
        (its settings.json in --data-dir DIR or the usual folder, its password from the keychain).`;

/**
 * Resolves flags and environment into credentials, an extra CA and the EWS URL. What they leave
 * open comes from the window's saved account: the mailbox, its server, its keychain password.
 */
export async function connect(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
  saved?: SavedConnection,
): Promise<EwsClient> {
  const user = flags.user ?? env.BEACON_USER ?? saved?.account.mailbox;
  if (user === undefined || user === '')
    throw new UsageError('Say who you are: --user SMTP or BEACON_USER (or sign in in the window)');
  // The saved server and password belong to the saved mailbox only.
  const own = saved !== undefined && sameMailbox(saved.account.mailbox, user) ? saved : undefined;
  const caFile = flags.ca ?? env.BEACON_CA_FILE;
  const extraCa = caFile ? await readFile(caFile, 'utf8') : undefined;
  const auth = await authFor(user, env, own);
  const savedUrl = own?.account.ewsUrl;
  const discover = async (): Promise<string> => {
    try {
      return (
        await discoverEwsUrl(user, {
          auth,
          ...(extraCa ? { extraCa } : {}),
          ...autodiscoverEnv(env),
        })
      ).ewsUrl;
    } catch (error) {
      // As the window does: a saved URL is the fallback when Autodiscover finds nothing.
      if (error instanceof AutodiscoverError && savedUrl !== undefined) return savedUrl;
      throw error;
    }
  };
  const url =
    flags.url ??
    env.BEACON_EWS_URL ??
    (savedUrl !== undefined && own?.account.useAutodiscover === false
      ? savedUrl
      : await discover());
  return new EwsClient({ url, auth, mailbox: user, ...(extraCa ? { extraCa } : {}) });
}

function sameMailbox(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Autodiscover settings from the environment: BEACON_AUTODISCOVER_V2_URL (e.g. the simulator). */
export function autodiscoverEnv(env: NodeJS.ProcessEnv = process.env): AutodiscoverOptions {
  const v2BaseUrl = env.BEACON_AUTODISCOVER_V2_URL;
  return v2BaseUrl !== undefined && v2BaseUrl !== '' ? { v2BaseUrl } : {};
}

export async function authFor(
  user: string,
  env: NodeJS.ProcessEnv = process.env,
  saved?: SavedConnection,
): Promise<AuthProvider> {
  const token = env.BEACON_TOKEN;
  if (token !== undefined && token !== '') return new BearerAuth(staticToken(token));
  const fromEnv = env.BEACON_PASSWORD;
  if ((fromEnv === undefined || fromEnv === '') && saved !== undefined) {
    const stored = await keychainPassword(saved, user);
    if (stored !== undefined) return new BasicAuth(user, stored);
  }
  return new BasicAuth(user, await readPassword(user, env));
}

/** The window's stored password; a keychain that cannot answer means asking instead. */
async function keychainPassword(saved: SavedConnection, user: string): Promise<string | undefined> {
  try {
    const password = await (await saved.keychain()).get(user);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}
