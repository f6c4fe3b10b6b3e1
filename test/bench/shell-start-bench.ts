/**
 * The Electron shell's own cost on top of the core: fresh processes start the shell's wiring on
 * the typed Electron fake (tray, window, IPC, OS adapters, reminders) and, alternately, the core
 * alone; both until a presence from a successful refresh of the demo mailbox. Also the size of
 * the built main process and preload (`npm run build` first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownTable, median } from './stats.js';

const RUNS = 7;
const root = join(import.meta.dirname, '../..');

function runWorker(file: string, args: string[]): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, file), ...args],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

function folderBytes(dir: string): number {
  if (!existsSync(dir)) return NaN;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  return total;
}

const shellLive: number[] = [];
const shellFirstTray: number[] = [];
const coreLive: number[] = [];
let tooltip = '';
for (let i = 0; i < RUNS; i++) {
  const shellDir = mkdtempSync(join(tmpdir(), 'beacon-shell-bench-'));
  const coreDir = mkdtempSync(join(tmpdir(), 'beacon-shell-bench-core-'));
  try {
    const shell = runWorker('shell-start-worker.ts', [shellDir]);
    shellLive.push(Number(shell.liveTrayMs));
    shellFirstTray.push(Number(shell.firstTrayMs));
    tooltip = String(shell.tooltip);
    const core = runWorker('core-start-worker.ts', [coreDir, 'fresh']);
    coreLive.push(Number(core.coreMs));
  } finally {
    rmSync(shellDir, { recursive: true, force: true });
    rmSync(coreDir, { recursive: true, force: true });
  }
}

const shellMedian = median(shellLive);
const coreMedian = median(coreLive);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
process.stdout.write(
  `\nElectron shell start on the typed fake → live presence in the tray, median of ${RUNS} fresh processes\n\n${markdownTable(
    ['what', 'median', 'ratio to the core alone'],
    [
      [
        'shell: tray icon up (cached or provisional state)',
        `${median(shellFirstTray).toFixed(0)} ms`,
        '',
      ],
      [
        'shell: live presence in the tray',
        `${shellMedian.toFixed(0)} ms`,
        `${(shellMedian / coreMedian).toFixed(2)}×`,
      ],
      ['core alone: live Snapshot', `${coreMedian.toFixed(0)} ms`, '1.00×'],
    ],
  )}\n\nTray tooltip: ${tooltip}\nBuilt main process ${kb(folderBytes(join(root, 'out/main')))}, preload ${kb(
    folderBytes(join(root, 'out/preload')),
  )}\n`,
);
