/**
 * Teams publishing after a real sign-in: the companion signs in through the test OpenID Connect
 * authority in the browser (the authority marked as Entra ID, tokens for Graph's audience with
 * Graph's delegated scopes, Beacon's client id a GUID as Entra ID's are), lands on the Graph
 * backend, and publishes its computed presence to the simulator's Teams as a session under that
 * client id, read back through the admin API; sign-out clears it. The same authority without a
 * Graph configured for it keeps the account on EWS: its tokens go to no Graph of Microsoft's.
 */
import { MICROSOFT_GRAPH_SCOPES } from '../../../src-main/auth/oauth/defaults.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fetch, request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { CommandInput } from '../../../src-main/core/contract.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import {
  startOidcAuthority,
  TEST_EWS_SCOPE,
  type OidcAuthority,
} from '../../support/oidc-authority.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { startGraphSimulator } from '../sim/graph/support.js';
import { ALEX, LOCALE, NOW, ZONE } from './support.js';

const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** Every Graph scope Beacon asks for: the test authority grants them. */
const GRAPH_SCOPES = MICROSOFT_GRAPH_SCOPES;
const GUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const MEETING = { availability: 'Busy', activity: 'InAConferenceCall' };

let authority: OidcAuthority;
let sim: RunningSimulator;
let admin: SimAdmin;
const created: { companion: Companion; dataDir: string }[] = [];

beforeAll(async () => {
  authority = await startOidcAuthority({
    audience: GRAPH_AUDIENCE,
    resourceScopes: [...GRAPH_SCOPES, TEST_EWS_SCOPE],
    accessTokenSeconds: 600,
  });
  sim = await startGraphSimulator({
    now: () => NOW,
    oauth: {
      issuer: authority.issuer,
      audience: GRAPH_AUDIENCE,
      jwksUri: authority.jwksUri,
      caPem: authority.caPem,
    },
  });
  admin = new SimAdmin(sim);
}, 60_000);

afterAll(async () => {
  await admin.close();
  await sim.close();
  await authority.close();
});

beforeEach(async () => {
  await admin.reset('demo');
});

afterEach(async () => {
  for (const c of created.splice(0)) {
    await c.companion.stop();
    await rm(c.dataDir, { recursive: true, force: true });
  }
});

interface PresenceReport {
  availability: string;
  activity: string;
  sessions: { sessionId: string; availability: string; activity: string }[];
}

async function report(): Promise<PresenceReport> {
  const res = await fetch(`${sim.adminUrl}/mailboxes/${encodeURIComponent(ALEX)}/presence`);
  expect(res.status).toBe(200);
  return (await res.json()) as PresenceReport;
}

/** Waits (bounded) until Teams holds `sessions` for Alex; returns the report. */
async function sessionsBecome(
  sessions: { availability: string; activity: string }[],
): Promise<PresenceReport> {
  let last = await report();
  for (let i = 0; i < 250; i += 1) {
    const now = last.sessions.map((s) => ({ availability: s.availability, activity: s.activity }));
    if (JSON.stringify(now) === JSON.stringify(sessions)) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await report();
  }
  expect(last.sessions).toEqual(sessions);
  return last;
}

/**
 * A signed-out companion that knows the test authority, whose browser step a person plays: the
 * authority's login and consent, then the redirect to Beacon's loopback listener.
 */
async function companionAtAuthority(options: { graph: boolean }): Promise<{
  companion: Companion;
  ok: (c: CommandInput) => Promise<void>;
  browser: () => Promise<number>;
}> {
  const clock = new FakeSchedulerClock(NOW.getTime());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-teams-sign-in-'));
  let browser: Promise<number> = Promise.resolve(0);
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: (url) => {
      browser = (async () => {
        const back = await authority.signInInBrowser(url, ALEX);
        const res = await request(back.replace('//localhost:', '//127.0.0.1:'));
        await res.body.text();
        return res.statusCode;
      })();
    },
    extraCa: authority.caPem,
    oauthEwsScope: authority.scope,
    oauthGraphScopes: GRAPH_SCOPES,
    oauthEntraId: true,
    ...(options.graph ? { graphUrl: sim.graphUrl } : {}),
  });
  created.push({ companion, dataDir });
  const ok = async (command: CommandInput): Promise<void> => {
    const result = await companion.execute(command);
    if (!result.ok) throw new Error(`${command.type} rejected: ${JSON.stringify(result.error)}`);
  };
  await ok({
    type: 'update-settings',
    settings: {
      account: {
        demo: false,
        oauth: { clientId: authority.clientId, authority: authority.issuer },
      },
    },
  });
  companion.start();
  await companion.whenIdle();
  return { companion, ok, browser: () => browser };
}

describe('Teams publishing after a sign-in through the authority', () => {
  it('signs in in the browser, lands on Graph, publishes under the client id, clears on sign-out', async () => {
    expect(authority.clientId).toMatch(GUID);
    const { companion, ok, browser } = await companionAtAuthority({ graph: true });
    await ok({ type: 'sign-in-oauth', mailbox: ALEX, flow: 'browser', remember: false });
    expect(await browser()).toBe(200);
    await companion.whenIdle();
    await companion.refreshNow();
    await companion.whenIdle();

    const snapshot = companion.getSnapshot();
    expect(snapshot.account).toMatchObject({
      mode: 'exchange',
      mailbox: ALEX,
      signIn: 'signed-in',
      auth: 'oauth',
      protocol: 'graph',
    });
    expect(snapshot.presence.availability).toBe('in-a-meeting');

    // Teams holds Beacon's session under the client id the user signed in with.
    const held = await sessionsBecome([MEETING]);
    expect(held.sessions[0]?.sessionId).toBe(authority.clientId);
    expect(held).toMatchObject(MEETING);

    // Every Graph request was the authority's token for Alex (none of the simulator's static
    // ones), and the session was set by one of them.
    const graph = (await admin.requests()).filter((r) => r.operation.startsWith('Graph '));
    expect(graph.length).toBeGreaterThan(0);
    expect(graph.every((r) => r.user === ALEX)).toBe(true);
    expect(graph.filter((r) => r.operation.includes('setPresence')).map((r) => r.status)).toEqual(
      expect.arrayContaining([200]),
    );
    expect((await admin.requests()).filter((r) => !r.operation.startsWith('Graph '))).toEqual([]);

    await ok({ type: 'sign-out' });
    await sessionsBecome([]);
    expect(companion.getSnapshot().account.mode).toBe('signed-out');
  }, 60_000);

  it('without a Graph for the authority the account stays on EWS: no token goes to a Graph', async () => {
    const { companion, ok, browser } = await companionAtAuthority({ graph: false });
    await admin.clearRequests();
    await ok({
      type: 'sign-in-oauth',
      mailbox: ALEX,
      flow: 'browser',
      ewsUrl: sim.ewsUrl,
      remember: false,
    });
    expect(await browser()).toBe(200);
    await companion.whenIdle();
    expect(companion.getSnapshot().account).toMatchObject({
      signIn: 'signed-in',
      auth: 'oauth',
      protocol: 'ews',
      ewsUrl: sim.ewsUrl,
    });
    const log = await admin.requests();
    expect(log.length).toBeGreaterThan(0);
    expect(log.filter((r) => r.operation.startsWith('Graph '))).toEqual([]);
    expect(log.every((r) => r.user === ALEX)).toBe(true);
    // Nothing in Teams: the EWS backend has no presence publisher.
    expect((await report()).sessions).toEqual([]);
  }, 60_000);
});
