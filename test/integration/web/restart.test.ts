/**
 * `npm run web` across restarts, as a user runs it: the token is kept in the data folder (mode
 * 0600) so an open page's cookie still works, `--new-token` rotates it, a busy port is one
 * sentence, and Join from a page comes back to that page as a link to open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../src-main/web/messages.js';
import { cookieNameFor } from '../../../src-main/web/security.js';
import { TOKEN_FILE_NAME } from '../../../src-main/web/token-file.js';
import { childEnv, repoRoot } from '../cli/support.js';
import { connect } from './support.js';

interface Running {
  child: ChildProcess;
  port: number;
  token: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const URL_PATTERN = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)/;

function spawnWeb(args: string[]): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/web/main.ts', ...args], {
    cwd: repoRoot,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function startWeb(args: string[]): Promise<Running> {
  const run = spawnWeb(args);
  await expect.poll(() => URL_PATTERN.exec(run.stdout()), { timeout: 20_000 }).not.toBeNull();
  const match = URL_PATTERN.exec(run.stdout());
  return {
    child: run.child,
    port: Number(match?.[1]),
    token: match?.[2] ?? '',
    stderr: run.stderr,
    exited: run.exited,
  };
}

async function stopWeb(running: Running): Promise<void> {
  running.child.kill('SIGTERM');
  expect(await running.exited, running.stderr()).toBe(0);
}

let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-web-restart-'));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

/** A page that loaded earlier: only the cookie (this data folder's), no token in the URL. */
function withCookie(port: number, token: string): Promise<Awaited<ReturnType<typeof connect>>> {
  return connect(`ws://127.0.0.1:${port}/ws`, {
    Cookie: `${cookieNameFor(dataDir)}=${token}`,
    Origin: `http://127.0.0.1:${port}`,
  });
}

describe('the token across restarts', () => {
  it('keeps the token and port per data folder, so an open page reconnects; --new-token rotates the token', async () => {
    const first = await startWeb(['--port', '0', '--data-dir', dataDir]);
    children.push(first.child);
    const file = path.join(dataDir, TOKEN_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await stopWeb(first);

    // Without --port the shell asks for last run's port: the page's origin is the same again.
    const second = await startWeb(['--data-dir', dataDir]);
    children.push(second.child);
    expect(second.token).toBe(first.token);
    expect(second.port).toBe(first.port);
    const page = await withCookie(second.port, first.token);
    expect((await page.next()).type).toBe('snapshot');
    page.socket.close();
    await page.closed;
    await stopWeb(second);

    const third = await startWeb(['--port', '0', '--data-dir', dataDir, '--new-token']);
    children.push(third.child);
    expect(third.token).not.toBe(first.token);
    await expect(withCookie(third.port, first.token)).rejects.toThrow('upgrade refused: 403');
    const fresh = await withCookie(third.port, third.token);
    expect((await fresh.next()).type).toBe('snapshot');
    fresh.socket.close();
    await fresh.closed;
    await stopWeb(third);
  }, 90_000);
});

describe('a busy port', () => {
  it('says so in one sentence and exits 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const run = spawnWeb(['--port', String(port), '--data-dir', dataDir]);
      children.push(run.child);
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toBe(`Port ${port} is in use; choose another with --port\n`);
      expect(run.stdout()).toBe('');
    } finally {
      await new Promise<void>((resolve) => {
        blocker.close(() => {
          resolve();
        });
      });
    }
  }, 30_000);
});

describe('the remembered port', () => {
  it('gives way to any free port when another program took it', async () => {
    const own = await mkdtemp(path.join(tmpdir(), 'beacon-web-port-'));
    try {
      const first = await startWeb(['--data-dir', own]);
      children.push(first.child);
      await stopWeb(first);
      const blocker: Server = createServer();
      await new Promise<void>((resolve) => blocker.listen(first.port, '127.0.0.1', resolve));
      try {
        const second = await startWeb(['--data-dir', own]);
        children.push(second.child);
        expect(second.port).not.toBe(first.port);
        expect(second.token).toBe(first.token);
        await stopWeb(second);
      } finally {
        await new Promise<void>((resolve) => {
          blocker.close(() => {
            resolve();
          });
        });
      }
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('Join with the real companion', () => {
  it('sends the meeting link to the page that pressed Join', async () => {
    const running = await startWeb(['--port', '0', '--data-dir', dataDir]);
    children.push(running.child);
    try {
      const url = `ws://127.0.0.1:${running.port}/ws?token=${running.token}`;
      const asking = await connect(url);
      const bystander = await connect(url);
      asking.send({ type: 'hello', timeZone: 'Asia/Seoul', locale: 'ko-KR' });
      // The demo agenda has a meeting in progress with a Teams link once the first refresh is in.
      let joinable: { id: string; joinUrl?: string } | undefined;
      while (joinable === undefined) {
        const message: ServerMessage = await asking.next(20_000);
        if (message.type === 'snapshot')
          joinable = message.snapshot.agenda.find((item) => item.joinUrl !== undefined);
      }
      asking.send({
        type: 'command',
        id: 'join',
        command: { type: 'open-join-link', itemId: joinable.id },
      });
      let opened: string | undefined;
      for (;;) {
        const message = await asking.next(10_000);
        if (message.type === 'open-url') opened = message.url;
        if (message.type === 'result' && message.id === 'join') {
          expect(message.result).toEqual({ ok: true });
          break;
        }
      }
      expect(opened).toBe(joinable.joinUrl);
      // The other page got Snapshots at most, never the link.
      for (;;) {
        const message = await bystander.next(300).catch(() => undefined);
        if (message === undefined) break;
        expect(message.type).toBe('snapshot');
      }
      asking.socket.close();
      bystander.socket.close();
    } finally {
      await stopWeb(running);
    }
  }, 60_000);
});
