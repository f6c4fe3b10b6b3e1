/**
 * Core start → first Snapshot, fresh (against the local demo mailbox) and from the cache, each
 * run in a new process. Targets (issue 3): ≤ 300 ms from cache, ≤ 1 s fresh.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownTable, median } from './stats.js';

interface StartResult {
  coreMs: number;
  importMs: number;
  state: string;
  availability: string;
}

const RUNS = 7;
const worker = join(import.meta.dirname, 'core-start-worker.ts');

function start(dataDir: string, mode: 'fresh' | 'cache'): StartResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', worker, dataDir, mode], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as StartResult;
}

const rows: string[][] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'beacon-core-bench-'));
try {
  const fresh: StartResult[] = [];
  const cached: StartResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    fresh.push(start(dataDir, 'fresh'));
    cached.push(start(dataDir, 'cache'));
  }
  for (const [name, results, expected] of [
    ['fresh (demo mailbox on loopback)', fresh, 'online'],
    ['from cache', cached, 'stale'],
  ] as const) {
    const wrong = results.find((r) => r.state !== expected);
    if (wrong) throw new Error(`${name}: connection ${wrong.state}, expected ${expected}`);
    rows.push([
      name,
      `${median(results.map((r) => r.coreMs)).toFixed(0)} ms`,
      `${median(results.map((r) => r.importMs)).toFixed(0)} ms`,
      results[0]?.availability ?? '',
    ]);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

process.stdout.write(
  `\nCore start → first Snapshot, median of ${RUNS} fresh processes\n\n${markdownTable(
    ['start', 'core (modules loaded) → Snapshot', 'module load under tsx', 'presence shown'],
    rows,
  )}\n`,
);
