import { passwordKey, type SecretStore } from '../secrets/index.js';
import type { SecretSource } from './account.js';

/** A reserved address (RFC 2606 `.invalid`): no real mailbox has it. */
const PROBE_MAILBOX = 'keychain-probe@beacon.invalid';

/** The companion's view of the keychain: one password per mailbox address. */
export function keychainPasswords(store: SecretStore): SecretSource {
  return {
    get: async (mailbox) => (await store.get(passwordKey(mailbox))) ?? undefined,
    set: (mailbox, secret) => store.set(passwordKey(mailbox), secret),
    delete: (mailbox) => store.delete(passwordKey(mailbox)),
    // A read of an entry that never exists: it answers (null) only when the keychain works, and
    // the store bounds it with its own timeout (a locked keyring must not hang the start).
    probe: async () => {
      try {
        await store.get(passwordKey(PROBE_MAILBOX));
        return true;
      } catch {
        return false;
      }
    },
  };
}
