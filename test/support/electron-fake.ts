/**
 * A typed fake of the Electron APIs the shell calls — the only Electron stand-in in the tests.
 * Every object is checked with `satisfies` against the shell's ports, which are `Pick`s of
 * Electron's own declarations: when Electron changes a signature the shell uses, this file stops
 * compiling. The fakes record what the shell did and let tests emit Electron's events.
 */
import type {
  BrowserWindowConstructorOptions,
  Display,
  IpcMainInvokeEvent,
  LoginItemSettings,
  MenuItemConstructorOptions,
  NotificationConstructorOptions,
  Point,
  Rectangle,
  Settings,
  WindowOpenHandlerResponse,
} from 'electron';
import type {
  AppPort,
  ElectronPlatform,
  NotificationPort,
  TrayPort,
  WebContentsPort,
  WindowPort,
} from '../../src-main/electron/platform.js';

type Listener = (...args: never[]) => unknown;

/** The event half of Electron's EventEmitter-based classes. */
class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  /** Calls every listener of `event` with `args`, as Electron would. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (...values: unknown[]) => unknown)(...args);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An Electron event object with the part the shell reads (`preventDefault`). */
export function fakeEvent<T extends object = object>(
  extra?: T,
): T & { defaultPrevented: boolean; preventDefault(): void } {
  const event = {
    ...(extra ?? ({} as T)),
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeTray extends FakeEmitter {
  image: string;
  tooltip = '';
  menu: MenuItemConstructorOptions[] | undefined;
  poppedUp: MenuItemConstructorOptions[] | undefined;
  bounds: Rectangle = { x: 1800, y: 1050, width: 24, height: 24 };
  destroyed = false;
  readonly imageHistory: string[] = [];

  constructor(image: string) {
    super();
    this.image = image;
    this.imageHistory.push(image);
  }
  setImage(image: string | Electron.NativeImage): void {
    this.image = typeof image === 'string' ? image : '(native image)';
    this.imageHistory.push(this.image);
  }
  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
  }
  getBounds(): Rectangle {
    return this.bounds;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setMenu(template: MenuItemConstructorOptions[]): void {
    this.menu = template;
  }
  popUpMenu(template: MenuItemConstructorOptions[]): void {
    this.poppedUp = template;
  }
}

export class FakeWebContents extends FakeEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  openHandler: ((details: Electron.HandlerDetails) => WindowOpenHandlerResponse) | undefined;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(
    handler: (details: Electron.HandlerDetails) => WindowOpenHandlerResponse,
  ): void {
    this.openHandler = handler;
  }
}

export class FakeWindow extends FakeEmitter {
  readonly webContents = new FakeWebContents();
  url: string | undefined;
  visible = false;
  destroyed = false;
  position: [number, number] | undefined;
  readonly showCalls: number[] = [];

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  readonly loads: string[] = [];

  loadURL(url: string): Promise<void> {
    this.url = url;
    this.loads.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
    this.showCalls.push(this.showCalls.length + 1);
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    // Focus has no observable effect on the fake.
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  getBounds(): Rectangle {
    const [x, y] = this.position ?? [0, 0];
    return { x, y, width: this.options.width ?? 0, height: this.options.height ?? 0 };
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
  }
}

export class FakeNotification extends FakeEmitter {
  shown = false;
  closed = false;
  constructor(readonly options: NotificationConstructorOptions) {
    super();
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
    this.emit('close', fakeEvent());
  }
}

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What the renderer's `ipcRenderer.invoke` would get, from a sender the test describes. */
  invoke(
    channel: string,
    payload: unknown,
    sender:
      | { contentsId: number; url: string; isMainFrame?: boolean }
      | { contentsId: number; frame: null },
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`no handler for ${channel}`);
    const frame =
      'frame' in sender
        ? null
        : { url: sender.url, parent: sender.isMainFrame === false ? {} : null };
    // The shell reads only these fields of the event; the rest of Electron's event does not exist here.
    const event = {
      sender: { id: sender.contentsId },
      senderFrame: frame,
    } as unknown as IpcMainInvokeEvent;
    return Promise.resolve(handler(event, payload));
  }
}

export interface FakeElectron {
  platform: ElectronPlatform;
  app: FakeApp;
  ipcMain: FakeIpcMain;
  powerMonitor: FakeEmitter & { idleSeconds: number; getSystemIdleTime(): number };
  nativeTheme: FakeEmitter & {
    shouldUseDarkColors: boolean;
    shouldUseDarkColorsForSystemIntegratedUI: boolean;
  };
  opened: string[];
  /** Files the shell asked the OS to open in their default app (shell.openPath). */
  openedPaths: string[];
  online: { value: boolean };
  permissionRequests: { permission: string; granted: boolean | undefined }[];
  permissionCheck: (() => boolean) | undefined;
  protocolHandlers: Map<string, (request: Request) => Promise<Response> | Response>;
  trays: FakeTray[];
  windows: FakeWindow[];
  notifications: FakeNotification[];
  loginItem: { openAtLogin: boolean };
  notificationsSupported: { value: boolean };
}

type FakeApp = ReturnType<typeof createFakeApp>;

function createFakeApp(loginItem: { openAtLogin: boolean }) {
  const emitter = new FakeEmitter();
  const app = Object.assign(emitter, {
    quitCalls: 0,
    exitCodes: [] as number[],
    appUserModelId: undefined as string | undefined,
    quit() {
      app.quitCalls += 1;
    },
    exit(code?: number) {
      app.exitCodes.push(code ?? 0);
    },
    setLoginItemSettings(settings: Settings) {
      loginItem.openAtLogin = settings.openAtLogin ?? false;
    },
    getLoginItemSettings(): LoginItemSettings {
      return {
        openAtLogin: loginItem.openAtLogin,
        // Deprecated in Electron, yet still required by its LoginItemSettings type.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        openAsHidden: false,
        wasOpenedAtLogin: false,
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        wasOpenedAsHidden: false,
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        restoreState: false,
        status: loginItem.openAtLogin ? 'enabled' : 'not-registered',
        executableWillLaunchAtLogin: loginItem.openAtLogin,
        launchItems: [],
      };
    },
    setAppUserModelId(id: string) {
      app.appUserModelId = id;
    },
  });
  return app satisfies AppPort;
}

export interface FakeDisplayOptions {
  bounds: Rectangle;
  workArea: Rectangle;
  scaleFactor?: number;
}

export function fakeDisplay(options: FakeDisplayOptions): Display {
  return {
    accelerometerSupport: 'unknown',
    bounds: options.bounds,
    colorDepth: 24,
    colorSpace: 'srgb',
    depthPerComponent: 8,
    detected: true,
    displayFrequency: 60,
    id: 1,
    internal: true,
    label: 'Fake display',
    maximumCursorSize: { width: 64, height: 64 },
    monochrome: false,
    nativeOrigin: { x: options.bounds.x, y: options.bounds.y },
    rotation: 0,
    scaleFactor: options.scaleFactor ?? 1,
    size: { width: options.bounds.width, height: options.bounds.height },
    touchSupport: 'unknown',
    workArea: options.workArea,
    workAreaSize: { width: options.workArea.width, height: options.workArea.height },
  } satisfies Display;
}

/** A fresh fake Electron for one test: a 1920×1080 screen with a 30 px taskbar at the bottom. */
export function createFakeElectron(platform: NodeJS.Platform = 'win32'): FakeElectron {
  const loginItem = { openAtLogin: false };
  const app = createFakeApp(loginItem);
  const ipcMain = new FakeIpcMain() satisfies ElectronPlatform['ipcMain'];
  const powerMonitor = Object.assign(new FakeEmitter(), {
    idleSeconds: 0,
    getSystemIdleTime(): number {
      return powerMonitor.idleSeconds;
    },
  }) satisfies ElectronPlatform['powerMonitor'];
  // Windows' default: a dark taskbar with light apps.
  const nativeTheme = Object.assign(new FakeEmitter(), {
    shouldUseDarkColors: false,
    shouldUseDarkColorsForSystemIntegratedUI: platform === 'win32',
  }) satisfies ElectronPlatform['nativeTheme'];
  const display = fakeDisplay({
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1050 },
  });
  const cursor: Point = { x: 1810, y: 1060 };
  const opened: string[] = [];
  const openedPaths: string[] = [];
  const online = { value: true };
  const permissionRequests: FakeElectron['permissionRequests'] = [];
  const protocolHandlers: FakeElectron['protocolHandlers'] = new Map();
  const trays: FakeTray[] = [];
  const windows: FakeWindow[] = [];
  const notifications: FakeNotification[] = [];
  const notificationsSupported = { value: true };
  const fake: FakeElectron = {
    app,
    ipcMain,
    powerMonitor,
    nativeTheme,
    opened,
    openedPaths,
    online,
    permissionRequests,
    permissionCheck: undefined,
    protocolHandlers,
    trays,
    windows,
    notifications,
    loginItem,
    notificationsSupported,
    platform: undefined as unknown as ElectronPlatform,
  };
  fake.platform = {
    platform,
    app,
    ipcMain,
    powerMonitor,
    nativeTheme,
    screen: {
      getCursorScreenPoint: () => cursor,
      getDisplayNearestPoint: () => display,
    },
    shell: {
      openExternal(url: string) {
        opened.push(url);
        return Promise.resolve();
      },
      openPath(file: string) {
        openedPaths.push(file);
        return Promise.resolve('');
      },
    },
    net: { isOnline: () => online.value },
    session: {
      setPermissionRequestHandler(handler) {
        if (handler === null) return;
        // Exercise the handler at once with a camera request, as a page would.
        const entry = { permission: 'media', granted: undefined as boolean | undefined };
        permissionRequests.push(entry);
        handler(
          // The shell's handler refuses whatever asks; it never reads the asker.
          null as unknown as Electron.WebContents,
          'media',
          (granted) => {
            entry.granted = granted;
          },
          {} as Electron.PermissionRequest,
        );
      },
      setPermissionCheckHandler(handler) {
        fake.permissionCheck =
          handler === null
            ? undefined
            : () =>
                handler(
                  null,
                  'notifications',
                  'app://beacon',
                  {} as Electron.PermissionCheckHandlerHandlerDetails,
                );
      },
    },
    protocol: {
      handle(scheme, handler) {
        protocolHandlers.set(scheme, handler);
      },
    },
    notificationsSupported: () => notificationsSupported.value,
    createTray(iconPath) {
      const tray = new FakeTray(iconPath) satisfies TrayPort;
      trays.push(tray);
      return tray;
    },
    createWindow(options) {
      const window = new FakeWindow(options) satisfies WindowPort;
      window.webContents satisfies WebContentsPort;
      windows.push(window);
      return window;
    },
    createNotification(options) {
      const notification = new FakeNotification(options) satisfies NotificationPort;
      notifications.push(notification);
      return notification;
    },
  } satisfies ElectronPlatform;
  return fake;
}

// ---------------------------------------------------------------------------------------------
// The renderer side: what the preload script sees of Electron.

type RendererListener = (event: Electron.IpcRendererEvent, ...args: unknown[]) => void;

export interface FakeRendererElectron {
  contextBridge: Pick<Electron.ContextBridge, 'exposeInMainWorld'>;
  ipcRenderer: Pick<Electron.IpcRenderer, 'on' | 'invoke'>;
  /** What the preload exposed, by key. */
  exposed: Map<string, unknown>;
  invocations: { channel: string; args: unknown[] }[];
  /** Answers `invoke` on a channel; an answer that throws rejects the invocation. */
  answers: Map<string, (...args: unknown[]) => unknown>;
  /** Main pushing a message to the page. */
  push(channel: string, ...args: unknown[]): void;
}

export function createFakeRendererElectron(): FakeRendererElectron {
  const exposed = new Map<string, unknown>();
  const invocations: FakeRendererElectron['invocations'] = [];
  const answers: FakeRendererElectron['answers'] = new Map();
  const listeners = new Map<string, RendererListener[]>();
  const ipcRenderer = {
    on(channel: string, listener: RendererListener): Electron.IpcRenderer {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      // Electron returns the emitter for chaining; the preload never chains.
      return ipcRenderer as unknown as Electron.IpcRenderer;
    },
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      invocations.push({ channel, args });
      const answer = answers.get(channel);
      try {
        return Promise.resolve(answer?.(...args));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  } satisfies FakeRendererElectron['ipcRenderer'];
  const contextBridge = {
    exposeInMainWorld(apiKey: string, api: unknown) {
      exposed.set(apiKey, api);
    },
  } satisfies FakeRendererElectron['contextBridge'];
  return {
    contextBridge,
    ipcRenderer,
    exposed,
    invocations,
    answers,
    push(channel, ...args) {
      // The page never sees the event object; the preload ignores it.
      const event = {} as Electron.IpcRendererEvent;
      for (const listener of listeners.get(channel) ?? []) listener(event, ...args);
    },
  };
}
