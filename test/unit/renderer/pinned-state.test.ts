import { describe, expect, it } from 'vitest';
import type { Bridge, WindowControls } from '../../../src-renderer/bridge/bridge.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';

function bridge(controls?: WindowControls): Bridge {
  const base: Bridge = {
    getSnapshot: () => undefined,
    subscribe: () => () => undefined,
    execute: () => Promise.resolve({ ok: true }),
  };
  return controls === undefined ? base : { ...base, windowControls: controls };
}

describe('the window pin', () => {
  it('does not exist in a browser tab (no window controls)', () => {
    expect(createAppStore(bridge()).getState().pinned).toBeUndefined();
  });

  it('starts unpinned in the desktop window, asks the shell to pin, and mirrors what the shell says', () => {
    const asked: boolean[] = [];
    let tell: ((pinned: boolean) => void) | undefined;
    const store = createAppStore(
      bridge({
        hide: () => undefined,
        setPinned: (pinned) => asked.push(pinned),
        onPinnedChange: (listener) => {
          tell = listener;
          return () => undefined;
        },
      }),
    );
    expect(store.getState().pinned).toBe(false);
    store.getState().setPinned(true);
    expect(asked).toEqual([true]);
    // Only the shell's answer changes the state (the tray menu can pin too).
    expect(store.getState().pinned).toBe(false);
    tell?.(true);
    expect(store.getState().pinned).toBe(true);
  });
});
