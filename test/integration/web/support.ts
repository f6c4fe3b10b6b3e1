/**
 * Helpers for the web shell tests: a small Api over the real snapshot store (the shell must add
 * no behaviour, so the whole Companion is not needed), raw HTTP requests whose Host, Origin and
 * path the test controls, and a WebSocket client that queues what the server sent.
 */
import { request } from 'node:http';
import WebSocket from 'ws';
import {
  COMMAND_OK,
  commandFailure,
  parseCommand,
  type Api,
  type Command,
  type CommandResult,
} from '../../../src-main/core/contract.js';
import { DEFAULT_SETTINGS } from '../../../src-main/core/settings.js';
import {
  createSnapshotStore,
  initialSnapshot,
  type SnapshotStore,
} from '../../../src-main/core/store.js';
import type { ServerMessage } from '../../../src-main/web/messages.js';

export interface StoreApi extends Api {
  store: SnapshotStore;
  /** Every command that reached execute, after validation. */
  executed: Command[];
  /** The number of live subscriptions. */
  subscribers(): number;
}

/** The contract's Api over a real store: set-manual-status changes the store, the rest answer. */
export function storeApi(): StoreApi {
  const store = createSnapshotStore(
    initialSnapshot({
      account: {
        mode: 'demo',
        mailbox: 'demo@beacon.test',
        displayName: 'Demo User',
        signIn: 'signed-in',
      },
      settings: DEFAULT_SETTINGS,
    }),
  );
  const executed: Command[] = [];
  let live = 0;
  return {
    store,
    executed,
    subscribers: () => live,
    getSnapshot: () => store.getSnapshot(),
    subscribe: (listener) => {
      live++;
      const off = store.subscribe((snapshot) => {
        listener(snapshot);
      });
      return () => {
        live--;
        off();
      };
    },
    execute: (input): Promise<CommandResult> => {
      const parsed = parseCommand(input);
      if (!parsed.ok) return Promise.resolve(parsed);
      const command = parsed.command;
      executed.push(command);
      switch (command.type) {
        case 'set-manual-status':
          store.setManual({ availability: command.availability, note: command.note });
          return Promise.resolve(COMMAND_OK);
        case 'open-join-link':
          return Promise.resolve(commandFailure('not-found', `No agenda item ${command.itemId}`));
        default:
          return Promise.resolve(COMMAND_OK);
      }
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  method?: string;
  /** Sent exactly as given (no normalisation of `..`). */
  path: string;
  headers?: Record<string, string>;
}

/** One HTTP request to 127.0.0.1:port; `Host` defaults to the right one unless given. */
export function rawGet(port: number, options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export interface SocketClient {
  socket: WebSocket;
  /** The next message the server sent (waits for it). */
  next(timeoutMs?: number): Promise<ServerMessage>;
  send(value: unknown): void;
  /** Resolves with the close code. */
  closed: Promise<number>;
}

/** Opens a WebSocket; rejects with the HTTP status when the upgrade is refused. */
export function connect(url: string, headers: Record<string, string> = {}): Promise<SocketClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, maxPayload: 64 * 1024 * 1024 });
    const queue: ServerMessage[] = [];
    const waiting: ((message: ServerMessage) => void)[] = [];
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as ServerMessage;
      const waiter = waiting.shift();
      if (waiter === undefined) queue.push(message);
      else waiter(message);
    });
    const closed = new Promise<number>((done) => {
      socket.on('close', (code) => {
        done(code);
      });
    });
    socket.on('unexpected-response', (_req, res) => {
      reject(new Error(`upgrade refused: ${String(res.statusCode)}`));
      res.resume();
    });
    socket.on('error', reject);
    socket.on('open', () => {
      resolve({
        socket,
        closed,
        send: (value) => {
          socket.send(typeof value === 'string' ? value : JSON.stringify(value));
        },
        next: (timeoutMs = 5000) => {
          const queued = queue.shift();
          if (queued !== undefined) return Promise.resolve(queued);
          return new Promise((done, fail) => {
            const timer = setTimeout(() => {
              fail(new Error('no message from the server'));
            }, timeoutMs);
            waiting.push((message) => {
              clearTimeout(timer);
              done(message);
            });
          });
        },
      });
    });
  });
}
