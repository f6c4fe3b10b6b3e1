/**
 * What only a browser page can tell or do, over real sockets: its zone (hello → setViewer), its
 * user's activity (the idle time), and Join opening a tab in the page that asked and no other.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMMAND_OK,
  commandFailure,
  parseCommand,
  type Viewer,
} from '../../../src-main/core/contract.js';
import { PageActivity } from '../../../src-main/web/page-activity.js';
import { PageOpener } from '../../../src-main/web/page-opener.js';
import { startWebShell, type WebShell } from '../../../src-main/web/server.js';
import { connect, storeApi, type SocketClient, type StoreApi } from './support.js';

const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_demo';

interface Rig {
  api: StoreApi;
  viewers: Viewer[];
  opener: PageOpener;
  pages: PageActivity;
  /** Links the shell could not route to a page. */
  unrouted: string[];
  now: { ms: number };
  shell: WebShell;
}

let rig: Rig;
const clients: SocketClient[] = [];

beforeEach(async () => {
  const base = storeApi();
  const viewers: Viewer[] = [];
  const opener = new PageOpener();
  const now = { ms: Date.parse('2026-12-03T10:00:00Z') };
  const pages = new PageActivity(() => now.ms);
  const unrouted: string[] = [];
  // The companion's open-join-link, reduced to what matters here: it awaits (as the real one
  // does) before it calls the shell's openExternal, which must still find the asking page.
  const openExternal = (url: string): void => {
    if (!opener.open(url)) unrouted.push(url);
  };
  const api: StoreApi = {
    ...base,
    setViewer: (viewer) => {
      viewers.push(viewer);
    },
    execute: async (input) => {
      const parsed = parseCommand(input);
      if (!parsed.ok) return parsed;
      if (parsed.command.type !== 'open-join-link') return base.execute(input);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.resolve();
      if (parsed.command.itemId !== 'joinable') return commandFailure('not-found', 'No such item');
      openExternal(JOIN_URL);
      return COMMAND_OK;
    },
  };
  const shell = await startWebShell({ api, port: 0, token: 'T'.repeat(43), opener, pages });
  rig = { api, viewers, opener, pages, unrouted, now, shell };
});

afterEach(async () => {
  for (const client of clients.splice(0)) {
    client.socket.terminate();
    await client.closed;
  }
  await rig.shell.close();
});

async function open(): Promise<SocketClient> {
  const client = await connect(`ws://127.0.0.1:${rig.shell.port}/ws?token=${rig.shell.token}`);
  clients.push(client);
  expect((await client.next()).type).toBe('snapshot');
  return client;
}

/** Waits until the server handled everything sent so far (a command round trip is ordered). */
async function settle(client: SocketClient, id: string): Promise<void> {
  client.send({ type: 'command', id, command: { type: 'refresh-now' } });
  for (;;) {
    const message = await client.next();
    if (message.type === 'result' && message.id === id) return;
  }
}

describe('hello', () => {
  it('sets the viewer zone from each page that says hello', async () => {
    const seoul = await open();
    seoul.send({ type: 'hello', timeZone: 'Asia/Seoul', locale: 'ko-KR' });
    await settle(seoul, 's1');
    const berlin = await open();
    berlin.send({ type: 'hello', timeZone: 'Europe/Berlin', locale: 'de-DE' });
    await settle(berlin, 'b1');
    expect(rig.viewers).toEqual([{ timeZone: 'Asia/Seoul' }, { timeZone: 'Europe/Berlin' }]);
  });

  it('answers a bad hello with an error and does not touch the viewer', async () => {
    const client = await open();
    client.send({ type: 'hello', timeZone: 'Mars/Olympus_Mons', locale: 'en' });
    const answer = await client.next();
    expect(answer.type).toBe('error');
    if (answer.type === 'error') expect(answer.message).toContain('"type":"hello"');
    expect(rig.viewers).toEqual([]);
  });

  it('works with an Api that has no setViewer', async () => {
    const plain = storeApi();
    const shell = await startWebShell({ api: plain, port: 0 });
    try {
      const client = await connect(`ws://127.0.0.1:${shell.port}/ws?token=${shell.token}`);
      clients.push(client);
      await client.next();
      client.send({ type: 'hello', timeZone: 'UTC', locale: 'en' });
      await settle(client, 'p1');
      expect(client.socket.readyState).toBe(client.socket.OPEN);
    } finally {
      await shell.close();
    }
  });
});

describe('open-url', () => {
  it('reaches only the page whose command opened the link', async () => {
    const asking = await open();
    const bystander = await open();
    asking.send({
      type: 'command',
      id: 'j1',
      command: { type: 'open-join-link', itemId: 'joinable' },
    });
    const first = await asking.next();
    expect(first).toEqual({ type: 'open-url', url: JOIN_URL });
    const second = await asking.next();
    expect(second).toEqual({ type: 'result', id: 'j1', result: { ok: true } });
    // The bystander's next message is the answer to its own command, not the link.
    await settle(bystander, 'x1');
    await expect(bystander.next(300)).rejects.toThrow('no message');
    expect(rig.unrouted).toEqual([]);
  });

  it('keeps links apart when two pages join at the same time', async () => {
    const a = await open();
    const b = await open();
    a.send({ type: 'command', id: 'a1', command: { type: 'open-join-link', itemId: 'joinable' } });
    b.send({ type: 'command', id: 'b1', command: { type: 'open-join-link', itemId: 'joinable' } });
    for (const [client, id] of [
      [a, 'a1'],
      [b, 'b1'],
    ] as const) {
      expect(await client.next()).toEqual({ type: 'open-url', url: JOIN_URL });
      expect(await client.next()).toMatchObject({ type: 'result', id });
      await expect(client.next(200)).rejects.toThrow('no message');
    }
  });

  it('sends nothing to any page when no command is running', async () => {
    const client = await open();
    expect(rig.opener.open(JOIN_URL)).toBe(false);
    await expect(client.next(200)).rejects.toThrow('no message');
  });

  it('never routes a link the join rule refuses', () => {
    const sent: string[] = [];
    const routed = rig.opener.runFor(
      (url) => sent.push(url),
      () => rig.opener.open('http://teams.microsoft.com/insecure'),
    );
    expect(routed).toBe(false);
    expect(sent).toEqual([]);
  });
});

describe('idle from the pages', () => {
  it('counts from the last activity of any page, and is not idle with no page', async () => {
    expect(rig.pages.idle().idleSeconds).toBe(0);
    const a = await open();
    const b = await open();
    rig.now.ms += 600_000;
    expect(rig.pages.idle().idleSeconds).toBe(600);
    b.send({ type: 'activity' });
    await settle(b, 'b1');
    expect(rig.pages.idle().idleSeconds).toBe(0);
    rig.now.ms += 120_000;
    a.send({ type: 'visibility', visible: true });
    await settle(a, 'a1');
    rig.now.ms += 30_000;
    expect(rig.pages.idle().idleSeconds).toBe(30);
    a.socket.close();
    b.socket.close();
    await Promise.all([a.closed, b.closed]);
    await expect.poll(() => rig.pages.size).toBe(0);
    expect(rig.pages.idle()).toEqual({ idleSeconds: 0, locked: false });
  });

  it('believes a late activity stamp from the page', async () => {
    const client = await open();
    rig.now.ms += 300_000;
    client.send({ type: 'activity', at: rig.now.ms - 25_000 });
    await settle(client, 'c1');
    expect(rig.pages.idle().idleSeconds).toBe(25);
  });
});
