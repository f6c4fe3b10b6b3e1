/**
 * The secret store contract: passwords and OAuth refresh tokens live in the OS keychain, keyed
 * by mailbox, and nowhere else (not in settings, logs or snapshots).
 *
 * Keychain layout: service `beacon`; the account is the mailbox address for the password and
 * `oauth:<mailbox>` for the OAuth refresh token. A mailbox never contains ':', so the two key
 * spaces cannot collide.
 */
import { SecretStoreArgumentError } from './errors.js';

export const SECRET_SERVICE_NAME = 'beacon';
export const OAUTH_ACCOUNT_PREFIX = 'oauth:';
/** RFC 5321 caps a forward path at 256 octets; 320 leaves room for odd but real addresses. */
export const MAX_MAILBOX_LENGTH = 320;

export type SecretKind =
  | 'password'
  | 'oauth-refresh-token'
  | 'xmpp-password'
  | 'smtp-password'
  | 'webhook-secret'
  | 'mqtt-password';

/** The IM (XMPP) password: account `xmpp:<bare address>`. */
export const XMPP_ACCOUNT_PREFIX = 'xmpp:';
/** The SMTP relay password: account `smtp:<host>:<user>`. */
export const SMTP_ACCOUNT_PREFIX = 'smtp:';
/** The `{{secret}}` of one webhook: account `webhook:<hook id>`. */
export const WEBHOOK_ACCOUNT_PREFIX = 'webhook:';
/** The MQTT broker password: account `mqtt:<broker url>`. */
export const MQTT_ACCOUNT_PREFIX = 'mqtt:';

export interface SecretKey {
  readonly kind: SecretKind;
  /** The mailbox's SMTP address, as the user typed it; normalised by `keychainAccount`. */
  readonly mailbox: string;
}

export interface SecretStore {
  /** The stored secret, or null when there is none. */
  get(key: SecretKey): Promise<string | null>;
  /** Stores or replaces the secret. */
  set(key: SecretKey, secret: string): Promise<void>;
  /** Removes the secret; false when there was none. */
  delete(key: SecretKey): Promise<boolean>;
}

export function passwordKey(mailbox: string): SecretKey {
  return { kind: 'password', mailbox };
}

export function oauthRefreshTokenKey(mailbox: string): SecretKey {
  return { kind: 'oauth-refresh-token', mailbox };
}

/** The IM password of an XMPP address (a bare JID has the form of a mailbox). */
export function xmppPasswordKey(address: string): SecretKey {
  return { kind: 'xmpp-password', mailbox: address };
}

/** The relay password; `mailbox` carries `<host>:<user>` (see `normalizeRelayAccount`). */
export function smtpPasswordKey(host: string, user: string): SecretKey {
  return { kind: 'smtp-password', mailbox: `${host}:${user}` };
}

/** A webhook's secret; `mailbox` carries the hook id (`[a-z0-9-]{1,36}`). */
export function webhookSecretKey(id: string): SecretKey {
  return { kind: 'webhook-secret', mailbox: id };
}

/** The broker password; `mailbox` carries the broker URL from the settings. */
export function mqttPasswordKey(url: string): SecretKey {
  return { kind: 'mqtt-password', mailbox: url };
}

/** A hook id as the settings allow it; anything else is a programming error. */
export function normalizeWebhookId(id: string): string {
  if (!/^[a-z0-9-]{1,36}$/.test(id))
    throw new SecretStoreArgumentError(
      'A webhook id of 1 to 36 characters a-z, 0-9 and - is required.',
    );
  return id;
}

/** A broker URL, trimmed; no spaces or control characters, at most 2048 characters. */
export function normalizeBrokerUrl(url: string): string {
  const trimmed = url.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed === '' || trimmed.length > 2048 || /[\s\u0000-\u001f\u007f]/u.test(trimmed))
    throw new SecretStoreArgumentError('A broker URL without spaces is required.');
  return trimmed;
}

/** `<host>:<user>` with the host lower-cased; no spaces or control characters in either. */
export function normalizeRelayAccount(value: string): string {
  const colon = value.indexOf(':');
  const host = value.slice(0, colon).trim().toLowerCase();
  const user = value.slice(colon + 1).trim();
  // eslint-disable-next-line no-control-regex
  const bad = /[\s\u0000-\u001f\u007f]/u;
  if (
    colon <= 0 ||
    host === '' ||
    user === '' ||
    bad.test(host) ||
    bad.test(user) ||
    host.includes(':')
  ) {
    throw new SecretStoreArgumentError('A relay account of the form host:user is required.');
  }
  if (host.length + user.length + 1 > MAX_MAILBOX_LENGTH) {
    throw new SecretStoreArgumentError(
      `A relay account is at most ${MAX_MAILBOX_LENGTH} characters.`,
    );
  }
  return `${host}:${user}`;
}

/**
 * The canonical mailbox: trimmed and lower-cased, because Exchange matches SMTP addresses
 * case-insensitively and one mailbox must map to one keychain entry however it was typed.
 */
export function normalizeMailbox(mailbox: string): string {
  const normalized = mailbox.trim().toLowerCase();
  const at = normalized.indexOf('@');
  if (at <= 0 || at === normalized.length - 1) {
    throw new SecretStoreArgumentError('A mailbox address of the form name@domain is required.');
  }
  if (normalized.length > MAX_MAILBOX_LENGTH) {
    throw new SecretStoreArgumentError(
      `A mailbox address is at most ${MAX_MAILBOX_LENGTH} characters.`,
    );
  }
  // ':' is reserved for key-space prefixes; whitespace and control characters are never valid.
  // eslint-disable-next-line no-control-regex
  if (/[:\s\u0000-\u001f\u007f]/u.test(normalized)) {
    throw new SecretStoreArgumentError(
      'A mailbox address may not contain ":", spaces or control characters.',
    );
  }
  return normalized;
}

/** The keychain account name for a key (the service is always SECRET_SERVICE_NAME). */
export function keychainAccount(key: SecretKey): string {
  if (key.kind === 'smtp-password') return SMTP_ACCOUNT_PREFIX + normalizeRelayAccount(key.mailbox);
  if (key.kind === 'webhook-secret')
    return WEBHOOK_ACCOUNT_PREFIX + normalizeWebhookId(key.mailbox);
  if (key.kind === 'mqtt-password') return MQTT_ACCOUNT_PREFIX + normalizeBrokerUrl(key.mailbox);
  const mailbox = normalizeMailbox(key.mailbox);
  switch (key.kind) {
    case 'xmpp-password':
      return XMPP_ACCOUNT_PREFIX + mailbox;
    case 'password':
      return mailbox;
    case 'oauth-refresh-token':
      return OAUTH_ACCOUNT_PREFIX + mailbox;
  }
}

/**
 * Rejects secrets the keychain would store wrongly: empty (keytar refuses it; use delete) or
 * containing NUL (the native layer passes C strings and would silently truncate at the NUL).
 */
export function assertStorableSecret(secret: string): void {
  if (secret.length === 0) {
    throw new SecretStoreArgumentError(
      'An empty secret cannot be stored; delete the entry instead.',
    );
  }
  if (secret.includes('\u0000')) {
    throw new SecretStoreArgumentError('A secret may not contain the NUL character.');
  }
}
