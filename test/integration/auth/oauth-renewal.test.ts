/**
 * Renewal of a browser-flow sign-in against a real OpenID Connect authority and the simulator:
 * a forced refresh after a 401 and renewals at expiry with short tokens, several times over
 * (the authority rotates the refresh token each time), and requests that meet an expired token
 * together share one refresh — two renewals with the same rotated refresh token would end the
 * grant, as Entra ID and oidc-provider both do.
 */
import { describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { request } from 'undici';
import { resolveOAuthConfig } from '../../../src-main/auth/oauth/config.js';
import { OAuthSession } from '../../../src-main/auth/oauth/session.js';
import { BearerAuth } from '../../../src-main/ews/auth.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';
import { SimAdmin } from '../../support/sim-admin.js';

const ALEX = 'alex@beacon.test';
const AUDIENCE = 'https://ews.beacon.test';

/** The browser flow, the test playing the browser: login, consent, the redirect to Beacon. */
async function signInWithBrowser(authority: OidcAuthority): Promise<OAuthSession> {
  const scopes: string[] = [];
  const session = new OAuthSession({
    config: resolveOAuthConfig(
      { clientId: authority.clientId, authority: authority.issuer },
      { ewsScope: authority.scope },
    ),
    mailbox: ALEX,
    extraCa: authority.caPem,
    openExternal: async (url) => {
      scopes.push(new URL(url).searchParams.get('scope') ?? '');
      const back = await authority.signInInBrowser(url, ALEX);
      const res = await request(back.replace('//localhost:', '//127.0.0.1:'));
      await res.body.text();
    },
    browserTimeoutMs: 20_000,
  });
  const identity = await session.signInWithBrowser({});
  expect(identity.username).toBe(ALEX);
  // MSAL asks for offline_access at sign-in without prompt=consent, as it does with Entra ID.
  expect(scopes).toEqual([`${authority.scope} openid profile offline_access`]);
  return session;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface World {
  authority: OidcAuthority;
  sim: RunningSimulator;
  admin: SimAdmin;
  session: OAuthSession;
  client(): EwsClient;
  close(): Promise<void>;
}

/** The authority with tokens of `seconds`, the simulator trusting it, and a browser sign-in. */
async function openWorld(seconds: number): Promise<World> {
  const w = { client: () => client(w) } as World;
  w.authority = await startOidcAuthority({ accessTokenSeconds: seconds, audience: AUDIENCE });
  w.sim = await startSimulator({
    strict: false,
    oauth: {
      issuer: w.authority.issuer,
      audience: w.authority.audience,
      jwksUri: w.authority.jwksUri,
      caPem: w.authority.caPem,
    },
  });
  w.admin = new SimAdmin(w.sim);
  w.session = await signInWithBrowser(w.authority);
  w.close = async () => {
    await w.session.close();
    await w.admin.close();
    await w.sim.close();
    await w.authority.close();
  };
  return w;
}

/**
 * A world of its own for one test, closed after it: the tests with 3-second tokens mostly wait
 * for their tokens to expire, so they run side by side, each counting its own authority's
 * refreshes and reading its own simulator's log.
 */
async function inWorld(seconds: number, body: (w: World) => Promise<void>): Promise<void> {
  const w = await openWorld(seconds);
  try {
    await body(w);
  } finally {
    await w.close();
  }
}

function client(w: World): EwsClient {
  return new EwsClient({
    url: w.sim.ewsUrl,
    mailbox: ALEX,
    auth: new BearerAuth(w.session.tokenSource()),
    maxAttempts: 1,
  });
}

describe('a browser-flow sign-in with 10-minute tokens', () => {
  it(
    'after a 401, five times over: one refresh each, a new token each, then the answer',
    () =>
      inWorld(600, async (w) => {
        const tokens = new Set<string>();
        for (let i = 0; i < 5; i++) {
          const before = w.authority.refreshCount();
          await w.admin.clearRequests();
          await w.admin.inject({ operation: 'GetUserOofSettings', kind: 'unauthorized', count: 1 });
          const oof = await w.client().getOofSettings();
          expect(oof.state).toBeDefined();
          expect(w.authority.refreshCount() - before).toBe(1);
          const log = await w.admin.requestsFor('GetUserOofSettings');
          expect(log.map((r) => [r.status, r.user])).toEqual([
            [401, ALEX],
            [200, ALEX],
          ]);
          tokens.add(await w.session.tokenSource().token());
        }
        expect(tokens.size).toBe(5);
        expect(w.session.expired).toBe(false);
      }),
    90_000,
  );
});

describe.concurrent('a browser-flow sign-in with 3-second tokens', () => {
  it(
    'at expiry, four times over: each request after the token expired renews it',
    () =>
      inWorld(3, async (w) => {
        let last = decodeJwt(await w.session.tokenSource().token()).exp ?? 0;
        for (let i = 0; i < 4; i++) {
          await sleep(3_500);
          const before = w.authority.refreshCount();
          await w.admin.clearRequests();
          await w.client().getOofSettings();
          expect(w.authority.refreshCount()).toBeGreaterThan(before);
          expect((await w.admin.requestsFor('GetUserOofSettings')).map((r) => r.status)).toEqual([
            200,
          ]);
          const exp = decodeJwt(await w.session.tokenSource().token()).exp ?? 0;
          expect(exp).toBeGreaterThan(last);
          last = exp;
        }
        expect(w.session.expired).toBe(false);
      }),
    100_000,
  );

  it(
    'ten requests that meet an expired token together share one refresh, three times over',
    () =>
      inWorld(3, async (w) => {
        for (let round = 0; round < 3; round++) {
          await sleep(3_500);
          const before = w.authority.refreshCount();
          await w.admin.clearRequests();
          const answers = await Promise.all(
            Array.from({ length: 10 }, () => w.client().getOofSettings()),
          );
          expect(answers).toHaveLength(10);
          expect(w.authority.refreshCount() - before).toBe(1);
          const log = await w.admin.requestsFor('GetUserOofSettings');
          expect(log.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200));
        }
        expect(w.session.expired).toBe(false);
      }),
    100_000,
  );

  it(
    'a 401 while other requests renew at expiry: the refreshes take turns and the grant survives',
    () =>
      inWorld(3, async (w) => {
        for (let round = 0; round < 3; round++) {
          await sleep(3_500);
          const source = w.session.tokenSource();
          const before = w.authority.refreshCount();
          // Requests renewing the expired token and a 401's forced refresh, all at the same moment:
          // sent together, the one rotated refresh token would reach the authority twice.
          const [tokens, forced] = await Promise.all([
            Promise.all(Array.from({ length: 5 }, () => source.token())),
            source.refresh?.() ?? Promise.resolve(false),
          ]);
          expect(forced).toBe(true);
          expect(new Set(tokens).size).toBe(1);
          expect(w.authority.refreshCount() - before).toBe(2);
          expect(w.session.expired).toBe(false);
          await w.admin.clearRequests();
          await w.client().getOofSettings();
          expect((await w.admin.requestsFor('GetUserOofSettings')).map((r) => r.status)).toEqual([
            200,
          ]);
        }
      }),
    100_000,
  );

  it(
    'ten 401s at once share one forced refresh, and renewal goes on afterwards',
    () =>
      inWorld(3, async (w) => {
        const source = w.session.tokenSource();
        const before = w.authority.refreshCount();
        const results = await Promise.all(
          Array.from({ length: 10 }, () => source.refresh?.() ?? Promise.resolve(false)),
        );
        expect(results).toEqual(Array.from({ length: 10 }, () => true));
        expect(w.authority.refreshCount() - before).toBe(1);
        await sleep(3_500);
        await w.client().getOofSettings();
        expect(w.authority.refreshCount() - before).toBe(2);
        expect(w.session.expired).toBe(false);
      }),
    90_000,
  );
});
