/**
 * Esc hides the tray window, as it does a menu, unless something inside the page used the key
 * first (an open status menu or settings panel closes itself and marks the event handled).
 */
import type { WindowControls } from './bridge.js';

export function shouldHideOnKey(event: {
  key: string;
  defaultPrevented: boolean;
  isComposing: boolean;
}): boolean {
  return event.key === 'Escape' && !event.defaultPrevented && !event.isComposing;
}

/** Listens on the document (after the page's own handlers); returns the function that stops. */
export function installEscapeHidesWindow(doc: Document, controls: WindowControls): () => void {
  const onKeyDown = (event: KeyboardEvent): void => {
    if (shouldHideOnKey(event)) controls.hide();
  };
  doc.addEventListener('keydown', onKeyDown);
  return () => {
    doc.removeEventListener('keydown', onKeyDown);
  };
}
