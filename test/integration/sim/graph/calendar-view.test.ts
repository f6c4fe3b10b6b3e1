/**
 * calendarView on the Graph face: the documented requests answered from the same calendar the
 * admin API fills, times in UTC or the Prefer zone, series expanded with their exceptions,
 * $select/$top/$orderby, paging by absolute nextLink, and the refusals Graph gives.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../src-main/sim/index.js';
import { SimAdmin } from '../../../support/sim-admin.js';
import { ALEX, corpusRequest, graph, graphError, replay, startGraphSimulator } from './support.js';

interface GraphEvent {
  id: string;
  subject: string;
  type: string;
  seriesMasterId: string | null;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  showAs: string;
  isCancelled: boolean;
}
interface Page {
  value: GraphEvent[];
  '@odata.nextLink'?: string;
}

let sim: RunningSimulator;
let admin: SimAdmin;
beforeAll(async () => {
  sim = await startGraphSimulator();
  admin = new SimAdmin(sim);
});
afterAll(() => sim.close());
beforeEach(() => admin.reset('empty'));

describe('calendarView', () => {
  it('answers the documented /me/calendarView request with the events in its window', async () => {
    await admin.addCalendarItem(ALEX, {
      subject: 'Planning',
      start: '2020-01-02T18:00:00Z',
      end: '2020-01-02T19:00:00Z',
      location: 'Room 1',
    });
    await admin.addCalendarItem(ALEX, {
      subject: 'Outside',
      start: '2020-01-03T18:00:00Z',
      end: '2020-01-03T19:00:00Z',
    });
    const result = await replay(
      sim,
      corpusRequest('calendarView/user-list-calendarview.request.http'),
    );
    expect(result.status).toBe(200);
    const page = result.json as Page;
    expect(page.value.map((e) => e.subject)).toEqual(['Planning']);
    expect(page.value[0]?.start).toEqual({
      dateTime: '2020-01-02T18:00:00.0000000',
      timeZone: 'UTC',
    });
    expect(page.value[0]?.type).toBe('singleInstance');
    expect(page.value[0]?.showAs).toBe('busy');
  });

  it('answers the documented /me/calendar/calendarView request', async () => {
    await admin.addCalendarItem(ALEX, {
      subject: 'Week',
      start: '2017-01-03T17:00:00Z',
      end: '2017-01-03T17:30:00Z',
    });
    const result = await replay(
      sim,
      corpusRequest('calendarView/calendar-list-calendarview.request.http'),
    );
    expect((result.json as Page).value.map((e) => e.subject)).toEqual(['Week']);
  });

  it('writes times in the Prefer: outlook.timezone zone and says so', async () => {
    await admin.addCalendarItem(ALEX, {
      subject: 'Stand-up',
      start: '2025-06-11T16:30:00Z',
      end: '2025-06-11T16:45:00Z',
    });
    const result = await graph(
      sim,
      'GET',
      '/me/calendarView?startDateTime=2025-06-11T00:00:00Z&endDateTime=2025-06-12T00:00:00Z',
      {
        headers: { Prefer: 'outlook.timezone="Pacific Standard Time"' },
      },
    );
    expect(result.headers.get('preference-applied')).toBe(
      'outlook.timezone="Pacific Standard Time"',
    );
    const [event] = (result.json as Page).value;
    expect(event?.start).toEqual({
      dateTime: '2025-06-11T09:30:00.0000000',
      timeZone: 'Pacific Standard Time',
    });
    expect(event?.end.dateTime).toBe('2025-06-11T09:45:00.0000000');
    const iana = await graph(
      sim,
      'GET',
      '/me/calendarView?startDateTime=2025-06-11T00:00:00Z&endDateTime=2025-06-12T00:00:00Z',
      { headers: { Prefer: 'outlook.timezone="Europe/Berlin"' } },
    );
    expect((iana.json as Page).value[0]?.start).toEqual({
      dateTime: '2025-06-11T18:30:00.0000000',
      timeZone: 'Europe/Berlin',
    });
    const unknown = await graph(
      sim,
      'GET',
      '/me/calendarView?startDateTime=2025-06-11T00:00:00Z&endDateTime=2025-06-12T00:00:00Z',
      { headers: { Prefer: 'outlook.timezone="Mars/Olympus"' } },
    );
    expect(unknown.headers.get('preference-applied')).toBeNull();
    expect((unknown.json as Page).value[0]?.start.timeZone).toBe('UTC');
  });

  it('expands a series into occurrences, with a moved one as an exception and a cancelled one gone', async () => {
    const series = await admin.addCalendarItem(ALEX, {
      subject: 'Daily',
      start: '2025-06-16T16:00:00Z',
      end: '2025-06-16T16:15:00Z',
      recurrence: { type: 'daily', interval: 1, numberOfOccurrences: 5 },
    });
    const window = {
      start: new Date('2025-06-16T00:00:00Z'),
      end: new Date('2025-06-21T00:00:00Z'),
    };
    const occurrences = await admin.calendar(ALEX, window);
    expect(occurrences).toHaveLength(5);
    await admin.moveCalendarItem(ALEX, occurrences[1]?.id ?? '', {
      start: new Date('2025-06-17T18:00:00Z'),
      end: new Date('2025-06-17T18:15:00Z'),
    });
    await admin.cancelCalendarItem(ALEX, occurrences[2]?.id ?? '');
    const result = await graph(
      sim,
      'GET',
      '/me/calendarView?startDateTime=2025-06-16T00:00:00Z&endDateTime=2025-06-21T00:00:00Z',
    );
    const events = (result.json as Page).value;
    expect(events.map((e) => [e.type, e.start.dateTime.slice(0, 16)])).toEqual([
      ['occurrence', '2025-06-16T16:00'],
      ['exception', '2025-06-17T18:00'],
      ['occurrence', '2025-06-19T16:00'],
      ['occurrence', '2025-06-20T16:00'],
    ]);
    const master = series.id.replace(/\+/g, '-').replace(/\//g, '_');
    expect(new Set(events.map((e) => e.seriesMasterId))).toEqual(new Set([master]));
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
  });

  it('pages with absolute nextLinks on its own origin and orders by start', async () => {
    for (let i = 0; i < 12; i++) {
      const start = new Date(Date.UTC(2025, 6, 1, 8 + i));
      await admin.addCalendarItem(ALEX, {
        subject: `Slot ${String(i).padStart(2, '0')}`,
        start: start.toISOString(),
        end: new Date(start.getTime() + 1_800_000).toISOString(),
      });
    }
    const subjects: string[] = [];
    let url: string | undefined =
      '/me/calendarView?startDateTime=2025-07-01T00:00:00Z&endDateTime=2025-07-02T00:00:00Z&$top=5&$orderby=start/dateTime desc&$select=subject,start';
    let pages = 0;
    while (url !== undefined) {
      const result = await graph(sim, 'GET', url);
      expect(result.status).toBe(200);
      const page = result.json as Page;
      for (const e of page.value) {
        expect(Object.keys(e).sort()).toEqual(['@odata.etag', 'id', 'start', 'subject']);
        subjects.push(e.subject);
      }
      url = page['@odata.nextLink'];
      if (url !== undefined) expect(url.startsWith(`${sim.graphUrl}/me/calendarView?`)).toBe(true);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(subjects).toEqual(
      Array.from({ length: 12 }, (_, i) => `Slot ${String(11 - i).padStart(2, '0')}`),
    );
  });

  it('refuses a missing window, an unknown $select, an unsupported $filter and a bad $top', async () => {
    const missing = await graph(sim, 'GET', '/me/calendarView');
    expect(missing.status).toBe(400);
    expect(graphError(missing).code).toBe('ErrorInvalidParameter');
    const w = 'startDateTime=2025-07-01T00:00:00Z&endDateTime=2025-07-02T00:00:00Z';
    const select = await graph(sim, 'GET', `/me/calendarView?${w}&$select=colour`);
    expect(graphError(select).message).toContain("'colour'");
    const filter = await graph(sim, 'GET', `/me/calendarView?${w}&$filter=subject eq 'x'`);
    expect(filter.status).toBe(400);
    expect(graphError(filter).message).toContain('$filter');
    const top = await graph(sim, 'GET', `/me/calendarView?${w}&$top=5000`);
    expect(top.status).toBe(400);
    const order = await graph(sim, 'GET', `/me/calendarView?${w}&$orderby=subject`);
    expect(order.status).toBe(400);
  });
});
