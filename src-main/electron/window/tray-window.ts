/**
 * The tray window: frameless, created hidden at start (so it opens instantly), shown next to the
 * tray icon, hidden when it loses focus unless the user pinned it.
 */
import type { Rectangle } from 'electron';
import type { ElectronPlatform, WindowPort } from '../platform.js';
import { PUSH_CHANNELS } from '../ipc/channels.js';
import { APP_ENTRY_URL } from './app-protocol.js';
import { lockNavigation } from './navigation-guard.js';
import { displayReferencePoint, trayWindowPosition } from './positioner.js';
import { hardenedWebPreferences } from './web-preferences.js';

export const TRAY_WINDOW_SIZE = { width: 360, height: 560 } as const;

/**
 * A click on the tray icon while the window is open first blurs (and hides) the window, then
 * arrives as a click: without this grace period that click would open it again at once.
 */
export const BLUR_CLICK_GRACE_MS = 300;

/** A page that dies more than MAX_RELOADS times within RELOAD_WINDOW_MS stays down. */
export const MAX_RELOADS = 3;
export const RELOAD_WINDOW_MS = 60_000;

/** Where the window should appear: the tray icon's bounds and the click, when known. */
export interface TrayAnchor {
  trayBounds?: Rectangle;
  clickPoint?: { x: number; y: number };
}

export interface TrayWindow {
  readonly window: WindowPort;
  /** Opens the window near the anchor, or hides it when it is open. */
  toggle(anchor: TrayAnchor): void;
  show(anchor: TrayAnchor): void;
  hide(): void;
  isPinned(): boolean;
  setPinned(pinned: boolean): void;
  contentsId(): number | undefined;
  destroy(): void;
}

export interface TrayWindowDeps {
  electron: Pick<ElectronPlatform, 'createWindow' | 'screen' | 'platform' | 'nativeTheme'>;
  preloadPath: string;
  log: (line: string) => void;
  /** Default: Date.now. */
  now?: () => number;
  onPinnedChange?: (pinned: boolean) => void;
  /**
   * The window was shown or hidden (by the tray, a notice, the page's Escape, or losing focus):
   * the core's message notices and IM client state follow it. Called on changes only.
   */
  onVisibleChange?: (visible: boolean) => void;
}

export function createTrayWindow(deps: TrayWindowDeps): TrayWindow {
  const now = deps.now ?? Date.now;
  const { electron } = deps;
  const window = electron.createWindow({
    ...TRAY_WINDOW_SIZE,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'Beacon',
    backgroundColor: electron.nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#ffffff',
    webPreferences: hardenedWebPreferences(deps.preloadPath),
  });
  lockNavigation(window.webContents, deps.log);

  let pinned = false;
  let hiddenByBlurAt = Number.NEGATIVE_INFINITY;
  // Created hidden: the core starts out told nothing, which it reads as hidden.
  let reported = false;
  const report = (visible: boolean): void => {
    if (visible === reported) return;
    reported = visible;
    deps.onVisibleChange?.(visible);
  };

  window.on('blur', () => {
    if (pinned || window.isDestroyed() || !window.isVisible()) return;
    hiddenByBlurAt = now();
    window.hide();
    report(false);
  });

  const load = (): void => {
    void window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
      deps.log(`window: could not load ${APP_ENTRY_URL}: ${String(error)}`);
    });
  };
  load();
  // A crashed or killed page comes back by itself (the core and the tray never stopped), but a
  // page that keeps crashing is not reloaded in a loop: the tray menu still works.
  let reloads: number[] = [];
  window.webContents.on('render-process-gone', (_event, details) => {
    const at = now();
    reloads = [...reloads.filter((t) => at - t < RELOAD_WINDOW_MS), at];
    if (reloads.length > MAX_RELOADS) {
      deps.log(`window: page gone (${details.reason}) again; not reloading`);
      return;
    }
    deps.log(`window: page gone (${details.reason}); reloading`);
    if (!window.isDestroyed()) load();
  });

  function place(anchor: TrayAnchor): void {
    // The positioner decides which of the tray bounds, click and cursor can be trusted.
    const cursor = electron.screen.getCursorScreenPoint();
    const display = electron.screen.getDisplayNearestPoint(
      displayReferencePoint({ ...anchor, cursor }),
    );
    const position = trayWindowPosition({
      window: TRAY_WINDOW_SIZE,
      ...anchor,
      cursor,
      workArea: display.workArea,
      displayBounds: display.bounds,
      platform: electron.platform,
    });
    window.setPosition(position.x, position.y);
  }

  const controller: TrayWindow = {
    window,
    toggle(anchor) {
      if (window.isDestroyed()) return;
      if (window.isVisible()) {
        controller.hide();
        return;
      }
      if (now() - hiddenByBlurAt < BLUR_CLICK_GRACE_MS) return;
      controller.show(anchor);
    },
    show(anchor) {
      if (window.isDestroyed()) return;
      place(anchor);
      window.show();
      window.focus();
      report(true);
    },
    hide() {
      if (window.isDestroyed()) return;
      window.hide();
      report(false);
    },
    isPinned: () => pinned,
    setPinned(next) {
      if (pinned === next) return;
      pinned = next;
      if (!window.isDestroyed() && !window.webContents.isDestroyed())
        window.webContents.send(PUSH_CHANNELS.pinned, pinned);
      deps.onPinnedChange?.(pinned);
    },
    contentsId: () =>
      window.isDestroyed() || window.webContents.isDestroyed() ? undefined : window.webContents.id,
    destroy() {
      if (!window.isDestroyed()) window.destroy();
    },
  };
  return controller;
}
