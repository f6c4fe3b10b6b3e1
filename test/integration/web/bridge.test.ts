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
    },
  ) => {
    execute: (command: CommandInput) => Promise<CommandResult>;
    getSnapshot: () => unknown;
  };
}
const { createWebSocketBridge } = (await import(
  new URL('../../../src-renderer/bridge/websocket-bridge.ts', import.meta.url).href
)) as BridgeModule;

/** The browser's WebSocket, played by ws with the page's cookie (the shell set it at page load). */
function cookieSocket(token: string, port: number): unknown {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, {
        headers: { Cookie: `${TOKEN_COOKIE}=${token}`, Origin: `http://127.0.0.1:${port}` },
      });
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
});
