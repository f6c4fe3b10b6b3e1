/** Hands the shell the real Electron objects behind the ports of platform.ts. */
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { ElectronPlatform } from './platform.js';

/** Call once the app is ready (most of these objects do not exist before). */
export function realPlatform(): ElectronPlatform {
  return {
    platform: process.platform,
    app,
    ipcMain,
    powerMonitor,
    screen,
    nativeTheme,
    shell,
    net,
    session: session.defaultSession,
    protocol,
    notificationsSupported: () => Notification.isSupported(),
    createTray(iconPath) {
      const tray = new Tray(iconPath);
      return Object.assign(tray, {
        setMenu(template: MenuItemConstructorOptions[]) {
          tray.setContextMenu(Menu.buildFromTemplate(template));
        },
        popUpMenu(template: MenuItemConstructorOptions[]) {
          tray.popUpContextMenu(Menu.buildFromTemplate(template));
        },
      });
    },
    // electronegativity cannot see through `options` and reports context isolation, sandbox and
    // auxclick here: the one caller passes hardenedWebPreferences() (checked in the built bundle).
    createWindow: (options) => new BrowserWindow(options),
    createNotification: (options) => new Notification(options),
  };
}
