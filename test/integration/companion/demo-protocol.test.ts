/**
 * The demo mailbox follows Settings › Connection to Exchange: Microsoft Graph when the user
 * chooses it (the simulator's Graph face, every body checked against the v1.0 CSDL), EWS
 * otherwise. The same mailbox and the same Snapshot either way; only the requests differ.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { CommandInput } from '../../../src-main/core/contract.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { startGraphSimulator } from '../sim/graph/support.js';
import { ALEX, LOCALE, NOW, ZONE } from './support.js';

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
  await admin.clearRequests();
});
afterEach(async () => {
  for (const c of created.splice(0)) {
    await c.companion.stop();
    await rm(c.dataDir, { recursive: true, force: true });
  }
});

/** A started demo companion whose settings file says `backend` (absent: none saved). */
async function demo(backend?: 'graph' | 'ews' | 'automatic'): Promise<Companion> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-demo-protocol-'));
  if (backend !== undefined) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ account: { backend } }));
  }
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: LOCALE,
    clock: new FakeSchedulerClock(NOW.getTime()),
    openExternal: () => undefined,
    startDemoMailbox: () =>
      Promise.resolve({
        ewsUrl: sim.ewsUrl,
        graphUrl: sim.graphUrl,
        users: sim.users,
        close: () => Promise.resolve(),
      }),
    voicemailPeaksDelayMs: 0,
  });
  created.push({ companion, dataDir });
  companion.start();
  await companion.whenIdle();
  return companion;
}

async function operations(): Promise<{ graph: number; ews: number }> {
  const ops = (await admin.requests()).map((r) => r.operation);
  const graph = ops.filter((o) => o.startsWith('Graph ')).length;
  return { graph, ews: ops.length - graph };
}

async function ok(companion: Companion, command: CommandInput): Promise<void> {
  const result = await companion.execute(command);
  if (!result.ok) throw new Error(`${command.type} rejected: ${JSON.stringify(result.error)}`);
}

describe('the demo mailbox over the chosen protocol', () => {
  it('chosen Graph: the agenda and presence come through Graph only, and the window says so', async () => {
    const companion = await demo('graph');
    const s = companion.getSnapshot();
    expect(s.account).toMatchObject({ mode: 'demo', mailbox: ALEX, protocol: 'graph' });
    expect(s.connection.state).toBe('online');
    expect(s.agenda.map((e) => e.subject)).toContain('Design review');
    expect(s.presence).toMatchObject({
      availability: 'in-a-meeting',
      activityText: 'In a meeting until 10:45',
    });
    const counted = await operations();
    expect(counted.ews).toBe(0);
    expect(counted.graph).toBeGreaterThan(3);
  });

  it('automatic and EWS keep the demo on EWS, as an on-premises server', async () => {
    for (const backend of [undefined, 'automatic', 'ews'] as const) {
      await admin.clearRequests();
      const companion = await demo(backend);
      expect(companion.getSnapshot().account).toMatchObject({ mode: 'demo', protocol: 'ews' });
      expect(companion.getSnapshot().agenda.map((e) => e.subject)).toContain('Design review');
      const counted = await operations();
      expect(counted.graph).toBe(0);
      expect(counted.ews).toBeGreaterThan(2);
      await companion.stop();
    }
  });

  it('changing the choice moves the running demo to the other protocol, with the same agenda', async () => {
    const companion = await demo();
    const before = companion.getSnapshot().agenda.map((e) => [e.subject, e.start]);
    await ok(companion, { type: 'update-settings', settings: { account: { backend: 'graph' } } });
    await companion.whenIdle();
    await admin.clearRequests();
    await ok(companion, { type: 'refresh-now' });
    await companion.whenIdle();
    const s = companion.getSnapshot();
    expect(s.account.protocol).toBe('graph');
    expect(s.agenda.map((e) => [e.subject, e.start])).toEqual(before);
    expect((await operations()).ews).toBe(0);
  });

  it('a demo without a Graph face stays on EWS whatever the choice', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-demo-protocol-'));
    await writeFile(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({ account: { backend: 'graph' } }),
    );
    const companion = await createCompanion({
      dataDir,
      timeZone: ZONE,
      locale: LOCALE,
      clock: new FakeSchedulerClock(NOW.getTime()),
      openExternal: () => undefined,
      startDemoMailbox: () =>
        Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
      voicemailPeaksDelayMs: 0,
    });
    created.push({ companion, dataDir });
    companion.start();
    await companion.whenIdle();
    expect(companion.getSnapshot().account).toMatchObject({ mode: 'demo', protocol: 'ews' });
    expect((await operations()).graph).toBe(0);
  });
});
