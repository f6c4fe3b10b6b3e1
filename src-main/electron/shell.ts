/**
 * The Electron shell's composition: the core (Companion) with the OS adapters, the tray, the tray
 * window and IPC. Written against the ElectronPlatform ports, so it runs against a typed fake in
 * tests; `main.ts` hands it the real Electron.
 */
import {
  createCompanion,
  keychainPasswords,
  type Companion,
  type CompanionDeps,
} from '../core/companion/index.js';
import type { Snapshot } from '../core/contract.js';
import { createReminderService, noticeText } from '../core/reminders/index.js';
import { createVoicemailAlertService } from '../voicemail/alerts/alert-service.js';
import { systemSchedulerClock, type SchedulerClock } from '../core/scheduler.js';
import { KeytarSecretStore } from '../core/secrets/index.js';
import { DEFAULT_SETTINGS } from '../core/settings.js';
import { registerIpcHandlers, pushOpenView, pushSnapshots } from './ipc/ipc-handlers.js';
import type { Log } from './log-file.js';
import { createAutostart, type Autostart } from './os/autostart.js';
import { vetExternalUrl } from './os/external-url.js';
import { createIdleMonitor } from './os/idle-monitor.js';
import { createNetworkMonitor } from './os/network-monitor.js';
import { createNotifier } from './os/notifier.js';
import type { ElectronPlatform } from './platform.js';
import { createTrayService, type TrayView } from './tray/tray-service.js';
import type { TrayAction } from './tray/tray-model.js';
import { APP_ORIGIN, APP_SCHEME, serveAppRequest } from './window/app-protocol.js';
import { createTrayWindow } from './window/tray-window.js';

export interface ShellPaths {
  preload: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The tray renditions (assets/tray). */
  trayIconsDir: string;
  /** The app icon for notifications, where the platform wants one. */
  appIcon?: string;
}

export interface ShellDeps {
  electron: ElectronPlatform;
  dataDir: string;
  paths: ShellPaths;
  timeZone: string;
  locale: string;
  log: Log;
  /** The Linux autostart file and its content. */
  autostartEntry: { filePath: string; content: string };
  /** Default: the system clock. */
  clock?: SchedulerClock;
  /** Overrides for the core's edges (tests: the demo mailbox, secrets). */
  companion?: Partial<
    Pick<CompanionDeps, 'startDemoMailbox' | 'secrets' | 'extraCa' | 'voicemailPeaksDelayMs'>
  >;
}

export interface Shell {
  readonly companion: Companion;
  showWindow(): void;
  /** What the tray shows now. */
  trayView(): TrayView | undefined;
  /** Stops the core (timers, connections), then tears the tray and window down. */
  stop(): Promise<void>;
}

export async function startShell(deps: ShellDeps): Promise<Shell> {
  const { electron, log } = deps;
  const clock = deps.clock ?? systemSchedulerClock;

  // Nothing the page asks for (camera, notifications, clipboard…) is granted: it needs none.
  electron.session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`permission refused: ${permission}`);
    callback(false);
  });
  electron.session.setPermissionCheckHandler(() => false);
  // Voicemail audio comes from the core once it exists (until then every key is unknown).
  electron.protocol.handle(APP_SCHEME, (request) =>
    serveAppRequest(request, deps.paths.rendererDir, () => coreRef.current?.voicemailAudio),
  );

  // The idle monitor exists before the core (the core reads idle through it) and reads the
  // core's thresholds back once it exists.
  const coreRef: { current?: Companion } = {};
  const idle = createIdleMonitor({
    powerMonitor: electron.powerMonitor,
    clock,
    thresholds: () => (coreRef.current?.getSnapshot().settings ?? DEFAULT_SETTINGS).presence,
    onIdleChanged: () => coreRef.current?.notifyIdleChanged(),
    onResume: () => coreRef.current?.notifyResume(),
    onUnlock: () => coreRef.current?.notifyUnlock(),
  });

  const openExternal = async (url: string): Promise<void> => {
    const vetted = vetExternalUrl(url);
    if (vetted === null) {
      log('open refused: not an allowed link');
      return;
    }
    // Reviewed (electronegativity OPEN_EXTERNAL): only https, msteams:, sip: and tel: get here.
    await electron.shell.openExternal(vetted);
  };

  /** Cached voicemail audio in the system's player (the core passes only its own cache files). */
  const openPath = async (file: string): Promise<void> => {
    const failure = await electron.shell.openPath(file);
    if (failure !== '') log(`open audio failed: ${failure}`);
  };

  const core = await createCompanion({
    dataDir: deps.dataDir,
    timeZone: deps.timeZone,
    locale: deps.locale,
    openExternal,
    openPath,
    clock,
    idle: () => idle.current(),
    secrets: deps.companion?.secrets ?? keychainPasswords(new KeytarSecretStore()),
    ...(deps.companion?.startDemoMailbox === undefined
      ? {}
      : { startDemoMailbox: deps.companion.startDemoMailbox }),
    ...(deps.companion?.extraCa === undefined ? {} : { extraCa: deps.companion.extraCa }),
    ...(deps.companion?.voicemailPeaksDelayMs === undefined
      ? {}
      : { voicemailPeaksDelayMs: deps.companion.voicemailPeaksDelayMs }),
  });
  coreRef.current = core;

  const network = createNetworkMonitor({
    net: electron.net,
    clock,
    onBack: () => {
      core.notifyNetworkBack();
    },
  });

  const autostart: Autostart | undefined = createAutostart({
    platform: electron.platform,
    app: electron.app,
    linux: deps.autostartEntry,
  });
  let autostartOn: boolean | undefined = undefined;

  const window = createTrayWindow({
    electron,
    preloadPath: deps.paths.preload,
    log,
    onPinnedChange: () => {
      redrawTray();
    },
    onVisibleChange: (visible) => {
      core.setWindowVisible(visible);
    },
  });

  const tray = createTrayService({
    electron,
    iconsDir: deps.paths.trayIconsDir,
    onAction: (action) => {
      void runTrayAction(action);
    },
    onClick: (anchor) => {
      window.toggle(anchor);
    },
  });

  function redrawTray(snapshot: Snapshot = core.getSnapshot()): void {
    tray.update(snapshot, {
      pinned: window.isPinned(),
      autostart: autostart === undefined ? undefined : (autostartOn ?? false),
      systemLocale: deps.locale,
      timeZone: deps.timeZone,
      now: new Date(clock.now()),
    });
  }

  function showWindow(): void {
    const bounds = tray.bounds();
    window.show(bounds === undefined ? {} : { trayBounds: bounds });
  }

  async function runTrayAction(action: TrayAction): Promise<void> {
    switch (action.kind) {
      case 'command': {
        const result = await core.execute(action.command);
        if (!result.ok) log(`tray: ${action.command.type} failed: ${result.error.message}`);
        // Electron flips a clicked check item by itself; when the Snapshot did not change (the
        // status was already set, or the command failed) the menu must be put right again.
        redrawTray();
        return;
      }
      case 'open-window':
        showWindow();
        return;
      case 'toggle-pin':
        window.setPinned(!window.isPinned());
        return;
      case 'toggle-autostart':
        if (autostart === undefined) return;
        try {
          await autostart.setEnabled(!(autostartOn ?? false));
          autostartOn = await autostart.isEnabled();
        } catch (error) {
          log(`autostart: ${String(error)}`);
        }
        redrawTray();
        return;
      case 'quit':
        electron.app.quit();
        return;
    }
  }

  const disposeIpc = registerIpcHandlers({
    ipcMain: electron.ipcMain,
    api: core,
    appOrigin: APP_ORIGIN,
    windowContentsId: () => window.contentsId(),
    onWindowRequest: (request) => {
      if (request.action === 'hide') window.hide();
      else window.setPinned(request.pinned);
      return window.isPinned();
    },
    log,
  });
  const stopPush = pushSnapshots(core, window.window.webContents);
  let loggedState = core.getSnapshot().connection.state;
  const stopTray = core.subscribe((snapshot) => {
    redrawTray(snapshot);
    // The log tells support what happened to the connection; errors never carry credentials.
    const { state, error } = snapshot.connection;
    if (state !== loggedState) {
      log(
        `connection: ${loggedState} → ${state}${error ? ` (${error.kind}: ${error.message})` : ''}`,
      );
      loggedState = state;
    }
  });
  electron.nativeTheme.on('updated', () => {
    tray.refresh();
  });

  const notifier = createNotifier({
    electron,
    text: (notice) =>
      noticeText(notice, {
        locale: core.getSnapshot().settings.locale ?? deps.locale,
        timeZone: deps.timeZone,
      }),
    onOpen: showWindow,
    onJoin: (itemId) => {
      void core.execute({ type: 'open-join-link', itemId }).then((result) => {
        if (!result.ok) log(`join failed: ${result.error.message}`);
      });
    },
    onPlayVoicemail: (id) => {
      showWindow();
      void core.execute({ type: 'prepare-voicemail-audio', id }).then((result) => {
        if (!result.ok) log(`voicemail audio failed: ${result.error.message}`);
      });
    },
    onOpenView: (view) => {
      pushOpenView(window.window.webContents, view);
    },
    ...(deps.paths.appIcon === undefined ? {} : { iconPath: deps.paths.appIcon }),
  });
  const reminders = createReminderService({
    api: core,
    clock,
    notify: (notice) => {
      notifier.show(notice);
    },
  });
  const voicemailAlerts = createVoicemailAlertService({
    api: core,
    notify: (notice) => {
      notifier.show(notice);
    },
  });

  // IM notices (a contact became available, messages); a message shown in the open window is
  // not also a notification.
  const stopImNotices = core.onNotice((notice) => {
    const shown = !window.window.isDestroyed() && window.window.isVisible();
    if (notice.kind === 'message' && shown) return;
    notifier.show(notice);
  });

  redrawTray();
  core.start();
  idle.start();
  network.start();
  reminders.start();
  voicemailAlerts.start();
  if (autostart !== undefined) {
    void autostart.isEnabled().then(
      (on) => {
        autostartOn = on;
        redrawTray();
      },
      (error: unknown) => {
        log(`autostart: ${String(error)}`);
      },
    );
  }

  let stopping: Promise<void> | undefined;
  return {
    companion: core,
    showWindow,
    trayView: () => tray.current(),
    stop() {
      stopping ??= (async () => {
        reminders.stop();
        voicemailAlerts.stop();
        stopImNotices();
        idle.stop();
        network.stop();
        stopTray();
        stopPush();
        disposeIpc();
        notifier.closeAll();
        await core.stop();
        tray.destroy();
        window.destroy();
      })();
      return stopping;
    },
  };
}
