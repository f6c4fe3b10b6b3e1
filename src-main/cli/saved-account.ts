/**
 * The account the window signed in with, for the CLI: the mailbox and server from
 * `settings.json` in the data folder, the password from the OS keychain (the same entry the
 * window wrote). Flags and BEACON_* variables still win; this only fills what they leave open.
 * The settings file is only read, never repaired or moved: that is the window's business.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { SecretSource } from '../core/companion/account.js';
import type { AccountSettings } from '../core/contract.js';
import { appDataDir, parseSettingsText, SETTINGS_FILE_NAME } from '../core/settings.js';

export interface SavedAccount {
  /** Absent when the window has no Exchange account (demo or signed out). */
  mailbox?: string;
  /** The EWS URL in the settings. */
  ewsUrl?: string;
  /** The window asks Autodiscover first (the URL, if any, is the fallback). */
  useAutodiscover?: boolean;
  /** The window's language setting, if any. */
  locale?: string;
  /**
   * The account settings as the window keeps them: how it signs in, the protocol chosen and
   * remembered, its OAuth authority. Absent without an Exchange account.
   */
  settings?: AccountSettings;
  /** The certificate authority the user trusted in the window, if any (PEM). */
  trustedCaPem?: string;
}

/** The data folder: `--data-dir`, else the per-user folder the window uses. */
export function dataDirFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? appDataDir(process.platform, env, homedir());
}

/** What settings.json says; nothing when it is missing or damaged (the CLI then asks flags). */
export async function readSavedAccount(dataDir: string): Promise<SavedAccount> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, SETTINGS_FILE_NAME), 'utf8');
  } catch {
    return {};
  }
  const parsed = parseSettingsText(text);
  if (parsed.kind !== 'ok') return {};
  const { account, locale, trustedCaPem } = parsed.settings;
  const saved: SavedAccount = {};
  if (account.mailbox !== undefined) {
    saved.mailbox = account.mailbox;
    saved.settings = account;
  }
  if (trustedCaPem !== undefined) saved.trustedCaPem = trustedCaPem;
  if (account.ewsUrl !== undefined) saved.ewsUrl = account.ewsUrl;
  saved.useAutodiscover = account.useAutodiscover;
  if (locale !== undefined) saved.locale = locale;
  return saved;
}

/** The real keychain, loaded only when a saved account needs its password. */
export async function systemKeychain(): Promise<SecretSource> {
  const [{ keychainPasswords }, { KeytarSecretStore }] = await Promise.all([
    import('../core/companion/keychain.js'),
    import('../core/secrets/index.js'),
  ]);
  return keychainPasswords(new KeytarSecretStore());
}
