/**
 * Locks a webContents to the page it was given: no navigation, no redirects, no new windows, no
 * <webview>. Links the user may follow go through the core (join links) and main's URL vetting.
 */
import type { WebContentsPort } from '../platform.js';

export function lockNavigation(contents: WebContentsPort, log: (line: string) => void): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log(`navigation refused: ${event.url.slice(0, 100)}`);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
