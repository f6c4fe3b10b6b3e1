/**
 * Start at login: the OS's login items on macOS and Windows, an XDG autostart file on Linux.
 * Undefined where neither exists, and the tray then offers no such item.
 */
import type { ElectronPlatform } from '../platform.js';
import { createLinuxAutostart } from './linux-autostart.js';

export interface Autostart {
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

export interface AutostartDeps {
  platform: NodeJS.Platform;
  app: ElectronPlatform['app'];
  /** The Linux autostart file and its content. */
  linux: { filePath: string; content: string };
}

export function createAutostart(deps: AutostartDeps): Autostart | undefined {
  switch (deps.platform) {
    case 'darwin':
    case 'win32':
      return {
        isEnabled: () => Promise.resolve(deps.app.getLoginItemSettings().openAtLogin),
        setEnabled(enabled) {
          deps.app.setLoginItemSettings({ openAtLogin: enabled });
          return Promise.resolve();
        },
      };
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return createLinuxAutostart(deps.linux);
    default:
      return undefined;
  }
}
