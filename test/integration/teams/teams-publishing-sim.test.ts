/**
 * Beacon's presence published to Teams, end to end against the simulator's Graph face: the core's
 * Teams publishing follows a real Snapshot store, the Graph backend's publisher sets the session
 * through the real Graph transport, and the simulator's admin API shows what Teams holds. The
 * simulator and the publisher share one manual clock, so renewal is seen before Graph's lapse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { GraphPresencePublisher } from '../../../src-main/backends/graph/presence-publisher.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { createSnapshotStore, SIGNED_OUT_PRESENCE } from '../../../src-main/core/store.js';
import { startTeamsPublishing } from '../../../src-main/core/teams/teams-publishing.js';
import { GraphTransport } from '../../../src-main/graph/transport/graph-transport.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { sampleSnapshot } from '../../unit/core/sample-snapshot.js';
import { ManualTimers, settle } from '../../support/manual-timers.js';
import { ALEX, NOW, startGraphSimulator, tokenOf } from '../sim/graph/support.js';

/** The application id Beacon signs in with: Graph's session id. */
const APP_ID = '5c1f7b0e-3f2a-4d6e-9b8c-beac0a000001';

interface PresenceReport {
  availability: string;
  activity: string;
  sessions: { sessionId: string; availability: string; activity: string }[];
  history: { call: string; sessionId: string; availability?: string; activity?: string }[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { maxAttempts?: number } = {}) {
  const held: { publisher?: GraphPresencePublisher } = {};
  const timers = new ManualTimers(NOW.getTime(), async () => {
    await settle();
    await held.publisher?.settled();
  });
  const sim: RunningSimulator = await startGraphSimulator({ now: () => new Date(timers.nowMs) });
  cleanups.push(() => sim.close());
  const transport = new GraphTransport({
    baseUrl: sim.graphUrl,
    tokenProvider: () => Promise.resolve(tokenOf(sim, ALEX)),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
  cleanups.push(() => transport.close());
  const publisher = new GraphPresencePublisher({
    requester: transport,
    sessionId: APP_ID,
    timers,
  });
  held.publisher = publisher;
  const base = sampleSnapshot();
  const signedIn: Snapshot = {
    ...base,
    account: { ...base.account, mailbox: ALEX },
    presence: { ...base.presence, availability: 'in-a-meeting' },
  };
  const store = createSnapshotStore(signedIn);
  const report = async (): Promise<PresenceReport> => {
    const res = await fetch(`${sim.adminUrl}/mailboxes/${encodeURIComponent(ALEX)}/presence`);
    expect(res.status).toBe(200);
    return (await res.json()) as PresenceReport;
  };
  const calls = async () =>
    (await report()).history.map((h) => [h.call, h.sessionId, h.availability, h.activity]);
  const setPresenceStatuses = async (): Promise<number[]> => {
    const res = await fetch(`${sim.adminUrl}/requests`);
    const entries = (await res.json()) as { operation: string; status: number }[];
    return entries.filter((e) => e.operation.endsWith('/setPresence')).map((e) => e.status);
  };
  const inject = async (fault: Record<string, unknown>): Promise<void> => {
    const res = await fetch(`${sim.adminUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    });
    expect(res.status).toBe(201);
  };
  return { timers, publisher, store, report, calls, signedIn, setPresenceStatuses, inject };
}

describe("Beacon's presence in Teams", () => {
  it('is set at once, set again on every change of the pair, and not for changes Teams cannot show', async () => {
    const { publisher, store, report, calls } = await setup();
    const publishing = startTeamsPublishing(store, publisher);
    cleanups.push(() => publishing.stop());
    await publisher.settled();
    expect(await report()).toMatchObject({ availability: 'Busy', activity: 'InAConferenceCall' });

    store.setPresence({ ...store.getSnapshot().presence, availability: 'available' });
    await publisher.settled();
    expect(await report()).toMatchObject({ availability: 'Available', activity: 'Available' });

    // away, then off-work: the same pair in Teams (Away/Away), so one request, not two.
    store.setPresence({ ...store.getSnapshot().presence, availability: 'away' });
    await publisher.settled();
    store.setPresence({ ...store.getSnapshot().presence, availability: 'off-work' });
    await publisher.settled();
    expect(await calls()).toEqual([
      ['setPresence', APP_ID, 'Busy', 'InAConferenceCall'],
      ['setPresence', APP_ID, 'Available', 'Available'],
      ['setPresence', APP_ID, 'Away', 'Away'],
    ]);
    expect(publisher.status()).toMatchObject({
      published: { availability: 'Away', activity: 'Away' },
      failing: false,
    });
  });

  it('is renewed before Graph lets it lapse, on the shared clock', async () => {
    const { timers, publisher, store, report } = await setup();
    store.setPresence({ ...store.getSnapshot().presence, availability: 'available' });
    const publishing = startTeamsPublishing(store, publisher);
    cleanups.push(() => publishing.stop());
    await publisher.settled();
    // An Available session set once fades after 5 minutes; renewed, it stays Available.
    await timers.advance(60 * 60_000);
    const after = await report();
    expect(after).toMatchObject({ availability: 'Available', activity: 'Available' });
    expect(after.sessions).toHaveLength(1);
    // Renewed every 4 minutes (inside the 5-minute timeout): at 0, 4, ..., 60.
    expect(after.history.filter((h) => h.call === 'setPresence')).toHaveLength(16);

    // A Busy session lapses only at its 10-minute expiry: renewed every 9 minutes.
    store.setPresence({ ...store.getSnapshot().presence, availability: 'busy' });
    await publisher.settled();
    const before = (await report()).history.length;
    await timers.advance(45 * 60_000);
    const busy = await report();
    expect(busy).toMatchObject({ availability: 'Busy', activity: 'InACall' });
    expect(busy.history.length - before).toBe(5); // at 9, 18, 27, 36, 45
  });

  it('is cleared when the setting is turned off, set again when it is turned on, and cleared on sign-out', async () => {
    const { publisher, store, report, calls, signedIn } = await setup();
    const publishing = startTeamsPublishing(store, publisher);
    await publisher.settled();
    expect((await report()).sessions).toHaveLength(1);

    const settings = store.getSnapshot().settings;
    store.setSettings({ ...settings, presence: { ...settings.presence, publishToTeams: false } });
    await publisher.settled();
    expect((await report()).sessions).toEqual([]);

    store.setSettings({ ...settings, presence: { ...settings.presence, publishToTeams: true } });
    await publisher.settled();
    expect((await report()).sessions).toHaveLength(1);

    // Sign-out: the Snapshot goes signed out and the connection closes (stop).
    store.update({
      account: { mode: 'signed-out', mailbox: '', displayName: '', signIn: 'signed-out' },
      presence: SIGNED_OUT_PRESENCE,
    });
    await publishing.stop();
    expect((await report()).sessions).toEqual([]);
    expect(await calls()).toEqual([
      ['setPresence', APP_ID, 'Busy', 'InAConferenceCall'],
      ['clearPresence', APP_ID, undefined, undefined],
      ['setPresence', APP_ID, 'Busy', 'InAConferenceCall'],
      ['clearPresence', APP_ID, undefined, undefined],
    ]);
    // Later Snapshots publish nothing, even a signed-in one.
    store.update({
      account: signedIn.account,
      presence: { ...signedIn.presence, availability: 'available' },
    });
    await publisher.settled();
    expect((await report()).history).toHaveLength(4);
  });

  it('a refused set keeps the last published state, says it is failing, and retries once after a pause', async () => {
    // The companion's transport tries once; the publisher's keeper owns the retry.
    const { timers, publisher, store, report, setPresenceStatuses, inject } = await setup({
      maxAttempts: 1,
    });
    store.setPresence({ ...store.getSnapshot().presence, availability: 'available' });
    const publishing = startTeamsPublishing(store, publisher);
    cleanups.push(() => publishing.stop());
    await publisher.settled();
    await inject({
      face: 'graph',
      kind: 'status',
      status: 503,
      operation: 'setPresence',
      count: 1,
    });

    store.setPresence({ ...store.getSnapshot().presence, availability: 'busy' });
    await publisher.settled();
    expect(publisher.status()).toMatchObject({
      published: { availability: 'Available', activity: 'Available' },
      failing: true,
    });
    expect(await report()).toMatchObject({ availability: 'Available' });
    // More changes while paused send nothing.
    store.setPresence({ ...store.getSnapshot().presence, availability: 'in-a-meeting' });
    await publisher.settled();
    expect(await setPresenceStatuses()).toEqual([200, 503]);

    await timers.advance(5_000);
    expect(await setPresenceStatuses()).toEqual([200, 503, 200]);
    expect(publisher.status()).toMatchObject({
      published: { availability: 'Busy', activity: 'InAConferenceCall' },
      failing: false,
    });
    expect(await report()).toMatchObject({ availability: 'Busy', activity: 'InAConferenceCall' });
  });

  it('quit while a session is held clears it (stop alone)', async () => {
    const { publisher, store, report } = await setup();
    const publishing = startTeamsPublishing(store, publisher);
    await publisher.settled();
    expect((await report()).sessions).toHaveLength(1);
    await publishing.stop();
    expect((await report()).sessions).toEqual([]);
    expect(publisher.status()).toEqual({ published: null, failing: false });
  });
});
