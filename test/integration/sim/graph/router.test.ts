/**
 * The Graph face's router over real HTTP: authentication, Graph's error shape with request ids,
 * unknown segments, methods and query options, and that the EWS face is untouched beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../../src-main/sim/index.js';
import { graph, graphError } from './support.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ strict: false, now: () => new Date('2025-06-10T17:07:00Z') });
});
afterAll(() => sim.close());

describe('Graph router', () => {
  it('answers 401 with InvalidAuthenticationToken and a Bearer challenge without a token', async () => {
    const result = await graph(sim, 'GET', '/me', { authorization: null });
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const error = graphError(result);
    expect(error.code).toBe('InvalidAuthenticationToken');
    expect(error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.headers.get('request-id')).toBe(error.innerError['request-id']);
    expect(error.innerError['date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it('takes no Basic and no unknown token', async () => {
    const basic = `Basic ${Buffer.from('alex@beacon.test:x').toString('base64')}`;
    expect((await graph(sim, 'GET', '/me', { authorization: basic })).status).toBe(401);
    expect((await graph(sim, 'GET', '/me', { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('names an unknown segment in a 400 and echoes client-request-id', async () => {
    const result = await graph(sim, 'GET', '/me/nothingHere', {
      headers: { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000001' },
    });
    expect(result.status).toBe(400);
    const error = graphError(result);
    expect(error.code).toBe('BadRequest');
    expect(error.message).toContain("'nothingHere'");
    expect(error.innerError['client-request-id']).toBe('c0ffee00-0000-4000-8000-000000000001');
  });
});
