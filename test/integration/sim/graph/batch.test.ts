/**
 * JSON batching on the Graph face: the documented batch answered request by request (the
 * resources it names are not the simulator's, so each gets Graph's own error), a batch of
 * Beacon's calls with inner statuses and bodies, dependsOn order and 424 after a failure, and
 * the batch-level refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../src-main/sim/index.js';
import {
  NESTOR,
  corpusRequest,
  graph,
  graphError,
  replay,
  startGraphSimulator,
} from './support.js';

interface Inner {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: Record<string, unknown> & { error?: { code: string } };
}

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startGraphSimulator();
});
afterAll(() => sim.close());

const responses = (json: unknown): Inner[] => (json as { responses: Inner[] }).responses;

describe('$batch', () => {
  it('answers the documented batch with one response per request, each with its own error', async () => {
    const result = await replay(sim, corpusRequest('batch/json-batching.request.http'));
    expect(result.status).toBe(200);
    const inner = responses(result.json);
    expect(inner.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(inner.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(inner[0]?.body?.error?.code).toBe('BadRequest');
    expect(inner[4]?.body?.error?.code).toBe('Request_UnsupportedQuery');
  });

  it("routes Beacon's calls through the same router, bodies and headers included", async () => {
    const result = await graph(sim, 'POST', '/$batch', {
      body: {
        requests: [
          { id: 'me', method: 'GET', url: '/me?$select=displayName' },
          { id: 'oof', method: 'GET', url: 'me/mailboxSettings/automaticRepliesSetting' },
          {
            id: 'view',
            method: 'GET',
            url: '/me/calendarView?startDateTime=2025-06-10T00:00:00Z&endDateTime=2025-06-11T00:00:00Z&$select=subject',
            headers: { Prefer: 'outlook.timezone="Pacific Standard Time"' },
          },
          {
            id: 'schedule',
            method: 'POST',
            url: '/me/calendar/getSchedule',
            headers: { 'Content-Type': 'application/json' },
            body: {
              schedules: [NESTOR],
              startTime: { dateTime: '2025-06-10T09:00:00', timeZone: 'UTC' },
              endTime: { dateTime: '2025-06-10T17:00:00', timeZone: 'UTC' },
              availabilityViewInterval: 60,
            },
          },
          { id: 'photo', method: 'GET', url: '/me/photo/$value' },
        ],
      },
    });
    expect(result.status).toBe(200);
    const byId = new Map(responses(result.json).map((r) => [r.id, r]));
    expect(byId.get('me')?.body).toMatchObject({ displayName: 'Alex Wilber' });
    expect(byId.get('oof')?.status).toBe(200);
    expect(byId.get('view')?.headers['Preference-Applied']).toBe(
      'outlook.timezone="Pacific Standard Time"',
    );
    const view = byId.get('view')?.body as { value: { subject: string }[] };
    expect(view.value.length).toBeGreaterThan(0);
    const schedule = byId.get('schedule')?.body as { value: { availabilityView: string }[] };
    expect(schedule.value[0]?.availabilityView).toMatch(/^[0-4]{8}$/);
    expect(byId.get('photo')?.status).toBe(404);
  });

  it('runs dependsOn in order and answers 424 after a failed dependency', async () => {
    const result = await graph(sim, 'POST', '/$batch', {
      body: {
        requests: [
          { id: '3', dependsOn: ['2'], method: 'GET', url: '/me' },
          { id: '1', method: 'GET', url: '/me/nothing' },
          { id: '2', dependsOn: ['1'], method: 'GET', url: '/me' },
          { id: '4', method: 'GET', url: '/me' },
          { id: '5', method: 'POST', url: '/me/getMailTips', body: { EmailAddresses: [NESTOR] } },
        ],
      },
    });
    const byId = new Map(responses(result.json).map((r) => [r.id, r.status]));
    expect(Object.fromEntries(byId)).toEqual({ '1': 400, '2': 424, '3': 424, '4': 200, '5': 400 });
  });

  it('refuses more than 20 requests, duplicate ids, unknown dependencies and a batch in a batch', async () => {
    const many = await graph(sim, 'POST', '/$batch', {
      body: {
        requests: Array.from({ length: 21 }, (_, i) => ({
          id: String(i),
          method: 'GET',
          url: '/me',
        })),
      },
    });
    expect(many.status).toBe(400);
    expect(graphError(many).message).toContain('20');
    const twice = await graph(sim, 'POST', '/$batch', {
      body: {
        requests: [
          { id: 'a', method: 'GET', url: '/me' },
          { id: 'a', method: 'GET', url: '/me' },
        ],
      },
    });
    expect(twice.status).toBe(400);
    const unknown = await graph(sim, 'POST', '/$batch', {
      body: { requests: [{ id: 'a', dependsOn: ['z'], method: 'GET', url: '/me' }] },
    });
    expect(unknown.status).toBe(400);
    const nested = await graph(sim, 'POST', '/$batch', {
      body: {
        requests: [
          {
            id: 'a',
            method: 'POST',
            url: '/$batch',
            headers: { 'Content-Type': 'application/json' },
            body: { requests: [] },
          },
        ],
      },
    });
    expect(responses(nested.json)[0]?.status).toBe(400);
    const notJson = await graph(sim, 'POST', '/$batch', { rawBody: 'requests' });
    expect(notJson.status).toBe(400);
  });
});
