/**
 * calendarView/delta on the Graph face: the documented round (maxpagesize 2, nextLinks, a
 * deltaLink), then changes made through the admin API seen in the next round (new and changed
 * events whole, deleted, cancelled and moved-out ones as @removed), tokens bound to their user
 * and window, and 410 syncStateNotFound for a token the simulator does not hold.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../src-main/sim/index.js';
import { SimAdmin } from '../../../support/sim-admin.js';
import {
  ALEX,
  NESTOR,
  corpusRequest,
  graph,
  graphError,
  replay,
  startGraphSimulator,
  type GraphResult,
} from './support.js';

interface DeltaItem {
  id: string;
  subject?: string;
  start?: { dateTime: string };
  '@removed'?: { reason: string };
}
interface DeltaPage {
  value: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

let sim: RunningSimulator;
let admin: SimAdmin;
beforeAll(async () => {
  sim = await startGraphSimulator();
  admin = new SimAdmin(sim);
});
afterAll(() => sim.close());
beforeEach(() => admin.reset('empty'));

const graphId = (id: string): string => id.replace(/\+/g, '-').replace(/\//g, '_');

async function addDecember(subjects: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, subject] of subjects.entries()) {
    const start = new Date(Date.UTC(2016, 11, 5 + i, 15));
    const item = await admin.addCalendarItem(ALEX, {
      subject,
      start: start.toISOString(),
      end: new Date(start.getTime() + 3_600_000).toISOString(),
    });
    ids.push(item.id);
  }
  return ids;
}

/** Follows nextLinks (as the documented step 2 request) to the end of a round. */
async function finishRound(
  first: GraphResult,
): Promise<{ items: DeltaItem[]; deltaLink: string; pages: number }> {
  const items: DeltaItem[] = [];
  let result = first;
  let pages = 0;
  for (;;) {
    expect(result.status).toBe(200);
    const page = result.json as DeltaPage;
    expect(page.value.length).toBeLessThanOrEqual(2);
    items.push(...page.value);
    pages += 1;
    const next = page['@odata.nextLink'];
    if (next === undefined) {
      const deltaLink = page['@odata.deltaLink'];
      if (deltaLink === undefined) throw new Error('a round ends with a deltaLink');
      return { items, deltaLink, pages };
    }
    expect(next.startsWith(`${sim.graphUrl}/me/calendarView/delta?$skiptoken=`)).toBe(true);
    result = await replay(
      sim,
      corpusRequest('calendarView-delta/delta-query-events-2.request.http'),
      { path: next },
    );
  }
}

describe('calendarView/delta', () => {
  it('runs the documented first round in pages of two and ends it with a deltaLink', async () => {
    await addDecember(['One', 'Two', 'Three', 'Four', 'Five']);
    const first = await replay(
      sim,
      corpusRequest('calendarView-delta/delta-query-events-1.request.http'),
    );
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=2');
    const round = await finishRound(first);
    expect(round.pages).toBe(3);
    expect(round.items.map((e) => e.subject)).toEqual(['One', 'Two', 'Three', 'Four', 'Five']);
    expect(round.deltaLink.startsWith(`${sim.graphUrl}/me/calendarView/delta?$deltatoken=`)).toBe(
      true,
    );
    const quiet = await replay(
      sim,
      corpusRequest('calendarView-delta/delta-query-events-next.request.http'),
      {
        path: round.deltaLink,
      },
    );
    expect((quiet.json as DeltaPage).value).toEqual([]);
  });

  it('reports admin changes in the next round: new and moved-within whole, the rest @removed', async () => {
    const [one, two, three, four] = await addDecember(['One', 'Two', 'Three', 'Four']);
    const round = await finishRound(
      await replay(sim, corpusRequest('calendarView-delta/delta-query-events-1.request.http')),
    );
    await admin.moveCalendarItem(ALEX, one ?? '', {
      start: new Date('2017-02-01T10:00:00Z'),
      end: new Date('2017-02-01T11:00:00Z'),
    });
    await admin.cancelCalendarItem(ALEX, two ?? '');
    await admin.moveCalendarItem(ALEX, three ?? '', {
      start: new Date('2016-12-20T10:00:00Z'),
      end: new Date('2016-12-20T11:00:00Z'),
    });
    await admin.addCalendarItem(ALEX, {
      subject: 'New',
      start: '2016-12-22T10:00:00Z',
      end: '2016-12-22T11:00:00Z',
    });
    const next = await finishRound(
      await replay(sim, corpusRequest('calendarView-delta/delta-query-events-next.request.http'), {
        path: round.deltaLink,
      }),
    );
    const removed = next.items
      .filter((e) => e['@removed'])
      .map((e) => e.id)
      .sort();
    expect(removed).toEqual([graphId(one ?? ''), graphId(two ?? '')].sort());
    expect(
      next.items.filter((e) => e['@removed']).every((e) => e['@removed']?.reason === 'deleted'),
    ).toBe(true);
    const whole = next.items.filter((e) => !e['@removed']);
    expect(whole.map((e) => e.subject).sort()).toEqual(['New', 'Three']);
    expect(whole.find((e) => e.subject === 'Three')?.start?.dateTime).toBe(
      '2016-12-20T10:00:00.0000000',
    );
    expect(next.items.some((e) => e.id === graphId(four ?? ''))).toBe(false);
  });

  it('answers 410 syncStateNotFound for an unknown token, an expired one and one from before a reset', async () => {
    const unknown = await replay(
      sim,
      corpusRequest('calendarView-delta/delta-query-events-next.request.http'),
    );
    expect(unknown.status).toBe(410);
    expect(graphError(unknown).code).toBe('syncStateNotFound');
    await addDecember(['One']);
    const round = await finishRound(
      await replay(sim, corpusRequest('calendarView-delta/delta-query-events-1.request.http')),
    );
    expect(await admin.expireGraphDeltaTokens()).toEqual({ expired: 1 });
    const expired = await graph(sim, 'GET', round.deltaLink);
    expect(expired.status).toBe(410);
    expect(graphError(expired).code).toBe('syncStateNotFound');
    const again = await finishRound(
      await replay(sim, corpusRequest('calendarView-delta/delta-query-events-1.request.http')),
    );
    await admin.reset('empty');
    const stale = await graph(sim, 'GET', again.deltaLink);
    expect(stale.status).toBe(410);
  });

  it('binds a token to its user and its window and takes no other query options', async () => {
    await addDecember(['One']);
    const round = await finishRound(
      await replay(sim, corpusRequest('calendarView-delta/delta-query-events-1.request.http')),
    );
    const otherUser = await graph(sim, 'GET', round.deltaLink, { user: NESTOR });
    expect(otherUser.status).toBe(410);
    const otherWindow = await graph(
      sim,
      'GET',
      `${round.deltaLink}&startDateTime=2017-01-01T00:00:00Z&endDateTime=2017-02-01T00:00:00Z`,
    );
    expect(otherWindow.status).toBe(400);
    const select = await graph(
      sim,
      'GET',
      '/me/calendarView/delta?startDateTime=2016-12-01T00:00:00Z&endDateTime=2016-12-30T00:00:00Z&$select=subject',
    );
    expect(select.status).toBe(400);
    const noWindow = await graph(sim, 'GET', '/me/calendarView/delta');
    expect(graphError(noWindow).code).toBe('ErrorInvalidParameter');
  });
});
