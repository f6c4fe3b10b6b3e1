import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import type { Snapshot } from '../../core/contract.js';
import { AVAILABILITY_NAMES_EN } from '../../presence/vocabulary.js';
import { toJson } from '../output.js';

export const statusUsage = 'beacon status [--json] [--data-dir DIR]';

const LABELS = AVAILABILITY_NAMES_EN;

/**
 * "In a meeting until 15:30 — Alex Wilber (Demo mailbox)": the activity line when it already
 * names the availability, else the availability with the line after it.
 */
export function statusLine(snapshot: Snapshot): string {
  const { presence, account } = snapshot;
  const label = LABELS[presence.availability];
  const text = presence.activityText;
  let what: string;
  if (text === '') what = label;
  else if (text.toLowerCase().startsWith(label.toLowerCase())) what = text;
  else what = `${label}, ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  if (presence.idle) what += ' (inactive)';
  if (presence.oof && presence.availability !== 'out-of-office') what += ', automatic replies on';
  const who =
    account.mode === 'demo' ? `${account.displayName} (Demo mailbox)` : account.displayName;
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
    if (snapshot.connection.state !== 'online') {
      const error = snapshot.connection.error;
      throw new Error(
        error === undefined ? 'No answer from Exchange' : `${error.kind}: ${error.message}`,
      );
    }
    print(
      values.json
        ? toJson({
            presence: snapshot.presence,
            account: snapshot.account,
            connection: snapshot.connection,
          })
        : statusLine(snapshot),
    );
    return 0;
  } finally {
    await companion.stop();
  }
}
