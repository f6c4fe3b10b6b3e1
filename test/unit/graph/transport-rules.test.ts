/**
 * The Graph transport's pure decisions: the back-off step, the URL a request goes to (and the
 * links refused), the error kind of an answer, Graph's error body, the $batch split and envelope,
 * and the mailbox gate's admission rules on a fake clock. Retry-After is read by the neutral rule
 * EWS shares (test/unit/mailbox/retry-after.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GraphError } from '../../../src-main/graph/errors.js';
import { backoffDelay, nextDelay } from '../../../src-main/graph/transport/backoff.js';
import { batchBody, chunks, decodeInner } from '../../../src-main/graph/transport/batch.js';
import {
  errorDetail,
  errorFromAnswer,
  kindOfStatus,
} from '../../../src-main/graph/transport/error-answer.js';
import { MailboxGate } from '../../../src-main/graph/transport/mailbox-gate.js';
import {
  relativeToRoot,
  requestUrl,
  serviceRoot,
} from '../../../src-main/graph/transport/request-url.js';
import { FakeClock } from '../../support/fake-clock.js';

const NOW = Date.UTC(2026, 11, 3, 18, 0, 0);
const root = serviceRoot('https://graph.microsoft.com/v1.0/');

function thrown(run: () => unknown): GraphError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected a GraphError');
}

describe('back-off', () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 60_000 };

  it('doubles with equal jitter and stops at the cap', () => {
    expect([0, 1, 2].map((n) => backoffDelay(n, policy, () => 0))).toEqual([250, 500, 1000]);
    expect([0, 1, 2].map((n) => backoffDelay(n, policy, () => 1))).toEqual([500, 1000, 2000]);
    expect(backoffDelay(20, policy, () => 1)).toBe(60_000);
  });

  it("takes the server's hint only when it is longer than our step, and never past 15 minutes", () => {
    expect(nextDelay(0, 5000, policy, () => 0.5)).toBe(5000);
    expect(nextDelay(0, 100, policy, () => 0.5)).toBe(375);
    expect(nextDelay(0, 86_400_000, policy, () => 0.5)).toBe(375);
  });
});

describe('request URL', () => {
  it('puts a path below the root with OData options readable and spaces as %20', () => {
    expect(root.href).toBe('https://graph.microsoft.com/v1.0');
    expect(
      requestUrl(root, '/me/events', { $select: 'subject,start', $filter: 'a eq b', $top: '5' }),
    ).toBe(
      'https://graph.microsoft.com/v1.0/me/events?$select=subject%2Cstart&$filter=a%20eq%20b&$top=5',
    );
  });

  it('uses a link on the service origin verbatim, adding any options after it', () => {
    const link = 'https://graph.microsoft.com/v1.0/me/calendarView/delta?$skiptoken=a%2Bb';
    expect(requestUrl(root, link)).toBe(link);
    expect(requestUrl(root, link, { $top: '2' })).toBe(`${link}&$top=2`);
  });

  it.each([
    'https://graph.microsoft.us/v1.0/me',
    'http://graph.microsoft.com/v1.0/me',
    'https://graph.microsoft.com:8443/v1.0/me',
    'https://graph.microsoft.com.evil.example/v1.0/me',
  ])("refuses %s as 'foreign-url'", (link) => {
    expect(thrown(() => requestUrl(root, link)).kind).toBe('foreign-url');
  });

  it("refuses a path that does not start with '/'", () => {
    expect(thrown(() => requestUrl(root, 'me/events')).kind).toBe('foreign-url');
  });

  it('a $batch entry names a link relative to the root; a link outside the root is refused', () => {
    expect(relativeToRoot(root, 'https://graph.microsoft.com/v1.0/me/events?$skip=2')).toBe(
      '/me/events?$skip=2',
    );
    expect(relativeToRoot(root, '/me')).toBe('/me');
    expect(thrown(() => relativeToRoot(root, 'https://graph.microsoft.com/beta/me')).kind).toBe(
      'foreign-url',
    );
  });

  it('a service root is https, or plain http on a loopback address only', () => {
    expect(serviceRoot('http://127.0.0.1:8080/v1.0').href).toBe('http://127.0.0.1:8080/v1.0');
    expect(serviceRoot('http://localhost:1/v1.0').origin).toBe('http://localhost:1');
    expect(() => serviceRoot('http://graph.example.com/v1.0')).toThrow(GraphError);
  });
});

describe('error answers', () => {
  it.each([
    [400, undefined, 'bad-request'],
    [401, undefined, 'auth'],
    [403, undefined, 'forbidden'],
    [404, 'ErrorItemNotFound', 'not-found'],
    [405, undefined, 'bad-request'],
    [410, undefined, 'gone'],
    [400, 'SyncStateNotFound', 'gone'],
    [400, 'syncStateInvalid', 'gone'],
    [429, 'TooManyRequests', 'throttled'],
    [500, undefined, 'server'],
    [503, undefined, 'server'],
  ])('HTTP %i with code %s is %s', (status, code, kind) => {
    expect(kindOfStatus(status, code)).toBe(kind);
  });

  it('only transient failures are retryable', () => {
    const retryable = [429, 500, 502, 503, 504, 400, 404].map(
      (status) => errorFromAnswer({ status, body: '' }).retryable,
    );
    expect(retryable).toEqual([true, false, true, true, true, false, false]);
  });

  it("reads Graph's error body; an empty code is none, a long message is cut, other bodies say nothing", () => {
    expect(
      errorDetail({
        error: { code: '', message: 'x'.repeat(900), innerError: { 'request-id': 'r1' } },
      }),
    ).toEqual({ code: undefined, graphMessage: 'x'.repeat(500), requestId: 'r1', date: undefined });
    expect(errorDetail('<html>proxy</html>')).toEqual({});
    expect(errorDetail(Buffer.from('{"error":{"code":"c"}}'))).toEqual({
      code: 'c',
      graphMessage: undefined,
      requestId: undefined,
      date: undefined,
    });
    expect(errorDetail({ value: [] })).toEqual({});
  });

  it('takes the request-id header when the body has none, and never puts Graph’s words in the message', () => {
    const error = errorFromAnswer({
      status: 403,
      body: { error: { code: 'ErrorAccessDenied', message: '<script>x</script>' } },
      requestIdHeader: 'from-header',
    });
    expect(error.requestId).toBe('from-header');
    expect(error.message).toBe('Graph refused access (HTTP 403 ErrorAccessDenied)');
    expect(error.graphMessage).toBe('<script>x</script>');
  });
});

describe('$batch envelopes', () => {
  it('splits 45 into 20, 20 and 5, and 20 into one', () => {
    const list = Array.from({ length: 45 }, (_, i) => i);
    expect(chunks(list).map((c) => c.length)).toEqual([20, 20, 5]);
    expect(chunks(list.slice(0, 20)).map((c) => c.length)).toEqual([20]);
    expect(chunks([])).toEqual([]);
  });

  it('writes each entry with its id, relative url, headers and JSON body', () => {
    expect(
      batchBody(root, [
        { id: '1', request: { method: 'GET', path: '/me', query: { $select: 'id' } } },
        {
          id: '2',
          request: {
            method: 'POST',
            path: '/me/calendar/getSchedule',
            headers: { Prefer: 'outlook.timezone="UTC"' },
            body: { schedules: ['a@b.c'] },
          },
        },
      ]),
    ).toEqual({
      requests: [
        { id: '1', method: 'GET', url: '/me?$select=id' },
        {
          id: '2',
          method: 'POST',
          url: '/me/calendar/getSchedule',
          headers: { Prefer: 'outlook.timezone="UTC"', 'Content-Type': 'application/json' },
          body: { schedules: ['a@b.c'] },
        },
      ],
    });
  });

  it("reads an inner answer's Retry-After and request-id in any case", () => {
    const result = decodeInner(
      { id: '1', status: 429, headers: { 'retry-after': '3', 'Request-Id': 'inner-1' }, body: {} },
      z.unknown(),
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([result.error.kind, result.error.retryAfterMs, result.error.requestId]).toEqual([
      'throttled',
      3000,
      'inner-1',
    ]);
  });
});

describe('mailbox gate', () => {
  it('a shorter pause never shortens a longer one', () => {
    const clock = new FakeClock(NOW);
    const gate = new MailboxGate(4, clock);
    gate.pause(30_000);
    gate.pause(5_000);
    expect(gate.pausedFor()).toBe(30_000);
    clock.advance(10_000);
    expect(gate.pausedFor()).toBe(20_000);
  });

  it("a pause longer than the caller will wait fails at once as 'throttled' and holds no slot", async () => {
    const clock = new FakeClock(NOW);
    const gate = new MailboxGate(1, clock);
    gate.pause(120_000);
    const error = await gate.acquire(60_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect([(error as GraphError).kind, (error as GraphError).retryAfterMs]).toEqual([
      'throttled',
      120_000,
    ]);
    expect(clock.sleeps).toEqual([]);
    clock.advance(120_000);
    const release = await gate.acquire(60_000);
    release();
  });

  it('queues callers beyond the limit in order and lets one in per release', async () => {
    const gate = new MailboxGate(2, new FakeClock(NOW));
    const order: number[] = [];
    const first = await gate.acquire();
    const second = await gate.acquire();
    const third = gate.acquire().then((release) => {
      order.push(3);
      return release;
    });
    const fourth = gate.acquire().then((release) => {
      order.push(4);
      return release;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    first(); // a second release of the same slot changes nothing
    (await third)();
    expect(order).toEqual([3]);
    second();
    (await fourth)();
    expect(order).toEqual([3, 4]);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new MailboxGate(0, new FakeClock(NOW))).toThrow(RangeError);
  });
});
