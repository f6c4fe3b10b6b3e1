import { readFile } from 'node:fs/promises';
import { BasicAuth, BearerAuth, staticToken, type AuthProvider } from '../ews/auth.js';
import { discoverEwsUrl, type AutodiscoverOptions } from '../ews/autodiscover/index.js';
import { EwsClient } from '../ews/client.js';
import { readPassword } from './password.js';
import { UsageError } from './output.js';

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
} as const;

export const connectionHelp = `Server: --url EWS_URL (or BEACON_EWS_URL; without it, Autodiscover from --user),
        --user SMTP (or BEACON_USER), --ca PEM_FILE (extra trusted root, or BEACON_CA_FILE).
        BEACON_AUTODISCOVER_V2_URL: where Autodiscover v2 lives (default
        https://outlook.office365.com; e.g. a local \`beacon sim\` base URL).
Secret: BEACON_TOKEN (OAuth bearer token) or BEACON_PASSWORD, else a prompt. Never a flag.`;

/** Resolves flags and environment into credentials, an extra CA and the EWS URL. */
export async function connect(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EwsClient> {
  const user = flags.user ?? env.BEACON_USER;
  if (user === undefined || user === '')
    throw new UsageError('Say who you are: --user SMTP or BEACON_USER');
  const caFile = flags.ca ?? env.BEACON_CA_FILE;
  const extraCa = caFile ? await readFile(caFile, 'utf8') : undefined;
  const auth = await authFor(user, env);
  const url =
    flags.url ??
    env.BEACON_EWS_URL ??
    (
      await discoverEwsUrl(user, {
        auth,
        ...(extraCa ? { extraCa } : {}),
        ...autodiscoverEnv(env),
      })
    ).ewsUrl;
  return new EwsClient({ url, auth, mailbox: user, ...(extraCa ? { extraCa } : {}) });
}

/** Autodiscover settings from the environment: BEACON_AUTODISCOVER_V2_URL (e.g. the simulator). */
export function autodiscoverEnv(env: NodeJS.ProcessEnv = process.env): AutodiscoverOptions {
  const v2BaseUrl = env.BEACON_AUTODISCOVER_V2_URL;
  return v2BaseUrl !== undefined && v2BaseUrl !== '' ? { v2BaseUrl } : {};
}

export async function authFor(
  user: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuthProvider> {
  const token = env.BEACON_TOKEN;
  if (token !== undefined && token !== '') return new BearerAuth(staticToken(token));
  return new BasicAuth(user, await readPassword(user, env));
}
