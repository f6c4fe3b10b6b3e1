/**
 * The Graph transport against a scripted HTTPS server over real sockets: the token on every
 * request and one forced refresh on a 401, Retry-After held for every request to the mailbox,
 * jittered back-off for transient failures, the deadline, the size cap, the in-flight limit,
 * Graph's error bodies (Microsoft's documented ones) decoded into typed errors, and links
 * followed only on the service's own origin. Waits run on a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GraphError } from '../../../src-main/graph/errors.js';
import {
  GraphTransport,
  type GraphAttemptEvent,
} from '../../../src-main/graph/transport/graph-transport.js';
import { createGraphDispatcher } from '../../../src-main/graph/transport/http.js';
import { FakeClock } from '../../support/fake-clock.js';
import { corpusText, failure, type Handler, json, useScriptedGraph } from './scripted-graph.js';

const { graph, transport } = useScriptedGraph();

const Any = z.unknown();
const Subject = z.object({ subject: z.string() });
const THROTTLED = corpusText('errors/throttling-429.response.json');

describe('Graph transport: requests', () => {
  it('sends the bearer token, Accept, a client-request-id and the query with %20 for spaces', async () => {
    graph.handlers = [json(200, { subject: 'Design review' })];
    const value = await transport().json(
      {
        method: 'GET',
        path: '/me/events/AAMk=',
        query: { $select: 'subject,start', $filter: "subject eq 'a b'" },
        headers: { Prefer: 'outlook.timezone="UTC"', Authorization: 'Bearer stolen' },
      },
      Subject,
    );
    expect(value).toEqual({ subject: 'Design review' });
    const [seen] = graph.seen;
    expect(seen?.url).toBe(
      '/v1.0/me/events/AAMk=?$select=subject%2Cstart&$filter=subject%20eq%20%27a%20b%27',
    );
    expect(seen?.headers.authorization).toBe('Bearer token-1');
    expect(seen?.headers.accept).toBe('application/json');
    expect(seen?.headers.prefer).toBe('outlook.timezone="UTC"');
    expect(seen?.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a JSON body with its content type, and a 204 parses undefined', async () => {
    graph.handlers = [
      (_req, res) => {
        res.writeHead(204);
        res.end();
      },
    ];
    await expect(
      transport().json(
        { method: 'PATCH', path: '/me/mailboxSettings', body: { timeZone: 'UTC' } },
        z.undefined(),
      ),
    ).resolves.toBeUndefined();
    expect(graph.seen[0]?.method).toBe('PATCH');
    expect(graph.seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(graph.seen[0]?.body ?? '')).toEqual({ timeZone: 'UTC' });
  });

  it('bytes() returns the answer as it came, with its content type', async () => {
    const audio = Buffer.from([0x49, 0x44, 0x33, 0, 1, 2, 255]);
    graph.handlers = [
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'audio/mpeg' });
        res.end(audio);
      },
    ];
    const answer = await transport().bytes({
      method: 'GET',
      path: '/me/messages/m1/attachments/a1/$value',
    });
    expect(answer.contentType).toBe('audio/mpeg');
    expect(Buffer.from(answer.body)).toEqual(audio);
    expect(graph.seen[0]?.url).toBe('/v1.0/me/messages/m1/attachments/a1/$value');
  });

  it('follows an absolute nextLink on the service origin verbatim', async () => {
    const link = `${graph.baseUrl}/me/calendarView/delta?$skiptoken=R0usmci39OQxqJrxK4`;
    graph.handlers = [json(200, { value: [] })];
    await transport().json({ method: 'GET', path: link }, Any);
    expect(graph.seen.map((s) => s.url)).toEqual([
      '/v1.0/me/calendarView/delta?$skiptoken=R0usmci39OQxqJrxK4',
    ]);
  });

  it("refuses a link on another origin with 'foreign-url' and sends nothing", async () => {
    const error = await failure(
      transport().json(
        { method: 'GET', path: 'https://graph.example.net/v1.0/me/events?$skiptoken=x' },
        Any,
      ),
    );
    expect(error.kind).toBe('foreign-url');
    expect(error.message).toContain('https://graph.example.net');
    expect(graph.seen).toHaveLength(0);
  });

  it('refuses a plain-http service root that is not loopback', () => {
    expect(
      () =>
        new GraphTransport({
          baseUrl: 'http://graph.microsoft.com/v1.0',
          tokenProvider: () => Promise.resolve('t'),
        }),
    ).toThrow(GraphError);
  });

  it("without the test CA the certificate is refused: 'tls', not retried, nothing handled", async () => {
    const t = transport({ extraCa: undefined });
    const error = await failure(t.json({ method: 'GET', path: '/me' }, Any));
    expect(error.kind).toBe('tls');
    expect(error.retryable).toBe(false);
    expect(graph.seen).toHaveLength(0);
  });
});

describe('Graph transport: sign-in', () => {
  it('on a 401 asks for a forced refresh once and retries with the new token', async () => {
    const asked: boolean[] = [];
    const tokens = ['old-token', 'new-token'];
    graph.handlers = [
      json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Token expired' } }),
      json(200, { subject: 'after refresh' }),
    ];
    const value = await transport({
      tokenProvider: ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return Promise.resolve(tokens[asked.length - 1] ?? 'none');
      },
    }).json({ method: 'GET', path: '/me/events/1' }, Subject);
    expect(value.subject).toBe('after refresh');
    expect(asked).toEqual([false, true]);
    expect(graph.seen.map((s) => s.headers.authorization)).toEqual([
      'Bearer old-token',
      'Bearer new-token',
    ]);
  });

  it("a second 401 is an 'auth' error with Graph's code; two requests, no more refreshes", async () => {
    const asked: boolean[] = [];
    const refused = json(401, {
      error: {
        code: 'InvalidAuthenticationToken',
        message: 'Access token validation failure.',
        innerError: { 'request-id': 'r-401', date: '2026-12-03T18:00:00' },
      },
    });
    graph.handlers = [refused, refused, refused];
    const error = await failure(
      transport({
        tokenProvider: ({ forceRefresh }) => {
          asked.push(forceRefresh);
          return Promise.resolve('t');
        },
      }).json({ method: 'GET', path: '/me' }, Any),
    );
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.code).toBe('InvalidAuthenticationToken');
    expect(error.requestId).toBe('r-401');
    expect(error.message).not.toContain('Bearer');
    expect(asked).toEqual([false, true]);
    expect(graph.seen).toHaveLength(2);
  });

  it("a 403 is 'forbidden' at once: no refresh, no retry", async () => {
    const asked: boolean[] = [];
    graph.handlers = [
      json(403, { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } }),
    ];
    const error = await failure(
      transport({
        tokenProvider: ({ forceRefresh }) => {
          asked.push(forceRefresh);
          return Promise.resolve('t');
        },
      }).json({ method: 'GET', path: '/users/megan@beacon.test/mailboxSettings' }, Any),
    );
    expect(error.kind).toBe('forbidden');
    expect(error.code).toBe('ErrorAccessDenied');
    expect(error.graphMessage).toBe('Access is denied.');
    expect(asked).toEqual([false]);
    expect(graph.seen).toHaveLength(1);
  });

  it("the token provider's own failure reaches the caller unchanged and nothing is sent", async () => {
    class SignInExpired extends Error {}
    const t = transport({
      tokenProvider: () => Promise.reject(new SignInExpired('sign in again')),
    });
    await expect(t.json({ method: 'GET', path: '/me' }, Any)).rejects.toBeInstanceOf(SignInExpired);
    expect(graph.seen).toHaveLength(0);
  });
});

describe('Graph transport: throttling and transient failures', () => {
  it("waits a 429's fractional Retry-After (Microsoft's example) and then succeeds", async () => {
    const clock = new FakeClock();
    graph.handlers = [
      json(429, THROTTLED, { 'Retry-After': '2.128' }),
      json(200, { subject: 'after the pause' }),
    ];
    const value = await transport({ clock }).json({ method: 'GET', path: '/me/events/1' }, Subject);
    expect(value.subject).toBe('after the pause');
    expect(graph.seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([2128]);
  });

  it('a 429 holds every later request to the mailbox until its Retry-After has passed', async () => {
    const clock = new FakeClock();
    const t = transport({ clock, maxAttempts: 1 });
    graph.handlers = [json(429, THROTTLED, { 'Retry-After': '30' })];
    const error = await failure(t.json({ method: 'GET', path: '/me/calendarView' }, Any));
    expect(error.kind).toBe('throttled');
    expect(error.code).toBe('TooManyRequests');
    expect(error.graphMessage).toBe('Please retry again later.');
    expect(error.requestId).toBe('94fb3b52-452a-4535-a601-69e0a90e3aa2');
    expect(error.date).toBe('2020-08-18T12:51:51');
    expect(error.retryAfterMs).toBe(30_000);
    expect(t.pausedFor()).toBe(30_000);
    // Another request (another operation) waits out the same pause before it is sent.
    await t.json({ method: 'GET', path: '/me/mailboxSettings' }, Any);
    expect(clock.sleeps).toEqual([30_000]);
    expect(graph.seen.map((s) => s.url)).toEqual([
      '/v1.0/me/calendarView',
      '/v1.0/me/mailboxSettings',
    ]);
  });

  it("a pause longer than maxPauseWaitMs fails at once, and later requests fail 'throttled' unsent", async () => {
    const clock = new FakeClock();
    const t = transport({ clock, maxPauseWaitMs: 60_000 });
    graph.handlers = [json(503, '', { 'Retry-After': '300' })];
    const first = await failure(t.json({ method: 'GET', path: '/me' }, Any));
    expect(first.kind).toBe('server');
    expect(first.status).toBe(503);
    expect(first.retryAfterMs).toBe(300_000);
    const second = await failure(t.json({ method: 'GET', path: '/me' }, Any));
    expect(second.kind).toBe('throttled');
    expect(second.retryAfterMs).toBe(300_000);
    expect(graph.seen).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('a Retry-After beyond 15 minutes is not honoured: our own back-off applies', async () => {
    const clock = new FakeClock();
    graph.handlers = [json(429, THROTTLED, { 'Retry-After': '86400' }), json(200, {})];
    await transport({ clock }).json({ method: 'GET', path: '/me' }, Any);
    expect(clock.sleeps).toEqual([375]);
    expect(graph.seen).toHaveLength(2);
  });

  it('503 and 502 without Retry-After back off with jitter (0.5 s doubling), then succeed', async () => {
    const clock = new FakeClock();
    graph.handlers = [json(503, ''), json(502, ''), json(504, ''), json(200, { subject: 'up' })];
    const value = await transport({ clock }).json({ method: 'GET', path: '/me/events/1' }, Subject);
    expect(value.subject).toBe('up');
    // random() = 0.5: half of each window fixed, a quarter from the jitter.
    expect(clock.sleeps).toEqual([375, 750, 1500]);
    expect(graph.seen).toHaveLength(4);
  });

  it("gives up after maxAttempts: the last 'server' error, four requests in all", async () => {
    const clock = new FakeClock();
    const events: GraphAttemptEvent[] = [];
    graph.handlers = [json(503, ''), json(503, ''), json(503, ''), json(503, ''), json(200, {})];
    const error = await failure(
      transport({ clock, onAttempt: (e) => events.push(e) }).json(
        { method: 'GET', path: '/me' },
        Any,
      ),
    );
    expect(error.kind).toBe('server');
    expect(error.retryable).toBe(true);
    expect(graph.seen).toHaveLength(4);
    expect(
      JSON.stringify(events.map(({ error: e, ...rest }) => ({ ...rest, e: e?.message }))),
    ).not.toContain('token-1');
    expect(events.map((e) => [e.attempt, e.status, e.retryInMs])).toEqual([
      [1, 503, 375],
      [2, 503, 750],
      [3, 503, 1500],
      [4, 503, undefined],
    ]);
  });

  it('a 500 is not retried (it may have been done)', async () => {
    graph.handlers = [json(500, { error: { code: 'generalException', message: 'x' } })];
    const error = await failure(
      transport().json({ method: 'POST', path: '/me/events', body: {} }, Any),
    );
    expect(error.kind).toBe('server');
    expect(error.code).toBe('generalException');
    expect(graph.seen).toHaveLength(1);
  });

  it("a dropped connection is retried; when it keeps dropping, 'network' after maxAttempts", async () => {
    const clock = new FakeClock();
    const drop = (): ((req: { socket: { destroy(): void } }) => void) => (req) => {
      req.socket.destroy();
    };
    graph.handlers = [drop(), json(200, { subject: 'reconnected' })];
    const t = transport({ clock, maxAttempts: 3 });
    expect((await t.json({ method: 'GET', path: '/me/events/1' }, Subject)).subject).toBe(
      'reconnected',
    );
    expect(graph.seen).toHaveLength(2);
    graph.reset();
    graph.handlers = [drop(), drop(), drop(), json(200, {})];
    const error = await failure(t.json({ method: 'GET', path: '/me' }, Any));
    expect(error.kind).toBe('network');
    expect(graph.seen).toHaveLength(3);
  });
});

describe('Graph transport: deadline and size cap', () => {
  it("a body that stalls past the deadline is 'timeout'", async () => {
    graph.handlers = [
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"value": [');
      },
    ];
    const error = await failure(
      transport({ timeoutMs: 300, maxAttempts: 1 }).json(
        { method: 'GET', path: '/me/events' },
        Any,
      ),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('300 ms');
    expect(graph.seen).toHaveLength(1);
  });

  it("a streamed body over the cap is abandoned: 'too-large', not retried", async () => {
    let written = 0;
    graph.handlers = [
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        const pump = (): void => {
          while (written < 64 * 1024 * 1024 && !res.destroyed) {
            written += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        pump();
      },
    ];
    const error = await failure(
      transport({ maxResponseBytes: 64 * 1024 }).json({ method: 'GET', path: '/me/events' }, Any),
    );
    expect(error.kind).toBe('too-large');
    expect(error.retryable).toBe(false);
    expect(graph.seen).toHaveLength(1);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it("a declared Content-Length over the cap is refused before reading: 'too-large'", async () => {
    graph.handlers = [
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '10485760' });
        res.write('{');
      },
    ];
    const error = await failure(
      transport({ maxResponseBytes: 1024 }).json({ method: 'GET', path: '/me' }, Any),
    );
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('10485760');
  });
});

describe('Graph transport: answers that are not what was asked', () => {
  it("a 200 that is not JSON is 'malformed' with the answer's request-id", async () => {
    graph.handlers = [json(200, '{"value": [ {"id": "1"', { 'request-id': 'r-bad-json' })];
    const error = await failure(transport().json({ method: 'GET', path: '/me/events' }, Any));
    expect(error.kind).toBe('malformed');
    expect(error.status).toBe(200);
    expect(error.requestId).toBe('r-bad-json');
    expect(graph.seen).toHaveLength(1);
  });

  it("a 200 of the wrong shape is 'malformed' naming where", async () => {
    graph.handlers = [json(200, { subject: 42 })];
    const error = await failure(transport().json({ method: 'GET', path: '/me/events/1' }, Subject));
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('/subject');
  });

  it("Microsoft's documented error body decodes to its code, message, request-id and date", async () => {
    graph.handlers = [json(400, corpusText('errors/errors-example.response.json'))];
    const error = await failure(transport().json({ method: 'POST', path: '/me/x' }, Any));
    expect(error.kind).toBe('bad-request');
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalidRange');
    expect(error.graphMessage).toBe('Uploaded fragment overlaps with existing data.');
    expect(error.requestId).toBe('request-id');
    expect(error.date).toBe('date-time');
    expect(error.retryable).toBe(false);
  });

  it.each([
    [404, 'ErrorItemNotFound', 'not-found'],
    [410, 'syncStateNotFound', 'gone'],
    [400, 'resyncRequired', 'gone'],
    [409, 'ErrorIrresolvableConflict', 'bad-request'],
  ])('HTTP %i with %s is %s and not retried', async (status, code, kind) => {
    graph.handlers = [json(status, { error: { code, message: 'm' } }), json(200, {})];
    const error = await failure(transport().json({ method: 'GET', path: '/me/events/delta' }, Any));
    expect([error.kind, error.status, error.code]).toEqual([kind, status, code]);
    expect(graph.seen).toHaveLength(1);
  });

  it('an error answer that is not Graph JSON still has its kind and the request-id header', async () => {
    graph.handlers = [
      (_req, res) => {
        res.writeHead(404, { 'Content-Type': 'text/html', 'request-id': 'r-html' });
        res.end('<html>Not here</html>');
      },
    ];
    const error = await failure(transport().json({ method: 'GET', path: '/me/x' }, Any));
    expect([error.kind, error.code, error.requestId]).toEqual(['not-found', undefined, 'r-html']);
  });
});

describe('Graph transport: requests in flight', () => {
  it('never has more than maxInFlight requests at the server; the rest queue and all succeed', async () => {
    const held: (() => void)[] = [];
    let arrived = 0;
    let quiet: NodeJS.Timeout | undefined;
    const hold: Handler = (_req, res) => {
      arrived++;
      const n = arrived;
      held.push(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`{"n":${n}}`);
      });
      // Every request is held until no other has come for 200 ms: whatever the client sends at
      // once is at the server at once.
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        for (const answer of held.splice(0)) answer();
      }, 200);
    };
    graph.handlers = Array.from({ length: 10 }, () => hold);
    // A pool of ten connections: only the gate keeps the requests to two.
    const pool = createGraphDispatcher({ extraCa: graph.caPem, connections: 10 });
    const t = transport({ maxInFlight: 2, dispatcher: pool });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.json({ method: 'GET', path: `/me/events/${i}` }, z.object({ n: z.number() })),
      ),
    );
    expect(answers).toHaveLength(10);
    expect(graph.maxInFlight()).toBe(2);
    expect(graph.seen.map((s) => s.url).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `/v1.0/me/events/${i}`).sort(),
    );
    await pool.close();
  });
});
