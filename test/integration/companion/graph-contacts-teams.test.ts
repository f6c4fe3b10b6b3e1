/**
 * Contacts' Teams presence through the companion on the Graph backend, against the simulator's
 * CSDL-checked Graph face: a contact's Teams state set on the simulator shows in the Snapshot,
 * merged with their calendar (a live state beats the calendar; Offline leaves a calendar OOF);
 * each address is looked up once, and every refresh asks getPresencesByUserId once for all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { Contact } from '../../../src-main/core/contract.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { startGraphSimulator } from '../sim/graph/support.js';
import { graphConnector } from './graph-connector.js';
import { LOCALE, NOW, ZONE } from './support.js';

const TTL_MS = 3 * 60_000;
const PRESENCES = 'Graph POST /communications/getPresencesByUserId';

let sim: RunningSimulator;
let admin: SimAdmin;
const created: { companion: Companion; dataDir: string }[] = [];

beforeAll(async () => {
  sim = await startGraphSimulator({ now: () => NOW });
  admin = new SimAdmin(sim);
});
afterAll(async () => {
  await admin.close();
  await sim.close();
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

async function started(): Promise<{ companion: Companion; clock: FakeSchedulerClock }> {
  const clock = new FakeSchedulerClock(NOW.getTime());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-graph-teams-contacts-'));
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: () => undefined,
    connectMailbox: graphConnector(sim, clock),
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
  });
  created.push({ companion, dataDir });
  companion.start();
  await companion.whenIdle();
  return { companion, clock };
}

function contact(contacts: readonly Contact[], address: string): Contact {
  const found = contacts.find((c) => c.address === address);
  if (found === undefined) throw new Error(`no contact ${address}`);
  return found;
}

async function operations(): Promise<string[]> {
  return (await admin.requests()).map((r) => r.operation);
}

describe("contacts' Teams presence over Graph", () => {
  it('a live Teams state beats the calendar, Offline leaves the OOF, one presence request per refresh', async () => {
    await admin.addCalendarItem('megan@beacon.test', {
      subject: 'Budget review',
      start: '2025-06-10T17:00:00Z',
      end: '2025-06-10T18:30:00Z',
      freeBusy: 'Busy',
      organizer: { name: 'Megan Bowen', email: 'megan@beacon.test' },
      attendees: ['diego@beacon.test'],
    });
    // Megan left the meeting early and is in a call in Teams; Lidia's automatic reply is on
    // (seeded) and Teams has her Offline.
    await admin.setTeamsPresence('megan@beacon.test', {
      availability: 'DoNotDisturb',
      activity: 'Presenting',
    });
    await admin.setTeamsPresence('lidia@beacon.test', {
      availability: 'Offline',
      activity: 'Offline',
    });
    await admin.clearRequests();
    const { companion, clock } = await started();
    const { contacts } = companion.getSnapshot();
    expect(contact(contacts, 'megan@beacon.test').presence).toMatchObject({
      availability: 'do-not-disturb',
      source: 'teams',
      idle: false,
    });
    const lidia = contact(contacts, 'lidia@beacon.test');
    expect(lidia.presence).toMatchObject({ availability: 'out-of-office', source: 'calendar' });
    expect(lidia.presence.activityText).toBe('Out of office until Thu 10:07');

    const first = await operations();
    expect(first.filter((o) => o === PRESENCES)).toHaveLength(1);
    // Megan goes idle in Teams: the next refresh (the free/busy cadence) shows it, with one
    // presence request and no directory lookup again.
    await admin.setTeamsPresence('megan@beacon.test', {
      availability: 'AvailableIdle',
      activity: 'AvailableIdle',
    });
    await admin.clearRequests();
    await clock.advanceTo(NOW.getTime() + TTL_MS + 1_000, () => companion.whenIdle());
    const second = await operations();
    expect(second.filter((o) => o === PRESENCES)).toHaveLength(1);
    // The directory ids were kept: no lookup (single or in a $batch) again.
    expect(
      second.filter((o) => o.startsWith('Graph GET /users/') || o === 'Graph POST /$batch'),
    ).toEqual([]);
    expect(contact(companion.getSnapshot().contacts, 'megan@beacon.test').presence).toMatchObject({
      availability: 'available',
      idle: true,
      source: 'teams',
    });
  });

  it('a failed Teams read keeps the last good state, and the next refresh reads again', async () => {
    await admin.clearFaults();
    await admin.setTeamsPresence('megan@beacon.test', {
      availability: 'BeRightBack',
      activity: 'BeRightBack',
    });
    const { companion, clock } = await started();
    const megan = (): Contact => contact(companion.getSnapshot().contacts, 'megan@beacon.test');
    expect(megan().presence).toMatchObject({ availability: 'be-right-back', source: 'teams' });

    await admin.setTeamsPresence('megan@beacon.test', {
      availability: 'Away',
      activity: 'Away',
    });
    await admin.inject({
      face: 'graph',
      kind: 'reset',
      count: 1,
      operation: 'getPresencesByUserId',
    });
    await admin.clearRequests();
    await clock.advanceTo(NOW.getTime() + TTL_MS + 1_000, () => companion.whenIdle());
    expect((await operations()).filter((o) => o === PRESENCES)).toHaveLength(1);
    expect(megan().presence).toMatchObject({ availability: 'be-right-back', source: 'teams' });

    await clock.advanceTo(NOW.getTime() + 2 * (TTL_MS + 1_000), () => companion.whenIdle());
    expect(megan().presence).toMatchObject({ availability: 'away', source: 'teams' });
  });
});
