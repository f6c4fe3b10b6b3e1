/**
 * A real Mosquitto MQTT broker for the sharing tests, one per call: a temp folder with its own
 * config, password file (made with mosquitto_passwd), log and a per-run certificate authority
 * with a server certificate for localhost and 127.0.0.1; loopback only, random free ports (plain
 * MQTT on `port`, TLS on `tlsPort`), anonymous clients refused, nothing persisted.
 *
 * Mosquitto 2.0 quirks handled here: started as root it drops to the `mosquitto` user before it
 * reads the password file and the certificates, so the folder is handed to that user (as Prosody's
 * is); `allow_anonymous` and `password_file` are global only while `per_listener_settings` is
 * false, and every TLS option belongs to the `listener` line above it.
 *
 * When Mosquitto is not installed this throws with a clear message: the MQTT tests fail rather
 * than skip (`.ci/install` installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chownSync, constants, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import { canConnect, freePort } from './loopback-port.js';

export interface MosquittoUser {
  name: string;
  password: string;
}

export interface Mosquitto {
  host: string;
  /** Plain MQTT (loopback only). */
  port: number;
  /** MQTT over TLS with the per-run CA's server certificate. */
  tlsPort: number;
  /** The per-run certificate authority that signed the server's certificate. */
  caPem: string;
  /** `mqtt://127.0.0.1:<port>` and `mqtts://localhost:<tlsPort>`. */
  url: string;
  tlsUrl: string;
  /** The broker's log so far (for failure messages). */
  log(): Promise<string>;
  /** Stops the broker and starts it again on the same ports (retained messages are lost). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
export const MOSQUITTO_BINARY = '/usr/sbin/mosquitto';
const NOT_INSTALLED =
  'Mosquitto is not installed: the MQTT tests need /usr/sbin/mosquitto and mosquitto_passwd ' +
  '(Debian: apt-get install mosquitto; .ci/install installs it).';

function binary(path: string): string {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    throw new Error(NOT_INSTALLED);
  }
}

/** As root, Mosquitto switches to the mosquitto user: the folder must be that user's. */
function brokerUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'mosquitto'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'mosquitto'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  if (statSync(path).isDirectory())
    for (const entry of readdirSync(path)) chownTree(join(path, entry), owner);
}

async function makeCertificates(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'Beacon MQTT test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: HOST },
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.private };
}

function config(dir: string, port: number, tlsPort: number): string {
  return `# Written by test/support/mosquitto.ts for one test run.
per_listener_settings false
allow_anonymous false
password_file ${join(dir, 'passwd')}
persistence false
log_dest file ${join(dir, 'mosquitto.log')}
log_type error
log_type warning
log_type notice
log_type information
connection_messages true

listener ${port} ${HOST}

listener ${tlsPort} ${HOST}
cafile ${join(dir, 'ca.pem')}
certfile ${join(dir, 'server.pem')}
keyfile ${join(dir, 'server.key')}
tls_version tlsv1.2
`;
}

async function waitUntil(check: () => Promise<boolean>, what: string, log: () => Promise<string>) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Mosquitto did not ${what} in time. Log:\n${await log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startMosquitto(users: MosquittoUser[]): Promise<Mosquitto> {
  const broker = binary(MOSQUITTO_BINARY);
  const passwd = binary('/usr/bin/mosquitto_passwd');
  const dir = mkdtempSync(join(tmpdir(), 'beacon-mosquitto-'));
  const [port, tlsPort, certs] = await Promise.all([freePort(), freePort(), makeCertificates()]);
  await writeFile(join(dir, 'ca.pem'), certs.caPem);
  await writeFile(join(dir, 'server.pem'), certs.certPem);
  await writeFile(join(dir, 'server.key'), certs.keyPem, { mode: 0o600 });
  await writeFile(join(dir, 'passwd'), '', { mode: 0o600 });
  for (const user of users) {
    const made = spawnSync(passwd, ['-b', join(dir, 'passwd'), user.name, user.password], {
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);
  }
  await writeFile(join(dir, 'mosquitto.conf'), config(dir, port, tlsPort));
  const owner = brokerUser();
  if (owner !== undefined) chownTree(dir, owner);

  const log = async (): Promise<string> =>
    readFile(join(dir, 'mosquitto.log'), 'utf8').catch(() => '(no log)');
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    let output = '';
    const started = spawn(broker, ['-c', join(dir, 'mosquitto.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child = started;
    let exited = false;
    started.once('exit', () => {
      exited = true;
    });
    await waitUntil(
      async () => {
        if (exited) throw new Error(`Mosquitto exited at start: ${output}\n${await log()}`);
        return (await canConnect(port)) && (await canConnect(tlsPort));
      },
      'listen',
      log,
    );
  };

  const halt = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) =>
      running.once('exit', () => {
        resolve();
      }),
    );
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    host: HOST,
    port,
    tlsPort,
    caPem: certs.caPem,
    url: `mqtt://${HOST}:${port}`,
    tlsUrl: `mqtts://localhost:${tlsPort}`,
    log,
    restart: async () => {
      await halt();
      await waitUntil(async () => !(await canConnect(port)), 'stop', log);
      await launch();
    },
    stop: async () => {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
