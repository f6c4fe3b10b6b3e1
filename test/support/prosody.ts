/**
 * A real Prosody XMPP server for the IM tests, one per call: a temp folder with its own
 * config, data, pidfile, log and a per-run certificate authority; loopback only, random free
 * ports (STARTTLS on `port`, direct TLS on `tlsPort`), encryption required, s2s off, stream
 * management, carbons, archive and client state indication on. Prosody refuses to run as root,
 * so as root it runs as the prosody user (runuser); otherwise as the current user.
 *
 * When Prosody is not installed this throws with a clear message: the IM tests fail rather
 * than skip (`.ci/install` installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, chownSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import selfsigned from 'selfsigned';
import xml, { type Element } from '@xmpp/xml';
import { createXmppConnection, type XmppConnection } from '../../src-main/im/xmpp/connection.js';
import { canConnect, freePort } from './loopback-port.js';

export interface ProsodyUser {
  name: string;
  password: string;
}

export interface ProsodyOptions {
  users?: ProsodyUser[];
  /** Extra lines for the global section of the config (tests that need a setting). */
  extraConfig?: string;
}

export interface Prosody {
  /** The XMPP domain (the VirtualHost): `localhost`. */
  domain: string;
  /** Where to connect: 127.0.0.1. */
  host: string;
  /** The client port (STARTTLS, required). */
  port: number;
  /** The direct-TLS client port (XEP-0368 style). */
  tlsPort: number;
  /** The per-run certificate authority that signed the server's certificate. */
  caPem: string;
  /** Creates (or re-creates) an account. */
  register(name: string, password: string): Promise<void>;
  /** The server's log so far (for failure messages). */
  log(): Promise<string>;
  /** Freezes the server (SIGSTOP) as a hung or cut-off server would look; `thaw` undoes it. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

const DOMAIN = 'localhost';
const HOST = '127.0.0.1';

const NOT_INSTALLED =
  'Prosody is not installed: the IM tests need the prosody XMPP server on PATH ' +
  '(Debian: apt-get install prosody; .ci/install installs it).';

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** As root, Prosody runs as the prosody user; as anyone else, as that user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = spawnSync('id', ['-u', 'prosody'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'prosody'], { encoding: 'utf8' });
  if (id.status !== 0 || gid.status !== 0) {
    throw new Error('Prosody must not run as root and there is no prosody user to run it as.');
  }
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function command(owner: { uid: number } | undefined, args: string[]): [string, string[]] {
  return owner ? ['runuser', ['-u', 'prosody', '--', ...args]] : [args[0] ?? '', args.slice(1)];
}

function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path)) chownTree(join(path, entry), owner);
  }
}

async function makeCertificates(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'Beacon test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await selfsigned.generate([{ name: 'commonName', value: DOMAIN }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: DOMAIN }] },
    ],
  });
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.private };
}

function lua(value: string): string {
  return JSON.stringify(value);
}

function config(dir: string, port: number, tlsPort: number, extra: string): string {
  const cert = join(dir, 'certs', `${DOMAIN}.crt`);
  const key = join(dir, 'certs', `${DOMAIN}.key`);
  return `-- Written by test/support/prosody.ts for one test run.
pidfile = ${lua(join(dir, 'prosody.pid'))}
data_path = ${lua(join(dir, 'data'))}
log = { { levels = { min = "info" }, to = "file", filename = ${lua(join(dir, 'prosody.log'))} } }
interfaces = { ${lua(HOST)} }
local_interfaces = { ${lua(HOST)} }
c2s_ports = { ${port} }
c2s_direct_tls_ports = { ${tlsPort} }
s2s_ports = { }
component_ports = { }
http_ports = { }
https_ports = { }
modules_disabled = { "s2s", "http", "bosh", "websocket" }
modules_enabled = {
  "roster"; "saslauth"; "tls"; "disco"; "posix"; "ping"; "presence"; "message"; "iq";
  "carbons"; "mam"; "smacks"; "csi_simple"; "lastactivity";
}
c2s_require_encryption = true
allow_unencrypted_plain_auth = false
authentication = "internal_hashed"
-- xmpp.js computes SCRAM's PBKDF2 in JavaScript: 4096 rounds (RFC 5802's minimum advice)
-- keeps test sign-ins fast; production servers choose their own count.
default_iteration_count = 4096
storage = "internal"
default_archive_policy = true
archive_expires_after = "1d"
smacks_hibernation_time = 60
certificates = ${lua(join(dir, 'certs'))}
ssl = { certificate = ${lua(cert)}; key = ${lua(key)}; }
${extra}

VirtualHost ${lua(DOMAIN)}
  ssl = { certificate = ${lua(cert)}; key = ${lua(key)}; }
`;
}

function run(file: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, output });
    });
  });
}

export async function startProsody(options: ProsodyOptions = {}): Promise<Prosody> {
  const prosody = onPath('prosody');
  const prosodyctl = onPath('prosodyctl');
  if (!prosody || !prosodyctl) throw new Error(NOT_INSTALLED);
  const owner = runAs();

  const dir = mkdtempSync(join(tmpdir(), 'beacon-prosody-'));
  await mkdir(join(dir, 'data'));
  await mkdir(join(dir, 'certs'));
  const [port, tlsPort] = [await freePort(), await freePort()];
  const { caPem, certPem, keyPem } = await makeCertificates();
  await writeFile(join(dir, 'certs', `${DOMAIN}.crt`), certPem);
  await writeFile(join(dir, 'certs', `${DOMAIN}.key`), keyPem, { mode: 0o600 });
  const cfg = join(dir, 'prosody.cfg.lua');
  await writeFile(cfg, config(dir, port, tlsPort, options.extraConfig ?? ''));
  if (owner) chownTree(dir, owner);

  const register = async (name: string, password: string): Promise<void> => {
    const [file, args] = command(owner, [
      prosodyctl,
      '--config',
      cfg,
      'register',
      name,
      DOMAIN,
      password,
    ]);
    const { code, output } = await run(file, args);
    if (code !== 0) throw new Error(`prosodyctl register ${name} failed (${code}): ${output}`);
  };

  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  let child: ChildProcess | undefined;
  try {
    await Promise.all((options.users ?? []).map((u) => register(u.name, u.password)));

    const [file, args] = command(owner, [prosody, '--config', cfg, '-F']);
    const spawned = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = spawned;
    let output = '';
    spawned.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    spawned.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const state = { alive: true };
    const exited = new Promise<void>((resolve) => {
      spawned.once('exit', () => {
        state.alive = false;
        resolve();
      });
    });

    const deadline = Date.now() + 10_000;
    const readPid = async (): Promise<number | undefined> => {
      const text = await readFile(join(dir, 'prosody.pid'), 'utf8').catch(() => '');
      return Number(text.trim()) || undefined;
    };
    // Listening on both ports, and the pidfile written (stop and freeze signal that pid).
    while (
      !(await canConnect(port)) ||
      !(await canConnect(tlsPort)) ||
      (await readPid()) === undefined
    ) {
      if (!state.alive || Date.now() > deadline) {
        const log = await readFile(join(dir, 'prosody.log'), 'utf8').catch(() => '');
        throw new Error(`Prosody did not start: ${output}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }

    const started = spawned;
    const pid = await readPid();
    // If this test process dies without stop() (a killed worker), nothing stops Prosody: a
    // small watchdog ends it once this process is gone, and ends itself with Prosody.
    if (pid) {
      spawn(
        'sh',
        [
          '-c',
          `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${pid} 2>/dev/null; do sleep 1; done; kill ${pid} 2>/dev/null; sleep 2; rm -rf '${dir}'`,
        ],
        { stdio: 'ignore', detached: true },
      ).unref();
    }
    const stop = async (): Promise<void> => {
      process.off('exit', killNow);
      if (state.alive) {
        signal(pid, started, 'SIGCONT');
        signal(pid, started, 'SIGTERM');
        const timer = setTimeout(() => {
          signal(pid, started, 'SIGKILL');
        }, 5_000);
        await exited;
        clearTimeout(timer);
      }
      await cleanup();
    };
    const killNow = (): void => {
      signal(pid, started, 'SIGKILL');
    };
    process.once('exit', killNow);

    return {
      domain: DOMAIN,
      host: HOST,
      port,
      tlsPort,
      caPem,
      register,
      log: () => readFile(join(dir, 'prosody.log'), 'utf8').catch(() => ''),
      freeze: () => {
        if (pid) process.kill(pid, 'SIGSTOP');
      },
      thaw: () => {
        if (pid) process.kill(pid, 'SIGCONT');
      },
      stop,
    };
  } catch (error) {
    child?.kill('SIGKILL');
    await cleanup();
    throw error;
  }
}

/** Prosody (by its pidfile) and the runuser wrapper around it. */
function signal(pid: number | undefined, wrapper: ChildProcess, sig: NodeJS.Signals): void {
  if (pid) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
  wrapper.kill(sig);
}

/**
 * A bare XMPP client on the harness (no Beacon logic): the "other client" of the mapping tests
 * and the attacker of the bad-input tests. It records every stanza it receives.
 */
export interface RawClient {
  address: string;
  entity: XmppConnection['entity'];
  received: Element[];
  send(element: Element): Promise<void>;
  /** The first received stanza (already or later) that matches, within `ms`. */
  waitFor(match: (el: Element) => boolean, ms?: number): Promise<Element>;
  stop(): Promise<void>;
}

export async function rawClient(
  server: Prosody,
  name: string,
  password: string,
  options: { resource?: string; initialPresence?: boolean } = {},
): Promise<RawClient> {
  const { entity, iqCaller } = createXmppConnection({
    service: `xmpp://${server.host}:${server.port}`,
    domain: server.domain,
    username: name,
    password,
    resource: options.resource ?? 'raw',
    caPem: server.caPem,
  });
  entity.on('error', () => undefined);
  const received: Element[] = [];
  const waiters = new Set<(el: Element) => void>();
  entity.on('stanza', (el: Element) => {
    received.push(el);
    for (const w of [...waiters]) w(el);
  });
  await entity.start();
  // Prosody sends subscription requests only to clients that asked for the roster.
  await iqCaller.get(xml('query', { xmlns: 'jabber:iq:roster' }));
  if (options.initialPresence ?? true) await entity.send(xml('presence'));
  return {
    address: `${name}@${server.domain}`,
    entity,
    received,
    send: (element) => entity.send(element),
    waitFor: (match, ms = 5_000) =>
      new Promise<Element>((resolve, reject) => {
        const already = received.find(match);
        if (already) {
          resolve(already);
          return;
        }
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name}: no matching stanza within ${ms} ms`));
        }, ms);
        const check = (el: Element): void => {
          if (!match(el)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(el);
        };
        waiters.add(check);
      }),
    stop: async () => {
      await entity.stop().catch(() => undefined);
    },
  };
}

/** Polls `read` until `accept` holds (for event-driven state), failing after `ms`. */
export async function eventually<T>(
  read: () => T,
  accept: (value: T) => boolean,
  ms = 5_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
