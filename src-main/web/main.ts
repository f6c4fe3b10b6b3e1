/**
 * `npm run web -- [--port N] [--data-dir DIR] [--new-token]`: the companion (demo mailbox unless
 * an account is configured) behind the web shell, for machines without a display or without
 * Electron. Prints the URL with its token; Ctrl-C or SIGTERM stops both.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCompanion, keychainPasswords } from '../core/companion/index.js';
import { startWakeWatch } from '../core/live/wake-watch.js';
import { KeytarSecretStore } from '../core/secrets/index.js';
import { appDataDir } from '../core/settings.js';
import { idleChanged } from '../electron/os/idle-threshold.js';
import type { IdleInput } from '../presence/index.js';
import { PageActivity } from './page-activity.js';
import { PageOpener } from './page-opener.js';
import { PageVisibility } from './page-visibility.js';
import { createNoticeFeed } from '../core/notices/notice-feed.js';
import { systemSchedulerClock } from '../core/scheduler.js';
import { readLastPort, writeLastPort } from './last-port.js';
import { PortInUseError, startWebShell, type WebShell } from './server.js';
import { loadOrCreateToken } from './token-file.js';
import { createFileLog } from '../core/log-file.js';
import { cookieNameFor } from './security.js';
import { logConnection, loggedApi } from './web-log.js';

/** How often idle time is looked at between reports: an idle page sends nothing. */
const IDLE_CHECK_MS = 5_000;

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new Error(`--port must be a number from 0 to 65535, not "${value}"`);
  return Number(value);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'new-token': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = values.port === undefined ? undefined : parsePort(values.port);
  const dataDir = values['data-dir'] ?? appDataDir(process.platform, process.env, homedir());
  const token = await loadOrCreateToken(dataDir, { rotate: values['new-token'] });
  // The desktop app's kind of log, in this data folder; the token is blanked should it ever appear.
  const log = createFileLog(path.join(dataDir, 'logs'), undefined, {
    fileName: 'web.log',
    secrets: () => [token],
  });
  process.on('unhandledRejection', (reason) => {
    log(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
  });
  const resolved = Intl.DateTimeFormat().resolvedOptions();

  const opener = new PageOpener();
  // The pages' activity is the idle time here (approximate: a browser sees only its own tabs).
  let lastIdle: IdleInput | undefined;
  const checkIdle = (): void => {
    const next = pages.idle();
    if (idleChanged(lastIdle, next, companion.getSnapshot().settings.presence))
      companion.notifyIdleChanged();
    lastIdle = next;
  };
  const pages = new PageActivity(Date.now, () => {
    checkIdle();
  });

  const companion = await createCompanion({
    dataDir,
    timeZone: resolved.timeZone,
    locale: resolved.locale,
    // Join opens in a new tab of the page that asked; without one (no page is running the
    // command), printing the link is the honest answer in a terminal.
    openExternal: (url) => {
      if (!opener.open(url)) console.log(`open ${url}`);
    },
    idle: () => pages.idle(),
    // Passwords live in the OS keychain (keytar loads only when an account needs it).
    secrets: keychainPasswords(new KeytarSecretStore()),
  });
  // Reminders, new voicemail and IM notices go to the pages connected when they happen.
  const notices = createNoticeFeed({ api: companion, clock: systemSchedulerClock, log });
  const visibility = new PageVisibility((visible) => {
    companion.setWindowVisible(visible);
  });
  const listen = (on: number): Promise<WebShell> =>
    startWebShell({
      api: loggedApi(companion, log),
      port: on,
      // One cookie per data folder: two shells in one browser keep their own tokens.
      cookieName: cookieNameFor(path.resolve(dataDir)),
      log,
      token,
      opener,
      pages,
      visibility,
      notices,
      viewer: { timeZone: resolved.timeZone, locale: resolved.locale },
      voicemailAudio: companion.voicemailAudio,
    });
  let shell: WebShell;
  try {
    if (port !== undefined) shell = await listen(port);
    else {
      // Last run's port first, so a page left open finds the shell again; any port if it is taken.
      const last = await readLastPort(dataDir);
      try {
        shell = await listen(last ?? 0);
      } catch (error) {
        if (!(error instanceof PortInUseError) || last === undefined) throw error;
        shell = await listen(0);
      }
    }
  } catch (error) {
    await companion.stop();
    throw error;
  }
  await writeLastPort(dataDir, shell.port).catch(() => undefined);
  const stopConnectionLog = logConnection(companion, log);
  log(`started on port ${String(shell.port)}`);
  companion.start();
  notices.start();
  const idleTimer = setInterval(checkIdle, IDLE_CHECK_MS);
  // No OS events here: a sleep or a network coming back is noticed by the core's own watch.
  const stopWakeWatch = startWakeWatch({
    wake: (reason) => {
      companion.wake(reason);
    },
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    clearInterval(idleTimer);
    stopWakeWatch();
    notices.stop();
    stopConnectionLog();
    log('stopped');
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
