/**
 * P5 — the core's memory, signed in to the simulator: an empty mailbox, then 5,000 calendar items
 * in today's window, 1,000 IM contacts (free/busy from the simulator), 200 voicemails, and all
 * three. The simulator runs in a process of its own and the core in another, bundled with
 * esbuild as the shells ship it (under tsx the loader alone holds about 40 MB), with the V8 flags
 * both shells give the core (`--max-semi-space-size=1`). Each figure is process.memoryUsage()
 * after a forced GC once the core stood idle for 3 s (RSS also at once, before that), median of
 * 3 runs. Target: ≤ 80 MB RSS.
 * MEMORY_BENCH_ONLY=<substring> runs only the configurations whose name contains it;
 * MEMORY_BENCH_RUNS=<n> changes the number of processes; MEMORY_BENCH_FLAGS replaces the flags.
 */
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { markdownTable, median } from './stats.js';

interface Memory {
  rss: number;
  rssAtOnce: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  agenda: number;
  contacts: number;
  voicemail: number;
}

const RUNS = Number(process.env.MEMORY_BENCH_RUNS ?? 3);
/** As `npm run web` and the Electron main process start the core. */
const FLAGS = (process.env.MEMORY_BENCH_FLAGS ?? '--max-semi-space-size=1')
  .split(' ')
  .filter(Boolean);
const ONLY = process.env.MEMORY_BENCH_ONLY;
const root = join(import.meta.dirname, '..', '..');
// Inside node_modules so that the bundle's package imports resolve.
const outDir = join(root, 'node_modules', '.cache', 'beacon-bench', 'memory');
const run = promisify(execFile);

await run(
  join(root, 'node_modules', '.bin', 'esbuild'),
  [
    join(import.meta.dirname, 'memory-worker.ts'),
    '--bundle',
    '--splitting',
    '--platform=node',
    '--format=esm',
    '--packages=external',
    `--outdir=${outDir}`,
    '--log-level=warning',
  ],
  { cwd: root },
);

async function measure(calendar: number, contacts: number, voicemails: number): Promise<Memory> {
  const sim = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'memory-sim.ts'),
      ...[calendar, voicemails, contacts].map(String),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    const lines = createInterface({ input: sim.stdout });
    const baseUrl = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      sim.once('exit', (code) => {
        reject(new Error(`simulator exited (${String(code)})`));
      });
    });
    const { stdout } = await run(
      process.execPath,
      [
        '--expose-gc',
        ...FLAGS,
        join(outDir, 'memory-worker.js'),
        baseUrl,
        String(contacts),
        String(voicemails),
      ],
      { encoding: 'utf8' },
    );
    const memory = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Memory;
    if (memory.agenda < calendar || memory.contacts < contacts || memory.voicemail < voicemails)
      throw new Error(`not all loaded: ${stdout}`);
    return memory;
  } finally {
    sim.stdin.end();
    sim.kill();
  }
}

const configurations = [
  ['empty mailbox (baseline)', 0, 0, 0],
  ['+ 5,000 calendar items', 5000, 0, 0],
  ['+ 1,000 contacts', 0, 1000, 0],
  ['+ 200 voicemails', 0, 0, 200],
  ['all three', 5000, 1000, 200],
] as const;
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
const rows: string[][] = [];
for (const [name, calendar, contacts, voicemails] of configurations) {
  if (ONLY !== undefined && !name.includes(ONLY)) continue;
  const runs: Memory[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(calendar, contacts, voicemails));
  const m = (pick: (r: Memory) => number): string => mb(median(runs.map(pick)));
  rows.push([
    name,
    m((r) => r.rss),
    m((r) => r.rssAtOnce),
    m((r) => r.heapUsed),
    m((r) => r.heapTotal),
    m((r) => r.external),
    m((r) => r.arrayBuffers),
  ]);
}
process.stdout.write(
  `\nP5 — core memory signed in to the simulator (another process), after a forced GC once idle for 3 s, median of ${String(RUNS)} processes, node ${FLAGS.join(' ')}; target ≤ 80 MB RSS\n\n${markdownTable(
    ['loaded', 'RSS', 'RSS at once', 'heap used', 'heap total', 'external', 'array buffers'],
    rows,
  )}\n`,
);
