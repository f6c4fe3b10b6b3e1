/**
 * Peak RSS of the web shell process (`npm run web`) on the demo mailbox: started, first page and
 * WebSocket Snapshot served, a few refreshes, then the kernel's high-water mark (VmHWM) is read.
 * Also the size of the built renderer's JavaScript, gzipped (target ≤ 250 KB).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { markdownTable } from './stats.js';

const root = join(import.meta.dirname, '../..');

async function webShellPeakRssMb(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'beacon-web-bench-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'src-main/web/main.ts'), '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const found = /https?:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
        if (found) resolve(found[0]);
      });
      child.once('exit', (code) => {
        reject(new Error(`web shell exited with ${String(code)}`));
      });
    });
    const page = new URL(url);
    const token = page.searchParams.get('token') ?? '';
    await fetch(url);
    // Three Snapshots over the WebSocket, with a refresh in between, as a user session would.
    await new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(`ws://${page.host}/ws?token=${token}`, {
        headers: { Origin: page.origin },
      });
      let snapshots = 0;
      socket.on('message', () => {
        snapshots++;
        if (snapshots === 1)
          socket.send(
            JSON.stringify({ type: 'command', id: '1', command: { type: 'refresh-now' } }),
          );
        if (snapshots >= 3) {
          socket.close();
          resolve();
        }
      });
      socket.on('error', reject);
    });
    const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return hwmKb / 1024;
  } finally {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function rendererJsGzipKb(): number | undefined {
  const dir = join(root, 'out/renderer');
  if (!existsSync(dir)) return undefined;
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(dir);
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0) / 1024;
}

const rss = await webShellPeakRssMb();
const bundle = rendererJsGzipKb();
process.stdout.write(
  `\nWeb shell and renderer\n\n${markdownTable(
    ['measure', 'value', 'target'],
    [
      [
        'web shell peak RSS (demo mailbox, 3 Snapshots over WebSocket)',
        `${rss.toFixed(0)} MB`,
        '—',
      ],
      [
        'renderer JavaScript, gzipped',
        bundle === undefined ? 'not built (npm run build:renderer)' : `${bundle.toFixed(1)} KB`,
        '≤ 250 KB',
      ],
    ],
  )}\n`,
);
