/**
 * The missed-message e-mail through a real SMTP server (smtp-server) over STARTTLS with AUTH and
 * a per-run self-signed certificate that Beacon trusts as a private CA: one mail per conversation
 * per absence, a relay without STARTTLS refused before any credential is sent, and a wrong relay
 * password answered as such. The companion runs the demo mailbox on the simulator.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createCompanion,
  type Companion,
  type SecretSource,
} from '../../../src-main/core/companion/index.js';
import type { CommandInput } from '../../../src-main/core/contract.js';
import { DEMO_BOT, DEMO_ECHO } from '../../../src-main/im/demo/demo-provider.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { LOCALE, NOW, ZONE } from '../companion/support.js';

const USER = 'beacon-relay';
const PASSWORD = 'relay-secret';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

interface Mail {
  from: string;
  to: string[];
  data: string;
}

interface Relay {
  port: number;
  mails: Mail[];
  /** AUTH attempts the server saw (user names only). */
  auths: string[];
  close(): Promise<void>;
}

let cert: { key: string; cert: string };

async function startRelay(options: { starttls: boolean }): Promise<Relay> {
  const mails: Mail[] = [];
  const auths: string[] = [];
  const server = new SMTPServer({
    secure: false,
    key: cert.key,
    cert: cert.cert,
    // A relay without STARTTLS: not offered, and refused if asked for anyway.
    hideSTARTTLS: !options.starttls,
    ...(options.starttls ? {} : { disabledCommands: ['STARTTLS'] }),
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      auths.push(auth.username ?? '');
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    auths,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

let sim: RunningSimulator;
let admin: SimAdmin;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  cert = { key: pems.private, cert: pems.cert };
  sim = await startSimulator({ now: () => NOW });
  admin = new SimAdmin(sim);
});
afterAll(async () => {
  await admin.close();
  await sim.close();
});
beforeEach(async () => {
  await admin.reset('demo');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  companion: Companion;
  clock: FakeSchedulerClock;
  secrets: Map<string, string>;
  ok: (command: CommandInput) => Promise<void>;
  advanceTo: (at: number) => Promise<void>;
}

async function companionWith(relay: Relay, extraCa: string | undefined): Promise<Setup> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-relay-'));
  const clock = new FakeSchedulerClock(NOW.getTime());
  const secrets = new Map<string, string>();
  const source: SecretSource = {
    get: (account) => Promise.resolve(secrets.get(account)),
    set: (account, secret) => {
      secrets.set(account, secret);
      return Promise.resolve();
    },
    delete: (account) => Promise.resolve(secrets.delete(account)),
  };
  const companion = await createCompanion({
    dataDir,
    // The product waits a second before decoding voicemail peaks; whenIdle would sit it out.
    voicemailPeaksDelayMs: 0,
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: () => undefined,
    secrets: source,
    ...(extraCa === undefined ? {} : { extraCa }),
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
  });
  cleanups.push(async () => {
    await companion.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  companion.start();
  await companion.whenIdle();
  const ok = async (command: CommandInput): Promise<void> => {
    const result = await companion.execute(command);
    if (!result.ok) throw new Error(`${command.type}: ${JSON.stringify(result.error)}`);
  };
  await ok({
    type: 'update-settings',
    settings: {
      smtp: { host: 'localhost', port: relay.port, user: USER },
      im: { missedMessageEmail: true, missedMessageMinutes: 5 },
    },
  });
  return {
    companion,
    clock,
    secrets,
    ok,
    advanceTo: (at) => clock.advanceTo(at, () => companion.whenIdle()),
  };
}

/** The subjects of the mails, decoded enough to compare (nodemailer may fold long headers). */
function subjects(mails: readonly Mail[]): string[] {
  return mails.map(
    (m) => /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(m.data)?.[1]?.replace(/\r\n[ \t]/g, ' ') ?? '',
  );
}

describe('missed-message e-mail', () => {
  it('one mail per conversation per absence, over STARTTLS with AUTH', async () => {
    const relay = await startRelay({ starttls: true });
    cleanups.push(() => relay.close());
    const t = await companionWith(relay, cert.cert);
    await t.ok({ type: 'set-smtp-password', password: PASSWORD });
    expect([...t.secrets.entries()]).toEqual([[`smtp:localhost:${USER}`, PASSWORD]]);

    // Away (Do not disturb): two answers from the bot and one from the echo stay unread.
    await t.ok({ type: 'set-manual-status', availability: 'do-not-disturb', expiry: 'never' });
    const start = t.clock.now();
    await t.ok({ type: 'send-message', to: DEMO_BOT, body: 'one' });
    await t.advanceTo(start + 2 * SECOND);
    await t.ok({ type: 'send-message', to: DEMO_BOT, body: 'two' });
    await t.ok({ type: 'send-message', to: DEMO_ECHO, body: 'three' });
    await t.advanceTo(start + 4 * MINUTE);
    expect(relay.mails).toHaveLength(0);
    await t.advanceTo(start + 6 * MINUTE);
    expect(relay.mails).toHaveLength(2);
    expect(subjects(relay.mails).sort()).toEqual([
      'Missed messages from Beacon Demo Bot',
      'Missed messages from Beacon Demo Echo',
    ]);
    expect(relay.mails.every((m) => m.to.join() === 'alex@beacon.test')).toBe(true);
    expect(relay.auths).toEqual([USER, USER, USER]); // the verification, then one per mail

    // More messages in the same absence: no more mail.
    await t.ok({ type: 'send-message', to: DEMO_BOT, body: 'four' });
    await t.advanceTo(start + 20 * MINUTE);
    expect(relay.mails).toHaveLength(2);

    // Back, then away again: a new absence earns a new mail; a read conversation earns none.
    await t.ok({ type: 'reset-status' });
    await t.ok({ type: 'mark-conversation-read', with: DEMO_ECHO });
    await t.ok({ type: 'set-manual-status', availability: 'away', expiry: 'never' });
    const again = t.clock.now();
    await t.ok({ type: 'send-message', to: DEMO_BOT, body: 'five' });
    await t.advanceTo(again + 10 * MINUTE);
    expect(subjects(relay.mails)).toHaveLength(3);
    expect(subjects(relay.mails)[2]).toBe('Missed messages from Beacon Demo Bot');
  });

  it('nothing is mailed while I am available', async () => {
    const relay = await startRelay({ starttls: true });
    cleanups.push(() => relay.close());
    const t = await companionWith(relay, cert.cert);
    await t.ok({ type: 'set-smtp-password', password: PASSWORD });
    await t.ok({ type: 'send-message', to: DEMO_BOT, body: 'hello' });
    await t.advanceTo(t.clock.now() + 30 * MINUTE);
    expect(relay.mails).toHaveLength(0);
  });

  it('a wrong relay password is refused with a reason the window can word, and not kept', async () => {
    const relay = await startRelay({ starttls: true });
    cleanups.push(() => relay.close());
    const t = await companionWith(relay, cert.cert);
    const result = await t.companion.execute({ type: 'set-smtp-password', password: 'wrong' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'auth-required', failure: { reason: 'wrong-password', host: 'localhost' } },
    });
    expect(t.secrets.size).toBe(0);
  });

  it('a relay without STARTTLS is refused before any credential is sent', async () => {
    const relay = await startRelay({ starttls: false });
    cleanups.push(() => relay.close());
    const t = await companionWith(relay, cert.cert);
    const result = await t.companion.execute({ type: 'set-smtp-password', password: PASSWORD });
    expect(result).toMatchObject({ ok: false, error: { code: 'server-error' } });
    expect(result.ok ? '' : result.error.message).toMatch(/does not offer STARTTLS/);
    expect(relay.auths).toEqual([]);
    expect(t.secrets.size).toBe(0);
  });

  it('a relay certificate from an unknown CA is refused', async () => {
    const relay = await startRelay({ starttls: true });
    cleanups.push(() => relay.close());
    const t = await companionWith(relay, undefined);
    const result = await t.companion.execute({ type: 'set-smtp-password', password: PASSWORD });
    expect(result).toMatchObject({
      ok: false,
      error: { failure: { reason: 'tls-untrusted', host: 'localhost' } },
    });
    expect(relay.auths).toEqual([]);
  });
});
