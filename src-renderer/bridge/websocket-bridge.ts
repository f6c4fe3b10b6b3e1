/**
 * The Bridge over the web shell's WebSocket (`/ws`). The shell's token travels in the cookie it
 * set when the page loaded, so the socket URL carries none. A dropped socket reconnects with
 * back-off; commands in flight when it drops fail rather than hang.
 */
import type { CommandResult, Snapshot } from '../../src-main/core/contract.js';
import type { Bridge } from './bridge.js';
import { reconnectDelay } from './reconnect.js';

/** What the shell sends (src-main/web/messages.ts); checked loosely, the shell validated it. */
type ServerMessage =
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'result'; id: string; result: CommandResult }
  | { type: 'error'; message: string };

export { RECONNECT_BASE_MS, RECONNECT_MAX_MS, reconnectDelay } from './reconnect.js';

function failure(message: string): CommandResult {
  return { ok: false, error: { code: 'server-error', message } };
}

function isServerMessage(value: unknown): value is ServerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'snapshot' || type === 'result' || type === 'error';
}

export function socketUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

export function createWebSocketBridge(url: string): Bridge {
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
  const pending = new Map<string, (result: CommandResult) => void>();
  let socket: WebSocket | undefined;
  let attempt = 0;
  let nextId = 0;

  const failPending = (): void => {
    for (const resolve of pending.values()) resolve(failure('The connection to Beacon was lost'));
    pending.clear();
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
      case 'error':
        // The shell refused a message we sent; the command's own result (if any) says more.
        return;
    }
  };

  const connect = (): void => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
    });
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      setLink(false);
      failPending();
      setTimeout(connect, reconnectDelay(attempt++));
    });
  };
  connect();

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
    execute: (command) => {
      const ws = socket;
      if (ws?.readyState !== WebSocket.OPEN)
        return Promise.resolve(failure('Beacon is not connected'));
      const id = `c${String(++nextId)}`;
      return new Promise<CommandResult>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'command', id, command }));
      });
    },
  };
}
