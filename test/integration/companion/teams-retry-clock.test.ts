/**
 * The Teams publisher's retry runs on the companion's clock: a refused set (503) is retried when
 * the companion's (here fake) clock reaches the pause's end, and the window's retry time is on
 * that clock too. Before, the keeper used the system's timers, so a test (or a companion) on
 * another clock never saw the retry when its clock moved, and the retry time it showed was the
 * system's. End to end over the simulator's Graph face.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { startGraphSimulator } from '../sim/graph/support.js';
import { graphConnector } from './graph-connector.js';
import { ALEX, LOCALE, NOW, ZONE } from './support.js';

const APP_ID = '5c1f7b0e-3f2a-4d6e-9b8c-beac0a000007';

let sim: RunningSimulator;
let admin: SimAdmin;
let dataDir: string;
const running: Companion[] = [];

beforeAll(async () => {
  sim = await startGraphSimulator({ now: () => NOW });
  admin = new SimAdmin(sim);
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-teams-retry-'));
});
afterAll(async () => {
  await admin.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const companion of running.splice(0)) await companion.stop();
});

async function teamsBecomes(
  companion: Companion,
  publishing: NonNullable<Snapshot['teams']>['publishing'],
): Promise<NonNullable<Snapshot['teams']>> {
  for (let i = 0; i < 200 && companion.getSnapshot().teams?.publishing !== publishing; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const teams = companion.getSnapshot().teams;
  expect(teams?.publishing).toBe(publishing);
  return teams ?? { publishing: 'off' };
}

async function setPresenceStatuses(): Promise<number[]> {
  return (await admin.requests())
    .filter((r) => r.operation.endsWith('setPresence'))
    .map((r) => r.status);
}

describe("the companion's Teams publisher on the companion's clock", () => {
  it('retries a refused set when the fake clock reaches the pause, not on the system clock', async () => {
    const clock = new FakeSchedulerClock(NOW.getTime());
    const companion = await createCompanion({
      dataDir,
      timeZone: ZONE,
      locale: LOCALE,
      clock,
      openExternal: () => undefined,
      voicemailPeaksDelayMs: 0,
      connectMailbox: graphConnector(sim, clock, { presenceSessionId: APP_ID }),
      startDemoMailbox: () =>
        Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
    });
    running.push(companion);
    companion.start();
    await companion.whenIdle();
    await admin.clearRequests();
    await admin.inject({
      face: 'graph',
      kind: 'status',
      status: 503,
      operation: 'setPresence',
      count: 1,
    });

    const signIn = await companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: 'unused-over-graph',
      remember: false,
    });
    expect(signIn.ok).toBe(true);
    await companion.whenIdle();

    // Refused: failing, the next attempt 2.5–5 s after the failure on the companion's clock.
    const failing = await teamsBecomes(companion, 'failing');
    expect(failing).toMatchObject({ publishing: 'failing', reason: 'busy' });
    const retryAt = Date.parse(failing.retryAt ?? '');
    expect(retryAt - NOW.getTime()).toBeGreaterThanOrEqual(2_500);
    expect(retryAt - NOW.getTime()).toBeLessThanOrEqual(5_000);
    // The retry waits on the companion's clock, at that instant.
    expect(clock.pending()).toContain(retryAt);
    expect(await setPresenceStatuses()).toEqual([503]);

    // Just before it: nothing more is sent.
    await clock.advanceTo(retryAt - 1, () => companion.whenIdle());
    expect(await setPresenceStatuses()).toEqual([503]);

    await clock.advanceTo(retryAt, () => companion.whenIdle());
    await teamsBecomes(companion, 'on');
    expect(await setPresenceStatuses()).toEqual([503, 200]);
  });
});
