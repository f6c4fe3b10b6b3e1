/**
 * The tray window's webPreferences: the renderer is a page with no Node, in Chromium's sandbox,
 * isolated from its preload. Kept in one constant so the build check can find every option.
 */
import type { WebPreferences } from 'electron';

export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // The window is small and always local: no reason to let DevTools open in a release build.
    devTools: process.env.BEACON_DEVTOOLS === '1',
  };
}
