/**
 * The Graph face's router over real HTTP: authentication, Graph's error shape with request ids,
 * unknown segments, methods and query options, and that the EWS face is untouched beside it.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../../src-main/sim/index.js';
import type { GraphSchemaChecker } from '../../../../src-main/sim/graph/schema-checker.js';
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

  it('answers a known path with another method 405, naming the methods it takes', async () => {
    const result = await graph(sim, 'DELETE', '/me/mailboxSettings');
    expect(result.status).toBe(405);
    expect(result.headers.get('allow')).toBe('GET, PATCH');
    expect(graphError(result).code).toBe('Request_BadRequest');
  });

  it('refuses a body over 4 MB with 413 and keeps serving', async () => {
    const result = await graph(sim, 'PATCH', '/me/mailboxSettings', {
      rawBody: JSON.stringify({ timeZone: 'x'.repeat(5 * 1024 * 1024) }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(result.status).toBe(413);
    expect(graphError(result).code).toBe('RequestEntityTooLarge');
    expect((await graph(sim, 'GET', '/me')).status).toBe(200);
  });

  it('logs each Graph request with its user and status', async () => {
    await graph(sim, 'GET', '/me/mailboxSettings/timeZone');
    const log = (await (await fetch(`${sim.adminUrl}/requests`)).json()) as {
      operation: string;
      user: string | null;
      status: number;
    }[];
    expect(log.at(-1)).toMatchObject({
      operation: 'Graph GET /me/mailboxSettings/timeZone',
      user: 'alex@beacon.test',
      status: 200,
    });
  });

  it('records each Graph exchange as the corpus prints one, without the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-graph-record-'));
    const recording = await startSimulator({ strict: false, recordDir: dir });
    try {
      const result = await graph(recording, 'PATCH', '/me/mailboxSettings', {
        body: { automaticRepliesSetting: { status: 'disabled' } },
      });
      expect(result.status).toBe(200);
      expect(readdirSync(dir).sort()).toEqual([
        '0001-Graph_PATCH__me_mailboxSettings.request.http',
        '0001-Graph_PATCH__me_mailboxSettings.response.http',
      ]);
      const request = readFileSync(
        join(dir, '0001-Graph_PATCH__me_mailboxSettings.request.http'),
        'utf8',
      );
      expect(request.split('\n')[0]).toBe('PATCH /v1.0/me/mailboxSettings');
      expect(request).toContain('{"automaticRepliesSetting":{"status":"disabled"}}');
      expect(request).not.toContain('alex-token');
      const response = readFileSync(
        join(dir, '0001-Graph_PATCH__me_mailboxSettings.response.http'),
        'utf8',
      );
      expect(response.split('\n')[0]).toBe('HTTP/1.1 200');
      expect(response).toContain('"status": "disabled"');
    } finally {
      await recording.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends a response its checker refuses as a 500 naming the violation, and refuses a request body the same way', async () => {
    // A checker at the seam that refuses every mailboxSettings: the router must not let one out.
    const refusing: GraphSchemaChecker = {
      checkType: (type) =>
        type === 'microsoft.graph.mailboxSettings'
          ? { valid: false, violations: [{ path: '/timeZone', message: 'refused for the test' }] }
          : { valid: true },
      checkActionBody: () => ({ valid: true }),
    };
    const strict = await startSimulator({ strict: false, graphChecker: refusing });
    try {
      const get = await graph(strict, 'GET', '/me/mailboxSettings');
      expect(get.status).toBe(500);
      expect(graphError(get).code).toBe('generalException');
      expect(graphError(get).message).toContain('/timeZone: refused for the test');
      const patch = await graph(strict, 'PATCH', '/me/mailboxSettings', {
        body: { timeZone: 'UTC' },
      });
      expect(patch.status).toBe(400);
      expect(graphError(patch).code).toBe('RequestBodyRead');
      expect((await graph(strict, 'GET', '/me/mailboxSettings/timeZone')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
