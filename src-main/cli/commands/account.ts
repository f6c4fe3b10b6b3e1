/**
 * `beacon signin`, `beacon signout` and `beacon account`: the window's account (settings.json
 * in the data folder, the password in the OS keychain), run through the same companion commands
 * the window sends, so both always agree. The password comes from BEACON_PASSWORD or a prompt
 * that echoes nothing, never from a flag.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Companion } from '../../core/companion/index.js';
import type { SecretSource } from '../../core/companion/account.js';
import type { CommandResult, Settings } from '../../core/contract.js';
import { parseSettingsText, SETTINGS_FILE_NAME } from '../../core/settings.js';
import { OAUTH_ACCOUNT_PREFIX } from '../../core/secrets/secret-store.js';
import { accountStrings, type AccountStrings } from '../account-strings.js';
import { autodiscoverEnv } from '../connection.js';
import { toJson, UsageError } from '../output.js';
import { readPassword } from '../password.js';
import { dataDirFrom, systemKeychain } from '../saved-account.js';
import { chooseLanguage } from '../strings.js';

type Print = (text: string) => void;

export const signinUsage =
  'beacon signin [--mailbox ADDRESS] [--url EWS_URL] [--device-code] [--data-dir DIR]';
export const signoutUsage = 'beacon signout [--data-dir DIR]';
export const accountUsage = 'beacon account [--json] [--data-dir DIR]';

async function openCompanion(dataDir: string, secrets: SecretSource): Promise<Companion> {
  const { createCompanion } = await import('../../core/companion/index.js');
  const resolved = Intl.DateTimeFormat().resolvedOptions();
  const v2 = autodiscoverEnv().v2BaseUrl;
  const scope = process.env.BEACON_OAUTH_EWS_SCOPE;
  return createCompanion({
    dataDir,
    timeZone: resolved.timeZone,
    locale: resolved.locale,
    openExternal: () => undefined,
    secrets,
    ...(v2 === undefined ? {} : { discovery: { v2BaseUrl: v2 } }),
    // The EWS scope when the authority is not Microsoft's (an ADFS, a test issuer).
    ...(scope === undefined || scope === '' ? {} : { oauthEwsScope: scope }),
  });
}

function stringsFor(settings: Settings): AccountStrings {
  return accountStrings(chooseLanguage(settings.locale, process.env));
}

function failureText(result: CommandResult, strings: AccountStrings): string {
  if (result.ok) return '';
  const reason = result.error.failure?.reason;
  return reason === undefined
    ? `${strings.generic} ${result.error.message}`
    : strings.failure[reason];
}

export async function signinCommand(argv: string[], print: Print): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      mailbox: { type: 'string' },
      url: { type: 'string' },
      'device-code': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = dataDirFrom(values['data-dir'], process.env);
  const companion = await openCompanion(dataDir, await systemKeychain());
  try {
    const settings = companion.getSnapshot().settings;
    const strings = stringsFor(settings);
    const mailbox = values.mailbox ?? settings.account.mailbox;
    if (mailbox === undefined) throw new UsageError(`${signinUsage} (no saved mailbox)`);
    if (values['device-code'])
      return await deviceCodeSignIn(companion, mailbox, values.url, strings, print);
    let ewsUrl = values.url;
    if (ewsUrl === undefined) {
      const domain = mailbox.slice(mailbox.lastIndexOf('@') + 1);
      print(strings.lookingUp(domain));
      const discovery = await companion.execute({ type: 'discover-account', mailbox });
      if (!discovery.ok) throw new Error(failureText(discovery, strings));
      const step = companion.getSnapshot().signInProgress;
      if (step?.step !== 'discovered') throw new Error(strings.generic);
      if (step.failed) throw new Error(strings.notFound(domain));
      if (step.method === 'oauth')
        throw new Error(`${strings.online} ${strings.deviceCodeUnavailable}`);
      if (step.ewsUrl === undefined) print(strings.needsPassword);
      else {
        print(strings.found(step.ewsUrl));
        ewsUrl = step.ewsUrl;
      }
    }
    const password = await readPassword(mailbox);
    const result = await companion.execute({
      type: 'sign-in',
      mailbox,
      password,
      ...(ewsUrl === undefined ? {} : { ewsUrl }),
      remember: true,
    });
    if (!result.ok) throw new Error(failureText(result, strings));
    const account = companion.getSnapshot().account;
    print(strings.signedIn(account.displayName, account.mailbox));
    print(strings.keptIn(account.passwordStorage ?? 'memory'));
    return 0;
  } finally {
    await companion.stop();
  }
}

/**
 * OAuth with a device code, through the companion's `sign-in-oauth`: the code and address are
 * printed when the core reports the device-code step; Ctrl+C cancels the sign-in.
 */
async function deviceCodeSignIn(
  companion: Companion,
  mailbox: string,
  ewsUrl: string | undefined,
  strings: AccountStrings,
  print: Print,
): Promise<number> {
  const { deviceCodeLines } = await import('../../auth/oauth/device-code-text.js');
  let shown = '';
  const unsubscribe = companion.subscribe((snapshot) => {
    const step = snapshot.signInProgress;
    if (step?.step !== 'device-code' || step.userCode === shown) return;
    shown = step.userCode;
    const lines = deviceCodeLines({
      userCode: step.userCode,
      verificationUri: step.verificationUri,
      expiresAt: new Date(step.expiresAt),
    });
    for (const line of lines) print(line);
  });
  const cancel = (): void => {
    void companion.execute({ type: 'cancel-sign-in' });
  };
  process.once('SIGINT', cancel);
  try {
    const result = await companion.execute({
      type: 'sign-in-oauth',
      mailbox,
      flow: 'device-code',
      ...(ewsUrl === undefined ? {} : { ewsUrl }),
      remember: true,
    });
    if (!result.ok)
      throw new Error(
        result.error.code === 'not-allowed' && result.error.failure === undefined
          ? strings.deviceCodeUnavailable
          : failureText(result, strings),
      );
    const account = companion.getSnapshot().account;
    print(strings.signedIn(account.displayName, account.mailbox));
    return 0;
  } finally {
    process.removeListener('SIGINT', cancel);
    unsubscribe();
  }
}

export async function signoutCommand(argv: string[], print: Print): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' } },
    strict: true,
  });
  const dataDir = dataDirFrom(values['data-dir'], process.env);
  const companion = await openCompanion(dataDir, await systemKeychain());
  try {
    const settings = companion.getSnapshot().settings;
    const strings = stringsFor(settings);
    const mailbox = settings.account.mailbox;
    if (mailbox === undefined) {
      print(strings.notSignedIn);
      return 0;
    }
    const result = await companion.execute({ type: 'sign-out' });
    print(strings.signedOut(mailbox));
    if (!result.ok) throw new Error(failureText(result, strings));
    return 0;
  } finally {
    await companion.stop();
  }
}

/** Where the account's secret is: looked up, never printed. */
async function secretPlace(
  mailbox: string,
  secrets: SecretSource,
): Promise<'keychain' | 'none' | 'unknown'> {
  try {
    return (await secrets.get(mailbox)) === undefined ? 'none' : 'keychain';
  } catch {
    return 'unknown';
  }
}

/** Reads settings.json only (never repairs it: that is the window's business). */
async function readSettings(dataDir: string): Promise<Settings | undefined> {
  try {
    const parsed = parseSettingsText(
      await readFile(path.join(dataDir, SETTINGS_FILE_NAME), 'utf8'),
    );
    return parsed.kind === 'ok' ? parsed.settings : undefined;
  } catch {
    return undefined;
  }
}

export async function accountCommand(argv: string[], print: Print): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const dataDir = dataDirFrom(values['data-dir'], process.env);
  const { SettingsSchema } = await import('../../core/contract.js');
  const { trustedCaOf } = await import('../../core/companion/trusted-ca.js');
  const settings = (await readSettings(dataDir)) ?? SettingsSchema.parse({});
  const strings = stringsFor(settings);
  const { account } = settings;
  const mailbox = account.mailbox;
  const secret =
    mailbox === undefined
      ? 'none'
      : // An OAuth account keeps its token cache under `oauth:<mailbox>`, not a password.
        await secretPlace(
          account.auth === 'oauth' ? `${OAUTH_ACCOUNT_PREFIX}${mailbox}` : mailbox,
          await systemKeychain(),
        );
  const ca = trustedCaOf(settings.trustedCaPem);
  if (values.json) {
    print(
      toJson({
        mode: mailbox !== undefined ? 'exchange' : account.demo ? 'demo' : 'signed-out',
        mailbox: mailbox ?? null,
        ewsUrl: account.ewsUrl ?? null,
        useAutodiscover: account.useAutodiscover,
        auth: account.auth ?? null,
        secret,
        trustedCa: ca,
      }),
    );
    return 0;
  }
  const l = strings.labels;
  if (mailbox === undefined) {
    print(`${l.mailbox}: ${account.demo ? strings.demo : strings.notSignedIn}`);
  } else {
    const server =
      account.ewsUrl !== undefined && !account.useAutodiscover
        ? account.ewsUrl
        : account.ewsUrl !== undefined
          ? `${account.ewsUrl} (${strings.autodiscover})`
          : strings.autodiscover;
    print(`${l.mailbox}: ${mailbox}`);
    print(`${l.server}: ${server}`);
    print(`${l.method}: ${strings.methods[account.auth ?? 'unknown']}`);
    print(`${l.secret}: ${strings.secretIn[secret]}`);
  }
  print(
    `${l.trustedCa}: ${ca === null ? strings.noCa : strings.ca(ca.subject, ca.fingerprint256)}`,
  );
  return 0;
}
