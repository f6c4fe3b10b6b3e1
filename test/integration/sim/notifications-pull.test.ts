/**
 * Pull notifications from the simulator over real sockets: Subscribe with a watermark, GetEvents
 * (StatusEvent when nothing happened, events with watermarks, MoreEvents), Unsubscribe, and
 * expiry of pull and streaming subscriptions on the simulator's clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isObject } from '../../../src-main/ews/xml/parse.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import {
  admin,
  ALEX,
  at,
  child,
  messagesOf,
  NESTOR,
  NOW,
  only,
  reset,
  startTestSimulator,
  textAt,
} from './support.js';
import { eventsOf, getEventsBody, openStream, post, subscribe } from './stream-client.js';

let sim: RunningSimulator;
let clock = NOW.getTime();

beforeAll(async () => {
  sim = await startTestSimulator({
    now: () => new Date(clock),
    notifications: { maxEventsPerGet: 3, heartbeatMs: 100, minuteMs: 200 },
  });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  clock = NOW.getTime();
  await reset(sim, 'demo');
});

async function getEvents(id: string, watermark: string, user = ALEX) {
  const result = await post(sim, getEventsBody(id, watermark), { user });
  const message = only(messagesOf(result, 'GetEventsResponse'));
  const notification = child(message, 'Notification');
  return {
    code: textAt(message, 'ResponseCode'),
    previous: textAt(notification, 'PreviousWatermark'),
    more: textAt(notification, 'MoreEvents'),
    events: eventsOf(isObject(notification) ? notification : undefined),
  };
}

async function addMeeting(subject: string): Promise<string> {
  const result = await admin<{ id: string }>(sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
    subject,
    start: '2025-06-11T16:00:00Z',
    end: '2025-06-11T17:00:00Z',
  });
  expect(result.status).toBe(201);
  return result.json.id;
}

describe('pull subscriptions', () => {
  it('start with a watermark; GetEvents with nothing new answers a StatusEvent', async () => {
    const s = await subscribe(sim, 'pull', ['calendar'], { timeout: 5 });
    expect(s.watermark).toMatch(/^[A-Za-z0-9+/]{16}$/);
    const polled = await getEvents(s.id, s.watermark ?? '');
    expect(polled.code).toBe('NoError');
    expect(polled.previous).toBe(s.watermark);
    expect(polled.more).toBe('false');
    expect(polled.events.map((e) => e.type)).toEqual(['StatusEvent']);
  });

  it('returns the events after the watermark given, with watermarks to continue from, and MoreEvents', async () => {
    const s = await subscribe(sim, 'pull', ['calendar'], {
      timeout: 5,
      eventTypes: ['CreatedEvent'],
    });
    const ids = [
      await addMeeting('One'),
      await addMeeting('Two'),
      await addMeeting('Three'),
      await addMeeting('Four'),
    ];
    const first = await getEvents(s.id, s.watermark ?? '');
    expect(first.code).toBe('NoError');
    expect(first.more).toBe('true');
    expect(first.events.map((e) => e.itemId)).toEqual(ids.slice(0, 3));
    const last = first.events.at(-1)?.watermark ?? '';
    const second = await getEvents(s.id, last);
    expect(second.previous).toBe(last);
    expect(second.more).toBe('false');
    expect(second.events.map((e) => e.itemId)).toEqual(ids.slice(3));
    // Asking again from the same watermark returns the same events: the client decides.
    const again = await getEvents(s.id, last);
    expect(again.events.map((e) => e.itemId)).toEqual(ids.slice(3));
  });

  it('refuses a watermark it never gave out (ErrorInvalidWatermark)', async () => {
    const s = await subscribe(sim, 'pull', ['calendar'], { timeout: 5 });
    const polled = await getEvents(s.id, 'AAAAAHgGAAAAAAAAAQ==');
    expect(polled.code).toBe('ErrorInvalidWatermark');
  });

  it('Unsubscribe ends it: GetEvents and a second Unsubscribe say ErrorSubscriptionNotFound', async () => {
    const s = await subscribe(sim, 'pull', ['calendar'], { timeout: 5 });
    const body = `<m:Unsubscribe><m:SubscriptionId>${s.id}</m:SubscriptionId></m:Unsubscribe>`;
    const first = await post(sim, body);
    expect(textAt(only(messagesOf(first, 'UnsubscribeResponse')), 'ResponseCode')).toBe('NoError');
    expect((await getEvents(s.id, s.watermark ?? '')).code).toBe('ErrorSubscriptionNotFound');
    const second = await post(sim, body);
    expect(textAt(only(messagesOf(second, 'UnsubscribeResponse')), 'ResponseCode')).toBe(
      'ErrorSubscriptionNotFound',
    );
  });

  it("is the subscriber's own: another account gets ErrorSubscriptionNotFound", async () => {
    const s = await subscribe(sim, 'pull', ['calendar'], { timeout: 5 });
    expect((await getEvents(s.id, s.watermark ?? '', NESTOR)).code).toBe(
      'ErrorSubscriptionNotFound',
    );
  });

  it('expires after Timeout minutes without GetEvents; each GetEvents restarts the count', async () => {
    const s = await subscribe(sim, 'pull', ['calendar'], { timeout: 2 });
    clock += 110_000;
    expect((await getEvents(s.id, s.watermark ?? '')).code).toBe('NoError');
    clock += 110_000;
    expect((await getEvents(s.id, s.watermark ?? '')).code).toBe('NoError');
    clock += 121_000;
    expect((await getEvents(s.id, s.watermark ?? '')).code).toBe('ErrorSubscriptionNotFound');
  });

  it('a Subscribe may start from an earlier watermark and get what happened since', async () => {
    const first = await subscribe(sim, 'pull', ['calendar'], {
      timeout: 5,
      eventTypes: ['CreatedEvent'],
    });
    const id = await addMeeting('Missed');
    const body = `<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds><t:DistinguishedFolderId Id="calendar"/></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes><t:Watermark>${first.watermark ?? ''}</t:Watermark><t:Timeout>5</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>`;
    const result = await post(sim, body);
    const message = only(messagesOf(result, 'SubscribeResponse'));
    expect(textAt(message, 'ResponseCode')).toBe('NoError');
    const polled = await getEvents(textAt(message, 'SubscriptionId') ?? '', first.watermark ?? '');
    expect(polled.events.map((e) => e.itemId)).toEqual([id]);
    expect(at(message, 'Watermark')).toBeDefined();
  });
});

describe('streaming subscriptions expire', () => {
  it('about 30 minutes after their last connection ended, not while one is open', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    const live = await openStream(sim, [s.id], 1);
    clock += 45 * 60_000; // open the whole time: it lives
    expect(await live.ended).toBe('end');
    clock += 29 * 60_000;
    const again = await openStream(sim, [s.id], 1);
    expect(await again.ended).toBe('end');
    expect(again.envelopes.at(-1)?.status).toBe('Closed');
    clock += 31 * 60_000;
    const late = await openStream(sim, [s.id], 1);
    expect(await late.ended).toBe('end');
    expect(late.envelopes.map((e) => e.code)).toEqual(['ErrorSubscriptionNotFound']);
  });
});

describe('a pull subscription that fell behind what the mailbox keeps', () => {
  let small: RunningSimulator;
  beforeAll(async () => {
    small = await startTestSimulator({ notifications: { maxEventsKept: 5 } });
  });
  afterAll(async () => {
    await small.close();
  });

  it('gets ErrorMissedNotificationEvents, and the subscription is gone', async () => {
    const s = await subscribe(small, 'pull', ['calendar'], { timeout: 5 });
    for (const subject of ['One', 'Two', 'Three', 'Four']) {
      const added = await admin(small, 'POST', `/mailboxes/${ALEX}/calendar`, {
        subject,
        start: '2025-06-11T16:00:00Z',
        end: '2025-06-11T17:00:00Z',
      });
      expect(added.status).toBe(201);
    }
    const body = getEventsBody(s.id, s.watermark ?? '');
    const missed = only(messagesOf(await post(small, body), 'GetEventsResponse'));
    expect(textAt(missed, 'ResponseCode')).toBe('ErrorMissedNotificationEvents');
    const after = only(messagesOf(await post(small, body), 'GetEventsResponse'));
    expect(textAt(after, 'ResponseCode')).toBe('ErrorSubscriptionNotFound');
  });
});
