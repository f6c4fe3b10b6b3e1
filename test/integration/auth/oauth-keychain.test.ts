/**
 * MSAL's token cache lives in the OS keychain (a real Secret Service: gnome-keyring on a private
 * D-Bus session), one entry per account, and nowhere on disk: a second run signs in silently from
 * it; remember=false leaves the keychain empty; sign-out removes the account and the entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveOAuthConfig } from '../../../src-main/auth/oauth/config.js';
import { OAuthSession } from '../../../src-main/auth/oauth/session.js';
import {
  KeytarSecretStore,
  keytarApiOf,
  type KeytarApi,
} from '../../../src-main/core/secrets/keytar-store.js';
import { SECRET_SERVICE_NAME } from '../../../src-main/core/secrets/secret-store.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';

let service: PrivateSecretService;
let authority: OidcAuthority;
let keytar: KeytarApi;
const savedBusAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  service = await startPrivateSecretService('pw');
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  const api = keytarApiOf(await import('keytar'));
  if (!api) throw new Error('keytar did not load');
  keytar = api;
  authority = await startOidcAuthority({ accessTokenSeconds: 600 });
}, 60_000);

afterAll(async () => {
  await authority.close();
  if (savedBusAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBusAddress;
  await service.stop();
});

function session(mailbox: string, remember: boolean): OAuthSession {
  return new OAuthSession({
    config: resolveOAuthConfig(
      { clientId: authority.clientId, authority: authority.issuer },
      { ewsScope: authority.scope },
    ),
    mailbox,
    secrets: remember ? new KeytarSecretStore() : undefined,
    extraCa: authority.caPem,
    openExternal: () => {
      throw new Error('the device flow opens no browser');
    },
  });
}

async function signIn(s: OAuthSession, mailbox: string): Promise<void> {
  let approval: Promise<void> = Promise.resolve();
  await s.signInWithDeviceCode({
    onCode: (step) => {
      approval = authority.approveDeviceCode(step.userCode, mailbox);
    },
  });
  await approval;
}

/** Every file under `dir` whose bytes contain `needle`. */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    if ((await readFile(path)).includes(needle)) found.push(path);
  }
  return found;
}

describe('the token cache in the keychain', () => {
  it('keeps the refresh token under oauth:<mailbox>, signs in silently next run, and not on disk', async () => {
    const mailbox = 'frank@contoso.com';
    const first = session(mailbox, true);
    await signIn(first, mailbox);
    const token = await first.tokenSource().token();
    await first.close();

    const stored = await keytar.getPassword(SECRET_SERVICE_NAME, `oauth:${mailbox}`);
    expect(stored).not.toBeNull();
    const cache = JSON.parse(stored ?? '{}') as {
      RefreshToken?: Record<string, { secret: string }>;
    };
    const refreshTokens = Object.values(cache.RefreshToken ?? {});
    expect(refreshTokens).toHaveLength(1);
    const refreshToken = refreshTokens[0]?.secret ?? '';
    expect(refreshToken.length).toBeGreaterThan(20);
    // The keyring's own files are encrypted, and nothing else in the session's home holds a token.
    expect(await filesContaining(service.home, refreshToken)).toEqual([]);
    expect(await filesContaining(service.home, token)).toEqual([]);

    const second = session(mailbox, true);
    expect((await second.restore())?.username).toBe(mailbox);
    expect(await second.tokenSource().token()).toBe(token);
    await second.signOut();
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, `oauth:${mailbox}`)).toBeNull();
    expect(await second.restore()).toBeUndefined();
    await second.close();
  }, 30_000);

  it('remember=false keeps the cache in memory only', async () => {
    const mailbox = 'gina@contoso.com';
    const s = session(mailbox, false);
    await signIn(s, mailbox);
    expect((await s.tokenSource().token()).length).toBeGreaterThan(20);
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, `oauth:${mailbox}`)).toBeNull();
    await s.close();
  }, 30_000);
});
