/**
 * The web shell over real sockets: the gate (token, Host, Origin) on HTTP and on the WebSocket
 * upgrade, the static files and their headers, and the contract over the WebSocket.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebShell, type WebShell } from '../../../src-main/web/index.js';
import { connect, rawGet, storeApi, type SocketClient, type StoreApi } from './support.js';

let root: string;
let staticDir: string;
let api: StoreApi;
let shell: WebShell;
const clients: SocketClient[] = [];

const INDEX = '<!doctype html><title>Beacon test</title><script src="/assets/app.js"></script>';
const APP_JS = 'console.log("beacon");';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'beacon-web-'));
  staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), INDEX);
  await writeFile(path.join(staticDir, 'assets', 'app.js'), APP_JS);
  await writeFile(path.join(staticDir, 'assets', 'style.css'), 'body{margin:0}');
  await writeFile(path.join(root, 'secret.txt'), 'outside the root');
  api = storeApi();
  shell = await startWebShell({ api, port: 0, staticDir });
});

afterEach(async () => {
  for (const client of clients.splice(0)) {
    client.socket.terminate();
    await client.closed;
  }
});

afterAll(async () => {
  await shell.close();
  await rm(root, { recursive: true, force: true });
});

const wsUrl = (query = `?token=${shell.token}`): string =>
  `ws://127.0.0.1:${shell.port}/ws${query}`;

async function open(query?: string, headers: Record<string, string> = {}): Promise<SocketClient> {
  const client = await connect(wsUrl(query), headers);
  clients.push(client);
  return client;
}

describe('startWebShell', () => {
  it('binds to 127.0.0.1 only and prints the URL with its token', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/?token=${shell.token}`);
    expect(shell.port).toBeGreaterThan(0);
    expect(shell.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is not reachable on another local address', async () => {
    // 127.0.0.2 is loopback too, but not the bound address: the connection must be refused.
    const outcome = await new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.2', port: shell.port, path: '/' }, (res) => {
        res.resume();
        resolve(`answered ${String(res.statusCode)}`);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        resolve(error.code ?? 'error');
      });
      req.end();
    });
    expect(outcome).toBe('ECONNREFUSED');
  });

  it('refuses a token that is not base64url of sensible length', async () => {
    await expect(startWebShell({ api, token: 'short' })).rejects.toThrow(/token/);
  });
});

describe('HTTP gate', () => {
  it('answers 401 without a token and 403 with a wrong one', async () => {
    const missing = await rawGet(shell.port, { path: '/' });
    expect(missing.status).toBe(401);
    expect(missing.body).not.toContain('Beacon test');
    const wrong = await rawGet(shell.port, { path: '/?token=' + 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect(wrong.body).not.toContain('Beacon test');
    const wrongCookie = await rawGet(shell.port, {
      path: '/',
      headers: { Cookie: 'beacon_token=nope' },
    });
    expect(wrongCookie.status).toBe(403);
  });

  it('serves the page with the right token and sets a strict cookie', async () => {
    const res = await rawGet(shell.port, { path: `/?token=${shell.token}` });
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toEqual([
      `beacon_token=${shell.token}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
  });

  it('lets assets in with the cookie alone, with their content types', async () => {
    const cookie = { Cookie: `other=1; beacon_token=${shell.token}` };
    const js = await rawGet(shell.port, { path: '/assets/app.js', headers: cookie });
    expect(js.status).toBe(200);
    expect(js.body).toBe(APP_JS);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['set-cookie']).toBeUndefined();
    const css = await rawGet(shell.port, { path: '/assets/style.css', headers: cookie });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toBe('body{margin:0}');
    const missing = await rawGet(shell.port, { path: '/assets/none.js', headers: cookie });
    expect(missing.status).toBe(404);
  });

  it('answers /session with 204 for a good cookie and the gate refusal otherwise', async () => {
    const origin = { Origin: `http://127.0.0.1:${shell.port}` };
    const good = await rawGet(shell.port, {
      path: '/session',
      headers: { ...origin, Cookie: `beacon_token=${shell.token}` },
    });
    expect(good.status).toBe(204);
    expect(good.body).toBe('');
    expect(good.headers['cache-control']).toBe('no-store');
    expect(good.headers['content-security-policy']).toContain("default-src 'self'");
    // A page left open across `--new-token`: its cookie is the old token.
    const stale = await rawGet(shell.port, {
      path: '/session',
      headers: { ...origin, Cookie: `beacon_token=${'o'.repeat(43)}` },
    });
    expect(stale.status).toBe(403);
    expect((await rawGet(shell.port, { path: '/session', headers: origin })).status).toBe(401);
    // The gate's Host check still comes first: a rebound name learns nothing here either.
    const rebound = await rawGet(shell.port, {
      path: '/session',
      headers: { Host: `evil.test:${shell.port}`, Cookie: `beacon_token=${shell.token}` },
    });
    expect(rebound.status).toBe(403);
    const post = await rawGet(shell.port, {
      method: 'POST',
      path: '/session',
      headers: { Cookie: `beacon_token=${shell.token}` },
    });
    expect(post.status).toBe(405);
  });

  it('accepts an Authorization: Bearer header', async () => {
    const res = await rawGet(shell.port, {
      path: '/assets/app.js',
      headers: { Authorization: `Bearer ${shell.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe(APP_JS);
  });

  it('refuses foreign Host headers even with the right token (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${shell.port}`, '127.0.0.1', `127.0.0.1:1`]) {
      const res = await rawGet(shell.port, {
        path: `/?token=${shell.token}`,
        headers: { Host: host },
      });
      expect(res.status, host).toBe(403);
      expect(res.body).not.toContain('Beacon test');
    }
    const localhost = await rawGet(shell.port, {
      path: `/?token=${shell.token}`,
      headers: { Host: `localhost:${shell.port}` },
    });
    expect(localhost.status).toBe(200);
  });

  it('refuses foreign Origin headers even with the right token', async () => {
    for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${shell.port}`]) {
      const res = await rawGet(shell.port, {
        path: `/?token=${shell.token}`,
        headers: { Origin: origin },
      });
      expect(res.status, origin).toBe(403);
    }
    const same = await rawGet(shell.port, {
      path: `/?token=${shell.token}`,
      headers: { Origin: `http://localhost:${shell.port}` },
    });
    expect(same.status).toBe(200);
  });

  it('puts the CSP and the other security headers on every response', async () => {
    const responses = [
      await rawGet(shell.port, { path: '/' }),
      await rawGet(shell.port, { path: `/?token=${shell.token}` }),
      await rawGet(shell.port, { path: `/nothing?token=${shell.token}` }),
    ];
    for (const res of responses) {
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
          `connect-src 'self' ws://127.0.0.1:${shell.port} ws://localhost:${shell.port}; ` +
          "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('refuses path traversal, plain and encoded', async () => {
    const auth = { Authorization: `Bearer ${shell.token}` };
    for (const traversal of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/secret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00index.html',
    ]) {
      const res = await rawGet(shell.port, { path: traversal, headers: auth });
      expect([403, 404], traversal).toContain(res.status);
      expect(res.body).not.toContain('outside the root');
      expect(res.body).not.toContain('"name"');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await rawGet(shell.port, {
      method: 'POST',
      path: '/',
      headers: { Authorization: `Bearer ${shell.token}` },
    });
    expect(res.status).toBe(405);
  });

  it('shows a "not built" page when the renderer folder is missing', async () => {
    const bare = await startWebShell({ api, staticDir: path.join(root, 'absent') });
    try {
      const res = await rawGet(bare.port, { path: `/?token=${bare.token}` });
      expect(res.status).toBe(200);
      expect(res.body).toContain('The Beacon window has not been built yet — run');
      expect(res.body).toContain('npm run build');
      const asset = await rawGet(bare.port, { path: `/assets/app.js?token=${bare.token}` });
      expect(asset.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('WebSocket gate', () => {
  it('refuses the upgrade without a token, with a wrong one, or on another path', async () => {
    await expect(connect(wsUrl(''))).rejects.toThrow('upgrade refused: 401');
    await expect(connect(wsUrl('?token=' + 'y'.repeat(43)))).rejects.toThrow(
      'upgrade refused: 403',
    );
    await expect(
      connect(`ws://127.0.0.1:${shell.port}/other?token=${shell.token}`),
    ).rejects.toThrow('upgrade refused: 404');
  });

  it('refuses a foreign Origin or Host', async () => {
    await expect(connect(wsUrl(), { Origin: 'http://evil.example' })).rejects.toThrow(
      'upgrade refused: 403',
    );
    await expect(connect(wsUrl(), { Host: 'evil.example' })).rejects.toThrow(
      'upgrade refused: 403',
    );
  });

  it('accepts the cookie and a same-origin Origin', async () => {
    const client = await open('', {
      Cookie: `beacon_token=${shell.token}`,
      Origin: `http://127.0.0.1:${shell.port}`,
    });
    const first = await client.next();
    expect(first.type).toBe('snapshot');
  });
});

describe('WebSocket contract', () => {
  it('sends the snapshot on connect and after every store change', async () => {
    const client = await open();
    const first = await client.next();
    expect(first).toEqual({ type: 'snapshot', snapshot: api.getSnapshot() });
    api.store.setManual({ availability: 'away', note: 'lunch' });
    const second = await client.next();
    expect(second.type).toBe('snapshot');
    if (second.type !== 'snapshot') return;
    expect(second.snapshot.manual).toEqual({ availability: 'away', note: 'lunch' });
    api.store.setManual(null);
    const third = await client.next();
    expect(third.type === 'snapshot' && third.snapshot.manual).toBeNull();
  });

  it('unsubscribes when the client goes away', async () => {
    // The previous tests' clients are gone once the server has seen their close.
    await expect.poll(() => api.subscribers()).toBe(0);
    const client = await open();
    await client.next();
    expect(api.subscribers()).toBe(1);
    client.socket.close();
    await client.closed;
    await expect.poll(() => api.subscribers()).toBe(0);
  });

  it('carries a valid command to the Api and its result back under the same id', async () => {
    const client = await open();
    await client.next();
    const executed = api.executed.length;
    client.send({
      type: 'command',
      id: 'cmd-1',
      command: { type: 'set-manual-status', availability: 'do-not-disturb', expiry: '1h' },
    });
    const messages = [await client.next(), await client.next()];
    expect(messages).toContainEqual({ type: 'result', id: 'cmd-1', result: { ok: true } });
    const snapshot = messages.find((m) => m.type === 'snapshot');
    expect(snapshot?.type === 'snapshot' && snapshot.snapshot.manual).toEqual({
      availability: 'do-not-disturb',
      note: '',
    });
    expect(api.executed.slice(executed)).toEqual([
      { type: 'set-manual-status', availability: 'do-not-disturb', note: '', expiry: '1h' },
    ]);

    client.send({
      type: 'command',
      id: 'cmd-2',
      command: { type: 'open-join-link', itemId: 'x1' },
    });
    expect(await client.next()).toEqual({
      type: 'result',
      id: 'cmd-2',
      result: { ok: false, error: { code: 'not-found', message: 'No agenda item x1' } },
    });
  });

  it('answers an invalid command with the contract typed error, without calling the Api', async () => {
    const client = await open();
    await client.next();
    const executed = api.executed.length;
    client.send({
      type: 'command',
      id: 'bad',
      command: { type: 'set-manual-status', expiry: 'x' },
    });
    const reply = await client.next();
    expect(reply.type).toBe('result');
    if (reply.type !== 'result') return;
    expect(reply.id).toBe('bad');
    expect(reply.result.ok).toBe(false);
    if (reply.result.ok) return;
    expect(reply.result.error.code).toBe('invalid-command');
    expect(reply.result.error.message).toBe('Invalid "set-manual-status" command');
    expect(reply.result.error.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(['availability', 'expiry']),
    );
    client.send({ type: 'command', id: 'bad2', command: { type: 'format-disk' } });
    const unknown = await client.next();
    expect(unknown.type === 'result' && !unknown.result.ok && unknown.result.error.message).toBe(
      'Unknown command type "format-disk"',
    );
    expect(api.executed.length).toBe(executed);
  });

  it('answers garbage with an error, without echoing it, and closes after a few', async () => {
    const client = await open();
    await client.next();
    const marker = 'GARBAGE'.repeat(1000);
    client.send(`{not json ${marker}`);
    const first = await client.next();
    expect(first).toEqual({ type: 'error', message: 'Message is not JSON' });
    client.send({ type: 'command', id: 'x'.repeat(65), command: {} });
    const second = await client.next();
    expect(second.type).toBe('error');
    expect(JSON.stringify(second)).not.toContain('xxxxxxxxxx');
    client.socket.send(Buffer.from(marker), { binary: true });
    const third = await client.next();
    expect(third).toEqual({ type: 'error', message: 'Only text messages are accepted' });
    expect(await client.closed).toBe(1008);

    // The server stays up for everyone else.
    const other = await open();
    expect((await other.next()).type).toBe('snapshot');
  });

  it('closes a client that sends an oversize message, and stays up', async () => {
    const client = await open();
    await client.next();
    client.send(JSON.stringify({ type: 'command', id: 'big', command: 'z'.repeat(1.5 * 2 ** 20) }));
    expect(await client.closed).toBe(1009);
    const other = await open();
    expect((await other.next()).type).toBe('snapshot');
  });

  it('accepts a maximal set-oof command (two 128 Ki-character replies)', async () => {
    const client = await open();
    await client.next();
    const reply = 'é'.repeat(128 * 1024);
    client.send({
      type: 'command',
      id: 'oof',
      command: {
        type: 'set-oof',
        state: 'enabled',
        internalReply: reply,
        externalReply: reply,
        externalAudience: 'all',
      },
    });
    expect(await client.next()).toEqual({ type: 'result', id: 'oof', result: { ok: true } });
  });
});
