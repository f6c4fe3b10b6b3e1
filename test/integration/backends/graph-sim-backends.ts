/**
 * The set-up the Graph backend's simulator tests share: one simulator (CSDL-checked Graph face)
 * for the file, the demo mailboxes, no faults and an empty request log before each test, and the
 * backends a test made closed after it. `graphBackend(email)` is what createBackend builds for a
 * Graph account signed in as `email` (its static token), on the demo's "now".
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createBackend, type GraphBackendSpec } from '../../../src-main/backends/index.js';
import type { MailboxBackend } from '../../../src-main/mailbox/backend.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { ALEX, NOW, startGraphSimulator, tokenOf } from '../sim/graph/support.js';

export interface GraphSimBackends {
  /** The running simulator (inside tests and hooks). */
  readonly sim: RunningSimulator;
  readonly admin: SimAdmin;
  graphBackend: (email?: string, spec?: Partial<GraphBackendSpec>) => MailboxBackend;
}

export function useGraphSimBackends(): GraphSimBackends {
  let running: { sim: RunningSimulator; admin: SimAdmin } | undefined;
  const open: MailboxBackend[] = [];
  const current = (): { sim: RunningSimulator; admin: SimAdmin } => {
    if (running === undefined) throw new Error('The simulator runs only inside tests');
    return running;
  };
  beforeAll(async () => {
    const sim = await startGraphSimulator();
    running = { sim, admin: new SimAdmin(sim) };
  });
  afterAll(async () => {
    await running?.admin.close();
    await running?.sim.close();
  });
  beforeEach(async () => {
    const { admin } = current();
    await admin.reset('demo');
    await admin.clearFaults();
    await admin.clearRequests();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });
  return {
    get sim() {
      return current().sim;
    },
    get admin() {
      return current().admin;
    },
    graphBackend: (email = ALEX, spec = {}) => {
      const { sim } = current();
      const backend = createBackend({
        protocol: 'graph',
        mailbox: email,
        baseUrl: sim.graphUrl,
        tokenProvider: () => Promise.resolve(tokenOf(sim, email)),
        now: () => NOW,
        ...spec,
      });
      open.push(backend);
      return backend;
    },
  };
}
