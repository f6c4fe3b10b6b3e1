/**
 * Teams presence on the Graph face over real HTTP, on the simulator's clock: the documented
 * requests answered, the admin API setting what contacts' Teams clients show, application
 * sessions with their documented bounds, pairs, fading and expiry, the aggregate's precedence,
 * and the admin API's record of what was published and when it lapsed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userIdOf } from '../../../../src-main/sim/graph/ids.js';
import type { RunningSimulator } from '../../../../src-main/sim/index.js';
import { SimAdmin } from '../../../support/sim-admin.js';
import {
  ALEX,
  corpusRequest,
  graph,
  graphError,
  NOW,
  replay,
  startGraphSimulator,
} from './support.js';

let now = NOW.getTime();
let sim: RunningSimulator;
let admin: SimAdmin;
beforeAll(async () => {
  sim = await startGraphSimulator({ now: () => new Date(now) });
  admin = new SimAdmin(sim);
});
afterAll(() => sim.close());
beforeEach(async () => {
  now = NOW.getTime();
  await admin.reset();
});

const MINUTE = 60_000;
const APP = '22553876-f5ab-4529-bffb-cfe50aa89f87';
const MEGAN = 'megan@beacon.test';
const alexId = userIdOf({ email: ALEX });
const meganId = userIdOf({ email: MEGAN });

interface Report {
  availability: string;
  activity: string;
  sessions: {
    sessionId: string;
    availability: string;
    activity: string;
    setAt: string;
    expiresAt: string;
    showing: { availability: string; activity: string } | null;
  }[];
  history: { call: string; at: string; availability?: string; expirationMs?: number }[];
}

async function adminPresence(email: string, method = 'GET', body?: unknown): Promise<Report> {
  const res = await fetch(`${sim.adminUrl}/mailboxes/${email}/presence`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

async function mine(): Promise<{ availability: string; activity: string }> {
  const result = await graph(sim, 'GET', '/me/presence');
  expect(result.status).toBe(200);
  return result.json as { availability: string; activity: string };
}

const set = (body: Record<string, unknown>) =>
  graph(sim, 'POST', `/users/${alexId}/presence/setPresence`, {
    body: { sessionId: APP, ...body },
  });

describe('reading presence', () => {
  it('shows a contact as the admin API set their Teams client, by id and in a batch', async () => {
    await adminPresence(MEGAN, 'PUT', { availability: 'Busy', activity: 'InAMeeting' });
    const one = await graph(sim, 'GET', `/users/${meganId}/presence`);
    expect(one.json).toEqual({ id: meganId, availability: 'Busy', activity: 'InAMeeting' });

    const request = corpusRequest('presence/cloudcommunications-getpresencesbyuserid.request.http');
    const unknown = '66825e03-7ef5-42da-9069-724602c31f6b';
    const result = await replay(sim, request, {
      body: JSON.stringify({ ids: [meganId, alexId, unknown] }),
    });
    expect(result.status).toBe(200);
    expect((result.json as { value: unknown[] }).value).toEqual([
      { id: meganId, availability: 'Busy', activity: 'InAMeeting' },
      { id: alexId, availability: 'Offline', activity: 'Offline' },
      { id: unknown, availability: 'PresenceUnknown', activity: 'PresenceUnknown' },
    ]);
  });

  it('answers the documented GET /communications/presences/{id} with that user', async () => {
    await adminPresence(MEGAN, 'PUT', { availability: 'Away', activity: 'BeRightBack' });
    const request = corpusRequest('presence/presence-get-3.request.http');
    const result = await replay(sim, request, {
      path: request.path.replace('dc74d9bb-6afe-433d-8eaa-e39d80d3a647', meganId),
    });
    expect(result.json).toEqual({ id: meganId, availability: 'Away', activity: 'BeRightBack' });
    expect((await replay(sim, request)).status).toBe(404);
  });

  it('answers the documented GET /me/presence and refuses more than 650 ids', async () => {
    const result = await replay(sim, corpusRequest('presence/presence-get-1.request.http'));
    expect(result.json).toEqual({ id: alexId, availability: 'Offline', activity: 'Offline' });
    const ids = Array.from({ length: 651 }, () => meganId);
    const tooMany = await graph(sim, 'POST', '/communications/getPresencesByUserId', {
      body: { ids },
    });
    expect(tooMany.status).toBe(400);
    expect(graphError(tooMany).message).toContain('650');
    const exactly = await graph(sim, 'POST', '/communications/getPresencesByUserId', {
      body: { ids: ids.slice(1) },
    });
    expect((exactly.json as { value: unknown[] }).value).toHaveLength(650);
  });
});

describe('application sessions', () => {
  it('takes the documented setPresence, shows it, and records it for the admin API', async () => {
    const request = corpusRequest('presence/presence-setpresence.request.http');
    const result = await replay(sim, request, { path: `/users/${alexId}/presence/setPresence` });
    expect(result.status).toBe(200);
    expect(await mine()).toEqual({ id: alexId, availability: 'Available', activity: 'Available' });
    const report = await adminPresence(ALEX);
    expect(report.sessions).toEqual([
      {
        sessionId: APP,
        availability: 'Available',
        activity: 'Available',
        setAt: '2025-06-10T17:07:00Z',
        expiresAt: '2025-06-10T18:07:00Z',
        showing: { availability: 'Available', activity: 'Available' },
      },
    ]);
    expect(report.history).toEqual([
      {
        at: '2025-06-10T17:07:00Z',
        call: 'setPresence',
        sessionId: APP,
        availability: 'Available',
        activity: 'Available',
        expirationMs: 3_600_000,
      },
    ]);
  });

  it('lets Available fade without a call: AvailableInactive at 5 minutes, Away at 10', async () => {
    expect(
      (await set({ availability: 'Available', activity: 'Available', expirationDuration: 'PT1H' }))
        .status,
    ).toBe(200);
    now += 5 * MINUTE - 1;
    expect((await mine()).activity).toBe('Available');
    now += 1;
    expect(await mine()).toMatchObject({
      availability: 'Available',
      activity: 'AvailableInactive',
    });
    now += 5 * MINUTE;
    expect(await mine()).toMatchObject({ availability: 'Away', activity: 'Away' });
    // Called again: back to Available, the same session.
    await set({ availability: 'Available', activity: 'Available', expirationDuration: 'PT1H' });
    expect((await mine()).activity).toBe('Available');
    expect((await adminPresence(ALEX)).sessions).toHaveLength(1);
  });

  it('lapses at the expiration (default 5 minutes) and the user is Offline again', async () => {
    await set({ availability: 'Busy', activity: 'InACall' });
    now += 5 * MINUTE - 1;
    expect(await mine()).toMatchObject({ availability: 'Busy', activity: 'InACall' });
    now += 1;
    expect(await mine()).toMatchObject({ availability: 'Offline', activity: 'Offline' });
    const report = await adminPresence(ALEX);
    expect(report.sessions[0]?.showing).toBeNull();
    expect(report.sessions[0]?.expiresAt).toBe('2025-06-10T17:12:00Z');
  });

  it('refuses durations outside PT5M..PT4H and unsupported pairs with 400, keeping the last state', async () => {
    await set({ availability: 'Busy', activity: 'InAConferenceCall', expirationDuration: 'PT4H' });
    for (const body of [
      { availability: 'Available', activity: 'Available', expirationDuration: 'PT4M59S' },
      { availability: 'Available', activity: 'Available', expirationDuration: 'PT4H1M' },
      { availability: 'Available', activity: 'Available', expirationDuration: 'soon' },
      { availability: 'Busy', activity: 'Busy' },
      { availability: 'DoNotDisturb', activity: 'Presenting' },
      { availability: 'Available', activity: 'Available', sessionId: 'not-a-guid' },
    ]) {
      const result = await set(body);
      expect(result.status, JSON.stringify(body)).toBe(400);
    }
    expect(await mine()).toMatchObject({ availability: 'Busy', activity: 'InAConferenceCall' });
    expect((await adminPresence(ALEX)).history).toHaveLength(1);
  });

  it('takes the strongest session and lets the preferred presence win while a session lives', async () => {
    await adminPresence(ALEX, 'PUT', { availability: 'Away', activity: 'Away' });
    await set({ availability: 'Available', activity: 'Available' });
    expect((await mine()).availability).toBe('Available');
    await graph(sim, 'POST', `/me/presence/setPresence`, {
      body: {
        sessionId: '0fe0d1f3-1111-4f8a-9d0e-3c2a1b0e9f77',
        availability: 'Busy',
        activity: 'InACall',
      },
    });
    expect(await mine()).toMatchObject({ availability: 'Busy', activity: 'InACall' });
    const preferred = await replay(
      sim,
      corpusRequest('presence/presence-setuserpreferredpresence.request.http'),
      {
        path: `/users/${alexId}/presence/setUserPreferredPresence`,
      },
    );
    expect(preferred.status).toBe(200);
    expect(await mine()).toMatchObject({ availability: 'DoNotDisturb', activity: 'DoNotDisturb' });
    const cleared = await replay(
      sim,
      corpusRequest('presence/presence-clearuserpreferredpresence.request.http'),
      {
        path: `/users/${alexId}/presence/clearUserPreferredPresence`,
      },
    );
    expect(cleared.status).toBe(200);
    expect((await mine()).availability).toBe('Busy');
  });

  it('clears its session with the documented clearPresence, and a second clear is 404', async () => {
    await set({ availability: 'Busy', activity: 'InACall', expirationDuration: 'PT1H' });
    const request = corpusRequest('presence/presence-clearpresence.request.http');
    const path = `/users/${alexId}/presence/clearPresence`;
    expect((await replay(sim, request, { path })).status).toBe(200);
    expect((await mine()).availability).toBe('Offline');
    const again = await replay(sim, request, { path });
    expect(again.status).toBe(404);
    expect((await adminPresence(ALEX)).history.map((h) => h.call)).toEqual([
      'setPresence',
      'clearPresence',
    ]);
  });

  it("sets no one else's presence with a delegated token", async () => {
    const result = await graph(sim, 'POST', `/users/${meganId}/presence/setPresence`, {
      body: { sessionId: APP, availability: 'Busy', activity: 'InACall' },
    });
    expect(result.status).toBe(403);
    expect((await adminPresence(MEGAN)).sessions).toEqual([]);
  });
});
