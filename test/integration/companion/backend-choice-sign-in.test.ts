/**
 * Which protocol an OAuth sign-in ends with, against the simulator and a real OpenID Connect
 * authority (device flow, tokens in memory): an Exchange Online-like account (the authority
 * marked as Entra ID, tokens for Graph's audience with Graph's delegated scopes) gets the Graph
 * backend and reads the user's name through the simulator's Graph face; an on-premises account
 * (its own authority, EWS's scope) gets EWS; an automatic account whose EWS answers the tenant's
 * block moves to Graph; EWS chosen by the user stays on EWS and fails with the block.
 */
import { MICROSOFT_GRAPH_SCOPES } from '../../../src-main/auth/oauth/defaults.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInProgress } from '../../../src-main/core/contract.js';
import type { MailboxConnection } from '../../../src-main/core/companion/account.js';
import { createOAuthAccounts } from '../../../src-main/core/companion/oauth-sign-in.js';
import { systemClock } from '../../../src-main/ews/transport/clock.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import {
  startOidcAuthority,
  TEST_EWS_SCOPE,
  type OidcAuthority,
} from '../../support/oidc-authority.js';
import { SimAdmin } from '../../support/sim-admin.js';

const ALEX = 'alex@beacon.test';
/** Every Graph scope Beacon asks for: the test authority grants them. */
const GRAPH_SCOPES = MICROSOFT_GRAPH_SCOPES;

let online: OidcAuthority;
let onPremises: OidcAuthority;
let onlineSim: RunningSimulator;
let onPremisesSim: RunningSimulator;
let onlineAdmin: SimAdmin;
const connections: MailboxConnection[] = [];

beforeAll(async () => {
  // One resource only (Graph's audience); EWS's scope is granted too, so an EWS sign-in works
  // until the simulator's EWS face answers the tenant's block.
  online = await startOidcAuthority({
    audience: 'https://graph.microsoft.com',
    resourceScopes: [...GRAPH_SCOPES, TEST_EWS_SCOPE],
  });
  onPremises = await startOidcAuthority();
  onlineSim = await startSimulator({
    strict: false,
    oauth: {
      issuer: online.issuer,
      audience: 'https://ews.beacon.test',
      jwksUri: online.jwksUri,
      caPem: online.caPem,
    },
  });
  onPremisesSim = await startSimulator({
    strict: false,
    oauth: {
      issuer: onPremises.issuer,
      audience: onPremises.audience,
      jwksUri: onPremises.jwksUri,
      caPem: onPremises.caPem,
    },
  });
  onlineAdmin = new SimAdmin(onlineSim);
}, 60_000);

afterAll(async () => {
  for (const c of connections) await c.close();
  await onlineAdmin.close();
  await onlineSim.close();
  await onPremisesSim.close();
  await online.close();
  await onPremises.close();
});

async function signIn(args: {
  authority: OidcAuthority;
  sim: RunningSimulator;
  entraId: boolean;
  ewsUrl?: string;
  backend?: 'automatic' | 'ews' | 'graph';
}): Promise<{ connection: MailboxConnection; steps: (string | null)[] }> {
  const steps: (string | null)[] = [];
  const accounts = createOAuthAccounts({
    secrets: undefined,
    openExternal: () => {
      throw new Error('the device flow opens no browser');
    },
    onProgress: (progress: SignInProgress | null) => {
      steps.push(progress?.step ?? null);
      if (progress?.step === 'device-code')
        void args.authority.approveDeviceCode(progress.userCode, ALEX);
    },
    extraCa: () => args.authority.caPem,
    clock: systemClock,
    timeoutMs: 10_000,
    ewsScope: args.authority.scope,
    graphScopes: GRAPH_SCOPES,
    entraId: args.entraId,
    graphUrl: args.sim.graphUrl,
  });
  const connection = await accounts.signIn(
    {
      type: 'sign-in-oauth',
      mailbox: ALEX,
      flow: 'device-code',
      remember: false,
      ...(args.ewsUrl === undefined ? {} : { ewsUrl: args.ewsUrl }),
    },
    {
      useAutodiscover: false,
      demo: false,
      oauth: { clientId: args.authority.clientId, authority: args.authority.issuer },
      ...(args.backend === undefined ? {} : { backend: args.backend }),
    },
  );
  connections.push(connection);
  return { connection, steps };
}

describe('the backend an OAuth sign-in chooses', () => {
  it('Exchange Online (Entra ID authority): Graph, with a Graph token the Graph face accepts', async () => {
    await onlineAdmin.clearRequests();
    const { connection, steps } = await signIn({
      authority: online,
      sim: onlineSim,
      entraId: true,
    });
    expect(steps).toEqual(['device-code', 'verifying']);
    expect(connection.account).toMatchObject({ protocol: 'graph', auth: 'oauth', mailbox: ALEX });
    expect(connection.account.ewsUrl).toBeUndefined();
    const alex = onlineSim.users.find((u) => u.email === ALEX);
    expect(await connection.backend.displayName()).toBe(alex?.displayName);
    // Nothing went to EWS: the name came through Graph.
    expect((await onlineAdmin.requests()).map((r) => r.operation)).toEqual(['Graph GET /me']);
  });

  it('on-premises (its own authority, an EWS URL on the company host): EWS', async () => {
    const { connection } = await signIn({
      authority: onPremises,
      sim: onPremisesSim,
      entraId: false,
      ewsUrl: onPremisesSim.ewsUrl,
    });
    expect(connection.account).toMatchObject({
      protocol: 'ews',
      ewsUrl: onPremisesSim.ewsUrl,
    });
    const alex = onPremisesSim.users.find((u) => u.email === ALEX);
    expect(await connection.backend.displayName()).toBe(alex?.displayName);
  });

  it('automatic, and EWS answers the tenant block: Graph is tried with the same sign-in, and its refusal leaves the block as the answer', async () => {
    // The test authority serves one resource and grants only the scopes asked at sign-in (EWS's
    // here), so it refuses the Graph scopes as Entra ID refuses scopes never consented to; with
    // Entra ID the authority is known up front and the sign-in asks Graph's scopes directly.
    await onlineAdmin.clearRequests();
    await onlineAdmin.inject({ operation: '*', kind: 'ews-blocked', count: 2 });
    const { connection } = await signIn({
      authority: online,
      sim: onlineSim,
      entraId: false,
      ewsUrl: onlineSim.ewsUrl,
    });
    // Graph was asked for a token and refused before any request reached the simulator: the
    // account stays on EWS, whose own check then gives the user the block's words.
    expect((await onlineAdmin.requests()).map((r) => r.status)).toEqual([403]);
    expect(connection.account).toMatchObject({ protocol: 'ews', ewsUrl: onlineSim.ewsUrl });
    const failure = await connection.backend.displayName().catch((e: unknown) => e);
    expect(failure).toMatchObject({ failure: { reason: 'ews-blocked' } });
    expect((await onlineAdmin.requests()).map((r) => r.status)).toEqual([403, 403]);
  });

  it('EWS chosen by the user stays on EWS even when blocked: the block is the answer', async () => {
    await onlineAdmin.clearRequests();
    await onlineAdmin.inject({ operation: '*', kind: 'ews-blocked', count: 1 });
    const { connection } = await signIn({
      authority: online,
      sim: onlineSim,
      entraId: true,
      ewsUrl: onlineSim.ewsUrl,
      backend: 'ews',
    });
    expect(connection.account).toMatchObject({ protocol: 'ews' });
    const failure = await connection.backend.displayName().catch((e: unknown) => e);
    expect(failure).toMatchObject({ failure: { reason: 'ews-blocked' } });
  });
});
