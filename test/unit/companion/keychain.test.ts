import { describe, expect, it } from 'vitest';
import { keychainPasswords } from '../../../src-main/core/companion/keychain.js';
import {
  keychainAccount,
  KeytarSecretStore,
  SecretStoreUnavailableError,
  type SecretStore,
} from '../../../src-main/core/secrets/index.js';

function memoryStore(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (key) => Promise.resolve(entries.get(key.mailbox) ?? null),
    set: (key, secret) => {
      entries.set(key.mailbox, secret);
      return Promise.resolve();
    },
    delete: (key) => Promise.resolve(entries.delete(key.mailbox)),
  };
}

describe('keychainPasswords', () => {
  it('keeps one password per mailbox', async () => {
    const store = memoryStore();
    const passwords = keychainPasswords(store);
    await passwords.set?.('alex@beacon.test', 'pw');
    expect(await passwords.get('alex@beacon.test')).toBe('pw');
    expect(await passwords.delete?.('alex@beacon.test')).toBe(true);
    expect(await passwords.get('alex@beacon.test')).toBeUndefined();
  });

  it('keeps a webhook secret under webhook:<id> and the broker password under mqtt:<url>', async () => {
    const seen: string[] = [];
    const store: SecretStore = {
      get: (key) => {
        seen.push(keychainAccount(key));
        return Promise.resolve(null);
      },
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(false),
    };
    const passwords = keychainPasswords(store);
    await passwords.get('webhook:door-light');
    await passwords.get('mqtt: mqtts://broker.example:8883 ');
    expect(seen).toEqual(['webhook:door-light', 'mqtt:mqtts://broker.example:8883']);
    await expect(passwords.get('webhook:Bad Id')).rejects.toThrow(/webhook id/);
    await expect(passwords.get('mqtt:mqtts://a b')).rejects.toThrow(/broker URL/);
  });

  it('the probe says whether the keychain answers, and reads no real entry', async () => {
    const store = memoryStore();
    expect(await keychainPasswords(store).probe?.()).toBe(true);
    expect([...store.entries.keys()]).toEqual([]);

    const broken: SecretStore = {
      get: () => Promise.reject(new SecretStoreUnavailableError('no-secret-service', 'no D-Bus')),
      set: () => Promise.reject(new Error('unused')),
      delete: () => Promise.reject(new Error('unused')),
    };
    expect(await keychainPasswords(broken).probe?.()).toBe(false);
  });

  it('a hung keychain is bounded by the store’s timeout', async () => {
    const hung = new KeytarSecretStore({
      timeoutMs: 50,
      loadKeytar: () => new Promise(() => undefined),
    });
    const started = Date.now();
    expect(await keychainPasswords(hung).probe?.()).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
