/**
 * `beacon signin`, `account` and `signout` as a user runs them: child processes against the
 * strict simulator, the password in a REAL keychain (gnome-keyring on a private D-Bus session),
 * the account in the same settings.json the window uses. Discovery finds the simulator through
 * its Autodiscover v2 endpoint (BEACON_AUTODISCOVER_V2_URL), the password comes from
 * BEACON_PASSWORD (stdin is no terminal here).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore, passwordKey } from '../../../src-main/core/secrets/index.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';
import { jsonOf, runCli } from './support.js';

let service: PrivateSecretService;
let sim: RunningSimulator;
let dataDir: string;
let store: KeytarSecretStore;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  service = await startPrivateSecretService('pw');
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  store = new KeytarSecretStore();
  sim = await startSimulator();
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-cli-account-'));
}, 30_000);

afterAll(async () => {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  await service.stop();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DBUS_SESSION_BUS_ADDRESS: service.busAddress,
    BEACON_AUTODISCOVER_V2_URL: sim.baseUrl,
    ...extra,
  };
}

describe('beacon signin, account, signout', () => {
  it('signs in with discovery and a password, shows the account, and signs out', async () => {
    const me = sim.users[0];
    if (me === undefined) throw new Error('no user');

    const wrong = await runCli(['signin', '--mailbox', me.email, '--data-dir', dataDir], {
      env: env({ BEACON_PASSWORD: 'not the password' }),
      timeoutMs: 60_000,
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      'beacon: error: Exchange did not accept this email address and password.\n',
    );
    expect(await store.get(passwordKey(me.email))).toBeNull();

    const signin = await runCli(['signin', '--mailbox', me.email, '--data-dir', dataDir], {
      env: env({ BEACON_PASSWORD: me.password }),
      timeoutMs: 60_000,
    });
    expect(signin.code, signin.stderr).toBe(0);
    const domain = me.email.slice(me.email.indexOf('@') + 1);
    expect(signin.stdout).toBe(
      [
        `Looking up ${domain}…`,
        `Found ${sim.ewsUrl}`,
        `Signed in as ${me.displayName} (${me.email})`,
        'Your password is kept in the system keychain.',
        '',
      ].join('\n'),
    );
    // The same entry the window reads, and nothing secret in the settings.
    expect(await store.get(passwordKey(me.email))).toBe(me.password);
    const settingsText = await readFile(path.join(dataDir, 'settings.json'), 'utf8');
    expect(settingsText).not.toContain(me.password);
    expect(JSON.parse(settingsText)).toMatchObject({
      account: { mailbox: me.email, ewsUrl: sim.ewsUrl, useAutodiscover: false },
    });

    const human = await runCli(['account', '--data-dir', dataDir], { env: env() });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`Mailbox: ${me.email}\n`);
    expect(human.stdout).toContain(`Server: ${sim.ewsUrl}\n`);
    expect(human.stdout).toContain('Password/token: in the system keychain\n');
    expect(human.stdout).toContain('Trusted CA: none');
    expect(human.stdout).not.toContain(me.password);

    const korean = await runCli(['account', '--data-dir', dataDir], {
      env: env({ LANG: 'ko_KR.UTF-8' }),
    });
    expect(korean.stdout).toContain(`사서함: ${me.email}\n`);
    expect(korean.stdout).toContain('암호/토큰: 시스템 키체인에 있음\n');

    const json = await runCli(['account', '--json', '--data-dir', dataDir], { env: env() });
    expect(jsonOf(json)).toMatchObject({
      mode: 'exchange',
      mailbox: me.email,
      ewsUrl: sim.ewsUrl,
      useAutodiscover: false,
      secret: 'keychain',
      trustedCa: null,
    });

    const signout = await runCli(['signout', '--data-dir', dataDir], { env: env() });
    expect(signout.code, signout.stderr).toBe(0);
    expect(signout.stdout).toBe(`Signed out of ${me.email}.\n`);
    expect(await store.get(passwordKey(me.email))).toBeNull();
    const after = await runCli(['account', '--json', '--data-dir', dataDir], { env: env() });
    expect(jsonOf(after)).toMatchObject({ mode: 'signed-out', mailbox: null, secret: 'none' });
  }, 120_000);

  it('shows the trusted CA from the settings, and says when discovery finds nothing', async () => {
    const secure = await startSimulator({ https: true });
    const dir = await mkdtemp(path.join(tmpdir(), 'beacon-cli-ca-'));
    try {
      await writeFile(
        path.join(dir, 'settings.json'),
        JSON.stringify({ account: { demo: true }, trustedCaPem: secure.caPem }),
      );
      const json = await runCli(['account', '--json', '--data-dir', dir], { env: env() });
      expect(jsonOf(json)).toMatchObject({
        mode: 'demo',
        trustedCa: {
          subject: 'CN=localhost',
          fingerprint256: new X509Certificate(secure.caPem ?? '').fingerprint256,
        },
      });

      // Autodiscover v2 on a port nothing answers, no SRV, no such domain: the server is asked for.
      const lost = await runCli(['signin', '--mailbox', 'pat@nowhere.invalid', '--data-dir', dir], {
        env: env({ BEACON_AUTODISCOVER_V2_URL: 'http://127.0.0.1:9', BEACON_PASSWORD: 'x' }),
        timeoutMs: 90_000,
      });
      expect(lost.code).toBe(1);
      expect(lost.stdout).toBe('Looking up nowhere.invalid…\n');
      expect(lost.stderr).toBe(
        'beacon: error: No Exchange server was found for nowhere.invalid. Give it with --url.\n',
      );
    } finally {
      await secure.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
