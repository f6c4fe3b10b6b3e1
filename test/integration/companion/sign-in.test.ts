/**
 * Signing in to an Exchange account through the contract, against the strict simulator: the
 * Snapshot says "signing in" with presence Offline until Exchange accepted the password, failures
 * come back as typed reasons, refused credentials are never sent again, and the password goes to
 * a REAL OS keychain (gnome-keyring in a private D-Bus session) or, without one, stays in memory.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainPasswords, type SecretSource } from '../../../src-main/core/companion/index.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import {
  KeytarSecretStore,
  SecretStoreUnavailableError,
  passwordKey,
  type SecretStore,
} from '../../../src-main/core/secrets/index.js';
import { startSimulator } from '../../../src-main/sim/index.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';
import { ALEX, NOW, started, useCompanionHarness, type TestCompanion } from './support.js';

const h = useCompanionHarness();
let service: PrivateSecretService;
let store: KeytarSecretStore;
const savedBusAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
const HOUR = 3_600_000;

beforeAll(async () => {
  service = await startPrivateSecretService('pw');
  // libsecret connects to the session bus named here when keytar first loads.
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  store = new KeytarSecretStore();
}, 30_000);

afterAll(async () => {
  if (savedBusAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBusAddress;
  await service.stop();
});

function password(): string {
  return h.sim.users[0]?.password ?? '';
}

function displayName(): string {
  return h.sim.users[0]?.displayName ?? '';
}

/** A keychain whose every call fails as on a machine without a Secret Service (no D-Bus). */
function noSecretService(): SecretSource {
  const fail = (): Promise<never> =>
    Promise.reject(
      new SecretStoreUnavailableError('no-secret-service', 'No Secret Service on the session bus'),
    );
  const broken: SecretStore = { get: fail, set: fail, delete: fail };
  return keychainPasswords(broken);
}

/** Records every Snapshot from now on. */
function record(test: TestCompanion): Snapshot[] {
  const seen: Snapshot[] = [];
  test.companion.subscribe((s) => seen.push(s));
  return seen;
}

async function settingsText(test: TestCompanion): Promise<string | undefined> {
  try {
    return await readFile(path.join(test.dataDir, 'settings.json'), 'utf8');
  } catch {
    return undefined;
  }
}

/** An http URL on a loopback port nobody listens on. */
async function closedPortUrl(): Promise<{ url: string; host: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  const host = `127.0.0.1:${address.port}`;
  return { url: `http://${host}/EWS/Exchange.asmx`, host };
}

/** The companion's EWS requests for ALEX in the simulator's log. */
async function alexRequests(): Promise<number> {
  return (await h.admin.requests()).filter((r) => r.operation !== 'Unknown').length;
}

describe('sign-in that tells the truth', () => {
  it('signs in only after Exchange accepted the password; the keychain keeps it', async () => {
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    expect(test.companion.getSnapshot().account.mode).toBe('demo');
    expect(test.companion.getSnapshot().keychain).toBe('available');
    const seen = record(test);

    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();

    // At once: the new account, signing in, Offline, nothing of the demo on screen.
    expect(seen[0]).toMatchObject({
      account: { mode: 'exchange', mailbox: ALEX, displayName: ALEX, signIn: 'signing-in' },
      presence: { availability: 'offline', source: 'signed-out' },
      agenda: [],
      oof: null,
      timeline: null,
      connection: { state: 'connecting' },
    });
    const beforeAccepted = seen.filter((s) => s.account.signIn === 'signing-in');
    expect(beforeAccepted.every((s) => s.presence.availability === 'offline')).toBe(true);

    const snapshot = test.companion.getSnapshot();
    expect(snapshot.account).toMatchObject({
      mode: 'exchange',
      mailbox: ALEX,
      displayName: displayName(),
      ewsUrl: h.sim.ewsUrl,
      signIn: 'signed-in',
      passwordStorage: 'keychain',
    });
    expect(snapshot.account.failure).toBeUndefined();
    expect(displayName()).not.toBe(ALEX);
    expect(snapshot.connection.state).toBe('online');
    expect(snapshot.presence.availability).not.toBe('offline');
    expect(await store.get(passwordKey(ALEX))).toBe(password());
    const text = await settingsText(test);
    expect(text).toContain(ALEX);
    expect(text).not.toContain(password());
    expect(JSON.stringify(snapshot)).not.toContain(password());
    await test.ok({ type: 'sign-out' });
  });

  it('a wrong password fails the sign-in, changes nothing on disk and is never resent', async () => {
    await store.set(passwordKey(ALEX), password());
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    const settingsBefore = await settingsText(test);
    await h.admin.clearRequests();

    const result = await test.companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: 'not-the-password',
      ewsUrl: h.sim.ewsUrl,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'auth-required', failure: { reason: 'wrong-password' } },
    });
    await test.companion.whenIdle();
    const snapshot = test.companion.getSnapshot();
    expect(snapshot.account).toMatchObject({
      mode: 'exchange',
      mailbox: ALEX,
      signIn: 'failed',
      failure: { reason: 'wrong-password' },
    });
    expect(snapshot.presence.availability).toBe('offline');
    expect(snapshot.agenda).toEqual([]);
    // Not saved: the settings file and the stored (good) password are as they were.
    expect(await settingsText(test)).toBe(settingsBefore);
    expect(await store.get(passwordKey(ALEX))).toBe(password());
    expect(await alexRequests()).toBe(1);

    // Refresh and time passing send nothing: Exchange refused these credentials.
    expect(await test.companion.execute({ type: 'refresh-now' })).toMatchObject({
      ok: false,
      error: { code: 'auth-required', failure: { reason: 'wrong-password' } },
    });
    await test.companion.refreshNow();
    test.companion.notifyNetworkBack();
    await test.advanceTo(NOW.getTime() + 2 * HOUR);
    expect(await test.companion.execute({ type: 'turn-oof-off' })).toMatchObject({
      ok: false,
      error: { code: 'auth-required' },
    });
    expect(await alexRequests()).toBe(1);
    expect(test.companion.getSnapshot().account.signIn).toBe('failed');

    // A new sign-in is the one way to try again, and the re-typed password works at once.
    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot()).toMatchObject({
      account: { signIn: 'signed-in', displayName: displayName() },
      connection: { state: 'online' },
    });
    await test.ok({ type: 'sign-out' });
  });

  it('a refresh of the old account still in flight cannot bring it back over a sign-in', async () => {
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    // The demo's next refresh is slow: its answers arrive while the sign-in runs.
    await h.admin.inject({ operation: 'FindItem', kind: 'delay', delayMs: 400 });
    const slow = test.companion.refreshNow();
    const seen = record(test);
    const result = await test.companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: 'not-the-password',
      ewsUrl: h.sim.ewsUrl,
    });
    await slow;
    await test.companion.whenIdle();
    expect(result).toMatchObject({ ok: false, error: { failure: { reason: 'wrong-password' } } });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.account.mode === 'exchange')).toBe(true);
    expect(seen.every((s) => s.presence.availability === 'offline')).toBe(true);
    expect(test.companion.getSnapshot()).toMatchObject({
      account: { signIn: 'failed', failure: { reason: 'wrong-password' } },
      agenda: [],
    });
  });

  it('a re-typed password replaces the stored one once verified and is used at once', async () => {
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();
    await test.companion.stop();

    // The password went stale in the keychain (say, changed on the server in the meantime).
    await store.set(passwordKey(ALEX), 'an-old-password');
    const again = await started(
      await h.companion({ secrets: keychainPasswords(store), dataDir: test.dataDir }),
    );
    expect(again.companion.getSnapshot()).toMatchObject({
      account: {
        mode: 'exchange',
        signIn: 'failed',
        failure: { reason: 'wrong-password' },
      },
      presence: { availability: 'offline' },
      connection: { state: 'auth-required', failure: { reason: 'wrong-password' } },
    });
    await h.admin.clearRequests();
    await again.advanceTo(NOW.getTime() + HOUR);
    expect(await again.companion.execute({ type: 'refresh-now' })).toMatchObject({
      ok: false,
      error: { failure: { reason: 'wrong-password' } },
    });
    expect(await alexRequests()).toBe(0);

    await again.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await again.companion.whenIdle();
    expect(await store.get(passwordKey(ALEX))).toBe(password());
    expect(again.companion.getSnapshot()).toMatchObject({
      account: { signIn: 'signed-in', passwordStorage: 'keychain' },
      connection: { state: 'online' },
    });
    await again.ok({ type: 'sign-out' });
  });

  it('names the host that could not be reached', async () => {
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    const closed = await closedPortUrl();
    const result = await test.companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: password(),
      ewsUrl: closed.url,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { failure: { reason: 'unreachable', host: closed.host } },
    });
    expect(test.companion.getSnapshot()).toMatchObject({
      account: { signIn: 'failed', failure: { reason: 'unreachable', host: closed.host } },
      presence: { availability: 'offline' },
    });
    expect(await store.get(passwordKey(ALEX))).toBeNull();
    // Time passing changes nothing: the footer keeps saying which host failed.
    await test.advanceTo(NOW.getTime() + HOUR);
    expect(test.companion.getSnapshot().connection).toMatchObject({
      state: 'offline',
      failure: { reason: 'unreachable', host: closed.host },
    });
  });

  it('says when the server certificate is not trusted', async () => {
    const secure = await startSimulator({ now: () => NOW, https: true });
    try {
      const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
      const host = new URL(secure.ewsUrl).host;
      const result = await test.companion.execute({
        type: 'sign-in',
        mailbox: ALEX,
        password: password(),
        ewsUrl: secure.ewsUrl,
      });
      expect(result).toMatchObject({
        ok: false,
        error: { failure: { reason: 'tls-untrusted', host } },
      });
      expect(test.companion.getSnapshot().account).toMatchObject({
        signIn: 'failed',
        failure: { reason: 'tls-untrusted', host },
      });
    } finally {
      await secure.close();
    }
  });

  it('says when the tenant blocks EWS, with the policy, and does not resend', async () => {
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    await h.admin.inject({ operation: '*', kind: 'ews-blocked' });
    await h.admin.clearRequests();
    const result = await test.companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: password(),
      ewsUrl: h.sim.ewsUrl,
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'auth-required',
        failure: { reason: 'ews-blocked', policy: 'EwsBlockedByApplicationPolicy' },
      },
    });
    expect(test.companion.getSnapshot().account.failure).toEqual({
      reason: 'ews-blocked',
      policy: 'EwsBlockedByApplicationPolicy',
    });
    await test.companion.execute({ type: 'refresh-now' });
    await test.advanceTo(NOW.getTime() + HOUR);
    const log = await h.admin.requests();
    expect(log.map((r) => [r.status, r.fault])).toEqual([[403, 'ews-blocked']]);
  });

  it('without a Secret Service sign-in works and keeps the password in memory', async () => {
    const test = await started(await h.companion({ secrets: noSecretService() }));
    expect(test.companion.getSnapshot().keychain).toBe('unavailable');
    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot()).toMatchObject({
      account: { signIn: 'signed-in', passwordStorage: 'memory', displayName: displayName() },
      keychain: 'unavailable',
      connection: { state: 'online' },
    });
    expect(await settingsText(test)).not.toContain(password());

    // The password in memory serves every later refresh of this run.
    await h.admin.clearRequests();
    await test.ok({ type: 'refresh-now' });
    expect(await alexRequests()).toBeGreaterThan(0);
    expect(test.companion.getSnapshot().connection.state).toBe('online');
  });

  it('without "Remember my password" the keychain keeps nothing, not even an older password', async () => {
    await store.set(passwordKey(ALEX), 'an-old-password');
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    await test.ok({
      type: 'sign-in',
      mailbox: ALEX,
      password: password(),
      ewsUrl: h.sim.ewsUrl,
      remember: false,
    });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot()).toMatchObject({
      account: { signIn: 'signed-in', passwordStorage: 'memory' },
      keychain: 'available',
      connection: { state: 'online' },
    });
    expect(await store.get(passwordKey(ALEX))).toBeNull();
    await test.ok({ type: 'refresh-now' });
    await test.ok({ type: 'sign-out' });
  });

  it('without any secret source sign-in still works for this run', async () => {
    const test = await started(await h.companion());
    expect(test.companion.getSnapshot().keychain).toBe('unavailable');
    await test.ok({
      type: 'sign-in',
      mailbox: ALEX,
      password: password(),
      ewsUrl: h.sim.ewsUrl,
      remember: true,
    });
    expect(test.companion.getSnapshot().account).toMatchObject({
      signIn: 'signed-in',
      passwordStorage: 'memory',
    });
  });

  it('when ResolveNames fails on the server, a read of the OOF settings proves the password', async () => {
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    await h.admin.inject({ operation: 'ResolveNames', kind: 'soap-fault' });
    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot().account).toMatchObject({
      signIn: 'signed-in',
      displayName: ALEX,
    });
    await test.ok({ type: 'sign-out' });
  });

  it('at start the cached account shows stale while the network is down, still signing in', async () => {
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();
    const agenda = test.companion.getSnapshot().agenda;
    expect(agenda.length).toBeGreaterThan(0);
    await test.companion.stop();

    await h.admin.inject({ operation: '*', kind: 'reset', count: 50 });
    const again = await started(
      await h.companion({ secrets: keychainPasswords(store), dataDir: test.dataDir }),
    );
    const s = again.companion.getSnapshot();
    expect(s.account).toMatchObject({ mode: 'exchange', signIn: 'signing-in' });
    expect(s.account.failure).toBeUndefined();
    expect(s.agenda).toEqual(agenda);
    expect(s.connection).toMatchObject({ state: 'offline', failure: { reason: 'unreachable' } });
    await h.admin.clearFaults();

    // The network is back: the first answer signs in.
    await again.ok({ type: 'refresh-now' });
    expect(again.companion.getSnapshot()).toMatchObject({
      account: { signIn: 'signed-in', displayName: displayName() },
      connection: { state: 'online' },
    });
    await again.ok({ type: 'sign-out' });
  });

  it('sign-out leaves a signed-out state; use-demo brings the demo back', async () => {
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();

    await test.ok({ type: 'sign-out' });
    await test.companion.whenIdle();
    const out = test.companion.getSnapshot();
    expect(out.account).toMatchObject({ mode: 'signed-out', signIn: 'signed-out' });
    expect(out.presence.availability).toBe('offline');
    expect(out.agenda).toEqual([]);
    expect(out.settings.account).toMatchObject({ demo: false });
    expect(out.settings.account.mailbox).toBeUndefined();
    expect(await store.get(passwordKey(ALEX))).toBeNull();
    expect(JSON.parse((await settingsText(test)) ?? '{}')).toMatchObject({
      account: { demo: false },
    });

    // Nothing refreshes, and the demo does not start behind the user's back.
    await h.admin.clearRequests();
    await test.companion.execute({ type: 'refresh-now' });
    await test.advanceTo(NOW.getTime() + HOUR);
    expect(await alexRequests()).toBe(0);
    expect(test.companion.getSnapshot().account.mode).toBe('signed-out');

    // A restart stays signed out.
    await test.companion.stop();
    const again = await started(
      await h.companion({ secrets: keychainPasswords(store), dataDir: test.dataDir }),
    );
    expect(again.companion.getSnapshot().account.mode).toBe('signed-out');
    expect(await alexRequests()).toBe(0);

    await again.ok({ type: 'use-demo' });
    await again.companion.whenIdle();
    expect(again.companion.getSnapshot()).toMatchObject({
      account: { mode: 'demo', signIn: 'signed-in' },
      connection: { state: 'online' },
    });
  });
});

/** The real keychain, except that it refuses every delete as a locked keyring does. */
function refusingDeletes(): SecretSource {
  const locked: SecretStore = {
    get: (key) => store.get(key),
    set: (key, secret) => store.set(key, secret),
    delete: () =>
      Promise.reject(new SecretStoreUnavailableError('locked', 'The keyring is locked')),
  };
  return keychainPasswords(locked);
}

async function expectSignedOut(test: TestCompanion): Promise<void> {
  await test.companion.whenIdle();
  const out = test.companion.getSnapshot();
  expect(out.account).toMatchObject({ mode: 'signed-out', signIn: 'signed-out' });
  expect(out.presence.availability).toBe('offline');
  expect(out.settings.account.mailbox).toBeUndefined();
  expect(JSON.parse((await settingsText(test)) ?? '{}')).not.toHaveProperty('account.mailbox');
}

describe('sign-out and the keychain', () => {
  it('without a Secret Service, sign-out forgets the password in memory and succeeds', async () => {
    const test = await started(await h.companion({ secrets: noSecretService() }));
    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot().account.passwordStorage).toBe('memory');

    await test.ok({ type: 'sign-out' });
    await expectSignedOut(test);

    // The password in memory is gone: the same account needs it typed again.
    await test.ok({ type: 'update-settings', settings: { account: { mailbox: ALEX } } });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot().account.signIn).not.toBe('signed-in');
  });

  it('without any secret source, sign-out succeeds', async () => {
    const test = await started(await h.companion());
    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.ok({ type: 'sign-out' });
    await expectSignedOut(test);
  });

  it('a keychain that was never used for the password may refuse the delete: still no failure', async () => {
    const test = await started(await h.companion({ secrets: refusingDeletes() }));
    expect(test.companion.getSnapshot().keychain).toBe('available');
    await test.ok({
      type: 'sign-in',
      mailbox: ALEX,
      password: password(),
      ewsUrl: h.sim.ewsUrl,
      remember: false,
    });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot().account.passwordStorage).toBe('memory');
    await test.ok({ type: 'sign-out' });
    await expectSignedOut(test);
  });

  it('a keychain that holds the password and refuses the delete is reported, signed out all the same', async () => {
    const test = await started(await h.companion({ secrets: refusingDeletes() }));
    await test.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot().account.passwordStorage).toBe('keychain');

    const result = await test.companion.execute({ type: 'sign-out' });
    expect(result).toMatchObject({
      ok: false,
      error: { failure: { reason: 'keychain-unavailable' } },
    });
    await expectSignedOut(test);
    // Nothing of the refused delete leaks into the message but the keychain's own words.
    expect(JSON.stringify(result)).not.toContain(password());
    await store.delete(passwordKey(ALEX));
  });
});
