/**
 * Teams presence through the real Graph transport against the simulator's Graph face: reading
 * one's own and others' presence, and the session keeper publishing Beacon's presence as an
 * application session (mapped by core/teams/presence-mapping.ts), changing it, and clearing it
 * on stop, as the simulator's presence report and history show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { teamsPublicationFor } from '../../../src-main/core/teams/presence-mapping.js';
import {
  clearPresence,
  getMyPresence,
  getPresencesByUserId,
  setPresence,
  type SessionPair,
} from '../../../src-main/graph/operations/presence.js';
import {
  PresenceSessionKeeper,
  type SessionState,
} from '../../../src-main/graph/presence-session.js';
import { GraphTransport } from '../../../src-main/graph/transport/graph-transport.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { ManualTimers, settle } from '../../support/manual-timers.js';
import { ALEX, NESTOR, NOW, startGraphSimulator, tokenOf } from '../sim/graph/support.js';

/** Beacon's application (client) id: Graph wants it as the session id. */
const APP_ID = '9f3c1a52-7d4e-4b8a-a1f0-2c6e5b7d8e90';

let sim: RunningSimulator;
const transports: GraphTransport[] = [];

beforeAll(async () => {
  sim = await startGraphSimulator();
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await sim.close();
});

function transportFor(email: string): GraphTransport {
  const t = new GraphTransport({
    baseUrl: sim.graphUrl,
    tokenProvider: () => Promise.resolve(tokenOf(sim, email)),
  });
  transports.push(t);
  return t;
}

interface PresenceReport {
  availability: string;
  activity: string;
  sessions: { sessionId: string; availability: string; activity: string }[];
  history: { call: string; sessionId: string; availability?: string; activity?: string }[];
}

async function report(email: string): Promise<PresenceReport> {
  const res = await fetch(`${sim.adminUrl}/mailboxes/${encodeURIComponent(email)}/presence`);
  expect(res.status).toBe(200);
  return (await res.json()) as PresenceReport;
}

/** A keeper whose changes can be awaited. */
function keeperFor(graph: GraphTransport, userId: string) {
  const waiters: { test: (s: SessionState) => boolean; resolve: () => void }[] = [];
  const keeper = new PresenceSessionKeeper({
    port: {
      set: (pair, minutes) =>
        setPresence(graph, { userId, sessionId: APP_ID, pair, expirationMinutes: minutes }),
      clear: () => clearPresence(graph, { userId, sessionId: APP_ID }),
    },
    onChange: (state) => {
      for (const w of waiters.splice(0)) {
        if (w.test(state)) w.resolve();
        else waiters.push(w);
      }
    },
  });
  const published = (pair: SessionPair | null | undefined) =>
    new Promise<void>((resolve) => {
      const test = (s: SessionState) =>
        s.published?.pair.availability === pair?.availability &&
        s.published?.pair.activity === pair?.activity;
      if (test(keeper.snapshot())) resolve();
      else waiters.push({ test, resolve });
    });
  return { keeper, published };
}

describe('Teams presence against the simulator', () => {
  it("reads one's own presence and others' by id", async () => {
    const alex = transportFor(ALEX);
    const me = await getMyPresence(alex);
    expect(me.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const nestor = await getMyPresence(transportFor(NESTOR));
    const both = await getPresencesByUserId(alex, [me.id, nestor.id, me.id]);
    expect(both.map((p) => p.id)).toEqual([me.id, nestor.id]);
  });

  it("publishes Beacon's presence as a session, changes it, and clears it on stop", async () => {
    const graph = transportFor(ALEX);
    const me = await getMyPresence(graph);
    const { keeper, published } = keeperFor(graph, me.id);

    const meeting = teamsPublicationFor('in-a-meeting').session;
    keeper.desire(meeting);
    await published(meeting);
    expect(await getMyPresence(graph)).toMatchObject({
      availability: 'Busy',
      activity: 'InAConferenceCall',
    });

    const away = teamsPublicationFor('away').session;
    keeper.desire(away);
    await published(away);
    expect(await getMyPresence(graph)).toMatchObject({ availability: 'Away', activity: 'Away' });

    await keeper.stop();
    expect(keeper.snapshot().published).toBeNull();
    const after = await report(ALEX);
    expect(after.sessions).toEqual([]);
    expect(after.history.map((h) => [h.call, h.sessionId, h.availability, h.activity])).toEqual([
      ['setPresence', APP_ID, 'Busy', 'InAConferenceCall'],
      ['setPresence', APP_ID, 'Away', 'Away'],
      ['clearPresence', APP_ID, undefined, undefined],
    ]);
  });

  it('clearing with no session is "no-session", not a failure', async () => {
    const graph = transportFor(NESTOR);
    const me = await getMyPresence(graph);
    expect(await clearPresence(graph, { userId: me.id, sessionId: APP_ID })).toBe('no-session');
  });

  it('keeps an Available session from fading by renewing inside its 5-minute timeout', async () => {
    // The simulator and the keeper share one manual clock.
    const start = NOW.getTime();
    let keeper: PresenceSessionKeeper | undefined;
    const timers = new ManualTimers(start, async () => {
      await settle();
      await keeper?.settled();
    });
    const clocked = await startGraphSimulator({ now: () => new Date(timers.nowMs) });
    try {
      const graphFor = (email: string) => {
        const t = new GraphTransport({
          baseUrl: clocked.graphUrl,
          tokenProvider: () => Promise.resolve(tokenOf(clocked, email)),
        });
        transports.push(t);
        return t;
      };
      const alex = graphFor(ALEX);
      const me = await getMyPresence(alex);
      keeper = new PresenceSessionKeeper({
        timers,
        port: {
          set: (pair, minutes) =>
            setPresence(alex, {
              userId: me.id,
              sessionId: APP_ID,
              pair,
              expirationMinutes: minutes,
            }),
          clear: () => clearPresence(alex, { userId: me.id, sessionId: APP_ID }),
        },
      });
      const available = teamsPublicationFor('available').session;
      keeper.desire(available);
      await keeper.settled();

      // Without renewal Graph lets an Available session fade after 5 minutes: Nestor's does.
      const nestor = graphFor(NESTOR);
      const nestorId = (await getMyPresence(nestor)).id;
      await setPresence(nestor, {
        userId: nestorId,
        sessionId: APP_ID,
        pair: { availability: 'Available', activity: 'Available' },
        expirationMinutes: 10,
      });

      await timers.advance(30 * 60_000);
      expect(await getMyPresence(alex)).toMatchObject({
        availability: 'Available',
        activity: 'Available',
      });
      expect(await getMyPresence(nestor)).not.toMatchObject({
        availability: 'Available',
        activity: 'Available',
      });
      const sets = (
        (await fetch(`${clocked.adminUrl}/mailboxes/${encodeURIComponent(ALEX)}/presence`).then(
          (r) => r.json(),
        )) as PresenceReport
      ).history.filter((h) => h.call === 'setPresence');
      expect(sets).toHaveLength(8); // at 0, then every 4 minutes up to 28
      await keeper.stop();
    } finally {
      await clocked.close();
    }
  });
});
