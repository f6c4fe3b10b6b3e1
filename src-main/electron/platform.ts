/**
 * The few Electron APIs the shell calls, as narrow ports. Methods are `Pick`ed from Electron's own
 * declarations; event subscriptions name just the events the shell listens to, with Electron's
 * listener types. `real-platform.ts` assigns the real Electron objects to these ports (so a port
 * that drifts from Electron stops compiling there) and the test fake is checked against the same
 * ports with `satisfies`.
 */
import type * as Electron from 'electron';

/** Electron's emitters return `this`; the shell never chains, so a port's `on` returns unknown. */
type On<Event extends string, Listener> = (event: Event, listener: Listener) => unknown;

export type TrayPort = Pick<
  Electron.Tray,
  'setImage' | 'setToolTip' | 'getBounds' | 'destroy' | 'isDestroyed'
> & {
  on: On<
    'click',
    (event: Electron.KeyboardEvent, bounds: Electron.Rectangle, position: Electron.Point) => void
  > &
    On<'right-click', (event: Electron.KeyboardEvent, bounds: Electron.Rectangle) => void>;
  /** Builds the native menu from a template and sets it (Linux needs this after every change). */
  setMenu(template: Electron.MenuItemConstructorOptions[]): void;
  /** Builds the native menu from a template and pops it up at the icon. */
  popUpMenu(template: Electron.MenuItemConstructorOptions[]): void;
};

export type WebContentsPort = Pick<
  Electron.WebContents,
  'id' | 'send' | 'isDestroyed' | 'setWindowOpenHandler'
> & {
  on: On<
    'will-navigate',
    (details: Electron.Event<Electron.WebContentsWillNavigateEventParams>) => void
  > &
    On<
      'will-redirect',
      (details: Electron.Event<Electron.WebContentsWillRedirectEventParams>) => void
    > &
    On<'will-attach-webview', (event: Electron.Event) => void> &
    On<
      'render-process-gone',
      (event: Electron.Event, details: Electron.RenderProcessGoneDetails) => void
    >;
};

export type WindowPort = Pick<
  Electron.BrowserWindow,
  | 'loadURL'
  | 'show'
  | 'hide'
  | 'focus'
  | 'isVisible'
  | 'isDestroyed'
  | 'setPosition'
  | 'getBounds'
  | 'destroy'
> & {
  on: On<'blur', (event: Electron.Event) => void>;
  webContents: WebContentsPort;
};

export type NotificationPort = Pick<Electron.Notification, 'show' | 'close'> & {
  on: On<'click', (event: Electron.Event) => void> &
    On<'close', (event: Electron.Event) => void> &
    On<'failed', (event: Electron.Event, error: string) => void> &
    On<'action', (details: Electron.Event<Electron.NotificationActionEventParams>) => void>;
};

export type AppPort = Pick<Electron.App, 'quit' | 'setLoginItemSettings' | 'getLoginItemSettings'>;

export type PowerMonitorPort = Pick<Electron.PowerMonitor, 'getSystemIdleTime'> & {
  on: On<'lock-screen', () => void> &
    On<'unlock-screen', () => void> &
    On<'resume', () => void> &
    On<'suspend', () => void>;
};

export type NativeThemePort = Pick<
  Electron.NativeTheme,
  'shouldUseDarkColors' | 'shouldUseDarkColorsForSystemIntegratedUI'
> & {
  on: On<'updated', () => void>;
};

/** Everything the shell needs from Electron once the app is ready. */
export interface ElectronPlatform {
  platform: NodeJS.Platform;
  app: AppPort;
  ipcMain: Pick<Electron.IpcMain, 'handle' | 'removeHandler'>;
  powerMonitor: PowerMonitorPort;
  screen: Pick<Electron.Screen, 'getCursorScreenPoint' | 'getDisplayNearestPoint'>;
  nativeTheme: NativeThemePort;
  shell: Pick<Electron.Shell, 'openExternal' | 'openPath'>;
  net: Pick<Electron.Net, 'isOnline'>;
  session: Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  protocol: Pick<Electron.Protocol, 'handle'>;
  notificationsSupported(): boolean;
  createTray(iconPath: string): TrayPort;
  createWindow(options: Electron.BrowserWindowConstructorOptions): WindowPort;
  createNotification(options: Electron.NotificationConstructorOptions): NotificationPort;
}
