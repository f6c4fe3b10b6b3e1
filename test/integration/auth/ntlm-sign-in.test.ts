/**
 * The password sign-in chooses its method from the server's challenges: NTLM against a server
 * that offers only NTLM (the simulator on https with Extended Protection), Basic against one
 * that offers Basic over https; the choice is remembered in settings.account.auth and in the
 * Account. After an NTLM session neither the password nor its NT hash (nor NTOWFv2) is anywhere
 * in the data folder or the log.
 */
import { readdir, readFile, rm, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ntHash, ntowfv2 } from '../../../src-main/auth/ntlm/keys.js';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';

const NOW = new Date('2025-06-10T17:07:00Z');
const ALEX = 'alex@beacon.test';
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function simulator(options: Parameters<typeof startSimulator>[0]): Promise<RunningSimulator> {
  const sim = await startSimulator({ now: () => NOW, https: true, strict: false, ...options });
  cleanup.push(() => sim.close());
  return sim;
}

async function companionFor(
  sim: RunningSimulator,
): Promise<{ companion: Companion; dataDir: string; log: string[] }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-ntlm-'));
  const log: string[] = [];
  const companion = await createCompanion({
    dataDir,
    // The product waits a second before decoding voicemail peaks; whenIdle would sit it out.
    voicemailPeaksDelayMs: 0,
    timeZone: 'America/Los_Angeles',
    locale: 'en-GB',
    clock: new FakeSchedulerClock(NOW.getTime()),
    ...(sim.caPem === undefined ? {} : { extraCa: sim.caPem }),
    log: (line) => {
      log.push(line);
    },
    openExternal: () => undefined,
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
  });
  cleanup.push(async () => {
    await companion.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  companion.start();
  await companion.whenIdle();
  return { companion, dataDir, log };
}

function passwordOf(sim: RunningSimulator): string {
  const user = sim.users.find((u) => u.email === ALEX);
  if (user === undefined) throw new Error('no Alex in the simulator');
  return user.password;
}

/** Every file under `dir`, as bytes. */
async function filesUnder(dir: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const full = path.join(dir, name);
    if ((await stat(full)).isFile()) out.push(await readFile(full));
  }
  return out;
}

describe('password sign-in chooses NTLM or Basic from the server', () => {
  it('NTLM only (https, channel binding enforced): signs in with NTLM and remembers it', async () => {
    const sim = await simulator({ ntlm: { channelBinding: true } });
    const { companion, dataDir, log } = await companionFor(sim);
    const password = passwordOf(sim);
    const result = await companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password,
      ewsUrl: sim.ewsUrl,
      remember: false,
    });
    expect(result).toEqual({ ok: true });
    const snapshot = companion.getSnapshot();
    expect(snapshot.account).toMatchObject({ mode: 'exchange', signIn: 'signed-in', auth: 'ntlm' });
    expect(snapshot.settings.account.auth).toBe('ntlm');
    expect(sim.ntlm?.accepted).toBeGreaterThanOrEqual(1);
    expect(sim.ntlm?.failures).toEqual([]);
    const saved = JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8')) as {
      account: { auth?: string };
    };
    expect(saved.account.auth).toBe('ntlm');

    // Refreshes after the sign-in keep working over the authenticated connection.
    await companion.execute({ type: 'refresh-now' });
    await companion.whenIdle();
    expect(companion.getSnapshot().connection.state).toBe('online');

    await companion.stop();
    const secrets = [
      Buffer.from(password, 'utf8'),
      Buffer.from(password, 'utf16le'),
      ntHash(password),
      Buffer.from(ntHash(password).toString('hex')),
      Buffer.from(ntHash(password).toString('base64')),
      ntowfv2(ntHash(password), ALEX, ''),
      Buffer.from(ntowfv2(ntHash(password), ALEX, '').toString('hex')),
    ];
    const files = await filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(0);
    const logText = Buffer.from(log.join('\n'));
    for (const bytes of [...files, logText])
      for (const secret of secrets) expect(bytes.includes(secret)).toBe(false);
  });

  it('a wrong password against NTLM fails as wrong-password after one AUTHENTICATE', async () => {
    const sim = await simulator({ ntlm: { channelBinding: true } });
    const { companion } = await companionFor(sim);
    const result = await companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: 'not-the-password',
      ewsUrl: sim.ewsUrl,
      remember: false,
    });
    expect(result).toMatchObject({ ok: false, error: { failure: { reason: 'wrong-password' } } });
    expect(companion.getSnapshot().account).toMatchObject({
      signIn: 'failed',
      failure: { reason: 'wrong-password' },
    });
    expect(sim.ntlm?.failures).toEqual(['wrong-response']);
    expect(companion.getSnapshot().settings.account.auth).toBeUndefined();
  });

  it('a Kerberos-only server fails as kerberos-unsupported, not as a wrong password', async () => {
    const sim = await simulator({ ntlm: { channelBinding: true, kerberosOnly: true } });
    const { companion } = await companionFor(sim);
    const result = await companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: passwordOf(sim),
      ewsUrl: sim.ewsUrl,
      remember: false,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { failure: { reason: 'kerberos-unsupported' } },
    });
    expect(companion.getSnapshot().account.failure).toEqual({ reason: 'kerberos-unsupported' });
    expect(sim.ntlm?.accepted).toBe(0);
  });

  it('Basic only, over https: signs in with Basic and remembers it', async () => {
    const sim = await simulator({});
    const { companion } = await companionFor(sim);
    const result = await companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: passwordOf(sim),
      ewsUrl: sim.ewsUrl,
      remember: false,
    });
    expect(result).toEqual({ ok: true });
    expect(companion.getSnapshot().account).toMatchObject({ signIn: 'signed-in', auth: 'basic' });
    expect(companion.getSnapshot().settings.account.auth).toBe('basic');
  });
});
