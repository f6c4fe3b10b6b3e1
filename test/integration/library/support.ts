/**
 * Shared set-up for the library-against-simulator tests: one strict simulator per test file on a
 * fixed clock, and EwsClients that each get their own back-off gate (so a pause one test provokes
 * never holds up the next) and short retry delays (so retry tests stay fast on the real clock).
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { BasicAuth, BearerAuth, staticToken } from '../../../src-main/ews/auth.js';
import { EwsClient, type EwsClientOptions } from '../../../src-main/ews/client.js';
import { systemClock } from '../../../src-main/ews/transport/clock.js';
import { GateRegistry } from '../../../src-main/ews/transport/server-gate.js';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';

/**
 * The simulator's "now": Tuesday 17 March 2026, 17:07 UTC. Pacific is already on daylight time
 * (UTC-7, since 8 March: 10:07 local) while Berlin is still on standard time (UTC+1, until
 * 29 March), so a wrong zone rule on either side shows up as an hour's error.
 */
export const NOW = new Date('2026-03-17T17:07:00Z');
/** `base` of the demo seed: now rounded down to the quarter hour. */
export const BASE = new Date('2026-03-17T17:00:00Z');
/** Alex's "today" in Pacific daylight time. */
export const LA_TODAY = {
  start: new Date('2026-03-17T07:00:00Z'),
  end: new Date('2026-03-18T07:00:00Z'),
};
/** The same date in Berlin (CET, UTC+1). */
export const BERLIN_TODAY = {
  start: new Date('2026-03-16T23:00:00Z'),
  end: new Date('2026-03-17T23:00:00Z'),
};

export const ALEX = 'alex@beacon.test';
export const NESTOR = 'nestor@beacon.test';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY_MS = 24 * HOUR;

export interface LibraryHarness {
  sim: RunningSimulator;
  admin: SimAdmin;
  /** A client signed in as `user` (default Alex, Basic auth) with test-friendly retry settings. */
  client(options?: Partial<EwsClientOptions> & { user?: string }): EwsClient;
}

/**
 * Registers the file's hooks: start the simulator before all tests, reset it (demo seed, no
 * faults, empty request log) before each, close it and every client after all.
 */
export function useSimulator(options: SimulatorOptions = {}): LibraryHarness {
  const clients: EwsClient[] = [];
  const harness: LibraryHarness = {
    sim: undefined as unknown as RunningSimulator,
    admin: undefined as unknown as SimAdmin,
    client(opts = {}) {
      const { user = ALEX, ...rest } = opts;
      const account = harness.sim.users.find((u) => u.email === user);
      if (!account) throw new Error(`no simulator user ${user}`);
      const client = new EwsClient({
        url: harness.sim.ewsUrl,
        auth: new BasicAuth(account.email, account.password),
        mailbox: account.email,
        gates: new GateRegistry(systemClock),
        backoff: { baseDelayMs: 40, maxDelayMs: 200 },
        random: () => 0.5,
        timeoutMs: 10_000,
        ...(harness.sim.caPem === undefined ? {} : { extraCa: harness.sim.caPem }),
        ...rest,
      });
      clients.push(client);
      return client;
    },
  };
  beforeAll(async () => {
    harness.sim = await startSimulator({ seed: 'demo', strict: true, now: () => NOW, ...options });
    harness.admin = new SimAdmin(harness.sim);
  });
  beforeEach(async () => {
    await harness.admin.reset('demo');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await harness.admin.close();
    await harness.sim.close();
  });
  return harness;
}

export function bearerAuth(token: string): BearerAuth {
  return new BearerAuth(staticToken(token));
}

/** The rejection of a promise that must fail (the test fails if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

export const iso = (d: Date): string => d.toISOString();
