/**
 * `beacon sim` as a child process: it prints where it listens and who can sign in, serves EWS
 * and the admin API there, records exchanges with --record, serves HTTPS with a certificate
 * clients can trust, and exits 0 on SIGTERM.
 */
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import { spawnCli } from './support.js';
import type { ChildProcess } from 'node:child_process';

interface Started {
  child: ChildProcess;
  ewsUrl: string;
  adminUrl: string;
  graphUrl: string;
  caFile: string | undefined;
  users: { email: string; name: string; password: string; token: string }[];
  stdout: () => string;
  stderr: () => string;
}

/** Starts `beacon sim ...` and waits until it has printed its last user line. */
async function startSim(args: string[]): Promise<Started> {
  const child = spawnCli(['sim', ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`beacon sim did not start; stdout: ${stdout}; stderr: ${stderr}`));
    }, 20_000);
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      // Two users (Alex, Nestor) in every seed: the second one ends the banner.
      if ((stdout.match(/ token=\S+\n/g) ?? []).length === 2) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`beacon sim exited ${String(code)}: ${stderr}`));
    });
  });
  const field = (label: string): string | undefined =>
    new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(stdout)?.[1];
  const users = [
    ...stdout.matchAll(/^ {2}(\S+) {2}"([^"]+)" {2}password=(\S+) {2}token=(\S+)$/gm),
  ].map((m) => ({ email: m[1] ?? '', name: m[2] ?? '', password: m[3] ?? '', token: m[4] ?? '' }));
  return {
    child,
    ewsUrl: field('EWS URL') ?? '',
    adminUrl: field('Admin URL') ?? '',
    graphUrl: field('Graph URL') ?? '',
    caFile: /^TLS:\s+self-signed certificate (\S+)/m.exec(stdout)?.[1],
    users,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** SIGTERM, then the exit code (and no signal: it shut down by itself). */
async function stop(sim: Started): Promise<{ code: number | null; signal: string | null }> {
  const exited = once(sim.child, 'exit') as Promise<[number | null, string | null]>;
  sim.child.kill('SIGTERM');
  const [code, signal] = await exited;
  return { code, signal };
}

describe('beacon sim --port 0 --seed empty', () => {
  let sim: Started;
  beforeAll(async () => {
    sim = await startSim(['--port', '0', '--seed', 'empty']);
  }, 30_000);
  afterAll(() => {
    if (sim.child.exitCode === null) sim.child.kill('SIGKILL');
  });

  it('prints its URLs and the users, serves them, and exits 0 on SIGTERM', async () => {
    expect(sim.ewsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/EWS\/Exchange\.asmx$/);
    const origin = new URL(sim.ewsUrl).origin;
    expect(new URL(sim.ewsUrl).port).not.toBe('0');
    expect(sim.adminUrl).toBe(`${origin}/admin`);
    expect(sim.graphUrl).toBe(`${origin}/v1.0`);
    expect(sim.caFile).toBeUndefined();
    expect(sim.users).toEqual([
      {
        email: 'alex@beacon.test',
        name: 'Alex Wilber',
        password: 'alex-password',
        token: 'alex-token',
      },
      {
        email: 'nestor@beacon.test',
        name: 'Nestor Wilke',
        password: 'nestor-password',
        token: 'nestor-token',
      },
    ]);

    // The admin API: the empty seed has only the two sign-in mailboxes.
    const directory = (await (await fetch(`${sim.adminUrl}/directory`)).json()) as {
      email: string;
    }[];
    expect(directory.map((m) => m.email).sort()).toEqual([
      'alex@beacon.test',
      'nestor@beacon.test',
    ]);

    // Graph with a printed token: the Graph face serves the same mailboxes.
    const me = await fetch(`${sim.graphUrl}/me`, {
      headers: { Authorization: 'Bearer alex-token' },
    });
    expect(((await me.json()) as { displayName: string }).displayName).toBe('Alex Wilber');

    // EWS with the printed credentials: the empty seed's OOF is Disabled.
    const alex = sim.users[0];
    if (!alex) throw new Error('no user');
    const client = new EwsClient({
      url: sim.ewsUrl,
      auth: new BasicAuth(alex.email, alex.password),
      mailbox: alex.email,
    });
    try {
      expect((await client.getOofSettings()).state).toBe('Disabled');
      expect(
        (await client.getCalendar({ start: new Date(0), end: new Date(86_400_000) })).items,
      ).toEqual([]);
    } finally {
      await client.close();
    }

    expect(await stop(sim)).toEqual({ code: 0, signal: null });
    expect(sim.stderr()).toBe('');
  });
});

describe('beacon sim --https --record DIR', () => {
  let sim: Started;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'beacon-cli-sim-'));
    sim = await startSim(['--https', '--record', dir]);
  }, 30_000);
  afterAll(async () => {
    if (sim.child.exitCode === null) sim.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    if (sim.caFile) await rm(sim.caFile, { force: true });
  });

  it('prints an https URL and a certificate file that makes the client trust it', async () => {
    expect(sim.ewsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/EWS\/Exchange\.asmx$/);
    expect(sim.adminUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/admin$/);
    if (sim.caFile === undefined) throw new Error(`no certificate file in: ${sim.stdout()}`);
    const extraCa = await readFile(sim.caFile, 'utf8');
    expect(extraCa).toMatch(/^-----BEGIN CERTIFICATE-----/);

    const alex = sim.users[0];
    if (!alex) throw new Error('no user');
    const client = new EwsClient({
      url: sim.ewsUrl,
      auth: new BasicAuth(alex.email, alex.password),
      mailbox: alex.email,
      extraCa,
    });
    try {
      // The demo seed (the default): OOF scheduled, with the seeded internal reply.
      const oof = await client.getOofSettings();
      expect(oof.state).toBe('Scheduled');
      expect(oof.internalReply.message).toContain('Megan Bowen covers for me');
    } finally {
      await client.close();
    }

    // --record wrote the exchange: the request the client sent and the answer it got.
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      '0001-GetUserOofSettings.request.xml',
      '0001-GetUserOofSettings.response.xml',
    ]);
    const request = await readFile(path.join(dir, files[0] ?? ''), 'utf8');
    const response = await readFile(path.join(dir, files[1] ?? ''), 'utf8');
    expect(request).toContain('GetUserOofSettingsRequest');
    expect(request).toContain('alex@beacon.test');
    expect(response).toContain('<t:OofState>Scheduled</t:OofState>');

    expect(await stop(sim)).toEqual({ code: 0, signal: null });
  });
});
