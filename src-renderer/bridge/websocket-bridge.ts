/**
 * The Bridge over the web shell's WebSocket (`/ws`). The shell's token travels in the cookie it
 * set when the page loaded, so the socket URL carries none. A dropped socket reconnects with
 * back-off; commands in flight when it drops fail rather than hang.
 *
 * Beyond the contract, every socket starts with a hello (the browser's zone and language: the
 * shell formats for the viewer, not for the server's machine), the page reports activity and
 * visibility (the shell's idle time), and Join links come back to be opened in a new tab.
 *
 * Before each reconnect the page asks the shell whether its token is still good
 * (session-check.ts): after a restart with a new token it is not, and then the page says so and
 * stops opening sockets, checking once per back-off step in case the new address is opened in
 * this browser (which sets the new cookie for this origin too).
 */
import type { CommandResult, Snapshot } from '../../src-main/core/contract.js';
import type { Bridge, PageNotice } from './bridge.js';
import { openLinkInNewTab, type WindowOpen } from './open-link.js';
import { installPageSignals as installSignals, type PageSignal } from './page-signals.js';
import { reconnectDelay } from './reconnect.js';
import { checkSession, type SessionState } from './session-check.js';

/** What the shell sends (src-main/web/messages.ts); checked loosely, the shell validated it. */
type ServerMessage =
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'result'; id: string; result: CommandResult }
  | { type: 'error'; message: string }
  | { type: 'open-url'; url: string }
  | ({ type: 'notice' } & PageNotice);

export { RECONNECT_BASE_MS, RECONNECT_MAX_MS, reconnectDelay } from './reconnect.js';

/** The browser around the bridge; injected so tests run it in Node against the real shell. */
export interface PageEnvironment {
  /** The viewer's zone and language, sent in every socket's hello. */
  viewer(): { timeZone: string; locale: string };
  /** `window.open`. */
  open: WindowOpen;
  /** Starts reporting activity and visibility through `send`; returns the function that stops. */
  watch?(send: (signal: PageSignal) => void): () => void;
  /** The WebSocket class; the browser's by default. */
  WebSocket?: typeof WebSocket;
  /** Whether the shell still accepts this page's token; without it the page just reconnects. */
  checkSession?(): Promise<SessionState>;
}

function failure(message: string): CommandResult {
  return { ok: false, error: { code: 'server-error', message } };
}

function isServerMessage(value: unknown): value is ServerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return (
    type === 'snapshot' ||
    type === 'result' ||
    type === 'error' ||
    type === 'open-url' ||
    type === 'notice'
  );
}

export function socketUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

export function createWebSocketBridge(url: string, page: PageEnvironment): Bridge {
  const Socket = page.WebSocket ?? WebSocket;
  let snapshot: Snapshot | undefined;
  const listeners = new Set<(snapshot: Snapshot) => void>();
  const linkListeners = new Set<(up: boolean) => void>();
  // Optimistic until the first socket fails, so the window does not flash "not connected".
  let linkUp = true;
  const setLink = (up: boolean): void => {
    if (up === linkUp) return;
    linkUp = up;
    for (const listener of linkListeners) listener(up);
  };
  const authListeners = new Set<(lost: boolean) => void>();
  let authLost = false;
  const setAuthLost = (lost: boolean): void => {
    if (lost === authLost) return;
    authLost = lost;
    for (const listener of authListeners) listener(lost);
  };
  const noticeListeners = new Set<(notice: PageNotice) => void>();
  const pending = new Map<string, (result: CommandResult) => void>();
  let socket: WebSocket | undefined;
  let attempt = 0;
  let nextId = 0;

  const failPending = (): void => {
    for (const resolve of pending.values()) resolve(failure('The connection to Beacon was lost'));
    pending.clear();
  };

  const sendNow = (message: unknown): void => {
    if (socket?.readyState === Socket.OPEN) socket.send(JSON.stringify(message));
  };

  const onMessage = (event: MessageEvent): void => {
    if (typeof event.data !== 'string') return;
    let value: unknown;
    try {
      value = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!isServerMessage(value)) return;
    switch (value.type) {
      case 'snapshot':
        // The shell greets every socket with a Snapshot: only then is the link really up.
        setLink(true);
        snapshot = value.snapshot;
        for (const listener of listeners) listener(value.snapshot);
        return;
      case 'result': {
        const resolve = pending.get(value.id);
        pending.delete(value.id);
        resolve?.(value.result);
        return;
      }
      case 'open-url':
        // The shell vetted it; the page checks again before a tab opens.
        if (typeof value.url === 'string') openLinkInNewTab(value.url, page.open);
        return;
      case 'notice': {
        // The shell validated it; text is shown as text, and the action only navigates.
        if (typeof value.id !== 'string' || typeof value.title !== 'string') return;
        for (const listener of noticeListeners) listener(value);
        return;
      }
      case 'error':
        // The shell refused a message we sent; the command's own result (if any) says more.
        return;
    }
  };

  // One back-off step: ask about the token, then open a socket only if it can be let in.
  const retry = async (): Promise<void> => {
    const session = page.checkSession === undefined ? 'ok' : await page.checkSession();
    if (session === 'auth-lost') {
      setAuthLost(true);
      setTimeout(() => void retry(), reconnectDelay(attempt++));
      return;
    }
    // 'unreachable' is the shell still starting (or stopped): the socket's close says when to try again.
    if (session === 'ok') setAuthLost(false);
    connect();
  };

  const connect = (): void => {
    const ws = new Socket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      const { timeZone, locale } = page.viewer();
      sendNow({ type: 'hello', timeZone, locale });
      // Opening (or reopening) the page is activity: the shell starts its idle clock here.
      sendNow({ type: 'activity' });
    });
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      setLink(false);
      failPending();
      setTimeout(() => void retry(), reconnectDelay(attempt++));
    });
  };
  connect();
  page.watch?.((signal) => {
    sendNow(signal);
  });

  return {
    getSnapshot: () => snapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onLinkChange: (listener) => {
      linkListeners.add(listener);
      return () => {
        linkListeners.delete(listener);
      };
    },
    onAuthLost: (listener) => {
      authListeners.add(listener);
      return () => {
        authListeners.delete(listener);
      };
    },
    onNotice: (listener) => {
      noticeListeners.add(listener);
      return () => {
        noticeListeners.delete(listener);
      };
    },
    execute: (command) => {
      const ws = socket;
      if (ws?.readyState !== Socket.OPEN)
        return Promise.resolve(failure('Beacon is not connected'));
      const id = `c${String(++nextId)}`;
      return new Promise<CommandResult>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'command', id, command }));
      });
    },
  };
}

/** The real browser: Intl's zone, the browser's language, window.open, the document's events. */
export function browserPage(win: Window): PageEnvironment {
  return {
    viewer: () => ({
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      locale: win.navigator.language || 'en',
    }),
    open: (url, target, features) => win.open(url, target, features),
    checkSession: () => checkSession((url, init) => win.fetch(url, init)),
    watch: (send) =>
      installSignals(win.document, send, {
        now: () => Date.now(),
        setTimeout: (callback, ms) => win.setTimeout(callback, ms),
        clearTimeout: (handle) => {
          win.clearTimeout(handle as number);
        },
      }),
  };
}
