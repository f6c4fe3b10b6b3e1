/**
 * `beacon signin --device-code` as a user runs it: a child process prints the code and the
 * address; the test enters that code at the authority over HTTP, logs in and consents (as a
 * person does in a browser), and the CLI finishes signed in with OAuth. `beacon account` then
 * says OAuth with the token in the keychain, and `beacon signout` takes the token cache out of
 * it. A real OpenID Connect authority (oidc-provider over https, its CA trusted through the
 * settings' trusted CA), the simulator checking its JWTs, and a real Secret Service
 * (gnome-keyring on a private D-Bus session).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore, oauthRefreshTokenKey } from '../../../src-main/core/secrets/index.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';
import { SimAdmin } from '../../support/sim-admin.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';
import { jsonOf, runCli, spawnCli } from './support.js';

const ALEX = 'alex@beacon.test';
/** The keychain entry `oauth:<mailbox>` that holds the token cache. */
const TOKEN_CACHE = oauthRefreshTokenKey(ALEX);

let service: PrivateSecretService;
let authority: OidcAuthority;
let sim: RunningSimulator;
let admin: SimAdmin;
let dataDir: string;
let store: KeytarSecretStore;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  service = await startPrivateSecretService('pw');
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  store = new KeytarSecretStore();
  authority = await startOidcAuthority({ accessTokenSeconds: 600 });
  sim = await startSimulator({
    strict: false,
    oauth: {
      issuer: authority.issuer,
      audience: authority.audience,
      jwksUri: authority.jwksUri,
      caPem: authority.caPem,
      basic: false,
    },
  });
  admin = new SimAdmin(sim);
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-cli-device-'));
  // The window's settings: the organisation's authority and its CA, trusted in Settings.
  await writeFile(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      account: {
        demo: false,
        oauth: { clientId: authority.clientId, authority: authority.issuer },
      },
      trustedCaPem: authority.caPem,
    }),
  );
}, 60_000);

afterAll(async () => {
  await admin.close();
  await sim.close();
  await authority.close();
  await rm(dataDir, { recursive: true, force: true });
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  await service.stop();
});

const env = (): Record<string, string> => ({
  DBUS_SESSION_BUS_ADDRESS: service.busAddress,
  BEACON_OAUTH_EWS_SCOPE: authority.scope,
});

describe('beacon signin --device-code', () => {
  it('prints the code and address, signs in once the code is entered, and signs out', async () => {
    const child = spawnCli(
      ['signin', '--device-code', '--mailbox', ALEX, '--url', sim.ewsUrl, '--data-dir', dataDir],
      { env: env() },
    );
    child.stdin?.end();
    let stdout = '';
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const code = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no device code printed; stdout: ${stdout}; stderr: ${stderr}`));
      }, 60_000);
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const found = /enter the code (\S+) \(valid for \d+ min\)/.exec(stdout)?.[1];
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    // The address to open is the authority's device page, printed as it is.
    expect(stdout).toContain(`To sign in, open ${authority.issuer}/device in a browser`);
    expect(await store.get(TOKEN_CACHE)).toBeNull();

    // The user, in a browser: the device page, the code, login, consent.
    await authority.approveDeviceCode(code, ALEX);
    expect(await exited, stderr).toBe(0);
    expect(stdout.split('\n').at(-2)).toBe(`Signed in as Alex Wilber (${ALEX})`);
    expect(stderr).toBe('');
    // Exchange was asked with the authority's token: the sign-in's first request succeeded.
    const asked = (await admin.requests()).filter((r) => r.operation !== 'Autodiscover.json');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.some((r) => r.status === 200 && r.user === ALEX)).toBe(true);
    const cache = await store.get(TOKEN_CACHE);
    expect(cache).not.toBeNull();
    expect(cache).toContain('RefreshToken');

    const account = await runCli(['account', '--data-dir', dataDir], { env: env() });
    expect(account.code, account.stderr).toBe(0);
    expect(account.stdout).toContain(`Mailbox: ${ALEX}\n`);
    expect(account.stdout).toContain('Microsoft (OAuth)');
    expect(account.stdout).toContain('in the system keychain');
    // Never the secret: no token appears in what it printed.
    expect(account.stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    const json = jsonOf(await runCli(['account', '--json', '--data-dir', dataDir], { env: env() }));
    expect(json).toMatchObject({
      mailbox: ALEX,
      auth: 'oauth',
      secret: 'keychain',
      ewsUrl: sim.ewsUrl,
    });

    // The server commands with no flags and no secret: the window's OAuth sign-in, restored
    // silently from the keychain's token cache, over the protocol the window chose (EWS here:
    // the authority is not Entra ID and nothing says Exchange Online).
    await admin.clearRequests();
    const listed = await runCli(['voicemail', 'list', '--json', '--data-dir', dataDir], {
      env: env(),
    });
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const seeded = await admin.voicemail(ALEX);
    expect(seeded.length).toBeGreaterThan(0);
    expect((jsonOf(listed) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(
      seeded.map((m) => m.id),
    );
    const served = await admin.requests();
    expect(served.some((r) => r.status === 200 && r.user === ALEX)).toBe(true);
    expect(served.filter((r) => r.operation.startsWith('Graph '))).toEqual([]);

    const signout = await runCli(['signout', '--data-dir', dataDir], { env: env() });
    expect(signout.code, signout.stderr).toBe(0);
    expect(signout.stdout).toBe(`Signed out of ${ALEX}.\n`);
    expect(await store.get(TOKEN_CACHE)).toBeNull();
    const after = jsonOf(
      await runCli(['account', '--json', '--data-dir', dataDir], { env: env() }),
    );
    expect(after).toMatchObject({ mode: 'signed-out', mailbox: null, secret: 'none' });
    // Signed out, the server commands have no account to use and say so.
    const none = await runCli(['voicemail', 'list', '--data-dir', dataDir], { env: env() });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Say who you are');
  }, 120_000);
});
