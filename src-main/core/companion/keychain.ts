import {
  MQTT_ACCOUNT_PREFIX,
  mqttPasswordKey,
  OAUTH_ACCOUNT_PREFIX,
  WEBHOOK_ACCOUNT_PREFIX,
  webhookSecretKey,
  oauthRefreshTokenKey,
  passwordKey,
  smtpPasswordKey,
  SMTP_ACCOUNT_PREFIX,
  xmppPasswordKey,
  XMPP_ACCOUNT_PREFIX,
  type SecretKey,
  type SecretStore,
} from '../secrets/secret-store.js';
import type { SecretSource } from './account.js';

/** A reserved address (RFC 2606 `.invalid`): no real mailbox has it. */
const PROBE_MAILBOX = 'keychain-probe@beacon.invalid';

/**
 * The key of an account name: a mailbox for the Exchange password, `xmpp:<address>` for the IM
 * password, `oauth:<mailbox>` for the OAuth token cache, `smtp:<host>:<user>` for the relay's,
 * `webhook:<id>` for a webhook's `{{secret}}` and `mqtt:<broker url>` for the broker's (a mailbox
 * never contains ':').
 */
export function secretKeyFor(account: string): SecretKey {
  if (account.startsWith(WEBHOOK_ACCOUNT_PREFIX))
    return webhookSecretKey(account.slice(WEBHOOK_ACCOUNT_PREFIX.length));
  if (account.startsWith(MQTT_ACCOUNT_PREFIX))
    return mqttPasswordKey(account.slice(MQTT_ACCOUNT_PREFIX.length));
  if (account.startsWith(XMPP_ACCOUNT_PREFIX))
    return xmppPasswordKey(account.slice(XMPP_ACCOUNT_PREFIX.length));
  if (account.startsWith(OAUTH_ACCOUNT_PREFIX))
    return oauthRefreshTokenKey(account.slice(OAUTH_ACCOUNT_PREFIX.length));
  if (account.startsWith(SMTP_ACCOUNT_PREFIX)) {
    const rest = account.slice(SMTP_ACCOUNT_PREFIX.length);
    const colon = rest.indexOf(':');
    return smtpPasswordKey(rest.slice(0, Math.max(0, colon)), rest.slice(colon + 1));
  }
  return passwordKey(account);
}

/** The companion's view of the keychain: one password per account (see `secretKeyFor`). */
export function keychainPasswords(store: SecretStore): SecretSource {
  return {
    get: async (account) => (await store.get(secretKeyFor(account))) ?? undefined,
    set: (account, secret) => store.set(secretKeyFor(account), secret),
    delete: (account) => store.delete(secretKeyFor(account)),
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
