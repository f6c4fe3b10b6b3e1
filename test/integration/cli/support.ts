/**
 * Runs the `beacon` CLI as a real child process (node --import tsx src-main/cli/main.ts), the
 * way a user does, and collects what it printed and how it exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const corpus = path.resolve(repoRoot, '../shared/ews-corpus');
const MAIN = 'src-main/cli/main.ts';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to a clean environment (no inherited BEACON_* variables). */
  env?: Record<string, string>;
  /** Give up (and fail) after this long. */
  timeoutMs?: number;
}

/** The environment a child gets: this process's, minus anything that could steer the CLI. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith('BEACON_') && key !== 'NODE_OPTIONS' && key !== 'NODE_EXTRA_CA_CERTS')
      env[key] = value;
  // Nor the machine's language or Beacon's own settings: the CLI reads both.
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  // A fixed local zone and language, so "local" defaults do not depend on the machine, and a
  // config folder that holds no settings.json (tests that want one pass --data-dir).
  return {
    ...env,
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    XDG_CONFIG_HOME: path.join(tmpdir(), 'beacon-test-no-config'),
    ...extra,
  };
}

/** Starts `beacon <args>` with stdin a pipe (never a TTY). */
export function spawnCli(args: readonly string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: repoRoot,
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `beacon <args>` to completion. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  child.stdin?.end();
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`beacon ${args.join(' ')} did not finish; stderr: ${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs several CLI invocations, at most `limit` at a time (the machine has two cores). */
export async function runAll(
  jobs: readonly (readonly string[] | { args: readonly string[]; options?: CliOptions })[],
  limit = 3,
): Promise<CliResult[]> {
  const results: CliResult[] = new Array<CliResult>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      if (job === undefined) continue;
      results[index] = 'args' in job ? await runCli(job.args, job.options) : await runCli(job);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

/** The JSON a successful run printed. */
export function jsonOf(result: CliResult): unknown {
  try {
    return JSON.parse(result.stdout) as unknown;
  } catch {
    throw new Error(
      `stdout is not JSON (exit ${String(result.code)}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** A failure as the CLI must report it: one line on stderr, no stack trace. */
export function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.code).not.toBeNull();
  expect(result.stderr).not.toContain('    at ');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(lines[0]).toMatch(pattern);
}

const ISO_LIKE = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** Every date-time string anywhere in a JSON value; each must be UTC (end in Z). */
export function expectInstantsUtc(value: unknown): number {
  let count = 0;
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      if (ISO_LIKE.test(node)) {
        expect(node, 'instants leave the CLI as UTC ISO strings').toMatch(
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
        );
        count++;
      }
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(value);
  return count;
}
