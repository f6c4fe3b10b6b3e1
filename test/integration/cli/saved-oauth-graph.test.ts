/**
 * The window's Microsoft sign-in reaching Graph from the command line: the companion's OAuth
 * sign-in (device flow, a real OpenID Connect authority, the token cache in a real Secret Service)
 * for an account with Graph chosen, then the server commands with no protocol and no secret in
 * the environment run over the simulator's Graph face (CSDL check on), their Graph token renewed
 * silently from that cache; once the authority ends the grant, one line says to sign in again.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MICROSOFT_GRAPH_SCOPES } from '../../../src-main/auth/oauth/defaults.js';
import { keychainPasswords } from '../../../src-main/core/companion/keychain.js';
import { createOAuthAccounts } from '../../../src-main/core/companion/oauth-sign-in.js';
import type { SignInProgress } from '../../../src-main/core/contract.js';
import { KeytarSecretStore } from '../../../src-main/core/secrets/index.js';
import { systemClock } from '../../../src-main/ews/transport/clock.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import {
  startOidcAuthority,
  TEST_EWS_SCOPE,
  type OidcAuthority,
} from '../../support/oidc-authority.js';
import { SimAdmin } from '../../support/sim-admin.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';
import { startGraphSimulator } from '../sim/graph/support.js';
import { expectOneLineError, jsonOf, runCli } from './support.js';

const ALEX = 'alex@beacon.test';
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

let service: PrivateSecretService;
let authority: OidcAuthority;
let sim: RunningSimulator;
let admin: SimAdmin;
let dataDir: string;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  service = await startPrivateSecretService('pw');
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  authority = await startOidcAuthority({
    // Shorter than MSAL's five minutes of margin: every command renews its token.
    accessTokenSeconds: 120,
    audience: GRAPH_AUDIENCE,
    resourceScopes: [...MICROSOFT_GRAPH_SCOPES, TEST_EWS_SCOPE],
    adminConsent: true,
  });
  sim = await startGraphSimulator({
    seed: 'demo',
    oauth: {
      issuer: authority.issuer,
      audience: GRAPH_AUDIENCE,
      jwksUri: authority.jwksUri,
      caPem: authority.caPem,
      basic: false,
    },
  });
  admin = new SimAdmin(sim);
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-cli-oauth-graph-'));
}, 60_000);

afterAll(async () => {
  await admin.close();
  await sim.close();
  await authority.close();
  await rm(dataDir, { recursive: true, force: true });
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  await service.stop();
});

const env = (): Record<string, string> => ({
  DBUS_SESSION_BUS_ADDRESS: service.busAddress,
  BEACON_OAUTH_EWS_SCOPE: authority.scope,
});

/**
 * The window's sign-in, as its companion runs it: the device flow for Graph's scopes, the token
 * cache kept in the keychain (the private Secret Service), then the account saved as the window
 * saves it (OAuth, Graph chosen and remembered).
 */
async function signInAsTheWindow(): Promise<void> {
  const accounts = createOAuthAccounts({
    secrets: keychainPasswords(new KeytarSecretStore()),
    openExternal: () => {
      throw new Error('the device flow opens no browser');
    },
    onProgress: (progress: SignInProgress | null) => {
      if (progress?.step === 'device-code')
        void authority.approveDeviceCode(progress.userCode, ALEX);
    },
    extraCa: () => authority.caPem,
    clock: systemClock,
    timeoutMs: 10_000,
    ewsScope: authority.scope,
    graphUrl: sim.graphUrl,
  });
  const account = {
    useAutodiscover: false,
    demo: false,
    oauth: { clientId: authority.clientId, authority: authority.issuer },
    backend: 'graph' as const,
  };
  const connection = await accounts.signIn(
    { type: 'sign-in-oauth', mailbox: ALEX, flow: 'device-code', remember: true },
    account,
  );
  expect(connection.account.protocol).toBe('graph');
  await connection.close();
  await writeFile(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      account: { ...account, mailbox: ALEX, auth: 'oauth', protocol: 'graph' },
      trustedCaPem: authority.caPem,
    }),
  );
}

describe("the window's Microsoft sign-in over Graph", () => {
  it('runs the server commands over Graph with no secret given, then asks to sign in again', async () => {
    await signInAsTheWindow();
    await admin.clearRequests();
    // No --protocol: the saved account says Graph; --graph-url is this authority's Graph.
    const graph = ['--graph-url', sim.graphUrl, '--data-dir', dataDir];
    const listed = await runCli(['voicemail', 'list', '--json', ...graph], { env: env() });
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const items = (jsonOf(listed) as { items: { subject: string }[] }).items;
    expect(items).toHaveLength(9);
    expect(items[0]?.subject).toBe('Voice Mail from Megan Bowen (13 seconds)');
    const oof = jsonOf(await runCli(['oof', 'get', ...graph], { env: env() }));
    expect(oof).toMatchObject({ state: 'Scheduled', externalAudience: 'All' });
    const served = await admin.requests();
    const overGraph = served.filter((r) => r.operation.startsWith('Graph '));
    expect(overGraph.length).toBeGreaterThan(0);
    expect(overGraph.every((r) => r.status === 200 && r.user === ALEX)).toBe(true);
    expect(served.filter((r) => !r.operation.startsWith('Graph '))).toEqual([]);

    // The authority ends the grant: the cache can renew nothing, and the user is told what to do.
    await authority.revokeAll();
    const expired = await runCli(['voicemail', 'list', ...graph], { env: env() });
    expect(expired.code).toBe(1);
    expectOneLineError(
      expired,
      /^beacon: auth error: Your Microsoft sign-in has expired: sign in again/,
    );
  }, 120_000);
});
