/**
 * `npm run web -- [--port N] [--data-dir DIR]`: the companion (demo mailbox unless an account is
 * configured) behind the web shell, for machines without a display or without Electron.
 * Prints the URL with its token; Ctrl-C or SIGTERM stops both.
 */
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { createCompanion, keychainPasswords } from '../core/companion/index.js';
import { KeytarSecretStore } from '../core/secrets/index.js';
import { appDataDir } from '../core/settings.js';
import { startWebShell } from './server.js';

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new Error(`--port must be a number from 0 to 65535, not "${value}"`);
  return Number(value);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const port = parsePort(values.port);
  const resolved = Intl.DateTimeFormat().resolvedOptions();
  const companion = await createCompanion({
    dataDir: values['data-dir'] ?? appDataDir(process.platform, process.env, homedir()),
    timeZone: resolved.timeZone,
    locale: resolved.locale,
    // The Electron shell brings the real opener; in a terminal, saying so is the honest answer.
    openExternal: (url) => {
      console.log(`open ${url}`);
    },
    // Passwords live in the OS keychain (keytar loads only when an account needs it).
    secrets: keychainPasswords(new KeytarSecretStore()),
  });
  companion.start();
  const shell = await startWebShell({ api: companion, port });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([shell.close(), companion.stop()]).then(() => {
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  console.log(`Beacon is running at ${shell.url}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
