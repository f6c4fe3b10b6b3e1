/**
 * Faults on the Graph face through the admin API (the same injector as the EWS face): 429 and
 * 503 with Retry-After and Graph's error body for the next N requests of one mailbox; 500, 502
 * and 504 as asked, each through Beacon's Graph transport (500 not retried, 502 retried until it
 * answers, 504 retried until the attempts run out), each a typed GraphError; 401, a
 * slow answer, a dropped connection, a lost answer (carried out, then cut), an invalid delta
 * token; the request log names each; EWS
 * faults leave Graph alone and Graph faults leave EWS alone.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GraphError } from '../../../../src-main/graph/errors.js';
import { GraphTransport } from '../../../../src-main/graph/transport/graph-transport.js';
import type { RequestLogEntry, RunningSimulator } from '../../../../src-main/sim/index.js';
import { SimAdmin } from '../../../support/sim-admin.js';
import { ALEX, graph, graphError, NESTOR, startGraphSimulator, tokenOf } from './support.js';

let sim: RunningSimulator;
let admin: SimAdmin;
beforeAll(async () => {
  sim = await startGraphSimulator();
  admin = new SimAdmin(sim);
});
afterAll(() => sim.close());
beforeEach(() => admin.reset());

async function inject(fault: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sim.adminUrl}/faults`, {
    method: 'POST',
    body: JSON.stringify(fault),
  });
  return { status: res.status, body: await res.json() };
}

async function log(): Promise<RequestLogEntry[]> {
  return (await (await fetch(`${sim.adminUrl}/requests`)).json()) as RequestLogEntry[];
}

describe('Graph faults', () => {
  it('throttles the next two requests of one mailbox with 429 and Retry-After, then answers', async () => {
    expect(
      (
        await inject({
          face: 'graph',
          kind: 'status',
          status: 429,
          retryAfterSeconds: 2.128,
          count: 2,
          mailbox: ALEX,
          operation: 'messages',
        })
      ).status,
    ).toBe(201);
    // Another mailbox and another path are not throttled.
    expect((await graph(sim, 'GET', '/me/messages?$top=1', { user: NESTOR })).status).toBe(200);
    expect((await graph(sim, 'GET', '/me/presence')).status).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const result = await graph(sim, 'GET', '/me/mailFolders/inbox/messages?$top=1');
      expect(result.status).toBe(429);
      expect(result.headers.get('retry-after')).toBe('2.128');
      expect(graphError(result).code).toBe('TooManyRequests');
    }
    expect((await graph(sim, 'GET', '/me/messages?$top=1')).status).toBe(200);
    const entries = (await log()).filter((e) => e.fault !== undefined);
    expect(entries.map((e) => [e.status, e.user, e.fault])).toEqual([
      [429, ALEX, 'status'],
      [429, ALEX, 'status'],
    ]);
  });

  it('answers 503 with serviceNotAvailable and 401 with InvalidAuthenticationToken', async () => {
    await inject({ face: 'graph', kind: 'status', operation: '*' });
    const busy = await graph(sim, 'GET', '/me/presence');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(graphError(busy).code).toBe('serviceNotAvailable');
    await inject({ face: 'graph', kind: 'unauthorized', operation: 'presence' });
    const expired = await graph(sim, 'GET', '/me/presence');
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await graph(sim, 'GET', '/me/presence')).status).toBe(200);
  });

  it('drops the connection, and delays an answer that then arrives whole', async () => {
    await inject({ face: 'graph', kind: 'reset', operation: 'presence' });
    const url = new URL(`${sim.graphUrl}/me/presence`);
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { Authorization: 'Bearer alex-token' },
        },
        (res) => {
          resolve(`status ${res.statusCode ?? 0}`);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        resolve(error.code ?? error.message);
      });
      req.end();
    });
    expect(outcome).toBe('ECONNRESET');
    await inject({ face: 'graph', kind: 'delay', delayMs: 400, operation: 'presence' });
    const slow = await graph(sim, 'GET', '/me/presence');
    expect(slow.status).toBe(200);
    expect((await log()).filter((e) => e.fault).map((e) => [e.status, e.fault])).toEqual([
      [0, 'reset'],
      [200, 'delay'],
    ]);
  });

  it('makes a delta token invalid: only a request that carries one takes the fault', async () => {
    await inject({ face: 'graph', kind: 'invalid-delta-token', operation: 'calendarView/delta' });
    const window = 'startDateTime=2025-06-10T00:00:00Z&endDateTime=2025-06-11T00:00:00Z';
    const first = await graph(sim, 'GET', `/me/calendarView/delta?${window}`);
    expect(first.status).toBe(200);
    const links = first.json as Record<string, string | undefined>;
    const link = links['@odata.nextLink'] ?? links['@odata.deltaLink'];
    expect(link).toMatch(/\$(skip|delta)token=/);
    const gone = await graph(sim, 'GET', link ?? '');
    expect(gone.status).toBe(410);
    expect(graphError(gone).code).toBe('syncStateNotFound');
    expect((await graph(sim, 'GET', link ?? '')).status).toBe(200);
  });

  it('a lost answer (truncated): the request is carried out, its answer cut halfway', async () => {
    const inbox = await graph(sim, 'GET', '/me/mailFolders/inbox/messages?$select=id&$top=1');
    const [first] = (inbox.json as { value: { id: string }[] }).value;
    const id = encodeURIComponent(first?.id ?? '');
    expect(
      (await inject({ face: 'graph', kind: 'truncated', operation: 'move', mailbox: ALEX })).status,
    ).toBe(201);
    await expect(
      graph(sim, 'POST', `/me/messages/${id}/move`, { body: { destinationId: 'deleteditems' } }),
    ).rejects.toThrow();
    // It was moved all the same: the old id is gone, and the entry says the answer was cut.
    expect((await graph(sim, 'GET', `/me/messages/${id}`)).status).toBe(404);
    const entry = (await log()).find((e) => e.operation === `Graph POST /me/messages/${id}/move`);
    expect([entry?.status, entry?.fault]).toEqual([0, 'truncated']);
  });

  it('keeps the faces apart and refuses a fault the Graph face cannot apply', async () => {
    await inject({ kind: 'status', status: 503, operation: '*' });
    expect((await graph(sim, 'GET', '/me/presence')).status).toBe(200);
    expect(await (await fetch(`${sim.adminUrl}/faults`)).json()).toHaveLength(1);
    await fetch(`${sim.adminUrl}/faults`, { method: 'DELETE' });
    for (const fault of [
      { face: 'graph', kind: 'soap-fault' },
      { kind: 'invalid-delta-token' },
      { kind: 'status', mailbox: ALEX },
    ]) {
      expect((await inject(fault)).status, JSON.stringify(fault)).toBe(400);
    }
  });
});

describe('the status fault sends the status asked for', () => {
  const TIME_ZONE = z.object({ value: z.string() });
  const statuses = async (): Promise<number[]> =>
    (await log()).filter((e) => e.operation.includes('mailboxSettings')).map((e) => e.status);

  /** Beacon's Graph transport as Alex, with short back-off so retries take milliseconds. */
  async function throughTransport(maxAttempts: number): Promise<GraphError | string> {
    const transport = new GraphTransport({
      baseUrl: sim.graphUrl,
      tokenProvider: () => Promise.resolve(tokenOf(sim, ALEX)),
      maxAttempts,
      backoff: { baseDelayMs: 5, maxDelayMs: 20 },
    });
    try {
      const answer = await transport.json(
        { method: 'GET', path: '/me/mailboxSettings/timeZone' },
        TIME_ZONE,
      );
      return answer.value;
    } catch (error) {
      if (error instanceof GraphError) return error;
      throw error;
    } finally {
      await transport.close();
    }
  }

  it("answers 500, 502 and 504 with Graph's error body and no Retry-After of its own", async () => {
    const seen: [number, string, string | null][] = [];
    for (const status of [500, 502, 504]) {
      expect(
        (await inject({ face: 'graph', kind: 'status', status, operation: 'mailboxSettings' }))
          .status,
      ).toBe(201);
      const result = await graph(sim, 'GET', '/me/mailboxSettings/timeZone');
      seen.push([result.status, graphError(result).code, result.headers.get('retry-after')]);
      expect(graphError(result).innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(seen).toEqual([
      [500, 'generalException', null],
      [502, 'BadGateway', null],
      [504, 'GatewayTimeout', null],
    ]);
    // A Retry-After asked for is sent with any of them.
    await inject({ face: 'graph', kind: 'status', status: 502, retryAfterSeconds: 3 });
    expect((await graph(sim, 'GET', '/me/presence')).headers.get('retry-after')).toBe('3');
    expect((await log()).map((e) => e.fault)).toEqual(['status', 'status', 'status', 'status']);
  });

  it('refuses a status it does not send', async () => {
    const refused = await inject({ face: 'graph', kind: 'status', status: 418 });
    expect(refused.status).toBe(400);
    expect(await admin.faults()).toEqual([]);
  });

  it("500 through Beacon's transport: a server error, not retried", async () => {
    await inject({ face: 'graph', kind: 'status', status: 500, operation: 'mailboxSettings' });
    const error = await throughTransport(3);
    if (!(error instanceof GraphError)) throw new Error(`no GraphError: ${error}`);
    expect([error.kind, error.status, error.code, error.retryable]).toEqual([
      'server',
      500,
      'generalException',
      false,
    ]);
    expect(await statuses()).toEqual([500]);
  });

  it("502 through Beacon's transport: retried, then the answer", async () => {
    await inject({ face: 'graph', kind: 'status', status: 502, operation: 'mailboxSettings' });
    expect(await throughTransport(3)).toBe('Pacific Standard Time');
    expect(await statuses()).toEqual([502, 200]);
  });

  it("504 through Beacon's transport: retried until the attempts run out, then a retryable server error", async () => {
    await inject({
      face: 'graph',
      kind: 'status',
      status: 504,
      count: 3,
      operation: 'mailboxSettings',
    });
    const error = await throughTransport(3);
    if (!(error instanceof GraphError)) throw new Error(`no GraphError: ${error}`);
    expect([error.kind, error.status, error.code, error.retryable]).toEqual([
      'server',
      504,
      'GatewayTimeout',
      true,
    ]);
    expect(await statuses()).toEqual([504, 504, 504]);
  });
});
