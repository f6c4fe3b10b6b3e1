/**
 * Exchange Online's notification limits and the notification fault kinds of the admin API, over
 * real sockets: too many subscriptions or streaming connections, a stream cut mid-envelope, a
 * stalled stream, a lost subscription, and the affinity cookie check.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestLogEntry, RunningSimulator } from '../../../src-main/sim/index.js';
import { admin, ALEX, messagesOf, only, reset, startTestSimulator, textAt } from './support.js';
import {
  eventsIn,
  getEventsBody,
  openStream,
  post,
  subscribe,
  subscribeBody,
  type OpenStream,
} from './stream-client.js';

let sim: RunningSimulator;
const open: OpenStream[] = [];

beforeAll(async () => {
  sim = await startTestSimulator({ notifications: { heartbeatMs: 100, minuteMs: 60_000 } });
});
afterAll(async () => {
  for (const s of open.splice(0)) s.close();
  await sim.close();
});
beforeEach(async () => {
  for (const s of open.splice(0)) s.close();
  await reset(sim, 'demo');
});

async function stream(ids: string[], options: { cookie?: string } = {}): Promise<OpenStream> {
  const s = await openStream(sim, ids, 30, options);
  open.push(s);
  return s;
}

async function inject(kind: string, operation = 'GetStreamingEvents'): Promise<void> {
  const result = await admin(sim, 'POST', '/faults', { operation, kind });
  expect(result.status).toBe(201);
}

async function addMeeting(): Promise<string> {
  const result = await admin<{ id: string }>(sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
    subject: 'Planning',
    start: '2025-06-11T16:00:00Z',
    end: '2025-06-11T17:00:00Z',
  });
  return result.json.id;
}

describe("Exchange Online's limits", () => {
  it('20 subscriptions per account; the 21st is ErrorExceededSubscriptionCount until one goes', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await subscribe(sim, 'streaming', ['calendar'])).id);
    const refused = await post(sim, subscribeBody('streaming', ['calendar']));
    const message = only(messagesOf(refused, 'SubscribeResponse'));
    expect(textAt(message, 'ResponseCode')).toBe('ErrorExceededSubscriptionCount');
    await post(
      sim,
      `<m:Unsubscribe><m:SubscriptionId>${ids[0] ?? ''}</m:SubscriptionId></m:Unsubscribe>`,
    );
    expect((await subscribe(sim, 'streaming', ['calendar'])).id).not.toBe('');
  });

  it('10 open streaming connections per account; the 11th is ErrorExceededConnectionCount', async () => {
    const subs = [];
    for (let i = 0; i < 11; i += 1) subs.push(await subscribe(sim, 'streaming', ['calendar']));
    const streams = [];
    for (const s of subs.slice(0, 10)) {
      const live = await stream([s.id]);
      await live.waitFor(() => true);
      streams.push(live);
    }
    const eleventh = await stream([subs[10]?.id ?? '']);
    expect(await eleventh.ended).toBe('end');
    expect(eleventh.envelopes.map((e) => e.code)).toEqual(['ErrorExceededConnectionCount']);
    streams[0]?.close();
    await sleep(100);
    const retry = await stream([subs[10]?.id ?? '']);
    expect((await retry.waitFor(() => true)).status).toBe('OK');
  });
});

describe('notification faults', () => {
  it('stream-cut: the stream breaks halfway through an envelope; its events come on the next connection', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    const meeting = await addMeeting();
    await inject('stream-cut');
    const cut = await stream([s.id]);
    expect(await cut.ended).toBe('aborted');
    expect(cut.envelopes.map((e) => e.status)).toEqual(['OK']);
    expect(cut.rest()).toContain('GetStreamingEventsResponse');
    expect(cut.rest()).not.toMatch(/<\/s:Envelope>/);
    const log = (await admin<RequestLogEntry[]>(sim, 'GET', '/requests')).json;
    expect(log.find((e) => e.operation === 'GetStreamingEvents')?.fault).toBe('stream-cut');

    const next = await stream([s.id]);
    const batch = await next.waitFor((e) => e.notifications.length > 0);
    expect(eventsIn(batch).find((e) => e.type === 'CreatedEvent')?.itemId).toBe(meeting);
  });

  it('stream-stall: the stream stays open and silent, no heartbeats; events wait for the next connection', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    await inject('stream-stall');
    const stalled = await stream([s.id]);
    await stalled.waitFor(() => true);
    const meeting = await addMeeting();
    await sleep(500); // five heartbeat intervals
    expect(stalled.envelopes.map((e) => e.status)).toEqual(['OK']);
    stalled.close();
    const next = await stream([s.id]);
    const batch = await next.waitFor((e) => e.notifications.length > 0);
    expect(eventsIn(batch).find((e) => e.type === 'CreatedEvent')?.itemId).toBe(meeting);
    // A healthy stream does get heartbeats on the same settings.
    await sleep(350);
    expect(next.envelopes.filter((e) => e.status === 'OK').length).toBeGreaterThanOrEqual(3);
  });

  it('subscription-lost: GetStreamingEvents then finds the subscription gone, for good', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    await inject('subscription-lost');
    const lost = await stream([s.id]);
    expect(await lost.ended).toBe('end');
    expect(lost.envelopes.map((e) => [e.responseClass, e.code])).toEqual([
      ['Error', 'ErrorSubscriptionNotFound'],
    ]);
    const again = await stream([s.id]);
    expect(await again.ended).toBe('end');
    expect(again.envelopes.map((e) => e.code)).toEqual(['ErrorSubscriptionNotFound']);
  });

  it('subscription-lost: GetEvents finds the pull subscription gone', async () => {
    const s = await subscribe(sim, 'pull', ['calendar'], { timeout: 10 });
    await inject('subscription-lost', 'GetEvents');
    const result = await post(sim, getEventsBody(s.id, s.watermark ?? ''));
    expect(textAt(only(messagesOf(result, 'GetEventsResponse')), 'ResponseCode')).toBe(
      'ErrorSubscriptionNotFound',
    );
  });
});

describe('affinity cookie check', () => {
  let strict: RunningSimulator;
  beforeAll(async () => {
    strict = await startTestSimulator({ notifications: { requireAffinityCookie: true } });
  });
  afterAll(async () => {
    await strict.close();
  });

  it('a subscription made with affinity is found only when its X-BackEndOverrideCookie comes back', async () => {
    const s = await subscribe(strict, 'streaming', ['calendar'], { affinity: true });
    expect(s.cookie).toBeDefined();
    const without = await openStream(strict, [s.id], 1);
    expect(await without.ended).toBe('end');
    expect(without.envelopes.map((e) => e.code)).toEqual(['ErrorSubscriptionNotFound']);
    const withCookie = await openStream(strict, [s.id], 1, { cookie: s.cookie ?? '' });
    expect((await withCookie.waitFor(() => true)).status).toBe('OK');
    withCookie.close();
  });
});
