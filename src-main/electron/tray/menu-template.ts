/** Turns the tray's menu model into Electron's menu template; clicks go to one dispatcher. */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem } from './tray-model.js';

export function toMenuTemplate(
  items: readonly TrayMenuItem[],
  run: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { label: item.label, submenu: toMenuTemplate(item.items, run) };
      case 'item':
        return {
          label: item.label,
          enabled: item.enabled,
          click: () => {
            run(item.action);
          },
        };
      case 'checkbox':
        return {
          type: 'checkbox',
          label: item.label,
          enabled: item.enabled,
          checked: item.checked,
          click: () => {
            run(item.action);
          },
        };
    }
  });
}
