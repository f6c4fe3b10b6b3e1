/**
 * The page's side over a real socket: the renderer's WebSocket bridge (run in Node with the `ws`
 * client in place of the browser's) against the real web shell. Its hello reaches setViewer, its
 * activity reaches the idle time, and a Join link comes back to it and opens a new tab.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  COMMAND_OK,
  parseCommand,
  type CommandInput,
  type CommandResult,
  type Viewer,
} from '../../../src-main/core/contract.js';
import { PageActivity } from '../../../src-main/web/page-activity.js';
import { PageOpener } from '../../../src-main/web/page-opener.js';
import { TOKEN_COOKIE } from '../../../src-main/web/security.js';
import { startWebShell, type WebShell } from '../../../src-main/web/server.js';
import { storeApi } from './support.js';

const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3abridge';

/**
 * The renderer's module belongs to the web TypeScript project, which this Node test is not part
 * of; vitest compiles it all the same, so it is loaded by path with the shape used here.
 */
type PageSignal = { type: 'activity'; at?: number } | { type: 'visibility'; visible: boolean };
interface BridgeModule {
  createWebSocketBridge: (
    url: string,
    page: {
      viewer: () => { timeZone: string; locale: string };
      open: (url: string, target: string, features: string) => unknown;
      watch?: (send: (signal: PageSignal) => void) => () => void;
      WebSocket?: unknown;
      checkSession?: () => Promise<'ok' | 'auth-lost' | 'unreachable'>;
    },
  ) => {
    execute: (command: CommandInput) => Promise<CommandResult>;
    getSnapshot: () => unknown;
    onLinkChange: (listener: (up: boolean) => void) => () => void;
    onAuthLost: (listener: (lost: boolean) => void) => () => void;
  };
}
const { createWebSocketBridge } = (await import(
  new URL('../../../src-renderer/bridge/websocket-bridge.ts', import.meta.url).href
)) as BridgeModule;
const { checkSession } = (await import(
  new URL('../../../src-renderer/bridge/session-check.ts', import.meta.url).href
)) as {
  checkSession: (
    fetchFn: (url: string, init: RequestInit) => Promise<{ status: number }>,
    url?: string,
  ) => Promise<'ok' | 'auth-lost' | 'unreachable'>;
};

/** The browser's WebSocket, played by ws with the page's cookie (the shell set it at page load). */
function cookieSocket(token: string, port: number): unknown {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, {
        headers: { Cookie: `${TOKEN_COOKIE}=${token}`, Origin: `http://127.0.0.1:${port}` },
      });
      // A browser reports a refused connection as an event (the bridge reconnects after its
      // close); ws would throw it once a test's shell is gone.
      this.on('error', () => undefined);
    }
  };
}

let shell: WebShell;
let viewers: Viewer[];
let pages: PageActivity;
let now: number;

beforeEach(async () => {
  const base = storeApi();
  const opener = new PageOpener();
  viewers = [];
  now = Date.parse('2026-12-03T10:00:00Z');
  pages = new PageActivity(() => now);
  shell = await startWebShell({
    api: {
      ...base,
      setViewer: (viewer) => {
        viewers.push(viewer);
      },
      execute: async (input) => {
        const parsed = parseCommand(input);
        if (parsed.ok && parsed.command.type === 'open-join-link') {
          await new Promise((resolve) => setTimeout(resolve, 10));
          opener.open(JOIN_URL);
          return COMMAND_OK;
        }
        return base.execute(input);
      },
    },
    port: 0,
    opener,
    pages,
  });
});

afterEach(async () => {
  await shell.close();
});

describe('the WebSocket bridge against the web shell', () => {
  it('says hello with its zone, reports activity, and opens Join in a new tab', async () => {
    const opened: string[][] = [];
    let signal: ((s: PageSignal) => void) | undefined;
    const bridge = createWebSocketBridge(`ws://127.0.0.1:${shell.port}/ws`, {
      viewer: () => ({ timeZone: 'Asia/Seoul', locale: 'ko-KR' }),
      open: (...args) => opened.push(args),
      watch: (send) => {
        signal = send;
        return () => undefined;
      },
      WebSocket: cookieSocket(shell.token, shell.port),
    });
    await expect.poll(() => bridge.getSnapshot()).toBeDefined();
    await expect.poll(() => viewers).toEqual([{ timeZone: 'Asia/Seoul' }]);

    now += 600_000;
    expect(pages.idle().idleSeconds).toBe(600);
    signal?.({ type: 'activity' });
    await expect.poll(() => pages.idle().idleSeconds).toBe(0);

    const result = await bridge.execute({ type: 'open-join-link', itemId: 'x' });
    expect(result).toEqual({ ok: true });
    expect(opened).toEqual([[JOIN_URL, '_blank', 'noopener,noreferrer']]);
  });

  it('after a restart with a new token, says the token is lost and stops opening sockets', async () => {
    const { port, token } = shell;
    let sockets = 0;
    const Base = cookieSocket(token, port) as new (url: string) => WebSocket;
    const Counting = class extends Base {
      constructor(url: string) {
        super(url);
        sockets++;
      }
    };
    let sessionChecks = 0;
    const bridge = createWebSocketBridge(`ws://127.0.0.1:${port}/ws`, {
      viewer: () => ({ timeZone: 'UTC', locale: 'en' }),
      open: () => undefined,
      WebSocket: Counting,
      // The browser's same-origin fetch sends the cookie the page got at load: the old token.
      checkSession: () => {
        sessionChecks++;
        return checkSession((url, init) =>
          fetch(`http://127.0.0.1:${port}${url}`, {
            ...init,
            headers: { Cookie: `${TOKEN_COOKIE}=${token}` },
          }),
        );
      },
    });
    const lost: boolean[] = [];
    bridge.onAuthLost((value) => lost.push(value));
    await expect.poll(() => bridge.getSnapshot()).toBeDefined();

    await shell.close();
    shell = await startWebShell({ api: storeApi(), port, token: 'N'.repeat(43) });
    await expect.poll(() => lost, { timeout: 8000 }).toEqual([true]);
    const socketsAtLoss = sockets;
    const checksAtLoss = sessionChecks;
    // Back-off steps keep asking (the new address may be opened in this browser) but open no socket.
    await expect.poll(() => sessionChecks, { timeout: 8000 }).toBeGreaterThan(checksAtLoss);
    expect(sockets).toBe(socketsAtLoss);
    expect(await bridge.execute({ type: 'refresh-now' })).toMatchObject({ ok: false });
  }, 20_000);
});
