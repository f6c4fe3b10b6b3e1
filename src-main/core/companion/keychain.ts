import { passwordKey, type SecretStore } from '../secrets/index.js';
import type { SecretSource } from './account.js';

/** The companion's view of the keychain: one password per mailbox address. */
export function keychainPasswords(store: SecretStore): SecretSource {
  return {
    get: async (mailbox) => (await store.get(passwordKey(mailbox))) ?? undefined,
    set: (mailbox, secret) => store.set(passwordKey(mailbox), secret),
    delete: (mailbox) => store.delete(passwordKey(mailbox)),
  };
}
