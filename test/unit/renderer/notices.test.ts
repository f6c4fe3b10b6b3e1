/**
 * Notices in the page: where one shows (a browser notification only when hidden and allowed), the
 * toast stack (three at most, each id once), what a click opens, and the store taking each notice
 * once and opening a place from outside (the desktop's open-view and a clicked notice alike).
 */
import { describe, expect, it } from 'vitest';
import type { OpenView } from '../../../src-main/core/notices/open-view.js';
import type { Bridge, PageNotice } from '../../../src-renderer/bridge/bridge.js';
import {
  MAX_TOASTS,
  clickTarget,
  noticeRoute,
  withToast,
} from '../../../src-renderer/features/notices/notice-route.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';

function notice(id: string, action: OpenView = { view: 'agenda' }): PageNotice {
  return { id, kind: 'meeting-soon', title: `Meeting ${id}`, body: 'Room 2', action };
}

describe('noticeRoute', () => {
  it('uses a browser notification only when the page is hidden and notifications are allowed', () => {
    expect(noticeRoute({ hidden: true, permission: 'granted' })).toBe('system');
    expect(noticeRoute({ hidden: false, permission: 'granted' })).toBe('toast');
    expect(noticeRoute({ hidden: true, permission: 'default' })).toBe('toast');
    expect(noticeRoute({ hidden: true, permission: 'denied' })).toBe('toast');
    expect(noticeRoute({ hidden: true, permission: undefined })).toBe('toast');
  });
});

describe('withToast', () => {
  it('stacks at most three, dropping the oldest, and never one id twice', () => {
    let toasts: PageNotice[] = [];
    for (const id of ['a', 'b', 'c', 'd']) toasts = withToast(toasts, notice(id));
    expect(MAX_TOASTS).toBe(3);
    expect(toasts.map((t) => t.id)).toEqual(['b', 'c', 'd']);
    expect(withToast(toasts, notice('c')).map((t) => t.id)).toEqual(['b', 'c', 'd']);
  });
});

describe('clickTarget', () => {
  it('opens a voicemail without playing it (Play does that), and other places as they are', () => {
    const vm = notice('v', { view: 'voicemail', id: 'AAMk=', play: true });
    expect(clickTarget(vm)).toEqual({ view: 'voicemail', id: 'AAMk=', play: false });
    const chat = notice('m', { view: 'conversation', with: 'bot@demo.beacon.invalid' });
    expect(clickTarget(chat)).toEqual({ view: 'conversation', with: 'bot@demo.beacon.invalid' });
  });
});

describe('the store and notices', () => {
  function bridge(): {
    bridge: Bridge;
    send: (n: PageNotice) => void;
    push: (view: OpenView) => void;
  } {
    let onNotice: ((n: PageNotice) => void) | undefined;
    let onOpenView: ((view: OpenView) => void) | undefined;
    return {
      bridge: {
        getSnapshot: () => undefined,
        subscribe: () => () => undefined,
        execute: () => Promise.resolve({ ok: true }),
        onNotice: (listener) => {
          onNotice = listener;
          return () => undefined;
        },
        onOpenView: (listener) => {
          onOpenView = listener;
          return () => undefined;
        },
      },
      send: (n) => onNotice?.(n),
      push: (view) => onOpenView?.(view),
    };
  }

  it('keeps each notice once, however often the shell sends it', () => {
    const b = bridge();
    const store = createAppStore(b.bridge);
    b.send(notice('a'));
    b.send(notice('b'));
    b.send(notice('a'));
    expect(store.getState().notices.map((n) => n.id)).toEqual(['a', 'b']);
  });

  it('opens a place from outside once: a new request each time, done when its view opened it', () => {
    const b = bridge();
    const store = createAppStore(b.bridge);
    expect(store.getState().navigation).toBeUndefined();
    b.push({ view: 'conversation', with: 'bot@demo.beacon.invalid' });
    const first = store.getState().navigation;
    expect(first).toEqual({
      target: { view: 'conversation', with: 'bot@demo.beacon.invalid' },
      seq: 1,
      done: false,
    });
    store.getState().navigationDone(1);
    expect(store.getState().navigation?.done).toBe(true);
    store.getState().openView({ view: 'voicemail', id: 'AAMk=', play: true });
    expect(store.getState().navigation).toEqual({
      target: { view: 'voicemail', id: 'AAMk=', play: true },
      seq: 2,
      done: false,
    });
    // A stale request's done does not end the newer one.
    store.getState().navigationDone(1);
    expect(store.getState().navigation?.done).toBe(false);
  });
});
