/**
 * Cancellation through the Graph backend against the simulator's Graph face over real sockets:
 * the simulator holds a request (its delay fault, 10 s) and the test sees it leave the client
 * (undici's `undici:client:sendHeaders` diagnostics channel). A cancelled refresh (the caller's
 * signal), a sign-out (close) and an account switch (the old backend closed, a new one opened)
 * each end that request at once, as a 'transport' MailboxError whose cause is Graph's 'aborted',
 * long before the simulator would have answered; the connection pool is left with nothing
 * running (close() does not wait for the held request), and the caller's long-lived signal keeps
 * no listener of the calls it covered.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { GraphError } from '../../../src-main/graph/errors.js';
import { MailboxError } from '../../../src-main/mailbox/errors.js';
import { ALEX, NESTOR } from '../sim/graph/support.js';
import { useGraphSimBackends } from './graph-sim-backends.js';

/** The simulator's hold on a faulted request: far longer than any cancel may take. */
const HELD_MS = 10_000;
/** How long a cancel may take to end the request (the brief's ~100 ms, with room for a busy CI). */
const CANCEL_BOUND_MS = 1000;

const suite = useGraphSimBackends();
const { graphBackend } = suite;

interface UndiciRequest {
  origin?: unknown;
  method?: unknown;
  path?: unknown;
}

/**
 * Resolves when a request whose path contains `part` has left the client (its headers are on
 * the socket), with that request; `errored` tells whether undici then ended it with an error.
 */
function whenSent(part: string): {
  sent: Promise<UndiciRequest>;
  errored: (request: UndiciRequest) => boolean;
  stop: () => void;
} {
  let resolveSent: (request: UndiciRequest) => void = () => undefined;
  const sent = new Promise<UndiciRequest>((resolve) => (resolveSent = resolve));
  const failed = new Set<UndiciRequest>();
  const onSend = (message: unknown): void => {
    const request = (message as { request: UndiciRequest }).request;
    if (typeof request.path === 'string' && request.path.includes(part)) resolveSent(request);
  };
  const onError = (message: unknown): void => {
    failed.add((message as { request: UndiciRequest }).request);
  };
  subscribe('undici:client:sendHeaders', onSend);
  subscribe('undici:request:error', onError);
  return {
    sent,
    errored: (request) => failed.has(request),
    stop: () => {
      unsubscribe('undici:client:sendHeaders', onSend);
      unsubscribe('undici:request:error', onError);
    },
  };
}

async function settled(promise: Promise<unknown>): Promise<{ error: unknown; atMs: number }> {
  try {
    await promise;
    return { error: undefined, atMs: performance.now() };
  } catch (error) {
    return { error, atMs: performance.now() };
  }
}

function expectAborted(error: unknown): void {
  expect(error).toBeInstanceOf(MailboxError);
  const mailboxError = error as MailboxError;
  expect(mailboxError.kind).toBe('transport');
  expect(mailboxError.cause).toBeInstanceOf(GraphError);
  expect((mailboxError.cause as GraphError).kind).toBe('aborted');
}

const LA_DAY = { start: new Date('2025-06-10T07:00:00Z'), end: new Date('2025-06-11T07:00:00Z') };

describe('Graph backend: cancellation', () => {
  it('a cancelled refresh aborts the calendar read in flight at once, and the backend goes on', async () => {
    await suite.admin.inject({
      face: 'graph',
      operation: 'calendarView',
      kind: 'delay',
      delayMs: HELD_MS,
    });
    const backend = graphBackend(ALEX);
    const watch = whenSent('calendarView');
    const refresh = new AbortController();
    try {
      const reading = settled(backend.getCalendar(LA_DAY, refresh.signal));
      const request = await watch.sent;
      const cancelledAt = performance.now();
      refresh.abort();
      const { error, atMs } = await reading;
      expectAborted(error);
      expect(atMs - cancelledAt).toBeLessThan(CANCEL_BOUND_MS);
      expect(watch.errored(request)).toBe(true);
    } finally {
      watch.stop();
    }
    // The refresh's signal keeps nothing of the call it covered.
    expect(getEventListeners(refresh.signal, 'abort')).toHaveLength(0);
    // The same backend answers the next refresh (the fault was taken once).
    const calendar = await backend.getCalendar(LA_DAY);
    expect(calendar.items.length).toBeGreaterThan(0);
  });

  it('a signal that already fired sends nothing', async () => {
    const backend = graphBackend(ALEX);
    const before = (await suite.admin.requestsFor('Graph GET /me/mailFolders/inbox/messages'))
      .length;
    const error = (await settled(backend.listVoicemail({}, AbortSignal.abort()))).error;
    expectAborted(error);
    const after = (await suite.admin.requestsFor('Graph GET /me/mailFolders/inbox/messages'))
      .length;
    expect(after).toBe(before);
  });

  it('sign-out (close) aborts what the session has in flight and does not wait for it', async () => {
    await suite.admin.inject({
      face: 'graph',
      operation: 'messages',
      kind: 'delay',
      delayMs: HELD_MS,
    });
    const backend = graphBackend(ALEX);
    const watch = whenSent('messages');
    const session = new AbortController(); // a caller's signal that never fires
    try {
      const listing = settled(backend.listVoicemail({}, session.signal));
      const request = await watch.sent;
      const closedAt = performance.now();
      await backend.close();
      const closeTook = performance.now() - closedAt;
      const { error, atMs } = await listing;
      expectAborted(error);
      expect(atMs - closedAt).toBeLessThan(CANCEL_BOUND_MS);
      // close() ends the connection pool; a request still running would hold it for 10 s.
      expect(closeTook).toBeLessThan(CANCEL_BOUND_MS);
      expect(watch.errored(request)).toBe(true);
    } finally {
      watch.stop();
    }
    expect(getEventListeners(session.signal, 'abort')).toHaveLength(0);
    // A closed backend refuses further calls in the neutral words.
    const after = (await settled(backend.getOofSettings())).error;
    expect(after).toBeInstanceOf(MailboxError);
    expect((after as MailboxError).kind).toBe('transport');
  });

  it("an account switch cancels the old account's reads and the new account's answer", async () => {
    await suite.admin.inject({
      face: 'graph',
      operation: 'getSchedule',
      kind: 'delay',
      delayMs: HELD_MS,
      mailbox: ALEX,
    });
    const old = graphBackend(ALEX);
    const watch = whenSent('getSchedule');
    try {
      const reading = settled(old.getAvailability({ ...LA_DAY, timeZone: 'America/Los_Angeles' }));
      await watch.sent;
      const switchedAt = performance.now();
      // The switch: the old connection closed, the new account's opened and read.
      await old.close();
      const next = graphBackend(NESTOR);
      const [mine] = await next.getAvailability({
        ...LA_DAY,
        timeZone: 'America/Los_Angeles',
      });
      const switchTook = performance.now() - switchedAt;
      const { error } = await reading;
      expectAborted(error);
      expect([mine?.mailbox, mine?.ok]).toEqual([NESTOR, true]);
      expect(switchTook).toBeLessThan(HELD_MS / 2);
    } finally {
      watch.stop();
    }
  });
});
