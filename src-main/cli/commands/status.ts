import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import type { SecretSource } from '../../core/companion/account.js';
import type { Snapshot } from '../../core/contract.js';
import { activityLine } from '../human.js';
import { toJson } from '../output.js';
import { chooseLanguage, cliStrings, type CliStrings } from '../strings.js';

export const statusUsage = 'beacon status [--json] [--data-dir DIR]';

/**
 * "In a meeting until 15:30 — Alex Wilber (Demo mailbox)": the activity line when it already
 * names the availability, else the availability with the line after it. `text` is the activity
 * line in the CLI's language (the command renders it from the core's structured activity).
 */
export function statusLine(
  snapshot: Snapshot,
  strings: CliStrings = cliStrings('en'),
  text: string = snapshot.presence.activityText,
): string {
  const { presence, account } = snapshot;
  const label = strings.availability[presence.availability];
  let what: string;
  if (text === '') what = label;
  // "In a meeting until 15:30" / "15:30까지 회의 중" already say the availability.
  else if (text.toLowerCase().includes(label.toLowerCase())) what = text;
  else what = strings.withActivity(label, text);
  if (presence.idle) what += ` (${strings.inactive})`;
  if (presence.oof && presence.availability !== 'out-of-office')
    what += `, ${strings.automaticRepliesOn}`;
  const who =
    account.mode === 'demo'
      ? `${account.displayName} (${strings.demoMailbox})`
      : account.displayName;
  return `${what} — ${who}`;
}

/**
 * The window's keychain entry, unless BEACON_PASSWORD is set: as for the server commands, the
 * environment wins (a script, or a machine without a keychain). Read-only: status never stores.
 */
export function passwordFirst(fromEnv: string | undefined, keychain: SecretSource): SecretSource {
  if (fromEnv === undefined || fromEnv === '') return { get: (mailbox) => keychain.get(mailbox) };
  return { get: () => Promise.resolve(fromEnv) };
}

/** Starts the companion, waits for the first refresh, prints the resolved presence. */
export async function statusCommand(
  argv: string[],
  print: (line: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const [{ createCompanion, keychainPasswords }, { appDataDir }, { KeytarSecretStore }] =
    await Promise.all([
      import('../../core/companion/index.js'),
      import('../../core/settings.js'),
      import('../../core/secrets/index.js'),
    ]);
  const resolved = Intl.DateTimeFormat().resolvedOptions();
  const companion = await createCompanion({
    dataDir: values['data-dir'] ?? appDataDir(process.platform, process.env, homedir()),
    timeZone: resolved.timeZone,
    locale: resolved.locale,
    openExternal: () => undefined,
    secrets: passwordFirst(process.env.BEACON_PASSWORD, keychainPasswords(new KeytarSecretStore())),
  });
  try {
    companion.start();
    await companion.whenIdle();
    const snapshot = companion.getSnapshot();
    const strings = cliStrings(chooseLanguage(snapshot.settings.locale, process.env));
    if (snapshot.connection.state !== 'online') {
      const error = snapshot.connection.error;
      throw new Error(error === undefined ? strings.noAnswer : `${error.kind}: ${error.message}`);
    }
    print(
      values.json
        ? toJson({
            presence: snapshot.presence,
            account: snapshot.account,
            connection: snapshot.connection,
          })
        : statusLine(
            snapshot,
            strings,
            activityLine(snapshot.presence.activity, new Date(), strings, {
              locale: snapshot.settings.locale ?? resolved.locale,
              timeZone: resolved.timeZone,
            }),
          ),
    );
    return 0;
  } finally {
    await companion.stop();
  }
}
