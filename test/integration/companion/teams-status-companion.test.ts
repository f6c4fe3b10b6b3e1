/**
 * The Snapshot's `teams` through the companion on the Graph backend, against the simulator's Graph
 * face: on once Teams holds Beacon's status, off after sign-out; and a restart does not show the
 * last run's "on" from the Snapshot cache before this run has published anything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { startGraphSimulator } from '../sim/graph/support.js';
import { graphConnector } from './graph-connector.js';
import { ALEX, LOCALE, NOW, ZONE } from './support.js';

const APP_ID = '5c1f7b0e-3f2a-4d6e-9b8c-beac0a000004';

let sim: RunningSimulator;
let dataDir: string;
const running: Companion[] = [];

beforeAll(async () => {
  sim = await startGraphSimulator({ now: () => NOW });
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-teams-status-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const companion of running.splice(0)) await companion.stop();
});

/** A companion on the shared data folder; `publishing` gives its backend Beacon's app id. */
async function companionOn(publishing: boolean): Promise<Companion> {
  const clock = new FakeSchedulerClock(NOW.getTime());
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: () => undefined,
    voicemailPeaksDelayMs: 0,
    connectMailbox: graphConnector(sim, clock, publishing ? { presenceSessionId: APP_ID } : {}),
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
  });
  running.push(companion);
  return companion;
}

async function teamsBecomes(
  companion: Companion,
  publishing: NonNullable<Snapshot['teams']>['publishing'],
): Promise<void> {
  for (let i = 0; i < 200 && companion.getSnapshot().teams?.publishing !== publishing; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(companion.getSnapshot().teams).toEqual({ publishing });
}

describe("the companion's Teams status", () => {
  it('is on once Teams holds the status and off after sign-out', async () => {
    const companion = await companionOn(true);
    companion.start();
    await companion.whenIdle();
    const result = await companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: 'unused-over-graph',
      remember: false,
    });
    expect(result.ok).toBe(true);
    await companion.whenIdle();
    await teamsBecomes(companion, 'on');

    expect((await companion.execute({ type: 'sign-out' })).ok).toBe(true);
    await teamsBecomes(companion, 'off');
  });

  it('a restart does not show the last run’s "on" from the cache', async () => {
    const first = await companionOn(true);
    first.start();
    await first.whenIdle();
    expect(
      (
        await first.execute({
          type: 'sign-in',
          mailbox: ALEX,
          password: 'unused-over-graph',
          remember: false,
        })
      ).ok,
    ).toBe(true);
    await first.whenIdle();
    await teamsBecomes(first, 'on');
    // A refresh writes the Snapshot cache with Teams on.
    await first.refreshNow();
    await first.whenIdle();
    expect(first.getSnapshot().teams).toEqual({ publishing: 'on' });
    await first.stop();
    running.splice(running.indexOf(first), 1);

    // The next run, whose backend publishes nothing: the cached agenda shows, Teams does not.
    const second = await companionOn(false);
    expect(second.getSnapshot().agenda.length).toBeGreaterThan(0);
    expect(second.getSnapshot().teams).toBeUndefined();
    second.start();
    await second.whenIdle();
    expect(second.getSnapshot().account).toMatchObject({ signIn: 'signed-in' });
    expect(second.getSnapshot().teams).toBeUndefined();
  });
});
