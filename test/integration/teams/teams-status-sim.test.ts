/**
 * The Snapshot's `teams` against the simulator's Graph face, through the real Graph transport and
 * the Graph backend's publisher: on once Teams holds Beacon's status; failing and why when Teams
 * refuses it — a token without Presence.ReadWrite (a real 403 from the Graph face's scope check,
 * the token from a real OpenID Connect authority), a 429, a dropped connection — with the next
 * attempt's time and the retries spaced out; on again once Teams accepts; off when turned off.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch, request } from 'undici';
import { GraphPresencePublisher } from '../../../src-main/backends/graph/presence-publisher.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { createSnapshotStore } from '../../../src-main/core/store.js';
import { startTeamsPublishing } from '../../../src-main/core/teams/teams-publishing.js';
import { GraphTransport } from '../../../src-main/graph/transport/graph-transport.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { ManualTimers, settle } from '../../support/manual-timers.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';
import { sampleSnapshot } from '../../unit/core/sample-snapshot.js';
import { ALEX, NOW, startGraphSimulator, tokenOf } from '../sim/graph/support.js';

const APP_ID = '5c1f7b0e-3f2a-4d6e-9b8c-beac0a000002';
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

let sim: RunningSimulator;
let scopedSim: RunningSimulator;
let authority: OidcAuthority;
let agent: Agent;

beforeAll(async () => {
  authority = await startOidcAuthority({
    audience: GRAPH_AUDIENCE,
    resourceScopes: ['User.Read', 'Presence.Read', 'Presence.ReadWrite'],
  });
  agent = new Agent({ connect: { ca: authority.caPem } });
  [sim, scopedSim] = await Promise.all([
    startGraphSimulator({ now: () => NOW }),
    startGraphSimulator({
      now: () => NOW,
      oauth: {
        issuer: authority.issuer,
        audience: 'https://ews.beacon.test',
        jwksUri: authority.jwksUri,
        caPem: authority.caPem,
      },
    }),
  ]);
}, 60_000);

afterAll(async () => {
  await sim.close();
  await scopedSim.close();
  await authority.close();
  await agent.close();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A device-flow token for Alex with only the scopes asked for. */
async function scopedToken(scopes: readonly string[]): Promise<string> {
  const post = async (path: string, form: Record<string, string>) => {
    const res = await request(`${authority.issuer}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      dispatcher: agent,
    });
    return (await res.body.json()) as Record<string, unknown>;
  };
  const device = await post('/devicecode', {
    client_id: authority.clientId,
    scope: ['openid', 'profile', ...scopes].join(' '),
  });
  await authority.approveDeviceCode(String(device['user_code']), ALEX);
  const token = await post('/token', {
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    device_code: String(device['device_code']),
    client_id: authority.clientId,
  });
  if (typeof token['access_token'] !== 'string') throw new Error('no token');
  return token['access_token'];
}

async function setup(on: RunningSimulator, token: string) {
  const held: { publisher?: GraphPresencePublisher } = {};
  const timers = new ManualTimers(NOW.getTime(), async () => {
    await settle();
    await held.publisher?.settled();
    await settle();
  });
  const transport = new GraphTransport({
    baseUrl: on.graphUrl,
    tokenProvider: () => Promise.resolve(token),
    maxAttempts: 1,
  });
  cleanups.push(() => transport.close());
  const publisher = new GraphPresencePublisher({ requester: transport, sessionId: APP_ID, timers });
  held.publisher = publisher;
  const base = sampleSnapshot();
  const store = createSnapshotStore({
    ...base,
    account: { ...base.account, mailbox: ALEX },
    presence: { ...base.presence, availability: 'available' },
  });
  const publishing = startTeamsPublishing(store, publisher);
  cleanups.push(() => publishing.stop());
  const settled = async (): Promise<Snapshot['teams']> => {
    await publisher.settled();
    await settle();
    return store.getSnapshot().teams;
  };
  const inject = async (fault: Record<string, unknown>): Promise<void> => {
    const res = await fetch(`${on.adminUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    });
    expect(res.status).toBe(201);
  };
  const setPresenceStatuses = async (): Promise<number[]> => {
    const res = await fetch(`${on.adminUrl}/requests`);
    const entries = (await res.json()) as { operation: string; status: number }[];
    return entries.filter((e) => e.operation.endsWith('/setPresence')).map((e) => e.status);
  };
  await fetch(`${on.adminUrl}/requests`, { method: 'DELETE' });
  return { timers, store, publishing, settled, inject, setPresenceStatuses };
}

describe("the Snapshot's Teams status", () => {
  it('is on once Teams holds the status, failing "busy" with the next attempt on a 429, on again after it, off when turned off', async () => {
    const { timers, store, settled, inject } = await setup(sim, tokenOf(sim, ALEX));
    expect(await settled()).toEqual({ publishing: 'on' });

    await inject({
      face: 'graph',
      kind: 'status',
      status: 429,
      operation: 'setPresence',
      count: 1,
    });
    store.setPresence({ ...store.getSnapshot().presence, availability: 'busy' });
    const failing = await settled();
    expect(failing).toMatchObject({ publishing: 'failing', reason: 'busy' });
    // The first pause is 2.5 to 5 seconds (jittered) after the refusal.
    const retryIn = Date.parse(failing?.retryAt ?? '') - timers.nowMs;
    expect(retryIn).toBeGreaterThanOrEqual(2_500);
    expect(retryIn).toBeLessThanOrEqual(5_000);

    await timers.advance(5_000);
    expect(await settled()).toEqual({ publishing: 'on' });

    const settings = store.getSnapshot().settings;
    store.setSettings({ ...settings, presence: { ...settings.presence, publishToTeams: false } });
    expect(await settled()).toEqual({ publishing: 'off' });
  });

  it('a dropped connection is "unreachable"', async () => {
    const { store, settled, inject } = await setup(sim, tokenOf(sim, ALEX));
    expect(await settled()).toEqual({ publishing: 'on' });
    await inject({ face: 'graph', kind: 'reset', operation: 'setPresence', count: 1 });
    store.setPresence({ ...store.getSnapshot().presence, availability: 'busy' });
    expect(await settled()).toMatchObject({ publishing: 'failing', reason: 'unreachable' });
  });

  it('a token without Presence.ReadWrite is "not-allowed", retried with growing pauses, and stop says off', async () => {
    const token = await scopedToken(['User.Read', 'Presence.Read']);
    const { timers, publishing, store, settled, setPresenceStatuses } = await setup(
      scopedSim,
      token,
    );
    expect(await settled()).toMatchObject({ publishing: 'failing', reason: 'not-allowed' });
    expect(await setPresenceStatuses()).toEqual([403]);

    // Ten minutes later: a handful of attempts (5 s doubling up to 5 min), all refused.
    await timers.advance(10 * 60_000);
    const attempts = await setPresenceStatuses();
    expect(attempts.length).toBeGreaterThanOrEqual(5);
    expect(attempts.length).toBeLessThanOrEqual(9);
    expect(new Set(attempts)).toEqual(new Set([403]));
    expect(store.getSnapshot().teams).toMatchObject({
      publishing: 'failing',
      reason: 'not-allowed',
    });

    await publishing.stop();
    expect(store.getSnapshot().teams).toEqual({ publishing: 'off' });
  }, 30_000);
});
