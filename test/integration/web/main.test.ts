/**
 * `npm run web` as a user runs it: a real child process with the real companion on the demo
 * mailbox. It prints the URL, serves the page with the token, carries Snapshots, and exits 0 on
 * SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childEnv, repoRoot } from '../cli/support.js';
import { connect, rawGet } from './support.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-web-main-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it('starts, prints the URL, serves the page and the contract, and exits 0 on SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/web/main.ts', '--port', '0', '--data-dir', dataDir],
    { cwd: repoRoot, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  try {
    await expect
      .poll(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stdout)?.[0], { timeout: 15_000 })
      .toBeDefined();
    const url = new URL(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stdout)?.[0] ?? '');
    const port = Number(url.port);
    const token = url.searchParams.get('token') ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const page = await rawGet(port, { path: `/?token=${token}` });
    expect(page.status, stderr).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toMatch(/<html|<!doctype html>/i);
    expect((await rawGet(port, { path: '/' })).status).toBe(401);

    const client = await connect(`ws://127.0.0.1:${port}/ws?token=${token}`);
    const first = await client.next();
    expect(first.type === 'snapshot' && first.snapshot.account.mode).toBe('demo');
    client.socket.close();
    await client.closed;

    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
