/**
 * $batch through the Graph transport against a scripted HTTPS server: long lists split into
 * envelopes of 20, inner answers decoded one by one (Microsoft's documented batch answer
 * included), an inner 429 sent again alone after its Retry-After, results in the caller's order.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GraphError } from '../../../src-main/graph/errors.js';
import type { GraphRequest } from '../../../src-main/graph/requester.js';
import { FakeClock } from '../../support/fake-clock.js';
import { corpusText, json, useScriptedGraph } from './scripted-graph.js';

const { graph, transport } = useScriptedGraph();

interface Entry {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

const entriesOf = (body: string): Entry[] => (JSON.parse(body) as { requests: Entry[] }).requests;

/**
 * Answers each entry 200 with `{ "subject": <its url> }`, except those `special` decides.
 * `special` returns an inner answer or undefined.
 */
function batchAnswer(
  special: (entry: Entry) => Record<string, unknown> | undefined = () => undefined,
): (req: IncomingMessage, res: ServerResponse, body: string) => void {
  return (_req, res, body) => {
    const responses = entriesOf(body)
      .map((entry) => ({
        id: entry.id,
        ...(special(entry) ?? { status: 200, body: { subject: entry.url } }),
      }))
      .reverse(); // Graph answers in any order
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ responses }));
  };
}

const Subject = z.object({ subject: z.string() });

const events = (n: number): GraphRequest[] =>
  Array.from({ length: n }, (_, i) => ({
    method: 'GET',
    path: `/me/events/e${i}`,
    query: { $select: 'subject' },
  }));

describe('Graph $batch', () => {
  it('45 requests go as 3 envelopes (20, 20, 5) to /$batch; results in order', async () => {
    graph.handlers = [batchAnswer(), batchAnswer(), batchAnswer()];
    const results = await transport().batch(events(45), Subject);
    expect(graph.seen.map((s) => [s.method, s.url])).toEqual([
      ['POST', '/v1.0/$batch'],
      ['POST', '/v1.0/$batch'],
      ['POST', '/v1.0/$batch'],
    ]);
    expect(graph.seen.map((s) => entriesOf(s.body).length)).toEqual([20, 20, 5]);
    expect(entriesOf(graph.seen[0]?.body ?? '')[0]).toEqual({
      id: '1',
      method: 'GET',
      url: '/me/events/e0?$select=subject',
    });
    expect(graph.seen[0]?.headers.authorization).toBe('Bearer token-1');
    expect(results.map((r) => (r.ok ? r.value.subject : r.error.kind))).toEqual(
      Array.from({ length: 45 }, (_, i) => `/me/events/e${i}?$select=subject`),
    );
  });

  it('an inner 429 is sent again alone after its Retry-After; the others are not resent', async () => {
    const clock = new FakeClock();
    const throttled = {
      status: 429,
      headers: { 'Retry-After': '7', 'Content-Type': 'application/json' },
      body: JSON.parse(corpusText('errors/throttling-429.response.json')) as unknown,
    };
    graph.handlers = [
      batchAnswer(),
      batchAnswer((entry) => (entry.url.startsWith('/me/events/e26?') ? throttled : undefined)),
      batchAnswer(),
      batchAnswer(),
    ];
    const t = transport({ clock });
    const results = await t.batch(events(45), Subject);
    expect(
      graph.seen.map((s) => entriesOf(s.body).map((e) => e.url.replace(/\?.*/, '')).length),
    ).toEqual([20, 20, 5, 1]);
    expect(entriesOf(graph.seen[3]?.body ?? '').map((e) => e.url)).toEqual([
      '/me/events/e26?$select=subject',
    ]);
    expect(clock.sleeps).toEqual([7000]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[26]).toEqual({ ok: true, value: { subject: '/me/events/e26?$select=subject' } });
  });

  it('an inner Retry-After holds single requests to the mailbox too', async () => {
    const clock = new FakeClock();
    graph.handlers = [
      batchAnswer((entry) =>
        entry.id === '2' ? { status: 429, headers: { 'Retry-After': '20' }, body: {} } : undefined,
      ),
    ];
    const t = transport({ clock, maxAttempts: 1 });
    const results = await t.batch(events(2), Subject);
    expect(results[1]?.ok).toBe(false);
    expect(results[1]?.ok === false && results[1].error.kind).toBe('throttled');
    expect(t.pausedFor()).toBe(20_000);
    await t.json({ method: 'GET', path: '/me' }, z.unknown());
    expect(clock.sleeps).toEqual([20_000]);
  });

  it("Microsoft's documented batch answer decodes per request: 200s parsed, 403s and the 405 typed", async () => {
    graph.handlers = [json(200, corpusText('batch/json-batching.response.json'))];
    const Page = z.object({ value: z.array(z.object({ id: z.string() })) });
    const results = await transport().batch(events(5), Page);
    expect(results.map((r) => (r.ok ? r.value.value.map((v) => v.id) : r.error.kind))).toEqual([
      ['21004afc-7bb2-4fe6-a1e1-074ebd3e52c1'],
      'forbidden',
      'forbidden',
      'bad-request',
      ['10a1d484-cd1a-4162-a5a4-832370bac356'],
    ]);
    const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(errors.map((e) => [e.status, e.code, e.requestId])).toEqual([
      [403, undefined, '93b6f17e-c05d-4f45-ad2a-6665c708d8a0'],
      [403, 'Authorization_RequestDenied', '93b6f17e-c05d-4f45-ad2a-6665c708d8a0'],
      [405, 'Request_BadRequest', '3a3b1bf7-3596-4493-8264-de81e028071f'],
    ]);
    expect(errors[0]?.graphMessage).toBe(
      'You do not have the required permissions to access this item.',
    );
    expect(graph.seen).toHaveLength(1);
  });

  it('one schema per request, POST bodies with their content type, 204 as undefined', async () => {
    graph.handlers = [
      batchAnswer((entry) => (entry.method === 'PATCH' ? { status: 204 } : undefined)),
    ];
    const results = await transport().batch<unknown>(
      [
        { method: 'PATCH', path: '/me/mailboxSettings', body: { timeZone: 'UTC' } },
        { method: 'GET', path: '/me/mailboxSettings/timeZone' },
      ],
      [z.undefined(), Subject],
    );
    expect(results).toEqual([
      { ok: true, value: undefined },
      { ok: true, value: { subject: '/me/mailboxSettings/timeZone' } },
    ]);
    expect(entriesOf(graph.seen[0]?.body ?? '')[0]).toEqual({
      id: '1',
      method: 'PATCH',
      url: '/me/mailboxSettings',
      headers: { 'Content-Type': 'application/json' },
      body: { timeZone: 'UTC' },
    });
  });

  it("an inner answer of the wrong shape, or one missing, is that request's 'malformed' error", async () => {
    graph.handlers = [
      batchAnswer((entry) =>
        entry.id === '1' ? { status: 200, body: { subject: 1 } } : undefined,
      ),
    ];
    const twoOfThree = (_req: IncomingMessage, res: ServerResponse, body: string): void => {
      const [first] = entriesOf(body);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ responses: [{ id: first?.id, status: 200, body: { subject: 'x' } }] }),
      );
    };
    const t = transport();
    const shape = await t.batch(events(2), Subject);
    expect(shape.map((r) => r.ok)).toEqual([false, true]);
    graph.handlers = [twoOfThree];
    const missing = await t.batch(events(3), Subject);
    expect(missing.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual([
      'ok',
      'malformed',
      'malformed',
    ]);
  });

  it('a nextLink in a batch is sent relative to the service root; a foreign one fails the call', async () => {
    graph.handlers = [batchAnswer()];
    const t = transport();
    const [result] = await t.batch(
      [{ method: 'GET', path: `${graph.baseUrl}/me/calendarView/delta?$deltatoken=abc` }],
      Subject,
    );
    expect(result).toEqual({
      ok: true,
      value: { subject: '/me/calendarView/delta?$deltatoken=abc' },
    });
    await expect(
      t.batch([{ method: 'GET', path: 'https://elsewhere.example/v1.0/me' }], Subject),
    ).rejects.toBeInstanceOf(GraphError);
    expect(graph.seen).toHaveLength(1);
  });
});
