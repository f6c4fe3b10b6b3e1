/**
 * Tokens from one OAuth sign-in against a real OpenID Connect authority, used by the EWS client
 * on the simulator (which checks them against the authority's JWKS): the simulator serves the
 * mailbox for the token's user, silent renewal with 5-second tokens, exactly one refresh after a
 * 401, a revoked refresh token ends in "sign in again" without a storm, and clocks ±5 minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { Agent, request } from 'undici';
import { resolveOAuthConfig } from '../../../src-main/auth/oauth/config.js';
import { SignInExpiredError } from '../../../src-main/auth/oauth/errors.js';
import { OAuthSession } from '../../../src-main/auth/oauth/session.js';
import { BearerAuth } from '../../../src-main/ews/auth.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import { AuthError } from '../../../src-main/ews/errors.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';
import { SimAdmin } from '../../support/sim-admin.js';

const ALEX = 'alex@beacon.test';
const AUDIENCE = 'https://ews.beacon.test';

async function signIn(authority: OidcAuthority, mailbox: string): Promise<OAuthSession> {
  const session = new OAuthSession({
    config: resolveOAuthConfig(
      { clientId: authority.clientId, authority: authority.issuer },
      { ewsScope: authority.scope },
    ),
    mailbox,
    extraCa: authority.caPem,
    openExternal: () => {
      throw new Error('the device flow opens no browser');
    },
  });
  let approval: Promise<void> = Promise.resolve();
  await session.signInWithDeviceCode({
    onCode: (step) => {
      approval = authority.approveDeviceCode(step.userCode, mailbox);
    },
  });
  await approval;
  return session;
}

function simulatorFor(authority: OidcAuthority, skewMs = 0): Promise<RunningSimulator> {
  return startSimulator({
    strict: false,
    now: () => new Date(Date.now() + skewMs),
    oauth: {
      issuer: authority.issuer,
      audience: authority.audience,
      jwksUri: authority.jwksUri,
      caPem: authority.caPem,
    },
  });
}

function clientFor(sim: RunningSimulator, session: OAuthSession): EwsClient {
  return new EwsClient({
    url: sim.ewsUrl,
    mailbox: ALEX,
    auth: new BearerAuth(session.tokenSource()),
    maxAttempts: 1,
  });
}

/** One GetUserOofSettings with this Authorization header, straight to the simulator. */
async function rawStatus(
  sim: RunningSimulator,
  authorization: string,
): Promise<{ status: number; challenge: string | string[] | undefined }> {
  const body =
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header><soap:Body><m:GetUserOofSettingsRequest><t:Mailbox><t:Address>alex@beacon.test</t:Address></t:Mailbox></m:GetUserOofSettingsRequest></soap:Body></soap:Envelope>';
  const res = await request(sim.ewsUrl, {
    method: 'POST',
    headers: { authorization, 'content-type': 'text/xml; charset=utf-8' },
    body,
    dispatcher: new Agent(),
  });
  await res.body.text();
  return { status: res.statusCode, challenge: res.headers['www-authenticate'] };
}

describe('with 10-minute tokens', () => {
  let authority: OidcAuthority;
  let sim: RunningSimulator;
  let admin: SimAdmin;
  let session: OAuthSession;

  beforeAll(async () => {
    authority = await startOidcAuthority({ accessTokenSeconds: 600, audience: AUDIENCE });
    sim = await simulatorFor(authority);
    admin = new SimAdmin(sim);
    session = await signIn(authority, ALEX);
  }, 60_000);
  afterAll(async () => {
    await session.close();
    await sim.close();
    await authority.close();
  });

  it('the simulator serves the mailbox of the token user', async () => {
    await admin.clearRequests();
    const oof = await clientFor(sim, session).getOofSettings();
    expect(oof.state).toBeDefined();
    const log = await admin.requestsFor('GetUserOofSettings');
    expect(log.map((r) => [r.status, r.user])).toEqual([[200, ALEX]]);
  });

  it('refuses static, foreign and tampered Bearer tokens, naming the authority', async () => {
    const token = await session.tokenSource().token();
    const staticToken = sim.users.find((u) => u.email === ALEX)?.token ?? '';
    expect(staticToken).not.toBe('');
    const [head = '', payload = '', signature = ''] = token.split('.');
    const tampered = `${head}.${payload}.${signature.slice(0, -4)}AAAA`;
    for (const bad of [staticToken, tampered, 'a.b.c']) {
      const answer = await rawStatus(sim, `Bearer ${bad}`);
      expect(answer.status).toBe(401);
      expect(String(answer.challenge)).toContain(`Bearer authorization_uri="${authority.issuer}"`);
    }
    expect((await rawStatus(sim, `Bearer ${token}`)).status).toBe(200);
  });

  it('refreshes exactly once after a 401, then succeeds', async () => {
    const before = authority.refreshCount();
    await admin.clearRequests();
    await admin.inject({ operation: 'GetUserOofSettings', kind: 'unauthorized', count: 1 });
    await clientFor(sim, session).getOofSettings();
    expect(authority.refreshCount() - before).toBe(1);
    const log = await admin.requestsFor('GetUserOofSettings');
    expect(log.map((r) => r.status)).toEqual([401, 200]);
  });

  it('a 403 for EWS blocked by policy is final: no token refresh, no second request', async () => {
    const before = authority.refreshCount();
    await admin.clearRequests();
    await admin.inject({ operation: 'GetUserOofSettings', kind: 'ews-blocked', count: 1 });
    const error = await clientFor(sim, session)
      .getOofSettings()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 403, policyReason: 'EwsBlockedByApplicationPolicy' });
    expect(authority.refreshCount()).toBe(before);
    const log = await admin.requestsFor('GetUserOofSettings');
    expect(log.map((r) => r.status)).toEqual([403]);
  });

  it('a revoked refresh token ends in "sign in again" with one refresh and no storm', async () => {
    await authority.revokeAll();
    const before = authority.refreshCount();
    await admin.clearRequests();
    // The server stops accepting the current access token: the client asks for a refresh once.
    await admin.inject({ operation: 'GetUserOofSettings', kind: 'unauthorized', count: 1 });
    const client = clientFor(sim, session);
    const first = await client.getOofSettings().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(first).toBeInstanceOf(SignInExpiredError);
    expect((first as Error).message).toBe('Your sign-in expired. Sign in again.');
    expect(session.expired).toBe(true);
    for (let i = 0; i < 5; i++) {
      const again = await client.getOofSettings().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(again).toBeInstanceOf(SignInExpiredError);
    }
    expect(authority.refreshCount() - before).toBe(1);
    expect((await admin.requestsFor('GetUserOofSettings')).length).toBe(1);
  });
});

describe('with 5-second tokens', () => {
  let authority: OidcAuthority;
  let sim: RunningSimulator;
  let session: OAuthSession;

  beforeAll(async () => {
    authority = await startOidcAuthority({ accessTokenSeconds: 5, audience: AUDIENCE });
    sim = await simulatorFor(authority);
    session = await signIn(authority, ALEX);
  }, 60_000);
  afterAll(async () => {
    await session.close();
    await sim.close();
    await authority.close();
  });

  it('renews silently before requests: a new token after the old one expired', async () => {
    const source = session.tokenSource();
    const first = await source.token();
    const firstExp = decodeJwt(first).exp ?? 0;
    expect(firstExp - (decodeJwt(first).iat ?? 0)).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const before = authority.refreshCount();
    await clientFor(sim, session).getOofSettings();
    expect(authority.refreshCount()).toBeGreaterThan(before);
    const second = await source.token();
    expect(second).not.toBe(first);
    expect(decodeJwt(second).exp ?? 0).toBeGreaterThan(firstExp);
  }, 20_000);
});

describe('clock skew between the authority and Exchange', () => {
  let authority: OidcAuthority;
  let session: OAuthSession;
  const sims: RunningSimulator[] = [];

  beforeAll(async () => {
    authority = await startOidcAuthority({ accessTokenSeconds: 60, audience: AUDIENCE });
    session = await signIn(authority, ALEX);
  }, 60_000);
  afterAll(async () => {
    await session.close();
    for (const sim of sims) await sim.close();
    await authority.close();
  });

  it.each([
    ['4 minutes ahead', 200, 4 * 60_000],
    ['4 minutes behind', 200, -4 * 60_000],
    [
      '6 minutes ahead (a 60 s token is then past its expiry plus 5 minutes)',
      401,
      6 * 60_000 + 5_000,
    ],
  ])('Exchange %s answers %i', async (_label, status, skewMs) => {
    const sim = await simulatorFor(authority, skewMs);
    sims.push(sim);
    const token = await session.tokenSource().token();
    expect((await rawStatus(sim, `Bearer ${token}`)).status).toBe(status);
  });
});
