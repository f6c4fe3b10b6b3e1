/**
 * Live-update tests: a schema-strict simulator whose streams beat every 200 ms (so a silent one
 * is noticed in well under a second), and companions signed in to it as an Exchange account,
 * on a fake scheduler clock (the debounce and the polls move only when the test says).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { CommandInput, Snapshot, UpdateMode } from '../../../src-main/core/contract.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { ALEX, LOCALE, NOW, ZONE } from './support.js';

export { ALEX, NOW };
export const HEARTBEAT_MS = 200;

export interface LiveHarness {
  sim: RunningSimulator;
  admin: SimAdmin;
  recordDir: string;
  /** A companion signed in to the simulator as Alex (started; its first refresh done). */
  signedIn(options?: { dataDir?: string }): Promise<LiveCompanion>;
}

export interface LiveCompanion {
  companion: Companion;
  clock: FakeSchedulerClock;
  dataDir: string;
  ok(command: CommandInput): Promise<void>;
  /** Moves the fake time on, letting each refresh a timer starts finish. */
  advanceTo(at: number): Promise<void>;
  snapshot(): Snapshot;
}

/** Waits (real time) until `check` holds; fails the test with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function modeOf(test: LiveCompanion): UpdateMode | undefined {
  return test.snapshot().connection.updates?.mode;
}

export function useLiveHarness(): LiveHarness {
  const harness = {} as LiveHarness;
  const created: { companion: Companion; dataDir: string; ownsDir: boolean }[] = [];

  beforeAll(async () => {
    harness.recordDir = await mkdtemp(path.join(tmpdir(), 'beacon-live-record-'));
    harness.sim = await startSimulator({
      now: () => NOW,
      notifications: { heartbeatMs: HEARTBEAT_MS },
      recordDir: harness.recordDir,
    });
    harness.admin = new SimAdmin(harness.sim);
  });
  afterAll(async () => {
    await harness.admin.close();
    await harness.sim.close();
    await rm(harness.recordDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await harness.admin.reset('demo');
    await harness.admin.clearFaults();
    await harness.admin.clearRequests();
  });
  afterEach(async () => {
    for (const c of created.splice(0)) {
      await c.companion.stop();
      if (c.ownsDir) await rm(c.dataDir, { recursive: true, force: true });
    }
  });

  harness.signedIn = async (options = {}) => {
    const sim = harness.sim;
    const clock = new FakeSchedulerClock(NOW.getTime());
    const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'beacon-live-')));
    const companion = await createCompanion({
      dataDir,
      timeZone: ZONE,
      locale: LOCALE,
      clock,
      openExternal: () => undefined,
      startDemoMailbox: () =>
        Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
      // Jitter at its middle, so waits are the same in every run.
      liveUpdates: { heartbeatIntervalMs: HEARTBEAT_MS, random: () => 0.5 },
      // The product waits a second before decoding peaks; every whenIdle would sit it out.
      voicemailPeaksDelayMs: 0,
    });
    created.push({ companion, dataDir, ownsDir: options.dataDir === undefined });
    const test: LiveCompanion = {
      companion,
      clock,
      dataDir,
      ok: async (command) => {
        const result = await companion.execute(command);
        if (!result.ok)
          throw new Error(`${command.type} rejected: ${JSON.stringify(result.error)}`);
      },
      advanceTo: (at) => clock.advanceTo(at, () => companion.whenIdle()),
      snapshot: () => companion.getSnapshot(),
    };
    companion.start();
    await companion.whenIdle();
    const password = sim.users[0]?.password ?? '';
    await test.ok({ type: 'sign-in', mailbox: ALEX, password, ewsUrl: sim.ewsUrl });
    return test;
  };
  return harness;
}
