/**
 * One schema-strict simulator per test file (reset to the demo seed before each test) and
 * companions wired to it with a fake scheduler clock, a temp data folder and a recording opener.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  createCompanion,
  type Companion,
  type CompanionDeps,
  type SecretSource,
} from '../../../src-main/core/companion/index.js';
import type { CommandInput, CommandResult } from '../../../src-main/core/contract.js';
import type { IdleInput } from '../../../src-main/presence/index.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';

/** Tuesday 10 June 2025, 17:07 UTC = 10:07 in Los Angeles: the demo's "Design review" runs. */
export const NOW = new Date('2025-06-10T17:07:00Z');
export const ALEX = 'alex@beacon.test';
export const ZONE = 'America/Los_Angeles';
export const LOCALE = 'en-GB';

export interface Harness {
  sim: RunningSimulator;
  admin: SimAdmin;
  /** Creates a companion (not started) on the shared simulator; stopped after the test. */
  companion(options?: HarnessOptions): Promise<TestCompanion>;
}

export interface HarnessOptions {
  dataDir?: string;
  secrets?: SecretSource;
  clock?: FakeSchedulerClock;
  idle?: () => IdleInput;
  /** The wait before a voicemail's peaks are decoded; none by default (whenIdle waits it). */
  voicemailPeaksDelayMs?: number;
}

export interface TestCompanion {
  companion: Companion;
  clock: FakeSchedulerClock;
  dataDir: string;
  opened: string[];
  /** Runs a command and fails the test with the error when it was rejected. */
  ok: (command: CommandInput) => Promise<void>;
  /** Moves the fake time on, letting every refresh a timer starts finish. */
  advanceTo: (at: number) => Promise<void>;
}

export function useCompanionHarness(): Harness {
  const created: { companion: Companion; dataDir: string; ownsDir: boolean }[] = [];
  const harness = {} as Harness;

  beforeAll(async () => {
    harness.sim = await startSimulator({ now: () => NOW });
    harness.admin = new SimAdmin(harness.sim);
  });
  afterAll(async () => {
    await harness.admin.close();
    await harness.sim.close();
  });
  beforeEach(async () => {
    await harness.admin.reset('demo');
  });
  afterEach(async () => {
    for (const c of created.splice(0)) {
      await c.companion.stop();
      if (c.ownsDir) await rm(c.dataDir, { recursive: true, force: true });
    }
  });

  harness.companion = async (options = {}) => {
    const clock = options.clock ?? new FakeSchedulerClock(NOW.getTime());
    const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'beacon-companion-')));
    const opened: string[] = [];
    const sim = harness.sim;
    const deps: CompanionDeps = {
      dataDir,
      timeZone: ZONE,
      locale: LOCALE,
      clock,
      openExternal: (url) => {
        opened.push(url);
      },
      // The shared simulator outlives each companion: closing it is the harness's job.
      startDemoMailbox: () =>
        Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
      // The product waits a second before decoding peaks; every whenIdle would sit it out.
      voicemailPeaksDelayMs: options.voicemailPeaksDelayMs ?? 0,
    };
    if (options.idle) deps.idle = options.idle;
    if (options.secrets) deps.secrets = options.secrets;
    const companion = await createCompanion(deps);
    created.push({ companion, dataDir, ownsDir: options.dataDir === undefined });
    return {
      companion,
      clock,
      dataDir,
      opened,
      ok: async (command) => {
        const result: CommandResult = await companion.execute(command);
        if (!result.ok)
          throw new Error(`${command.type} rejected: ${JSON.stringify(result.error)}`);
      },
      advanceTo: (at) => clock.advanceTo(at, () => companion.whenIdle()),
    };
  };
  return harness;
}

/** Starts the companion and waits for its first refresh. */
export async function started(test: TestCompanion): Promise<TestCompanion> {
  test.companion.start();
  await test.companion.whenIdle();
  return test;
}
