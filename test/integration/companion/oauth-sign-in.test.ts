/**
 * "Sign in with Microsoft" through the companion, end to end: a real OpenID Connect authority
 * (oidc-provider on a loopback port; it warns about Node 20, which it does not support
 * officially, but it serves the device flow and the token endpoint these tests need), the
 * simulator checking the JWTs against the authority's keys, and a real Secret Service
 * (gnome-keyring on a private D-Bus session) holding the token cache under `oauth:<mailbox>`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createCompanion,
  keychainPasswords,
  type Companion,
  type SecretSource,
} from '../../../src-main/core/companion/index.js';
import type { CommandResult, Snapshot } from '../../../src-main/core/contract.js';
import { KeytarSecretStore, SECRET_SERVICE_NAME } from '../../../src-main/core/secrets/index.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';
import { SimAdmin } from '../../support/sim-admin.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';

const ALEX = 'alex@beacon.test';
const ZONE = 'America/Los_Angeles';

let service: PrivateSecretService;
let authority: OidcAuthority;
let sim: RunningSimulator;
let admin: SimAdmin;
let keytar: typeof import('keytar');
const savedBusAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
const created: Companion[] = [];
let dataDir: string;

beforeAll(async () => {
  service = await startPrivateSecretService('pw');
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  keytar = await import('keytar');
  authority = await startOidcAuthority({ accessTokenSeconds: 600 });
  sim = await startSimulator({
    strict: false,
    oauth: {
      issuer: authority.issuer,
      audience: authority.audience,
      jwksUri: authority.jwksUri,
      caPem: authority.caPem,
    },
  });
  admin = new SimAdmin(sim);
}, 60_000);

afterAll(async () => {
  await admin.close();
  await sim.close();
  await authority.close();
  if (savedBusAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBusAddress;
  await service.stop();
});

beforeEach(async () => {
  await admin.reset('demo');
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-oauth-'));
});

afterEach(async () => {
  for (const c of created.splice(0)) await c.stop();
  await keytar.deletePassword(SECRET_SERVICE_NAME, `oauth:${ALEX}`);
  await rm(dataDir, { recursive: true, force: true });
});

/** The keychain the companion sees, recording every account name it reads. */
function keychain(reads: string[] = []): SecretSource {
  const inner = keychainPasswords(new KeytarSecretStore());
  return {
    ...inner,
    get: (account) => {
      reads.push(account);
      return inner.get(account);
    },
  };
}

const noBrowser = (): void => {
  throw new Error('the device flow opens no browser');
};

async function companionWith(
  secrets: SecretSource,
  openExternal: (url: string) => void = noBrowser,
): Promise<Companion> {
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: 'en-GB',
    openExternal,
    secrets,
    extraCa: authority.caPem,
    oauthEwsScope: authority.scope,
  });
  created.push(companion);
  return companion;
}

async function ok(companion: Companion, command: Parameters<Companion['execute']>[0]) {
  const result: CommandResult = await companion.execute(command);
  if (!result.ok) throw new Error(`${JSON.stringify(command)}: ${JSON.stringify(result.error)}`);
}

/** A signed-out companion that knows the test authority. */
async function readyCompanion(
  secrets: SecretSource,
  openExternal?: (url: string) => void,
): Promise<Companion> {
  const companion = await companionWith(secrets, openExternal);
  await ok(companion, {
    type: 'update-settings',
    settings: {
      account: {
        demo: false,
        oauth: { clientId: authority.clientId, authority: authority.issuer },
      },
    },
  });
  companion.start();
  await companion.whenIdle();
  return companion;
}

/** Runs a device-code sign-in; `onCode` plays the user (approves, or cancels). */
async function deviceSignIn(
  companion: Companion,
  onCode: (userCode: string) => Promise<void>,
  steps: (string | null)[] = [],
  remember = true,
): Promise<CommandResult> {
  let acted: Promise<void> = Promise.resolve();
  let seen = false;
  const unsubscribe = companion.subscribe((snapshot: Snapshot) => {
    const progress = snapshot.signInProgress;
    if (steps.at(-1) !== (progress?.step ?? null)) steps.push(progress?.step ?? null);
    if (progress?.step === 'device-code' && !seen) {
      seen = true;
      acted = onCode(progress.userCode);
    }
  });
  try {
    const result = await companion.execute({
      type: 'sign-in-oauth',
      mailbox: ALEX,
      flow: 'device-code',
      ewsUrl: sim.ewsUrl,
      remember,
    });
    await acted;
    return result;
  } finally {
    unsubscribe();
  }
}

describe('OAuth sign-in through the companion', () => {
  it('device code → signed in with OAuth, the agenda read with the token, settings remembered', async () => {
    const companion = await readyCompanion(keychain());
    const steps: (string | null)[] = [];
    const result = await deviceSignIn(
      companion,
      (code) => authority.approveDeviceCode(code, ALEX),
      steps,
    );
    expect(result.ok).toBe(true);
    await companion.whenIdle();
    const snapshot = companion.getSnapshot();
    expect(steps).toEqual([null, 'device-code', 'verifying', null]);
    expect(snapshot.account).toMatchObject({
      mode: 'exchange',
      mailbox: ALEX,
      signIn: 'signed-in',
      auth: 'oauth',
      ewsUrl: sim.ewsUrl,
    });
    expect(snapshot.settings.account).toMatchObject({
      mailbox: ALEX,
      auth: 'oauth',
      ewsUrl: sim.ewsUrl,
    });
    expect(snapshot.agenda.length).toBeGreaterThan(0);
    const calendarReads = (await admin.requests()).filter((r) => r.operation === 'FindItem');
    expect(calendarReads.length).toBeGreaterThan(0);
    expect(calendarReads.every((r) => r.status === 200 && r.user === ALEX)).toBe(true);
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, `oauth:${ALEX}`)).not.toBeNull();
  }, 60_000);

  it('the browser flow opens the authority through the shell and signs in', async () => {
    const opened: string[] = [];
    let browser: Promise<number> = Promise.resolve(0);
    const companion = await readyCompanion(keychain(), (url) => {
      opened.push(url);
      browser = (async () => {
        const back = await authority.signInInBrowser(url, ALEX);
        const res = await request(back.replace('//localhost:', '//127.0.0.1:'));
        await res.body.text();
        return res.statusCode;
      })();
    });
    const steps: (string | null)[] = [];
    const links: (string | undefined)[] = [];
    const unsubscribe = companion.subscribe((snapshot: Snapshot) => {
      const progress = snapshot.signInProgress;
      const step = progress?.step ?? null;
      if (steps.at(-1) !== step) steps.push(step);
      if (progress?.step === 'browser' && links.at(-1) !== progress.url) links.push(progress.url);
    });
    const result = await companion.execute({
      type: 'sign-in-oauth',
      mailbox: ALEX,
      flow: 'browser',
      ewsUrl: sim.ewsUrl,
      remember: true,
    });
    unsubscribe();
    expect(await browser).toBe(200);
    expect(result.ok).toBe(true);
    expect(opened).toHaveLength(1);
    expect(new URL(opened[0] ?? '').origin).toBe(authority.issuer);
    expect(steps).toEqual([null, 'browser', 'verifying', null]);
    // The browser step carries the same page for the window's link (the web shell's only way).
    expect(links).toEqual([opened[0]]);
    expect(companion.getSnapshot().account).toMatchObject({
      signIn: 'signed-in',
      auth: 'oauth',
      passwordStorage: 'keychain',
    });
  }, 60_000);

  it('a restart on the same data and keychain signs in silently, with no password lookup', async () => {
    const first = await readyCompanion(keychain());
    expect((await deviceSignIn(first, (code) => authority.approveDeviceCode(code, ALEX))).ok).toBe(
      true,
    );
    await first.stop();

    const deviceCodesBefore = authority.requests.filter((r) => r.path === '/devicecode').length;
    const reads: string[] = [];
    const second = await companionWith(keychain(reads));
    second.start();
    await second.whenIdle();
    const snapshot = second.getSnapshot();
    expect(snapshot.account).toMatchObject({ mailbox: ALEX, signIn: 'signed-in', auth: 'oauth' });
    expect(snapshot.agenda.length).toBeGreaterThan(0);
    expect(snapshot.signInProgress).toBeNull();
    // The token cache was read; no password was asked for, and no new device code.
    expect(reads).toContain(`oauth:${ALEX}`);
    expect(reads).not.toContain(ALEX);
    expect(deviceCodesBefore).toBeGreaterThan(0);
    expect(authority.requests.filter((r) => r.path === '/devicecode').length).toBe(
      deviceCodesBefore,
    );
  }, 60_000);

  it('a revoked refresh token fails the account as "sign-in-expired", with no request storm', async () => {
    const companion = await readyCompanion(keychain());
    expect(
      (await deviceSignIn(companion, (code) => authority.approveDeviceCode(code, ALEX))).ok,
    ).toBe(true);
    await companion.whenIdle();
    await authority.revokeAll();
    const refreshesBefore = authority.refreshCount();
    await admin.clearRequests();
    // Exchange stops taking the current token: one refresh is tried, and it is refused.
    await admin.inject({ operation: 'GetUserOofSettings', kind: 'unauthorized', count: 1 });
    await companion.execute({ type: 'refresh-now' });
    await companion.whenIdle();
    const failed = companion.getSnapshot().account;
    expect(failed).toMatchObject({
      mailbox: ALEX,
      signIn: 'failed',
      failure: { reason: 'sign-in-expired' },
    });
    expect(authority.refreshCount() - refreshesBefore).toBe(1);
    const requestsAfterFailure = (await admin.requests()).length;
    for (let i = 0; i < 3; i++) {
      const again = await companion.execute({ type: 'refresh-now' });
      expect(again.ok).toBe(false);
    }
    await companion.whenIdle();
    expect(authority.refreshCount() - refreshesBefore).toBe(1);
    expect((await admin.requests()).length).toBe(requestsAfterFailure);
  }, 60_000);

  it('Cancel while the device code is shown clears the step and stops the polling', async () => {
    const companion = await readyCompanion(keychain());
    const polls = (): number =>
      authority.requests.filter((r) => r.path === '/token' && r.method === 'POST').length;
    let cancelResult: CommandResult | undefined;
    const result = await deviceSignIn(companion, async () => {
      cancelResult = await companion.execute({ type: 'cancel-sign-in' });
    });
    expect(cancelResult?.ok).toBe(true);
    expect(result.ok).toBe(false);
    expect(companion.getSnapshot().signInProgress).toBeNull();
    expect(companion.getSnapshot().settings.account.mailbox).toBeUndefined();
    const after = polls();
    // MSAL polls every 5 seconds by default; none comes after the cancel.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(polls()).toBe(after);
  }, 60_000);

  it('remember=false keeps the token cache in memory only', async () => {
    const companion = await readyCompanion(keychain());
    const result = await deviceSignIn(
      companion,
      (code) => authority.approveDeviceCode(code, ALEX),
      [],
      false,
    );
    expect(result.ok).toBe(true);
    expect(companion.getSnapshot().account).toMatchObject({
      signIn: 'signed-in',
      passwordStorage: 'memory',
    });
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, `oauth:${ALEX}`)).toBeNull();
  }, 60_000);

  it('sign-out removes the token cache from the keychain', async () => {
    const companion = await readyCompanion(keychain());
    expect(
      (await deviceSignIn(companion, (code) => authority.approveDeviceCode(code, ALEX))).ok,
    ).toBe(true);
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, `oauth:${ALEX}`)).not.toBeNull();
    await ok(companion, { type: 'sign-out' });
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, `oauth:${ALEX}`)).toBeNull();
    expect(companion.getSnapshot().account.mode).toBe('signed-out');
    expect(companion.getSnapshot().settings.account.mailbox).toBeUndefined();
  }, 60_000);
});
