/**
 * The tray icon: a small service around an injected Tray. Each Snapshot becomes an icon, a
 * tooltip and a menu through pure functions; the native objects are touched only when the
 * result changed (icon, tooltip) or, for the menu, on every change, which Linux requires.
 */
import path from 'node:path';
import type { Rectangle } from 'electron';
import type { Snapshot } from '../../core/contract.js';
import type { ElectronPlatform, TrayPort } from '../platform.js';
import type { TrayAnchor } from '../window/tray-window.js';
import { toMenuTemplate } from './menu-template.js';
import { trayIconFile } from './tray-icon.js';
import { trayModel, type TrayAction, type TrayMenuItem } from './tray-model.js';
import { trayStrings } from './tray-strings.js';

export interface TrayViewOptions {
  pinned: boolean;
  /** undefined where start-at-login is not supported. */
  autostart: boolean | undefined;
  /** The system's locale: the tray's language when the settings name none. */
  systemLocale: string;
  /** The system's zone (the core's): every time in the tooltip and menu is shown in it. */
  timeZone: string;
  now: Date;
}

export interface TrayServiceDeps {
  electron: Pick<ElectronPlatform, 'createTray' | 'platform' | 'nativeTheme'>;
  /** Folder of the tray renditions (assets/tray). */
  iconsDir: string;
  onAction: (action: TrayAction) => void;
  /** A left click on the icon (where the platform reports one). */
  onClick: (anchor: TrayAnchor) => void;
}

export interface TrayService {
  update(snapshot: Snapshot, options: TrayViewOptions): void;
  /** Redraws with the last Snapshot, e.g. after the panel theme changed. */
  refresh(): void;
  /** What the tray shows now (undefined before the first Snapshot). */
  current(): TrayView | undefined;
  /** The icon's screen bounds (zero-sized where the platform cannot tell). */
  bounds(): Rectangle | undefined;
  destroy(): void;
}

export interface TrayView {
  icon: string;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** Pure: what the tray shows for a Snapshot on this platform and panel. */
export function trayView(
  snapshot: Snapshot,
  options: TrayViewOptions,
  platform: NodeJS.Platform,
  darkPanel: boolean,
): TrayView {
  // The language setting when there is one, else the system's; times follow the same tag.
  const locale = snapshot.settings.locale ?? options.systemLocale;
  const model = trayModel(snapshot, {
    strings: trayStrings(locale),
    time: { locale, timeZone: options.timeZone, now: options.now },
    pinned: options.pinned,
    autostart: options.autostart,
  });
  const icon = trayIconFile(
    {
      availability: snapshot.presence.availability,
      idle: snapshot.presence.idle,
      oof: snapshot.presence.oof,
    },
    platform,
    darkPanel ? 'dark' : 'light',
  );
  return { icon, tooltip: model.tooltip, menu: model.menu };
}

/**
 * Whether the panel behind the icon is dark. Windows themes its taskbar apart from apps (dark
 * taskbar, light apps is its default), so there the system-UI flag counts, elsewhere the theme.
 */
export function panelIsDark(
  platform: NodeJS.Platform,
  theme: Pick<
    ElectronPlatform['nativeTheme'],
    'shouldUseDarkColors' | 'shouldUseDarkColorsForSystemIntegratedUI'
  >,
): boolean {
  return platform === 'win32'
    ? theme.shouldUseDarkColorsForSystemIntegratedUI
    : theme.shouldUseDarkColors;
}

export function createTrayService(deps: TrayServiceDeps): TrayService {
  const { electron } = deps;
  // Linux panels report no clicks through AppIndicator: the menu is the way in, set every time.
  const menuOnIcon = electron.platform === 'linux';
  let tray: TrayPort | undefined;
  let shown: { icon: string; tooltip: string } | undefined;
  let template: ReturnType<typeof toMenuTemplate> = [];
  let last: { snapshot: Snapshot; options: TrayViewOptions } | undefined;
  let currentView: TrayView | undefined;
  // A late Snapshot or menu action after destroy() must not bring the icon back.
  let destroyed = false;

  function render(snapshot: Snapshot, options: TrayViewOptions): void {
    const view = trayView(
      snapshot,
      options,
      electron.platform,
      panelIsDark(electron.platform, electron.nativeTheme),
    );
    const iconPath = path.join(deps.iconsDir, view.icon);
    if (tray === undefined) {
      tray = electron.createTray(iconPath);
      tray.on('click', (_event, bounds, position) => {
        deps.onClick({ trayBounds: bounds, clickPoint: position });
      });
      tray.on('right-click', () => {
        if (!menuOnIcon) tray?.popUpMenu(template);
      });
    } else if (shown?.icon !== view.icon) {
      tray.setImage(iconPath);
    }
    if (shown?.tooltip !== view.tooltip) tray.setToolTip(view.tooltip);
    shown = { icon: view.icon, tooltip: view.tooltip };
    template = toMenuTemplate(view.menu, deps.onAction);
    currentView = view;
    if (menuOnIcon) tray.setMenu(template);
  }

  return {
    update(snapshot, options) {
      if (destroyed) return;
      last = { snapshot, options };
      render(snapshot, options);
    },
    refresh() {
      if (!destroyed && last !== undefined) {
        shown = undefined;
        render(last.snapshot, last.options);
      }
    },
    current: () => currentView,
    bounds: () => (tray === undefined || tray.isDestroyed() ? undefined : tray.getBounds()),
    destroy() {
      destroyed = true;
      if (tray !== undefined && !tray.isDestroyed()) tray.destroy();
      tray = undefined;
    },
  };
}
