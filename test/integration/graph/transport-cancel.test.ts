/**
 * Cancellation and creates in the Graph transport, against the scripted HTTPS server over real
 * sockets: a caller's AbortSignal ends a request while it is queued behind the requests in
 * flight (its place goes to no one, the slot is not freed twice), while it waits out a pause or
 * a back-off, and in flight (the server sees the connection close); a signal after the answer
 * changes nothing; a $batch call's signal aborts only the requests not yet answered. A create
 * (retry: 'never', as the Conversation History operations mark theirs) is not resent after a
 * dropped connection or a deadline, but is after a 429's Retry-After.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  buildCreateConversationFolderRequest,
  buildSaveConversationRequest,
} from '../../../src-main/graph/operations/conversation-history.js';
import type { GraphRequest } from '../../../src-main/graph/requester.js';
import type { Clock } from '../../../src-main/graph/transport/clock.js';
import { FakeClock } from '../../support/fake-clock.js';
import { freePort } from '../../support/loopback-port.js';
import { corpusText, failure, type Handler, json, useScriptedGraph } from './scripted-graph.js';

const { graph, transport } = useScriptedGraph();

/**
 * A clock whose sleeps do not end by themselves and ignore the signal they are given, so only
 * the transport's own handling of the signal can end the wait. `nextSleep` resolves with the
 * length of the next sleep asked for.
 */
class HeldClock implements Clock {
  readonly sleeps: number[] = [];
  private current = Date.UTC(2026, 10, 27, 9, 0, 0);
  private notify: ((ms: number) => void) | undefined;

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.notify?.(ms);
    this.notify = undefined;
    return new Promise<void>(() => undefined);
  }

  nextSleep(): Promise<number> {
    return new Promise((resolve) => (this.notify = resolve));
  }
}

/** A handler that holds its answer; `arrived` resolves when the request is at the server. */
function held(): {
  handler: Handler;
  arrived: Promise<ServerResponse>;
  /** Resolves with whether the answer was finished when the connection closed. */
  closed: Promise<boolean>;
} {
  let arrive: (res: ServerResponse) => void = () => undefined;
  let close: (finished: boolean) => void = () => undefined;
  const arrived = new Promise<ServerResponse>((resolve) => (arrive = resolve));
  const closed = new Promise<boolean>((resolve) => (close = resolve));
  return {
    handler: (_req, res) => {
      res.on('close', () => {
        close(res.writableFinished);
      });
      arrive(res);
    },
    arrived,
    closed,
  };
}

const Any = z.unknown();
const N = z.object({ n: z.number() });
const THROTTLED = corpusText('errors/throttling-429.response.json');
const drop: Handler = (req) => {
  req.socket.destroy();
};
const conversation = {
  subject: 'Conversation with Kim Minji',
  html: '<div>Kim Minji: hello</div>',
  to: [{ email: 'minji@contoso.com', name: 'Kim Minji' }],
};

describe('Graph transport: a cancelled request', () => {
  it('leaves the queue while held behind the requests in flight; its place goes to no one', async () => {
    const first = held();
    graph.handlers = [first.handler];
    const t = transport({ maxInFlight: 1 });
    const inFlight = t.json({ method: 'GET', path: '/me/events/1' }, N);
    await first.arrived;
    const controller = new AbortController();
    const queued = t.json({ method: 'GET', path: '/me/events/2', signal: controller.signal }, N);
    controller.abort();
    const error = await failure(queued);
    expect(error.kind).toBe('aborted');
    expect(error.retryable).toBe(false);
    // The first answers; the slot it frees is not handed to the cancelled one (nor freed twice):
    // two more requests at once still go one at a time.
    (await first.arrived).writeHead(200, { 'Content-Type': 'application/json' }).end('{"n":1}');
    expect(await inFlight).toEqual({ n: 1 });
    graph.handlers = [json(200, { n: 3 }), json(200, { n: 4 })];
    const later = await Promise.all([
      t.json({ method: 'GET', path: '/me/events/3' }, N),
      t.json({ method: 'GET', path: '/me/events/4' }, N),
    ]);
    expect(later).toEqual([{ n: 3 }, { n: 4 }]);
    expect(graph.seen.map((s) => s.url)).toEqual([
      '/v1.0/me/events/1',
      '/v1.0/me/events/3',
      '/v1.0/me/events/4',
    ]);
    expect(graph.maxInFlight()).toBe(1);
  });

  it("stops waiting out a 429's Retry-After and is not sent again", async () => {
    const clock = new HeldClock();
    graph.handlers = [json(429, THROTTLED, { 'Retry-After': '30' }), json(200, { n: 2 })];
    const t = transport({ clock });
    const controller = new AbortController();
    const sleeping = clock.nextSleep();
    const request = t.json({ method: 'GET', path: '/me/events/1', signal: controller.signal }, N);
    expect(await sleeping).toBe(30_000);
    controller.abort();
    const error = await failure(request);
    expect(error.kind).toBe('aborted');
    expect(graph.seen).toHaveLength(1);
    // The pause still holds the mailbox for everyone else.
    expect(t.pausedFor()).toBe(30_000);
  });

  it('stops waiting out a back-off (503 without Retry-After) and is not sent again', async () => {
    const clock = new HeldClock();
    graph.handlers = [json(503, ''), json(200, { n: 2 })];
    const t = transport({ clock });
    const controller = new AbortController();
    const sleeping = clock.nextSleep();
    const request = t.json({ method: 'GET', path: '/me/events/1', signal: controller.signal }, N);
    expect(await sleeping).toBe(375);
    controller.abort();
    expect((await failure(request)).kind).toBe('aborted');
    expect(graph.seen).toHaveLength(1);
    expect(t.pausedFor()).toBe(0);
  });

  it.each([
    ['before the headers', (_res: ServerResponse) => undefined],
    [
      'while the body streams',
      (res: ServerResponse) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"value": [');
      },
    ],
  ])('in flight %s: the connection is closed and nothing is retried', async (_when, start) => {
    const answer = held();
    graph.handlers = [answer.handler, json(200, { n: 2 })];
    const t = transport();
    const controller = new AbortController();
    const request = t.json({ method: 'GET', path: '/me/events', signal: controller.signal }, Any);
    start(await answer.arrived);
    controller.abort();
    const error = await failure(request);
    expect(error.kind).toBe('aborted');
    expect(error.message).toContain('cancelled');
    // The server sees its connection close with its answer unfinished.
    expect(await answer.closed).toBe(false);
    expect(graph.seen).toHaveLength(1);
  });

  it('a signal that fires after the answer changes nothing', async () => {
    graph.handlers = [json(200, { n: 1 }), json(200, { n: 2 })];
    const t = transport({ maxInFlight: 1 });
    const controller = new AbortController();
    const value = await t.json(
      { method: 'GET', path: '/me/events/1', signal: controller.signal },
      N,
    );
    controller.abort();
    expect(value).toEqual({ n: 1 });
    // The slot was given back once: the next request goes out at once.
    expect(await t.json({ method: 'GET', path: '/me/events/2' }, N)).toEqual({ n: 2 });
    expect(graph.seen).toHaveLength(2);
  });

  it('a signal that has already fired sends nothing', async () => {
    const error = await failure(
      transport().json({ method: 'GET', path: '/me', signal: AbortSignal.abort() }, Any),
    );
    expect(error.kind).toBe('aborted');
    expect(graph.seen).toHaveLength(0);
  });
});

describe('Graph transport: a cancelled $batch', () => {
  it('keeps the answers already in and aborts the envelope in flight and the ones after it', async () => {
    const requests: GraphRequest[] = Array.from({ length: 45 }, (_, i) => ({
      method: 'GET',
      path: `/me/events/e${i}`,
    }));
    const controller = new AbortController();
    const second = held();
    graph.handlers = [
      (_req, res, body) => {
        const ids = (JSON.parse(body) as { requests: { id: string }[] }).requests.map((r) => r.id);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ responses: ids.map((id) => ({ id, status: 200, body: { n: 1 } })) }),
        );
      },
      second.handler,
    ];
    const results = transport().batch(requests, N, { signal: controller.signal });
    await second.arrived;
    controller.abort();
    const settled = await results;
    expect(settled.slice(0, 20).every((r) => r.ok)).toBe(true);
    expect(settled.slice(20).map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual(
      Array.from({ length: 25 }, () => 'aborted'),
    );
    expect(await second.closed).toBe(false);
    // The third envelope was never sent.
    expect(graph.seen).toHaveLength(2);
  });
});

describe('Graph transport: a $batch request with its own signal', () => {
  it('is aborted and left out of the envelope when its signal fired before sending', async () => {
    graph.handlers = [
      (_req, res, body) => {
        const ids = (JSON.parse(body) as { requests: { id: string }[] }).requests.map((r) => r.id);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ responses: ids.map((id) => ({ id, status: 200, body: { n: 1 } })) }),
        );
      },
    ];
    const results = await transport().batch(
      [
        { method: 'GET', path: '/me/events/a' },
        { method: 'GET', path: '/me/events/b', signal: AbortSignal.abort() },
        { method: 'GET', path: '/me/events/c' },
      ],
      N,
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual(['ok', 'aborted', 'ok']);
    const sent = (JSON.parse(graph.seen[0]?.body ?? '') as { requests: { url: string }[] })
      .requests;
    expect(sent.map((r) => r.url)).toEqual(['/me/events/a', '/me/events/c']);
  });
});

describe('Graph transport: creates are not resent blindly', () => {
  it("a create whose connection drops after sending fails once with 'network': one request", async () => {
    graph.handlers = [drop, json(201, { id: 'M1' })];
    const error = await failure(
      transport().json(buildSaveConversationRequest('F1', conversation, { asDraft: false }), Any),
    );
    expect(error.kind).toBe('network');
    expect(graph.seen).toHaveLength(1);
    expect(graph.seen[0]?.url).toBe('/v1.0/me/mailFolders/F1/messages');
  });

  it("a create whose answer does not come in time fails once with 'timeout': one request", async () => {
    const answer = held();
    graph.handlers = [answer.handler, json(201, { id: 'F1' })];
    const error = await failure(
      transport({ timeoutMs: 300 }).json(buildCreateConversationFolderRequest(), Any),
    );
    expect(error.kind).toBe('timeout');
    expect(graph.seen).toHaveLength(1);
  });

  it('a create refused with 429 and Retry-After is sent again once, after the wait', async () => {
    const clock = new FakeClock();
    graph.handlers = [
      json(429, THROTTLED, { 'Retry-After': '2' }),
      json(201, { id: 'M1', isDraft: false }),
    ];
    const created = await transport({ clock }).json(
      buildSaveConversationRequest('F1', conversation, { asDraft: false }),
      z.object({ id: z.string() }),
    );
    expect(created.id).toBe('M1');
    expect(clock.sleeps).toEqual([2000]);
    expect(graph.seen.map((s) => s.method)).toEqual(['POST', 'POST']);
    expect(graph.seen[0]?.body).toBe(graph.seen[1]?.body);
  });

  it('a create whose connection is refused (nothing sent) is tried again', async () => {
    const port = await freePort();
    const attempts: (string | undefined)[] = [];
    const t = transport({
      baseUrl: `https://127.0.0.1:${port}/v1.0`,
      maxAttempts: 3,
      onAttempt: (event) => attempts.push(event.error?.kind),
    });
    const error = await failure(t.json(buildCreateConversationFolderRequest(), Any));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
    expect(attempts).toEqual(['network', 'network', 'network']);
  });

  it('a create in a $batch: its dropped envelope is not resent, one with only reads is', async () => {
    graph.handlers = [drop, drop, json(200, { responses: [{ id: '1', status: 200, body: {} }] })];
    const t = transport();
    const error = await failure(
      t.batch([buildCreateConversationFolderRequest(), { method: 'GET', path: '/me' }], Any),
    );
    expect(error.kind).toBe('network');
    expect(graph.seen).toHaveLength(1);
    const reads = await t.batch([{ method: 'GET', path: '/me' }], Any);
    expect(reads.map((r) => r.ok)).toEqual([true]);
    expect(graph.seen).toHaveLength(3);
  });
});
