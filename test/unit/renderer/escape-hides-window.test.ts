import { describe, expect, it } from 'vitest';
import {
  installEscapeHidesWindow,
  shouldHideOnKey,
} from '../../../src-renderer/bridge/escape-hides-window.js';

describe('Esc hides the tray window', () => {
  it.each([
    [{ key: 'Escape', defaultPrevented: false, isComposing: false }, true],
    [{ key: 'Escape', defaultPrevented: true, isComposing: false }, false],
    [{ key: 'Escape', defaultPrevented: false, isComposing: true }, false],
    [{ key: 'Enter', defaultPrevented: false, isComposing: false }, false],
  ])('%o → hide %s', (event, expected) => {
    expect(shouldHideOnKey(event)).toBe(expected);
  });

  it('an Esc the page did not use hides the window; after uninstalling nothing does', () => {
    const doc = new EventTarget();
    let hidden = 0;
    const stop = installEscapeHidesWindow(doc as unknown as Document, {
      hide: () => {
        hidden += 1;
      },
      setPinned: () => undefined,
      onPinnedChange: () => () => undefined,
    });
    const key = (name: string, prevented: boolean): Event => {
      const event = new Event('keydown', { cancelable: true });
      Object.assign(event, { key: name, isComposing: false });
      if (prevented) event.preventDefault();
      return event;
    };
    doc.dispatchEvent(key('Escape', false));
    doc.dispatchEvent(key('Escape', true));
    doc.dispatchEvent(key('a', false));
    expect(hidden).toBe(1);
    stop();
    doc.dispatchEvent(key('Escape', false));
    expect(hidden).toBe(1);
  });
});
