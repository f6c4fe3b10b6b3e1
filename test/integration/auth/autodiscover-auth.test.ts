/**
 * Autodiscover signs in the way the account does, against the simulator over https (POX sends
 * credentials over https only): NTLM with the same NTLM client as EWS (its handshake on the
 * endpoint's own connection, the POST on it), Bearer with the session's token, and — when no
 * method is known yet — nothing until the endpoint's 401 says how (NTLM, Basic; Bearer → OAuth).
 * The simulator's Autodiscover enforces the same sign-in as its EWS. No DNS: SRV points at it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autodiscoverAuth } from '../../../src-main/auth/autodiscover-auth.js';
import { resolveOAuthConfig } from '../../../src-main/auth/oauth/config.js';
import { createCompanion } from '../../../src-main/core/companion/index.js';
import { OAuthSession } from '../../../src-main/auth/oauth/session.js';
import {
  discoverEwsUrl,
  type AutodiscoverOptions,
} from '../../../src-main/ews/autodiscover/index.js';
import { AutodiscoverError } from '../../../src-main/ews/errors.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';
import { SimAdmin } from '../../support/sim-admin.js';

const ALEX = 'alex@beacon.test';
const PASSWORD = 'alex-password';

/** Autodiscover for beacon.test finds only the simulator, through an SRV record. */
function towards(sim: RunningSimulator): AutodiscoverOptions {
  const { hostname, port } = new URL(sim.baseUrl);
  return {
    v2BaseUrl: 'http://127.0.0.1:9',
    resolveSrv: () =>
      Promise.resolve([{ name: hostname, port: Number(port), priority: 0, weight: 0 }]),
    timeoutMs: 5_000,
    ...(sim.caPem === undefined ? {} : { extraCa: sim.caPem }),
  };
}

async function poxLog(admin: SimAdmin): Promise<[number, string | null][]> {
  return (await admin.requests())
    .filter((r) => r.operation === 'Autodiscover.xml' || r.operation === 'NTLM')
    .map((r) => [r.status, r.user]);
}

describe('Autodiscover with NTLM (on-premises Exchange)', () => {
  let sim: RunningSimulator;
  let admin: SimAdmin;

  beforeAll(async () => {
    sim = await startSimulator({ https: true, strict: false, ntlm: { channelBinding: true } });
    admin = new SimAdmin(sim);
  }, 30_000);

  afterAll(async () => {
    await admin.close();
    await sim.close();
  });

  it('asks without credentials, chooses NTLM from the 401, and finds the URL over NTLM', async () => {
    await admin.clearRequests();
    const accepted = sim.ntlm?.accepted ?? 0;
    const auth = autodiscoverAuth(
      { method: undefined, login: ALEX, password: PASSWORD },
      { extraCa: sim.caPem },
    );
    const found = await discoverEwsUrl(ALEX, { ...towards(sim), auth: auth.forUrl });
    expect(found).toMatchObject({ ewsUrl: sim.ewsUrl, method: 'srv' });
    expect(auth.choices).toEqual([{ method: 'ntlm', scheme: 'NTLM' }]);
    expect((sim.ntlm?.accepted ?? 0) - accepted).toBe(1);
    const log = await poxLog(admin);
    // The anonymous POST and the NEGOTIATE leg get 401s; the POST on the signed-in connection 200.
    expect(log.at(-1)).toEqual([200, ALEX]);
    expect(log.filter(([status]) => status === 200)).toHaveLength(1);
  });

  it('the remembered NTLM goes straight to the handshake, with channel binding', async () => {
    await admin.clearRequests();
    const auth = autodiscoverAuth(
      { method: 'ntlm', login: ALEX, password: PASSWORD },
      { extraCa: sim.caPem },
    );
    const found = await discoverEwsUrl(ALEX, { ...towards(sim), auth: auth.forUrl });
    expect(found.ewsUrl).toBe(sim.ewsUrl);
    expect(auth.choices).toEqual([]);
    expect((await poxLog(admin)).at(-1)).toEqual([200, ALEX]);
  });

  it('a wrong password is refused once and reported as refused credentials', async () => {
    const failures = sim.ntlm?.failures.length ?? 0;
    const auth = autodiscoverAuth(
      { method: undefined, login: ALEX, password: 'not-the-password' },
      { extraCa: sim.caPem },
    );
    const error = await discoverEwsUrl(ALEX, { ...towards(sim), auth: auth.forUrl }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AutodiscoverError);
    expect((error as AutodiscoverError).credentialsRefused).toBe(true);
    expect((sim.ntlm?.failures.length ?? 0) - failures).toBe(1);
  });

  it('a password sign-in through the companion finds its server by Autodiscover over NTLM', async () => {
    await admin.clearRequests();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-ad-ntlm-'));
    const companion = await createCompanion({
      dataDir,
      // The product waits a second before decoding voicemail peaks; whenIdle would sit it out.
      voicemailPeaksDelayMs: 0,
      timeZone: 'America/Los_Angeles',
      locale: 'en-GB',
      openExternal: () => undefined,
      ...(sim.caPem === undefined ? {} : { extraCa: sim.caPem }),
      discovery: towards(sim),
    });
    try {
      companion.start();
      await companion.whenIdle();
      const result = await companion.execute({
        type: 'sign-in',
        mailbox: ALEX,
        password: PASSWORD,
        remember: false,
      });
      expect(result).toEqual({ ok: true });
      expect(companion.getSnapshot().account).toMatchObject({
        signIn: 'signed-in',
        auth: 'ntlm',
        ewsUrl: sim.ewsUrl,
      });
      // Autodiscover answered the NTLM-authenticated POST, before EWS was asked anything.
      const log = await admin.requests();
      const firstPox = log.findIndex((r) => r.operation === 'Autodiscover.xml' && r.status === 200);
      expect(firstPox).toBeGreaterThanOrEqual(0);
      expect(log[firstPox]?.user).toBe(ALEX);
      expect(log.findIndex((r) => r.operation === 'ResolveNames')).toBeGreaterThan(firstPox);
    } finally {
      await companion.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('Basic is refused where EWS takes NTLM only', async () => {
    const auth = autodiscoverAuth(
      { method: 'basic', login: ALEX, password: PASSWORD },
      { extraCa: sim.caPem },
    );
    const error = await discoverEwsUrl(ALEX, { ...towards(sim), auth: auth.forUrl }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AutodiscoverError);
    expect((error as AutodiscoverError).credentialsRefused).toBe(true);
  });
});

describe('Autodiscover with OAuth (Exchange Online: Bearer only)', () => {
  let authority: OidcAuthority;
  let sim: RunningSimulator;
  let admin: SimAdmin;
  let session: OAuthSession;

  beforeAll(async () => {
    authority = await startOidcAuthority();
    sim = await startSimulator({
      https: true,
      strict: false,
      oauth: {
        issuer: authority.issuer,
        audience: authority.audience,
        jwksUri: authority.jwksUri,
        caPem: authority.caPem,
        basic: false,
      },
    });
    admin = new SimAdmin(sim);
    session = new OAuthSession({
      config: resolveOAuthConfig(
        { clientId: authority.clientId, authority: authority.issuer },
        { ewsScope: authority.scope },
      ),
      mailbox: ALEX,
      extraCa: authority.caPem,
      openExternal: () => {
        throw new Error('the device flow opens no browser');
      },
    });
    let approval: Promise<void> = Promise.resolve();
    await session.signInWithDeviceCode({
      onCode: (step) => {
        approval = authority.approveDeviceCode(step.userCode, ALEX);
      },
    });
    await approval;
  }, 60_000);

  afterAll(async () => {
    await session.close();
    await admin.close();
    await sim.close();
    await authority.close();
  });

  it('a password sign-in learns from the 401 that the server wants a token (OAuth)', async () => {
    await admin.clearRequests();
    const auth = autodiscoverAuth({ method: undefined, login: ALEX, password: PASSWORD });
    const error = await discoverEwsUrl(ALEX, { ...towards(sim), auth: auth.forUrl }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AutodiscoverError);
    expect(auth.choices).toEqual([{ method: 'oauth' }]);
    // The password never went out: one anonymous POST, one 401.
    expect(await poxLog(admin)).toEqual([[401, null]]);
  });

  it('Basic counts as no credentials on Autodiscover, as on EWS', async () => {
    const auth = autodiscoverAuth({ method: 'basic', login: ALEX, password: PASSWORD });
    const error = await discoverEwsUrl(ALEX, { ...towards(sim), auth: auth.forUrl }).catch(
      (e: unknown) => e,
    );
    expect((error as AutodiscoverError).credentialsRefused).toBe(true);
  });

  it('the Bearer token (checked against the authority’s keys) finds the URL', async () => {
    await admin.clearRequests();
    const auth = autodiscoverAuth({ method: 'oauth', tokens: session.tokenSource() });
    const found = await discoverEwsUrl(ALEX, { ...towards(sim), auth: auth.forUrl });
    expect(found.ewsUrl).toBe(sim.ewsUrl);
    expect(await poxLog(admin)).toEqual([[200, ALEX]]);
  });

  it('a token that is not the authority’s is refused', async () => {
    const auth = autodiscoverAuth({
      method: 'oauth',
      tokens: { token: () => Promise.resolve('alex-token') },
    });
    const error = await discoverEwsUrl(ALEX, { ...towards(sim), auth: auth.forUrl }).catch(
      (e: unknown) => e,
    );
    expect((error as AutodiscoverError).credentialsRefused).toBe(true);
  });
});
