/**
 * KeytarSecretStore against a real Secret Service: gnome-keyring in a private D-Bus session
 * started by this file. keytar is loaded lazily by the store, after the bus address is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  KeytarSecretStore,
  keytarApiOf,
  type KeytarApi,
} from '../../../src-main/core/secrets/keytar-store.js';
import {
  SecretStoreArgumentError,
  SecretStoreUnavailableError,
} from '../../../src-main/core/secrets/errors.js';
import {
  SECRET_SERVICE_NAME,
  oauthRefreshTokenKey,
  passwordKey,
} from '../../../src-main/core/secrets/secret-store.js';
import { startPrivateSecretService, type PrivateSecretService } from './private-secret-service.js';
import type { ProbeRequest, ProbeResult } from './store-probe-child.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const probeChild = join(here, 'store-probe-child.ts');

let service: PrivateSecretService;
let store: KeytarSecretStore;
/** keytar itself, to check where the store puts things. */
let keytar: KeytarApi;
const savedBusAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  service = await startPrivateSecretService('pw');
  // Before keytar is first loaded: libsecret connects to this bus once per process.
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  store = new KeytarSecretStore();
  const api = keytarApiOf(await import('keytar'));
  if (!api) throw new Error('keytar did not load');
  keytar = api;
});

afterAll(async () => {
  if (savedBusAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBusAddress;
  await service.stop();
});

/** A secret no other test uses, so a leak is attributable. */
function uniqueSecret(label: string): string {
  return `${label}-${randomBytes(12).toString('hex')}`;
}

describe('KeytarSecretStore on a real Secret Service', () => {
  it('stores, reads and deletes a password', async () => {
    const key = passwordKey('roundtrip@contoso.com');
    const secret = uniqueSecret('pw');
    expect(await store.get(key)).toBeNull();
    await store.set(key, secret);
    expect(await store.get(key)).toBe(secret);
    expect(await store.delete(key)).toBe(true);
    expect(await store.get(key)).toBeNull();
  });

  it('keeps the keychain layout: service beacon, account = mailbox, oauth:<mailbox> for tokens', async () => {
    const mailbox = 'layout@contoso.com';
    const password = uniqueSecret('pw');
    const token = uniqueSecret('rt');
    await store.set(passwordKey(mailbox), password);
    await store.set(oauthRefreshTokenKey(mailbox), token);

    expect(await keytar.getPassword(SECRET_SERVICE_NAME, mailbox)).toBe(password);
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, `oauth:${mailbox}`)).toBe(token);
    expect(await store.get(passwordKey(mailbox))).toBe(password);
    expect(await store.get(oauthRefreshTokenKey(mailbox))).toBe(token);

    // The two key spaces are independent.
    expect(await store.delete(oauthRefreshTokenKey(mailbox))).toBe(true);
    expect(await store.get(oauthRefreshTokenKey(mailbox))).toBeNull();
    expect(await store.get(passwordKey(mailbox))).toBe(password);
    expect(await store.delete(passwordKey(mailbox))).toBe(true);
  });

  it('keeps accounts apart', async () => {
    const alice = passwordKey('alice@contoso.com');
    const bob = passwordKey('bob@contoso.com');
    const aliceSecret = uniqueSecret('alice');
    await store.set(alice, aliceSecret);
    expect(await store.get(bob)).toBeNull();
    expect(await store.delete(bob)).toBe(false);

    const bobSecret = uniqueSecret('bob');
    await store.set(bob, bobSecret);
    expect(await store.get(alice)).toBe(aliceSecret);
    expect(await store.get(bob)).toBe(bobSecret);
    expect(await store.delete(alice)).toBe(true);
    expect(await store.get(bob)).toBe(bobSecret);
    expect(await store.delete(bob)).toBe(true);
  });

  it('maps differently typed forms of one mailbox to one entry', async () => {
    const secret = uniqueSecret('case');
    await store.set(passwordKey('  Carol.Smith@Contoso.COM '), secret);
    expect(await store.get(passwordKey('carol.smith@contoso.com'))).toBe(secret);
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, 'carol.smith@contoso.com')).toBe(secret);
    expect(await store.delete(passwordKey('CAROL.SMITH@contoso.com'))).toBe(true);
  });

  it('round-trips unicode and long secrets exactly', async () => {
    const key = passwordKey('unicode@contoso.com');
    const secrets = [
      'pässwörd ✓ 비밀번호 パスワード 🔑👩‍💻',
      'e\u0301 vs \u00e9, RTL \u202e and tab\tand newline\n',
      `"quotes' <xml>&amp; \\backslash`,
      randomBytes(48 * 1024).toString('base64'), // ~64 KiB, longer than any real token
    ];
    for (const secret of secrets) {
      await store.set(key, secret);
      const read = await store.get(key);
      expect(read?.length).toBe(secret.length);
      expect(read).toBe(secret);
    }
    expect(await store.delete(key)).toBe(true);
  });

  it('answers false when deleting an entry that does not exist', async () => {
    expect(await store.delete(passwordKey('never-stored@contoso.com'))).toBe(false);
    const key = passwordKey('twice@contoso.com');
    await store.set(key, uniqueSecret('twice'));
    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
  });

  it('overwrites a secret in place, leaving one entry', async () => {
    const mailbox = 'overwrite@contoso.com';
    const key = passwordKey(mailbox);
    await store.set(key, uniqueSecret('old'));
    const newer = uniqueSecret('new');
    await store.set(key, newer);
    expect(await store.get(key)).toBe(newer);
    const keytarFull = (await import('keytar')).default;
    const entries = (await keytarFull.findCredentials(SECRET_SERVICE_NAME)).filter(
      (entry) => entry.account === mailbox,
    );
    expect(entries).toEqual([{ account: mailbox, password: newer }]);
    expect(await store.delete(key)).toBe(true);
  });

  it('refuses unusable arguments without touching the keychain', async () => {
    const key = passwordKey('args@contoso.com');
    await expect(store.set(key, '')).rejects.toBeInstanceOf(SecretStoreArgumentError);
    await expect(store.set(key, 'before\u0000after')).rejects.toThrow(/NUL/);
    await expect(store.get(passwordKey('not-an-address'))).rejects.toBeInstanceOf(
      SecretStoreArgumentError,
    );
    await expect(store.set(passwordKey('oauth:x@contoso.com'), 'x')).rejects.toThrow(/":"/);
    expect(await store.get(key)).toBeNull();
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, 'oauth:x@contoso.com')).toBeNull();
  });

  it('does not write the secret in plain text anywhere under the test HOME', async () => {
    const loginKeyring = join(service.keyringDir, 'login.keyring');
    const before = await fileDigest(loginKeyring);
    const canary = uniqueSecret('plaintext-canary');
    await store.set(passwordKey('canary@contoso.com'), canary);

    // The secret did reach the disk-backed keyring (its file changed), so the search is meaningful.
    expect(await fileDigest(loginKeyring)).not.toBe(before);
    const files = [
      ...(await regularFiles(service.home)),
      ...(await regularFiles(service.runtimeDir)),
    ];
    expect(files).toContain(loginKeyring);
    const needles = [Buffer.from(canary, 'utf8'), Buffer.from(canary, 'utf16le')];
    const leaking: string[] = [];
    for (const file of files) {
      const content = await readFile(file);
      if (needles.some((needle) => content.includes(needle))) leaking.push(file);
    }
    expect(leaking).toEqual([]);
    expect(await store.delete(passwordKey('canary@contoso.com'))).toBe(true);
  });
});

describe('KeytarSecretStore without a usable keychain', () => {
  it('reports an unreachable session bus as SecretStoreUnavailableError, fast and without the secret', async () => {
    const secret = uniqueSecret('no-bus-secret');
    const result = await runProbe(
      { operation: 'set', mailbox: 'nobus@contoso.com', secret, timeoutMs: 5_000 },
      { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(service.runtimeDir, 'no-such-bus')}` },
    );
    expect(result.outcome).toBe('error');
    if (result.outcome !== 'error') return;
    expect(result.name).toBe('SecretStoreUnavailableError');
    expect(result.reason).toBe('no-secret-service');
    expect(result.message).toMatch(/^The OS keychain is unavailable for storing the password: /);
    expect(result.message).toMatch(/Could not connect/);
    expect(result.elapsedMs).toBeLessThan(5_000);
    for (const rendering of result.renderings) expect(rendering).not.toContain(secret);
  });

  it('reports a missing D-Bus session ("Cannot autolaunch D-Bus") as SecretStoreUnavailableError', async () => {
    const result = await runProbe(
      { operation: 'get', mailbox: 'nodbus@contoso.com', secret: '', timeoutMs: 5_000 },
      {},
    );
    expect(result.outcome).toBe('error');
    if (result.outcome !== 'error') return;
    expect(result.name).toBe('SecretStoreUnavailableError');
    expect(result.reason).toBe('no-secret-service');
    expect(result.message).toMatch(/autolaunch D-Bus/);
    expect(result.elapsedMs).toBeLessThan(5_000);
  });

  describe('with a second keyring that is locked, then hung', () => {
    let other: PrivateSecretService;
    beforeAll(async () => {
      other = await startPrivateSecretService('pw');
      // Restarted without --unlock, the login keyring exists but is locked, and no unlock
      // prompt can appear on this machine.
      await other.restartKeyring(null);
    });
    afterAll(async () => {
      await other.stop();
    });

    it('reports a locked keyring as "locked" when storing; reading finds nothing', async () => {
      const secret = uniqueSecret('locked-secret');
      const env = { DBUS_SESSION_BUS_ADDRESS: other.busAddress };
      const stored = await runProbe(
        { operation: 'set', mailbox: 'locked@contoso.com', secret, timeoutMs: 5_000 },
        env,
      );
      expect(stored.outcome).toBe('error');
      if (stored.outcome !== 'error') return;
      expect(stored.name).toBe('SecretStoreUnavailableError');
      expect(stored.reason).toBe('locked');
      expect(stored.message).toMatch(
        /keyring is locked.*\(Cannot create an item in a locked collection\)/,
      );
      for (const rendering of stored.renderings) expect(rendering).not.toContain(secret);

      // libsecret answers a lookup in a locked keyring with "nothing": the store cannot tell
      // this from a missing password (documented limitation).
      const read = await runProbe(
        { operation: 'get', mailbox: 'locked@contoso.com', secret: '', timeoutMs: 5_000 },
        env,
      );
      expect(read).toMatchObject({ outcome: 'ok', value: null });
    });

    it('gives up on a keychain that does not answer after the timeout instead of hanging', async () => {
      other.freezeKeyring();
      try {
        const secret = uniqueSecret('hung-secret');
        const timeoutMs = 1_500;
        const result = await runProbe(
          { operation: 'set', mailbox: 'hung@contoso.com', secret, timeoutMs },
          { DBUS_SESSION_BUS_ADDRESS: other.busAddress },
        );
        expect(result.outcome).toBe('error');
        if (result.outcome !== 'error') return;
        expect(result.name).toBe('SecretStoreUnavailableError');
        expect(result.reason).toBe('timeout');
        expect(result.message).toMatch(/did not answer in time .*\(no answer within 1500 ms\)$/);
        expect(result.elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 5);
        expect(result.elapsedMs).toBeLessThan(timeoutMs + 1_500);
        for (const rendering of result.renderings) expect(rendering).not.toContain(secret);
      } finally {
        other.thawKeyring();
      }
    });
  });

  it('reports a native module that cannot be loaded as SecretStoreUnavailableError', async () => {
    const missing = 'beacon-test-no-such-native-module';
    const noModule = new KeytarSecretStore({ loadKeytar: () => import(missing) });
    const secret = uniqueSecret('no-module-secret');
    const error = await noModule.set(passwordKey('nomodule@contoso.com'), secret).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SecretStoreUnavailableError);
    expect((error as SecretStoreUnavailableError).reason).toBe('module-unavailable');
    expect((error as Error).message).toMatch(
      /native keytar module could not be loaded.*beacon-test-no-such-native-module/,
    );
    expect(String(error)).not.toContain(secret);
    // The failure is remembered: later calls fail the same way without retrying the load.
    await expect(noModule.get(passwordKey('nomodule@contoso.com'))).rejects.toMatchObject({
      reason: 'module-unavailable',
    });

    const wrongModule = new KeytarSecretStore({ loadKeytar: () => import('node:path') });
    await expect(wrongModule.get(passwordKey('x@contoso.com'))).rejects.toMatchObject({
      name: 'SecretStoreUnavailableError',
      reason: 'module-unavailable',
      message: expect.stringMatching(/no keytar API/) as unknown,
    });
  });
});

/**
 * Runs store-probe-child.ts in a fresh Node process with only the given environment and returns
 * the result line it prints. The child is then killed: after a timed-out call its exit would
 * wait for the blocked native thread (libuv joins its thread pool on exit).
 */
function runProbe(request: ProbeRequest, env: Record<string, string>): Promise<ProbeResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', probeChild], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: service.home,
      BEACON_SECRET_PROBE: JSON.stringify(request),
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise<ProbeResult>((resolvePromise, reject) => {
    const deadline = setTimeout(() => {
      reject(new Error(`probe printed no result within 15 s; stderr: ${stderr}`));
    }, 15_000);
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      clearTimeout(deadline);
      try {
        resolvePromise(JSON.parse(stdout.slice(0, end)) as ProbeResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(
        new Error(`probe exited (code ${code ?? 'none'}) without a result; stderr: ${stderr}`),
      );
    });
  }).finally(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

async function regularFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function fileDigest(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}
