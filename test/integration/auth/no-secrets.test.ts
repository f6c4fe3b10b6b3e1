/**
 * No secret anywhere but the keychain. One companion, with a data folder and a log file (the
 * shells' kind: every command's outcome, every connection change, the core's own lines), runs a
 * full OAuth session (device code, refreshes, tokens renewed on the way and after Exchange
 * refused one, sign-out) and a full NTLM session (password sign-in over https with channel
 * binding, refreshes, a new handshake on a new connection, sign-out). Then every file in the data
 * folder, the log, every Snapshot published and process.env are searched for every access
 * token and refresh token the authority issued, the password and its NT hash (hex): none may
 * appear. The tokens are read from the keychain's token cache as the session goes, so each
 * renewed one is searched for too.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ntHash } from '../../../src-main/auth/ntlm/keys.js';
import {
  createCompanion,
  keychainPasswords,
  type Companion,
} from '../../../src-main/core/companion/index.js';
import type { Command, Snapshot } from '../../../src-main/core/contract.js';
import { createFileLog } from '../../../src-main/core/log-file.js';
import { KeytarSecretStore, SECRET_SERVICE_NAME } from '../../../src-main/core/secrets/index.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { logConnection, loggedApi } from '../../../src-main/web/web-log.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';
import { SimAdmin } from '../../support/sim-admin.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';

const ALEX = 'alex@beacon.test';

let service: PrivateSecretService;
let authority: OidcAuthority;
let oauthSim: RunningSimulator;
let ntlmSim: RunningSimulator;
let keytar: typeof import('keytar');
let dataDir: string;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  service = await startPrivateSecretService('pw');
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  keytar = await import('keytar');
  authority = await startOidcAuthority({ accessTokenSeconds: 600 });
  [oauthSim, ntlmSim] = await Promise.all([
    startSimulator({
      strict: false,
      oauth: {
        issuer: authority.issuer,
        audience: authority.audience,
        jwksUri: authority.jwksUri,
        caPem: authority.caPem,
        basic: false,
      },
    }),
    startSimulator({ https: true, strict: false, ntlm: { channelBinding: true } }),
  ]);
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-no-secrets-'));
}, 60_000);

afterAll(async () => {
  await oauthSim.close();
  await ntlmSim.close();
  await authority.close();
  await keytar.deletePassword(SECRET_SERVICE_NAME, `oauth:${ALEX}`);
  await rm(dataDir, { recursive: true, force: true });
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  await service.stop();
});

/** Every token secret in the keychain's token cache (MSAL's JSON) right now. */
async function tokensInCache(): Promise<string[]> {
  const cache = await keytar.getPassword(SECRET_SERVICE_NAME, `oauth:${ALEX}`);
  if (cache === null) return [];
  const parsed = JSON.parse(cache) as Record<string, Record<string, { secret?: string }>>;
  return ['AccessToken', 'RefreshToken']
    .flatMap((kind) => Object.values(parsed[kind] ?? {}))
    .map((entry) => entry.secret ?? '')
    .filter((secret) => secret.length >= 16);
}

/** Every file under `dir`, as text (binary files as latin1, which keeps every byte). */
async function filesUnder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), (await readFile(file)).toString('latin1'));
  }
  return files;
}

describe('no secret outside the keychain', () => {
  it('an OAuth session and an NTLM session leave no token, password or hash in files, log, Snapshots or env', async () => {
    const companion: Companion = await createCompanion({
      dataDir,
      // The product waits a second before decoding voicemail peaks; whenIdle would sit it out.
      voicemailPeaksDelayMs: 0,
      timeZone: 'America/Los_Angeles',
      locale: 'en-GB',
      openExternal: () => {
        throw new Error('the device flow opens no browser');
      },
      secrets: keychainPasswords(new KeytarSecretStore()),
      extraCa: `${authority.caPem}\n${ntlmSim.caPem ?? ''}`,
      oauthEwsScope: authority.scope,
      log: (line) => {
        log(`core: ${line}`);
      },
    });
    const log = createFileLog(path.join(dataDir, 'logs'), undefined, { fileName: 'beacon.log' });
    const api = loggedApi(companion, log);
    const stopLogging = logConnection(api, log);
    const snapshots: string[] = [];
    const unsubscribe = api.subscribe((snapshot: Snapshot) => {
      snapshots.push(JSON.stringify(snapshot));
    });
    const tokens = new Set<string>();
    const noteTokens = async (): Promise<void> => {
      for (const token of await tokensInCache()) tokens.add(token);
    };
    const run = async (command: Command): Promise<void> => {
      const result = await api.execute(command);
      if (!result.ok)
        throw new Error(
          `${command.type} (${snapshots.length} snapshots, ${authority.refreshCount()} refreshes): ${JSON.stringify(result.error)}`,
        );
      await companion.whenIdle();
    };
    const oauthAdmin = new SimAdmin(oauthSim);
    const ntlmAdmin = new SimAdmin(ntlmSim);
    try {
      companion.start();
      await companion.whenIdle();

      // OAuth: device code, refreshes with renewal, a refused token renewed, sign-out.
      await run({
        type: 'update-settings',
        settings: {
          account: {
            demo: false,
            oauth: { clientId: authority.clientId, authority: authority.issuer },
          },
        },
      });
      let approval: Promise<void> = Promise.resolve();
      const watch = companion.subscribe((snapshot) => {
        const step = snapshot.signInProgress;
        if (step?.step === 'device-code' && !tokens.has(`code:${step.userCode}`)) {
          tokens.add(`code:${step.userCode}`);
          approval = authority.approveDeviceCode(step.userCode, ALEX);
        }
      });
      await run({
        type: 'sign-in-oauth',
        mailbox: ALEX,
        flow: 'device-code',
        ewsUrl: oauthSim.ewsUrl,
        remember: true,
      });
      await approval;
      watch();
      expect(companion.getSnapshot().account).toMatchObject({ signIn: 'signed-in', auth: 'oauth' });
      await noteTokens();
      const refreshesBefore = authority.refreshCount();
      await run({ type: 'refresh-now' });
      await noteTokens();
      await oauthAdmin.inject({ operation: 'GetUserOofSettings', kind: 'unauthorized', count: 1 });
      await run({ type: 'refresh-now' });
      await noteTokens();
      expect(companion.getSnapshot().account.signIn).toBe('signed-in');
      // Tokens were renewed on the way (refresh grants), and each new one was noted.
      expect(authority.refreshCount()).toBeGreaterThan(refreshesBefore);
      const accessTokens = [...tokens].filter((t) => t.startsWith('eyJ'));
      expect(accessTokens.length).toBeGreaterThanOrEqual(2);
      expect(
        [...tokens].filter((t) => !t.startsWith('eyJ') && !t.startsWith('code:')).length,
      ).toBeGreaterThanOrEqual(1);
      await run({ type: 'sign-out' });
      expect(await tokensInCache()).toEqual([]);

      // NTLM: a password sign-in over https, refreshes, a new handshake, sign-out.
      const password = ntlmSim.users[0]?.password ?? '';
      const acceptedBefore = ntlmSim.ntlm?.accepted ?? 0;
      await run({
        type: 'sign-in',
        mailbox: ALEX,
        password,
        ewsUrl: ntlmSim.ewsUrl,
        remember: true,
      });
      expect(companion.getSnapshot().account).toMatchObject({ signIn: 'signed-in', auth: 'ntlm' });
      await run({ type: 'refresh-now' });
      // The server drops the connection: the next one is authenticated with a new handshake.
      await ntlmAdmin.inject({ operation: 'GetUserOofSettings', kind: 'reset', count: 1 });
      await api.execute({ type: 'refresh-now' });
      await companion.whenIdle();
      await run({ type: 'refresh-now' });
      expect(companion.getSnapshot().account.signIn).toBe('signed-in');
      expect((ntlmSim.ntlm?.accepted ?? 0) - acceptedBefore).toBeGreaterThanOrEqual(2);
      await run({ type: 'sign-out' });
      expect(companion.getSnapshot().account.mode).toBe('signed-out');

      const secrets = new Map<string, string>([
        ['the password', password],
        ['the NT hash', ntHash(password).toString('hex')],
        ['the NT hash (upper case)', ntHash(password).toString('hex').toUpperCase()],
      ]);
      for (const token of tokens)
        if (!token.startsWith('code:')) secrets.set(`token ${token.slice(0, 12)}…`, token);

      stopLogging();
      unsubscribe();
      await companion.stop();

      const files = await filesUnder(dataDir);
      // The data folder and the log hold what a session leaves: settings, caches, the log.
      expect([...files.keys()]).toContain('settings.json');
      expect([...files.keys()]).toContain(path.join('logs', 'beacon.log'));
      expect(files.get(path.join('logs', 'beacon.log'))).toContain('command sign-in-oauth: ok');
      expect(files.get(path.join('logs', 'beacon.log'))).toContain('command sign-in: ok');
      expect(snapshots.length).toBeGreaterThan(10);

      const places = new Map<string, string>([
        ...[...files].map(([name, text]): [string, string] => [`file ${name}`, text]),
        ...snapshots.map((text, i): [string, string] => [`Snapshot ${i}`, text]),
        ['process.env', JSON.stringify(process.env)],
      ]);
      const found: string[] = [];
      for (const [place, text] of places)
        for (const [what, secret] of secrets)
          if (text.includes(secret)) found.push(`${what} in ${place}`);
      expect(found).toEqual([]);
    } finally {
      await oauthAdmin.close();
      await ntlmAdmin.close();
      await companion.stop();
    }
  }, 180_000);
});
