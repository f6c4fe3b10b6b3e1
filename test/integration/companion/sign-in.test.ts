/**
 * Signing in to an Exchange account through the contract: the password goes to a REAL OS
 * keychain (gnome-keyring in a private D-Bus session), never to settings or the Snapshot.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainPasswords } from '../../../src-main/core/companion/index.js';
import { KeytarSecretStore, passwordKey } from '../../../src-main/core/secrets/index.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';
import { ALEX, started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();
let service: PrivateSecretService;
let store: KeytarSecretStore;
const savedBusAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

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

describe('sign-in and sign-out', () => {
  it('keeps the password in the keychain only, and connects to the account', async () => {
    const password = h.sim.users[0]?.password ?? '';
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    expect(test.companion.getSnapshot().account.mode).toBe('demo');

    await test.ok({ type: 'sign-in', mailbox: ALEX, password, ewsUrl: h.sim.ewsUrl });
    await test.companion.whenIdle();

    const snapshot = test.companion.getSnapshot();
    expect(snapshot.account).toMatchObject({
      mode: 'exchange',
      mailbox: ALEX,
      ewsUrl: h.sim.ewsUrl,
    });
    expect(snapshot.connection.state).toBe('online');
    expect(await store.get(passwordKey(ALEX))).toBe(password);
    const settingsText = await readFile(path.join(test.dataDir, 'settings.json'), 'utf8');
    expect(settingsText).toContain(ALEX);
    expect(settingsText).not.toContain(password);
    expect(JSON.stringify(snapshot)).not.toContain(password);

    await test.ok({ type: 'sign-out' });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot().account.mode).toBe('demo');
    expect(await store.get(passwordKey(ALEX))).toBeNull();
  });

  it('a wrong password is stored but the account asks to sign in again', async () => {
    const test = await started(await h.companion({ secrets: keychainPasswords(store) }));
    await test.ok({
      type: 'sign-in',
      mailbox: ALEX,
      password: 'not-the-password',
      ewsUrl: h.sim.ewsUrl,
    });
    await test.companion.whenIdle();
    expect(test.companion.getSnapshot().connection.state).toBe('auth-required');
    await test.ok({ type: 'sign-out' });
  });

  it('without a keychain, sign-in is refused with a typed error', async () => {
    const test = await started(await h.companion());
    const result = await test.companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: 'x',
      ewsUrl: h.sim.ewsUrl,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(test.companion.getSnapshot().account.mode).toBe('demo');
  });
});
