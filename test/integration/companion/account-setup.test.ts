/**
 * Email-first discovery and the trusted private CA, through the contract, over real sockets:
 * Autodiscover against a loopback "internet" of real HTTPS/HTTP servers (the steps in order,
 * the method per kind of account, a failure that asks for the server), and a CA the user
 * trusts in Settings reaching Exchange (the https simulator), the IM provider factory and the
 * SMTP relay (a real smtp-server with STARTTLS).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createCompanion,
  type Companion,
  type CompanionDeps,
} from '../../../src-main/core/companion/index.js';
import type { ImProviderConfig } from '../../../src-main/im/im-service.js';
import type { SignInProgress } from '../../../src-main/core/contract.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import {
  json,
  startLoopbackInternet,
  type LoopbackInternet,
} from '../autodiscover/loopback-internet.js';

const ZONE = 'Europe/London';
const V2_PATH = (email: string): string =>
  `https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/${email}`;
const POX = (host: string): string => `https://${host}/autodiscover/autodiscover.xml`;

let net: LoopbackInternet;
let secure: RunningSimulator;
const companions: { companion: Companion; dataDir: string }[] = [];

beforeAll(async () => {
  net = await startLoopbackInternet([
    'outlook.office365.com',
    'contoso.test',
    'autodiscover.contoso.test',
    'fabrikam.test',
    'autodiscover.fabrikam.test',
    'mail.fabrikam.test',
  ]);
  // The simulator's https certificate is its own CA (CA:true), made now: it is valid today.
  secure = await startSimulator({ https: true });
}, 30_000);

afterAll(async () => {
  await net.close();
  await secure.close();
});

afterEach(async () => {
  net.reset();
  for (const c of companions.splice(0)) {
    await c.companion.stop();
    await rm(c.dataDir, { recursive: true, force: true });
  }
});

async function companion(extra: Partial<CompanionDeps> = {}): Promise<Companion> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-setup-'));
  const c = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: 'en-GB',
    clock: new FakeSchedulerClock(Date.now()),
    openExternal: () => undefined,
    discovery: {
      dispatcher: net.dispatcher,
      timeoutMs: 5_000,
      resolveSrv: () => Promise.resolve([]),
    },
    ...extra,
  });
  companions.push({ companion: c, dataDir });
  return c;
}

/** Every distinct signInProgress the companion published, in order. */
function steps(c: Companion): (SignInProgress | null)[] {
  const seen: (SignInProgress | null)[] = [];
  c.subscribe((snapshot) => {
    const last = seen.at(-1);
    if (JSON.stringify(last) !== JSON.stringify(snapshot.signInProgress))
      seen.push(snapshot.signInProgress);
  });
  return seen;
}

describe('discover-account', () => {
  it('Exchange Online (v2 answers with outlook.office365.com): discovering, then OAuth', async () => {
    const mailbox = 'mara@contoso.test';
    net.route(V2_PATH(mailbox), () =>
      json(200, { Protocol: 'EWS', Url: 'https://outlook.office365.com/EWS/Exchange.asmx' }),
    );
    const c = await companion();
    const seen = steps(c);
    expect(await c.execute({ type: 'discover-account', mailbox })).toEqual({ ok: true });
    expect(seen).toEqual([
      { step: 'discovering', mailbox, domain: 'contoso.test' },
      {
        step: 'discovered',
        mailbox,
        ewsUrl: 'https://outlook.office365.com/EWS/Exchange.asmx',
        method: 'oauth',
        online: true,
        failed: false,
      },
    ]);
    // Nothing says signed in: discovery only found where to sign in.
    expect(c.getSnapshot().account.mode).toBe('demo');
  });

  it('on-premises (v2 points to its own server): a password, with the EWS URL found', async () => {
    const mailbox = 'lee@fabrikam.test';
    net.route(V2_PATH(mailbox), () =>
      json(200, { Protocol: 'EWS', Url: 'https://mail.fabrikam.test/EWS/Exchange.asmx' }),
    );
    const c = await companion();
    const seen = steps(c);
    await c.execute({ type: 'discover-account', mailbox });
    expect(seen.map((s) => s?.step)).toEqual(['discovering', 'discovered']);
    expect(c.getSnapshot().signInProgress).toEqual({
      step: 'discovered',
      mailbox,
      ewsUrl: 'https://mail.fabrikam.test/EWS/Exchange.asmx',
      method: 'password',
      online: false,
      failed: false,
    });
  });

  it('on-premises Autodiscover that asks for credentials: a password, no URL yet, not failed', async () => {
    const mailbox = 'lee@fabrikam.test';
    net.route(POX('fabrikam.test'), () => ({
      status: 401,
      headers: { 'WWW-Authenticate': 'NTLM' },
    }));
    const c = await companion();
    await c.execute({ type: 'discover-account', mailbox });
    expect(c.getSnapshot().signInProgress).toEqual({
      step: 'discovered',
      mailbox,
      method: 'password',
      online: false,
      failed: false,
    });
    // Autodiscover sent no credentials: it had none.
    const posts = net.seen.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.map((r) => r.headers.authorization)).toEqual(posts.map(() => undefined));
  });

  it('a known Microsoft 365 domain goes to OAuth even when Autodiscover does not answer', async () => {
    const mailbox = 'kim@contoso.onmicrosoft.com';
    const c = await companion();
    await c.execute({ type: 'discover-account', mailbox });
    expect(c.getSnapshot().signInProgress).toMatchObject({
      step: 'discovered',
      method: 'oauth',
      online: true,
      failed: false,
    });
  });

  it('nothing answers: discovered as failed, so the window asks for the server', async () => {
    const mailbox = 'sam@nowhere.test';
    const c = await companion();
    const seen = steps(c);
    expect(await c.execute({ type: 'discover-account', mailbox })).toEqual({ ok: true });
    expect(seen).toEqual([
      { step: 'discovering', mailbox, domain: 'nowhere.test' },
      { step: 'discovered', mailbox, method: 'password', online: false, failed: true },
    ]);
  });

  it('Cancel while looking up stops the lookup and clears the steps', async () => {
    // A server that accepts and never answers: the lookup waits until it is cancelled.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const c = await companion({
        discovery: { v2BaseUrl: `http://127.0.0.1:${port}`, timeoutMs: 60_000 },
      });
      const pending = c.execute({ type: 'discover-account', mailbox: 'ann@contoso.test' });
      await vi_waitFor(() => c.getSnapshot().signInProgress?.step === 'discovering');
      expect(await c.execute({ type: 'cancel-sign-in' })).toEqual({ ok: true });
      expect(await pending).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
      expect(c.getSnapshot().signInProgress).toBeNull();
      // Nothing to cancel any more.
      expect(await c.execute({ type: 'cancel-sign-in' })).toMatchObject({ ok: false });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) =>
        silent.close(() => {
          resolve();
        }),
      );
    }
  });
});

async function vi_waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

function certificate(options: {
  ca: boolean;
  notBeforeDate?: Date;
  notAfterDate?: Date;
}): Promise<{ cert: string; private: string }> {
  return selfsigned.generate(
    [{ name: 'commonName', value: options.ca ? 'Beacon Test CA' : 'leaf' }],
    {
      keySize: 2048,
      algorithm: 'sha256',
      ...(options.notBeforeDate === undefined ? {} : { notBeforeDate: options.notBeforeDate }),
      ...(options.notAfterDate === undefined ? {} : { notAfterDate: options.notAfterDate }),
      extensions: [
        { name: 'basicConstraints', cA: options.ca },
        {
          name: 'keyUsage',
          digitalSignature: true,
          keyEncipherment: true,
          keyCertSign: options.ca,
        },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    },
  );
}

describe('trust-ca', () => {
  it('trusts a valid CA: stored in settings, shown with subject and fingerprint, removable', async () => {
    const ca = await certificate({ ca: true });
    const c = await companion();
    expect(await c.execute({ type: 'trust-ca', pem: ca.cert })).toEqual({ ok: true });
    const x509 = new X509Certificate(ca.cert);
    expect(c.getSnapshot().trustedCa).toEqual({
      subject: 'CN=Beacon Test CA',
      fingerprint256: x509.fingerprint256,
      notAfter: new Date(x509.validTo).toISOString(),
    });
    const dataDir = companions.at(-1)?.dataDir ?? '';
    const file = JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8')) as {
      trustedCaPem?: string;
    };
    expect(new X509Certificate(file.trustedCaPem ?? '').fingerprint256).toBe(x509.fingerprint256);

    expect(await c.execute({ type: 'trust-ca', pem: null })).toEqual({ ok: true });
    expect(c.getSnapshot().trustedCa).toBeNull();
    expect(c.getSnapshot().settings.trustedCaPem).toBeUndefined();
  });

  it('refuses a leaf certificate, garbage and an expired CA, keeping the CA trusted before', async () => {
    const good = await certificate({ ca: true });
    const leaf = await certificate({ ca: false });
    const expired = await certificate({
      ca: true,
      notBeforeDate: new Date(Date.now() - 3 * 86_400_000),
      notAfterDate: new Date(Date.now() - 86_400_000),
    });
    const c = await companion();
    await c.execute({ type: 'trust-ca', pem: good.cert });
    const before = c.getSnapshot().trustedCa;

    const refusals = await Promise.all(
      [leaf.cert, 'not a certificate at all', expired.cert, good.private].map((pem) =>
        c.execute({ type: 'trust-ca', pem }),
      ),
    );
    expect(refusals.map((r) => (r.ok ? 'ok' : r.error.issues?.[0]?.message))).toEqual([
      'not-a-ca',
      'not-a-certificate',
      'expired',
      'not-a-certificate',
    ]);
    expect(refusals.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(
      refusals.map(() => 'invalid-command'),
    );
    expect(c.getSnapshot().trustedCa).toEqual(before);
  });
});

describe('the trusted CA reaches every connection', () => {
  it('Exchange over https: refused with the certificate shown, then signed in once the CA is trusted', async () => {
    const c = await companion();
    c.start();
    const me = secure.users[0];
    if (me === undefined) throw new Error('the simulator has no user');
    const command = {
      type: 'sign-in',
      mailbox: me.email,
      password: me.password,
      ewsUrl: secure.ewsUrl,
      remember: false,
    } as const;
    const x509 = new X509Certificate(secure.caPem ?? '');

    const refused = await c.execute(command);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        failure: {
          reason: 'tls-untrusted',
          certificate: { subject: 'CN=localhost', fingerprint256: x509.fingerprint256 },
        },
      },
    });

    expect(await c.execute({ type: 'trust-ca', pem: secure.caPem ?? null })).toEqual({ ok: true });
    expect(await c.execute(command)).toEqual({ ok: true });
    expect(c.getSnapshot().account).toMatchObject({
      mode: 'exchange',
      signIn: 'signed-in',
      displayName: me.displayName,
    });
  });

  it('discovery stopped by an untrusted certificate names it; once trusted, it finds the server', async () => {
    const c = await companion({
      discovery: {
        v2BaseUrl: secure.baseUrl,
        resolveSrv: () => Promise.resolve([]),
        timeoutMs: 5_000,
      },
    });
    const mailbox = secure.users[0]?.email ?? '';
    const x509 = new X509Certificate(secure.caPem ?? '');
    const refused = await c.execute({ type: 'discover-account', mailbox });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        failure: {
          reason: 'tls-untrusted',
          host: new URL(secure.baseUrl).host,
          certificate: { subject: 'CN=localhost', fingerprint256: x509.fingerprint256 },
        },
      },
    });
    expect(c.getSnapshot().signInProgress).toMatchObject({ step: 'discovered', failed: true });

    await c.execute({ type: 'trust-ca', pem: secure.caPem ?? null });
    expect(await c.execute({ type: 'discover-account', mailbox })).toEqual({ ok: true });
    expect(c.getSnapshot().signInProgress).toEqual({
      step: 'discovered',
      mailbox,
      ewsUrl: secure.ewsUrl,
      method: 'password',
      online: false,
      failed: false,
    });
  });

  it('the IM provider factory and the SMTP relay get the CA trusted in Settings', async () => {
    const ca = await certificate({ ca: true });
    const configs: ImProviderConfig[] = [];
    const c = await companion({
      // The edge the companion hands the CA to; the XMPP connection itself is tested on Prosody.
      createImProvider: (config) => {
        configs.push(config);
        throw new Error('no XMPP server in this test');
      },
    });
    c.start();
    await c.execute({ type: 'trust-ca', pem: ca.cert });
    await c.execute({
      type: 'im-sign-in',
      address: 'mara@im.test',
      password: 'secret',
      remember: false,
    });
    expect(configs).toHaveLength(1);
    expect(new X509Certificate(configs[0]?.extraCa ?? '').fingerprint256).toBe(
      new X509Certificate(ca.cert).fingerprint256,
    );

    // A real STARTTLS relay with a certificate issued by nobody but itself (CA:true).
    const relay = new SMTPServer({
      secure: false,
      key: ca.private,
      cert: ca.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: false,
      logger: false,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username ?? '' });
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.server.address() as AddressInfo).port;
    try {
      await c.execute({
        type: 'update-settings',
        settings: { smtp: { host: '127.0.0.1', port, user: 'relay' } },
      });
      expect(await c.execute({ type: 'set-smtp-password', password: 'pw' })).toMatchObject({
        ok: true,
      });
      await c.execute({ type: 'trust-ca', pem: null });
      const untrusted = await c.execute({ type: 'set-smtp-password', password: 'pw' });
      expect(untrusted.ok).toBe(false);
      expect(JSON.stringify(untrusted)).toMatch(/not trusted/);
    } finally {
      await new Promise<void>((resolve) => {
        relay.close(() => {
          resolve();
        });
      });
    }
  });
});
