/**
 * The web shell's gate and log over real sockets: a request naming two hosts is refused, each
 * data folder's shell has its own cookie (two shells in one browser keep their tokens), and the
 * log of a real `npm run web` records what happened without the token or a typed password.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieNameFor } from '../../../src-main/web/security.js';
import { startWebShell, type WebShell } from '../../../src-main/web/server.js';
import { childEnv, repoRoot } from '../cli/support.js';
import { connect, rawGet, storeApi } from './support.js';

/** Sends `head` as written (no client library would send two Host headers) and reads the answer. */
function rawExchange(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => {
      socket.write(head);
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => {
      resolve(answer);
    });
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, 2000);
  });
}

describe('two Host headers', () => {
  let shell: WebShell;
  const logged: string[] = [];
  beforeAll(async () => {
    shell = await startWebShell({ api: storeApi(), log: (line) => logged.push(line) });
  });
  afterAll(() => shell.close());

  it('are refused with 400 on HTTP and on the upgrade, even when the first one is right', async () => {
    const good = `127.0.0.1:${String(shell.port)}`;
    const page = await rawExchange(
      shell.port,
      `GET /?token=${shell.token} HTTP/1.1\r\nHost: ${good}\r\nHost: evil.test\r\nConnection: close\r\n\r\n`,
    );
    expect(page.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    const upgrade = await rawExchange(
      shell.port,
      `GET /ws?token=${shell.token} HTTP/1.1\r\nHost: ${good}\r\nHost: evil.test\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    // One Host, the same request: served.
    const single = await rawExchange(
      shell.port,
      `GET /session?token=${shell.token} HTTP/1.1\r\nHost: ${good}\r\nConnection: close\r\n\r\n`,
    );
    expect(single.split('\r\n')[0]).toBe('HTTP/1.1 204 No Content');
    // The refusals are logged by path, never with the query that held the token.
    expect(logged).toEqual([
      'refused 400 (One Host header required): GET /',
      'refused 400 (One Host header required): GET /ws',
    ]);
  });
});

describe('one cookie per data folder', () => {
  it('two shells set differently named cookies, and one browser holding both reaches each', async () => {
    const a = await startWebShell({
      api: storeApi(),
      cookieName: cookieNameFor('/home/a/.beacon'),
    });
    const b = await startWebShell({
      api: storeApi(),
      cookieName: cookieNameFor('/home/b/.beacon'),
    });
    try {
      expect(cookieNameFor('/home/a/.beacon')).toMatch(/^beacon_[0-9a-f]{8}$/);
      expect(cookieNameFor('/home/a/.beacon')).not.toBe(cookieNameFor('/home/b/.beacon'));
      const first = await rawGet(a.port, { path: `/session?token=${a.token}` });
      const second = await rawGet(b.port, { path: `/session?token=${b.token}` });
      const setA = String(first.headers['set-cookie']);
      const setB = String(second.headers['set-cookie']);
      expect(setA).toBe(
        `${cookieNameFor('/home/a/.beacon')}=${a.token}; HttpOnly; SameSite=Strict; Path=/`,
      );
      // A browser sends every 127.0.0.1 cookie to both ports: each shell picks its own.
      const jar = [setA, setB].map((c) => c.split(';')[0]).join('; ');
      expect((await rawGet(a.port, { path: '/session', headers: { Cookie: jar } })).status).toBe(
        204,
      );
      expect((await rawGet(b.port, { path: '/session', headers: { Cookie: jar } })).status).toBe(
        204,
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("`npm run web`'s log", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-web-log-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('records requests, commands and the connection, never the token or a password', async () => {
    const password = 'Correct-Horse-Battery-9137';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/web/main.ts', '--port', '0', '--data-dir', dataDir],
      { cwd: repoRoot, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
    });
    try {
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/;
      await expect.poll(() => found.exec(stdout)?.[0], { timeout: 15_000 }).toBeDefined();
      const url = new URL(found.exec(stdout)?.[0] ?? '');
      const port = Number(url.port);
      const token = url.searchParams.get('token') ?? '';

      const page = await rawGet(port, { path: `/?token=${token}` });
      expect(page.status).toBe(200);
      // This data folder's cookie, not the shared `beacon_token`.
      expect(String(page.headers['set-cookie'])).toMatch(
        new RegExp(`^${cookieNameFor(dataDir)}=${token};`),
      );
      expect((await rawGet(port, { path: `/nothing?token=${'w'.repeat(43)}` })).status).toBe(403);

      const client = await connect(`ws://127.0.0.1:${String(port)}/ws?token=${token}`);
      client.send({
        type: 'command',
        id: 'sign-in-1',
        command: {
          type: 'sign-in',
          mailbox: 'alex@contoso.example',
          password,
          ewsUrl: 'https://127.0.0.1:1/EWS/Exchange.asmx',
        },
      });
      for (;;) {
        const message = await client.next(20_000);
        if (message.type === 'result') {
          expect(message.result.ok).toBe(false);
          break;
        }
      }
      client.socket.close();
      await client.closed;
      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const log = await readFile(path.join(dataDir, 'logs', 'web.log'), 'utf8');
      expect(log).toMatch(/started on port \d+/);
      expect(log).toContain('refused 403 (Wrong token): GET /nothing');
      expect(log).toMatch(/command sign-in failed \([a-z-]+, unreachable\)/);
      expect(log).toContain('stopped');
      expect(log).not.toContain(password);
      expect(log).not.toContain(token);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
