import { readFile } from 'node:fs/promises';
import { BasicAuth, BearerAuth, staticToken, type AuthProvider } from '../ews/auth.js';
import type { SecretSource } from '../core/companion/account.js';
import { discoverEwsUrl, type AutodiscoverOptions } from '../ews/autodiscover/index.js';
import { AutodiscoverError } from '../ews/errors.js';
import { createBackend } from '../backends/create.js';
import type { MailboxBackend } from '../mailbox/backend.js';
import { readPassword } from './password.js';
import { UsageError } from './output.js';
import { GRAPH_GLOBAL_URL, planProtocol } from './protocol.js';
import type { SavedAccount } from './saved-account.js';
import type { CliStrings } from './strings.js';

/** The window's account, offered to fill what flags and environment leave open. */
export interface SavedConnection {
  account: SavedAccount;
  /** The keychain, opened only when the saved account's password or token cache is needed. */
  keychain: () => Promise<SecretSource>;
}

export interface ConnectionFlags {
  url?: string | undefined;
  user?: string | undefined;
  ca?: string | undefined;
  protocol?: string | undefined;
  'graph-url'?: string | undefined;
}

/** The flags every command that talks to a server accepts. Secrets never come from flags. */
export const connectionOptions = {
  url: { type: 'string' },
  user: { type: 'string' },
  ca: { type: 'string' },
  protocol: { type: 'string' },
  'graph-url': { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export const connectionHelp = `Server: --url EWS_URL (or BEACON_EWS_URL; without it, Autodiscover from --user),
        --user SMTP (or BEACON_USER), --ca PEM_FILE (extra trusted root, or BEACON_CA_FILE).
        BEACON_AUTODISCOVER_V2_URL: where Autodiscover v2 lives (default
        https://outlook.office365.com; e.g. a local \`beacon sim\` base URL).
Protocol: --protocol ews|graph (or BEACON_PROTOCOL); without it, as the window decides for the
        account (Microsoft Graph for Exchange Online, EWS on-premises; EWS with a password).
        --graph-url URL (or BEACON_GRAPH_URL; default ${GRAPH_GLOBAL_URL}).
Secret: BEACON_TOKEN (OAuth bearer token) or BEACON_PASSWORD, else a prompt. Never a flag.
        Graph takes only OAuth: BEACON_TOKEN, or the window's Microsoft sign-in.
Without --user, BEACON_USER or a secret, the account Beacon's window signed in with is used
        (its settings.json in --data-dir DIR or the usual folder; its password, or its OAuth
        sign-in, from the keychain).`;

/** A backend ready for a command, and how to let go of it (and of its sign-in). */
export interface OpenMailbox {
  backend: MailboxBackend;
  close(): Promise<void>;
  /** What to tell the user when the server refuses the sign-in (says where the token came from). */
  refused: string;
}

/** A connection the user must fix (Graph without OAuth, an expired sign-in): one line, exit 1. */
export class ConnectionError extends Error {}

/**
 * Resolves flags, environment and the window's account into a mailbox backend over EWS or
 * Microsoft Graph; the commands never know which. The protocol is the window's decision
 * (protocol.ts) unless `--protocol` or BEACON_PROTOCOL names one.
 */
export async function openMailbox(
  flags: ConnectionFlags,
  strings: CliStrings,
  env: NodeJS.ProcessEnv = process.env,
  saved?: SavedConnection,
): Promise<OpenMailbox> {
  const user = flags.user ?? env.BEACON_USER ?? saved?.account.mailbox;
  if (user === undefined || user === '')
    throw new UsageError('Say who you are: --user SMTP or BEACON_USER (or sign in in the window)');
  // The saved server, protocol and secret belong to the saved mailbox only.
  const own = saved !== undefined && sameMailbox(saved.account.mailbox, user) ? saved : undefined;
  const settings = own?.account.settings;
  const caFile = flags.ca ?? env.BEACON_CA_FILE;
  const extraCa = caFile ? await readFile(caFile, 'utf8') : own?.account.trustedCaPem;
  const token = nonEmpty(env.BEACON_TOKEN);
  const oauthConfig =
    settings?.auth === 'oauth'
      ? (await import('../auth/oauth/config.js')).resolveOAuthConfig(settings.oauth, {
          ewsScope: nonEmpty(env.BEACON_OAUTH_EWS_SCOPE),
        })
      : undefined;
  const plan = planProtocol({
    asked: flags.protocol ?? env.BEACON_PROTOCOL,
    secret: token !== undefined ? 'token' : nonEmpty(env.BEACON_PASSWORD) ? 'password' : 'none',
    own: settings,
    entraAuthority: oauthConfig?.entraId ?? false,
    ewsUrl: flags.url ?? nonEmpty(env.BEACON_EWS_URL) ?? settings?.ewsUrl,
  });
  const graphUrl = flags['graph-url'] ?? nonEmpty(env.BEACON_GRAPH_URL);
  if (plan.via === 'error') throw new ConnectionError(strings.graphNeedsOAuth);
  if (plan.via === 'saved-oauth' && own !== undefined && settings !== undefined) {
    const { reconnectSaved } = await import('./saved-oauth.js');
    return reconnectSaved({
      settings,
      protocol: plan.protocol,
      keychain: own.keychain,
      extraCa,
      graphUrl,
      ewsScope: nonEmpty(env.BEACON_OAUTH_EWS_SCOPE),
      strings,
    });
  }
  if (plan.protocol === 'graph') {
    if (token === undefined) throw new ConnectionError(strings.graphNeedsOAuth);
    const backend = createBackend({
      protocol: 'graph',
      mailbox: user,
      tokenProvider: () => Promise.resolve(token),
      // A token goes to the Graph named here, else the saved authority's cloud, else global.
      baseUrl: graphUrl ?? oauthConfig?.graphRoot ?? GRAPH_GLOBAL_URL,
      ...(extraCa === undefined ? {} : { extraCa }),
    });
    return { backend, close: () => backend.close(), refused: strings.tokenRefused };
  }
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
    nonEmpty(env.BEACON_EWS_URL) ??
    (savedUrl !== undefined && own?.account.useAutodiscover === false
      ? savedUrl
      : await discover());
  const backend = createBackend({
    protocol: 'ews',
    url,
    auth,
    mailbox: user,
    ...(extraCa ? { extraCa } : {}),
  });
  return { backend, close: () => backend.close(), refused: strings.tokenRefused };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
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
