/**
 * The companion publishing Beacon's presence to Teams, end to end over the simulator's Graph face:
 * an Exchange account reached through a Graph backend built with the app's id shows its computed
 * presence in Teams as the mapped session; turning the setting off clears it, on sets it again;
 * sign-out and quit clear it. The simulator's admin API shows what Teams holds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fetch } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { CommandInput } from '../../../src-main/core/contract.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { startGraphSimulator } from '../sim/graph/support.js';
import { graphConnector } from './graph-connector.js';
import { ALEX, LOCALE, NOW, ZONE } from './support.js';

/** The application id: Graph's presence session id. */
const APP_ID = '5c1f7b0e-3f2a-4d6e-9b8c-beac0a000001';

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
  for (let i = 0; i < 200; i += 1) {
    const now = last.sessions.map((s) => ({ availability: s.availability, activity: s.activity }));
    if (JSON.stringify(now) === JSON.stringify(sessions)) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await report();
  }
  expect(last.sessions).toEqual(sessions);
  return last;
}

async function signedIn(): Promise<{
  companion: Companion;
  ok: (c: CommandInput) => Promise<void>;
}> {
  const clock = new FakeSchedulerClock(NOW.getTime());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-teams-companion-'));
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: () => undefined,
    connectMailbox: graphConnector(sim, clock, { presenceSessionId: APP_ID }),
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
  });
  created.push({ companion, dataDir });
  const ok = async (command: CommandInput): Promise<void> => {
    const result = await companion.execute(command);
    if (!result.ok) throw new Error(`${command.type} rejected: ${JSON.stringify(result.error)}`);
  };
  companion.start();
  await companion.whenIdle();
  await ok({ type: 'sign-in', mailbox: ALEX, password: 'unused-over-graph', remember: false });
  await companion.refreshNow();
  await companion.whenIdle();
  return { companion, ok };
}

const MEETING = { availability: 'Busy', activity: 'InAConferenceCall' };

describe('the companion publishing to Teams', () => {
  it('shows the computed presence, follows the setting, and clears on sign-out', async () => {
    const { companion, ok } = await signedIn();
    expect(companion.getSnapshot().presence.availability).toBe('in-a-meeting');
    const held = await sessionsBecome([MEETING]);
    expect(held.sessions[0]?.sessionId).toBe(APP_ID);
    expect(held).toMatchObject(MEETING);

    await ok({ type: 'update-settings', settings: { presence: { publishToTeams: false } } });
    await sessionsBecome([]);
    await ok({ type: 'update-settings', settings: { presence: { publishToTeams: true } } });
    await sessionsBecome([MEETING]);

    await ok({ type: 'sign-out' });
    await sessionsBecome([]);
  });

  it('clears the session when Beacon quits', async () => {
    const { companion } = await signedIn();
    await sessionsBecome([MEETING]);
    await companion.stop();
    expect((await report()).sessions).toEqual([]);
  });
});
