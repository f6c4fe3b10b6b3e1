/**
 * `npm start [-- args]`: builds and launches the Electron app; where Electron cannot run (no
 * binary, no display) says why in one line and runs the web shell instead, which prints its URL.
 * Signals reach the child and its exit code becomes ours.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { chooseLauncher, electronExecutable, fallbackNotice } from './launcher.js';

const root = resolve(import.meta.dirname, '..');

/**
 * The core's V8 young generation capped at 1 MB semi-spaces, as `npm run web` starts it: about
 * 30 MB less RSS for a full mailbox (README, P5). Only a start-up flag can do it.
 */
const CORE_V8_FLAG = '--max-semi-space-size=1';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(command, args, { cwd: root, env, stdio: 'inherit' });
}

/** Runs an npm script with the npm that started us (npm_execpath), else the one on PATH. */
function npmRun(script: string): ChildProcess {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.[cm]?js$/.test(npmCli)) return run(process.execPath, [npmCli, 'run', script]);
  return spawn('npm', ['run', script], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
}

/** Resolves with the child's exit code (128 + signal number when a signal ended it). */
function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((done) => {
    child.on('error', (error) => {
      console.error(error.message);
      done(1);
    });
    child.on('exit', (code, signal) => {
      done(signal ? 128 + constants.signals[signal] : (code ?? 1));
    });
  });
}

/** Passes Ctrl-C and termination on to the shell, which shuts down cleanly, and waits for it. */
function forwardSignals(child: ChildProcess): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      child.kill(signal);
    });
  }
}

async function main(args: string[]): Promise<number> {
  const path = electronExecutable();
  const launcher = chooseLauncher({
    electronPath: path,
    binaryExists: path !== undefined && existsSync(path),
    platform: process.platform,
    env: process.env,
  });

  if (launcher.kind === 'web') {
    console.log(fallbackNotice(launcher.reason));
    const built = await exitCodeOf(npmRun('build:renderer'));
    if (built !== 0) return built;
    const web = run(process.execPath, [
      CORE_V8_FLAG,
      '--import',
      'tsx',
      'src-main/web/main.ts',
      ...args,
    ]);
    forwardSignals(web);
    return exitCodeOf(web);
  }

  const built = await exitCodeOf(npmRun('build'));
  if (built !== 0) return built;
  // ELECTRON_RUN_AS_NODE left in the environment would make Electron a plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  // The main process (the core) takes V8 flags only from Electron's own command line.
  const app = run(launcher.path, [`--js-flags=${CORE_V8_FLAG}`, '.', ...args], env);
  forwardSignals(app);
  return exitCodeOf(app);
}

process.exitCode = await main(process.argv.slice(2));
