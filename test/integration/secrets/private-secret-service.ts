/**
 * A real Secret Service for tests: a private D-Bus session daemon and gnome-keyring-daemon with
 * a throwaway HOME, both children of the test process (so they are reaped, and killed at the
 * end). Nothing touches the machine's own session or keyrings.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

export const APT_HINT =
  'install the Debian packages: apt-get install -y --no-install-recommends gnome-keyring dbus-x11 libsecret-1-dev pkg-config';

const READY_TIMEOUT_MS = 10_000;

export interface PrivateSecretService {
  readonly busAddress: string;
  readonly home: string;
  readonly runtimeDir: string;
  /** Where gnome-keyring keeps the keyring files. */
  readonly keyringDir: string;
  /** Restarts gnome-keyring-daemon; with `unlockPassword: null` the login keyring stays locked. */
  restartKeyring(unlockPassword: string | null): Promise<void>;
  /** SIGSTOPs gnome-keyring-daemon: it stays on the bus but never answers (a hung keychain). */
  freezeKeyring(): void;
  /** SIGCONTs it again. */
  thawKeyring(): void;
  stop(): Promise<void>;
}

/** Starts the session bus and an unlocked keyring (password `unlockPassword`). */
export async function startPrivateSecretService(
  unlockPassword = 'pw',
): Promise<PrivateSecretService> {
  const base = await mkdtemp(join(tmpdir(), 'beacon-secrets-'));
  const home = join(base, 'home');
  const runtimeDir = join(base, 'runtime');
  await mkdir(home, { mode: 0o700 });
  await mkdir(runtimeDir, { mode: 0o700 });
  await chmod(runtimeDir, 0o700);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: runtimeDir,
    XDG_DATA_HOME: join(home, '.local', 'share'),
  };

  const bus = spawnDaemon(
    'dbus-daemon',
    [
      '--session',
      '--nofork',
      '--nopidfile',
      '--print-address=1',
      `--address=unix:path=${join(runtimeDir, 'bus')}`,
    ],
    env,
  );
  let keyring: ChildProcess | undefined;
  try {
    const busAddress = await firstLine(bus.child, 'dbus-daemon');
    const daemonEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: busAddress };

    const startKeyring = async (password: string | null): Promise<void> => {
      const args = ['--foreground', '--components=secrets'];
      if (password !== null) args.push('--unlock');
      const started = spawnDaemon('gnome-keyring-daemon', args, daemonEnv);
      keyring = started.child;
      // --unlock reads the password from stdin up to EOF.
      started.child.stdin?.end(password ?? '');
      await waitForSecretService(busAddress, started);
    };

    await startKeyring(unlockPassword);
    return {
      busAddress,
      home,
      runtimeDir,
      keyringDir: join(home, '.local', 'share', 'keyrings'),
      async restartKeyring(password) {
        await stopChild(keyring);
        await startKeyring(password);
      },
      freezeKeyring() {
        keyring?.kill('SIGSTOP');
      },
      thawKeyring() {
        keyring?.kill('SIGCONT');
      },
      async stop() {
        // A stopped process does not act on SIGTERM until continued.
        keyring?.kill('SIGCONT');
        await stopChild(keyring);
        await stopChild(bus.child);
        await rm(base, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopChild(keyring);
    await stopChild(bus.child);
    await rm(base, { recursive: true, force: true });
    throw error;
  }
}

interface Daemon {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** Rejects when the program is missing or exits early. */
  readonly failed: Promise<never>;
}

function spawnDaemon(command: string, args: string[], env: NodeJS.ProcessEnv): Daemon {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const failed = new Promise<never>((_resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'ENOENT'
            ? `${command} is not installed: ${APT_HINT}`
            : `${command} failed to start: ${error.message}`,
        ),
      );
    });
    child.once('exit', (code, signal) => {
      reject(
        new Error(
          `${command} exited early (code ${code ?? 'none'}, signal ${signal ?? 'none'}): ${stderr.trim()}`,
        ),
      );
    });
  });
  failed.catch(() => undefined);
  return { child, stderr: () => stderr, failed };
}

/** The first stdout line of a daemon (dbus-daemon prints its address there once listening). */
async function firstLine(child: ChildProcess, command: string): Promise<string> {
  const stdout = child.stdout;
  if (!stdout) throw new Error(`${command} has no stdout`);
  stdout.setEncoding('utf8');
  let buffered = '';
  const line = new Promise<string>((resolve, reject) => {
    stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end).trim());
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'ENOENT'
            ? `${command} is not installed: ${APT_HINT}`
            : `${command} failed to start: ${error.message}`,
        ),
      );
    });
    child.once('exit', (code) => {
      reject(new Error(`${command} exited (code ${code ?? 'none'}) before printing its address`));
    });
  });
  return withDeadline(line, READY_TIMEOUT_MS, `${command} did not print its address`);
}

/** Polls the bus until org.freedesktop.secrets has an owner (gnome-keyring prints nothing). */
async function waitForSecretService(busAddress: string, keyring: Daemon): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const owned = await Promise.race([
      nameHasOwner(busAddress, 'org.freedesktop.secrets'),
      keyring.failed,
    ]);
    if (owned) return;
    if (Date.now() > deadline) {
      throw new Error(
        `gnome-keyring-daemon did not register on the bus: ${keyring.stderr().trim()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function nameHasOwner(busAddress: string, name: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    execFile(
      'dbus-send',
      [
        `--bus=${busAddress}`,
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        `string:${name}`,
      ],
      { timeout: 5_000 },
      (error, stdout) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          reject(
            new Error(
              code === 'ENOENT'
                ? `dbus-send is not installed: ${APT_HINT}`
                : `dbus-send failed: ${error.message}`,
            ),
          );
          return;
        }
        resolve(/boolean true/.test(stdout));
      },
    );
  });
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return;
  }
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

async function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(message));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
