/**
 * The Graph transport against the simulator's Graph face over HTTPS (its own CA as `extraCa`),
 * the way the Graph operations will run: a settings read, a calendarView/delta round followed
 * through its nextLinks verbatim, an unknown delta token as 'gone', a refused token as 'auth'
 * after one forced refresh.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GraphError } from '../../../src-main/graph/errors.js';
import {
  GraphTransport,
  type GraphTokenProvider,
} from '../../../src-main/graph/transport/graph-transport.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { ALEX, startGraphSimulator, tokenOf } from '../sim/graph/support.js';

let sim: RunningSimulator;
let admin: SimAdmin;
const open: GraphTransport[] = [];

beforeAll(async () => {
  sim = await startGraphSimulator({ https: true });
  admin = new SimAdmin(sim);
});
beforeEach(() => admin.reset('empty'));
afterAll(async () => {
  await Promise.all(open.map((t) => t.close()));
  await sim.close();
});

function transport(
  tokenProvider: GraphTokenProvider = () => Promise.resolve(tokenOf(sim, ALEX)),
): GraphTransport {
  const t = new GraphTransport({
    baseUrl: sim.graphUrl,
    extraCa: sim.caPem,
    tokenProvider,
    backoff: { baseDelayMs: 20, maxDelayMs: 100 },
  });
  open.push(t);
  return t;
}

const DeltaPage = z.object({
  value: z.array(z.object({ id: z.string(), subject: z.string().optional() })),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

describe('Graph transport against the simulator', () => {
  it('reads the mailbox settings over HTTPS with the simulator CA', async () => {
    expect(sim.graphUrl.startsWith('https://')).toBe(true);
    const settings = await transport().json(
      { method: 'GET', path: '/me/mailboxSettings', query: { $select: 'timeZone' } },
      z.object({ timeZone: z.string() }),
    );
    expect(settings.timeZone.length).toBeGreaterThan(0);
  });

  it('follows a delta round through its nextLinks to the deltaLink; a lost token is gone', async () => {
    for (const [i, subject] of ['One', 'Two', 'Three'].entries()) {
      const start = new Date(Date.UTC(2016, 11, 5 + i, 15));
      await admin.addCalendarItem(ALEX, {
        subject,
        start: start.toISOString(),
        end: new Date(start.getTime() + 3_600_000).toISOString(),
      });
    }
    const t = transport();
    let page = await t.json(
      {
        method: 'GET',
        path: '/me/calendarView/delta',
        query: { startdatetime: '2016-12-01T00:00:00Z', enddatetime: '2016-12-30T00:00:00Z' },
        headers: { Prefer: 'odata.maxpagesize=2' },
      },
      DeltaPage,
    );
    const subjects = page.value.map((e) => e.subject);
    let pages = 1;
    while (page['@odata.nextLink'] !== undefined) {
      page = await t.json({ method: 'GET', path: page['@odata.nextLink'] }, DeltaPage);
      subjects.push(...page.value.map((e) => e.subject));
      pages++;
    }
    expect(subjects).toEqual(['One', 'Two', 'Three']);
    expect(pages).toBe(2);
    const deltaLink = page['@odata.deltaLink'] ?? '';
    expect(deltaLink.startsWith(`${sim.graphUrl}/me/calendarView/delta?`)).toBe(true);
    const lost = deltaLink.replace(/\$deltatoken=[^&]+/, '$deltatoken=unknown-token');
    const error = await t.json({ method: 'GET', path: lost }, DeltaPage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect([(error as GraphError).kind, (error as GraphError).status]).toEqual(['gone', 410]);
    expect((error as GraphError).code?.toLowerCase()).toBe('syncstatenotfound');
  });

  it("a refused token is 'auth' after one forced refresh; two requests reached the simulator", async () => {
    const asked: boolean[] = [];
    const t = transport(({ forceRefresh }) => {
      asked.push(forceRefresh);
      return Promise.resolve('not-a-simulator-token');
    });
    const error = await t
      .json({ method: 'GET', path: '/me/mailboxSettings' }, z.unknown())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect([(error as GraphError).kind, (error as GraphError).status]).toEqual(['auth', 401]);
    expect(asked).toEqual([false, true]);
  });
});
