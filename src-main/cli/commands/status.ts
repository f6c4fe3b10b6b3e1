import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import type { Snapshot } from '../../core/contract.js';
import { toJson } from '../output.js';
import { chooseLanguage, cliStrings, type CliStrings } from '../strings.js';

export const statusUsage = 'beacon status [--json] [--data-dir DIR]';

/**
 * "In a meeting until 15:30 — Alex Wilber (Demo mailbox)": the activity line when it already
 * names the availability, else the availability with the line after it. The activity line comes
 * from the core, already in the user's language, zone and locale.
 */
export function statusLine(snapshot: Snapshot, strings: CliStrings = cliStrings('en')): string {
  const { presence, account } = snapshot;
  const label = strings.availability[presence.availability];
  const text = presence.activityText;
  let what: string;
  if (text === '') what = label;
  else if (text.toLowerCase().startsWith(label.toLowerCase())) what = text;
  else what = `${label}, ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  if (presence.idle) what += ` (${strings.inactive})`;
  if (presence.oof && presence.availability !== 'out-of-office')
    what += `, ${strings.automaticRepliesOn}`;
  const who =
    account.mode === 'demo'
      ? `${account.displayName} (${strings.demoMailbox})`
      : account.displayName;
  return `${what} — ${who}`;
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
    secrets: keychainPasswords(new KeytarSecretStore()),
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
        : statusLine(snapshot, strings),
    );
    return 0;
  } finally {
    await companion.stop();
  }
}
