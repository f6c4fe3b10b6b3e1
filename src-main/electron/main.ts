/**
 * Beacon's Electron entry: one instance per user, the app protocol, then the shell (core + tray +
 * tray window). A second launch shows the window of the first. Quitting stops the core first so
 * nothing in flight is lost.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { app, protocol } from 'electron';
import { appDataDir } from '../core/settings.js';
import { createFileLog } from './log-file.js';
import {
  autostartDesktopEntry,
  autostartExecPath,
  autostartFilePath,
} from './os/autostart-entry.js';
import { realPlatform } from './real-platform.js';
import { startShell, type Shell } from './shell.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from './window/app-protocol.js';

export const APP_USER_MODEL_ID = 'com.beacon.companion';
/** Passed by the autostart entry: start in the tray without opening the window. */
const HIDDEN_FLAG = '--hidden';

const here = import.meta.dirname;
const dataDir = appDataDir(process.platform, process.env, homedir());
const log = createFileLog(path.join(dataDir, 'logs'));

// Chromium's own files (caches, local storage) live inside Beacon's data folder too.
app.setPath('userData', path.join(dataDir, 'chromium'));
app.setAppLogsPath(path.join(dataDir, 'logs'));
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let shell: Shell | undefined;
  let stopped = false;

  // A stray rejection in a tray app is logged, not shown in a dialog or allowed to end it.
  process.on('unhandledRejection', (reason) => {
    log(
      `unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
    );
  });
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  if (process.platform === 'darwin') app.dock?.hide();

  app.on('second-instance', () => {
    shell?.showWindow();
  });
  // A tray app keeps running with its window closed.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (stopped || shell === undefined) return;
    event.preventDefault();
    void shell.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  void app
    .whenReady()
    .then(async () => {
      const appPath = app.getAppPath();
      const resolved = Intl.DateTimeFormat().resolvedOptions();
      const execPath = autostartExecPath(process.env, process.execPath);
      shell = await startShell({
        electron: realPlatform(),
        dataDir,
        log,
        timeZone: resolved.timeZone,
        locale: app.getLocale() || resolved.locale,
        paths: {
          preload: path.join(here, '../preload/preload.cjs'),
          rendererDir: path.join(here, '../renderer'),
          trayIconsDir: path.join(appPath, 'assets', 'tray'),
          appIcon: path.join(appPath, 'assets', 'icon.png'),
        },
        autostartEntry: {
          filePath: autostartFilePath(process.env, homedir()),
          content: autostartDesktopEntry({
            execPath,
            // Unpackaged, the Electron binary needs the app folder to know what to run.
            args: app.isPackaged ? [HIDDEN_FLAG] : [appPath, HIDDEN_FLAG],
            name: 'Beacon',
            comment: 'Presence and calendar companion for Microsoft Exchange',
            icon: path.join(appPath, 'assets', 'icon.png'),
          }),
        },
      });
      log('started');
      // The desktop smoke test reads the tray model through this; nothing else may.
      if (process.env.BEACON_E2E_HOOKS === '1')
        (globalThis as { beaconShell?: Shell }).beaconShell = shell;
      if (!process.argv.includes(HIDDEN_FLAG)) shell.showWindow();
    })
    .catch((error: unknown) => {
      log(
        `start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      console.error(
        `Beacon could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      app.exit(1);
    });
}
