/**
 * Live updates through EwsClient against the strict simulator (which holds requests to the
 * schema and, here, demands the affinity cookie as Exchange Online's routing does): a meeting
 * added by the admin arrives on the stream as a created event and SyncFolderItems then brings
 * exactly that meeting; a voicemail dropped in arrives by pull; a mailbox without voicemail
 * subscribes without that folder and syncs its inbox; a stalled stream is closed by the
 * watchdog; a lost subscription is a typed error.
 */
import { describe, expect, it } from 'vitest';
import {
  StreamSilentError,
  SubscriptionLostError,
} from '../../../src-main/ews/operations/notifications-errors.js';
import type {
  ItemEvent,
  NotificationStream,
  StreamMessage,
} from '../../../src-main/ews/operations/notifications-types.js';
import { ALEX, failure, NESTOR, useSimulator } from './support.js';

const h = useSimulator({
  notifications: { heartbeatMs: 100, minuteMs: 2_000, requireAffinityCookie: true },
});

const itemEvents = (messages: StreamMessage[]): ItemEvent[] =>
  messages.flatMap((m) =>
    m.type === 'notifications'
      ? m.notifications.flatMap((n) => n.events.filter((e): e is ItemEvent => e.kind !== 'status'))
      : [],
  );

/** Reads the stream until `until` says enough (or it ends); returns what came. */
async function readUntil(
  stream: NotificationStream,
  until: (seen: StreamMessage[]) => boolean,
): Promise<{ messages: StreamMessage[]; error?: unknown }> {
  const messages: StreamMessage[] = [];
  try {
    for await (const m of stream) {
      messages.push(m);
      if (until(messages)) break;
    }
  } catch (error) {
    return { messages, error };
  }
  return { messages };
}

describe('live updates against the simulator', () => {
  it('streams a new meeting as a created event, then syncs exactly that meeting', async () => {
    const client = h.client();
    const baseline = await client.syncFolderItems({ folder: 'calendar', maxChangesReturned: 512 });
    expect(baseline.includesLastItemInRange).toBe(true);
    const subscription = await client.subscribeStreaming();
    expect(subscription.folders).toEqual(['calendar', 'inbox', 'voicemail']);
    expect(subscription.backEndOverrideCookie).toMatch(/^mbx[0-9a-f]+\.beacon\.test~/);

    const stream = client.streamEvents(subscription, { connectionTimeoutMinutes: 5 });
    const reading = readUntil(stream, (seen) => itemEvents(seen).some((e) => e.kind === 'created'));
    // Let the stream open (its first envelope), then change the calendar behind the client's back.
    await new Promise((r) => setTimeout(r, 150));
    const added = await h.admin.addCalendarItem(ALEX, {
      subject: 'Moved up: design review',
      start: '2026-03-17T19:00:00Z',
      end: '2026-03-17T19:30:00Z',
    });
    const { messages, error } = await reading;
    await stream.close();
    expect(error).toBeUndefined();
    const created = itemEvents(messages).find((e) => e.kind === 'created');
    expect(created?.itemId).toBe(added.id);
    expect(created?.timeStamp).toBeInstanceOf(Date);

    const next = await client.syncFolderItems({
      folder: 'calendar',
      syncState: baseline.syncState,
    });
    expect(
      next.changes.map((c) =>
        c.kind === 'create'
          ? [c.kind, c.item.id, c.item.subject, c.item.start?.toISOString()]
          : [c.kind],
      ),
    ).toEqual([['create', added.id, 'Moved up: design review', '2026-03-17T19:00:00.000Z']]);
    const streamed = (await h.admin.requestsFor('GetStreamingEvents')).length;
    expect(streamed).toBe(1);
  });

  it('pulls a dropped voicemail as a created item, following the watermark', async () => {
    const client = h.client();
    const subscription = await client.subscribePull({ folders: ['voicemail'] });
    expect(subscription.watermark).toBeDefined();
    const quiet = await client.getEvents(subscription);
    expect(quiet.notifications.flatMap((n) => n.events.filter((e) => e.kind !== 'status'))).toEqual(
      [],
    );
    const dropped = await h.admin.dropVoicemail(ALEX, {
      callerName: 'Megan Bowen',
      callerNumber: '+14255550142',
    });
    const events = await client.getEvents({ ...subscription, watermark: quiet.watermark });
    const kinds = events.notifications.flatMap((n) =>
      n.events.flatMap((e) => (e.kind === 'status' ? [] : [[e.kind, e.itemId]])),
    );
    // NewMail is the inbox's event; in the voicemail folder the message is created.
    expect(kinds).toContainEqual(['created', dropped.id]);
    expect(events.watermark).not.toBe(quiet.watermark);
  });

  it('leaves voicemail out for a mailbox without it, and syncs its inbox instead', async () => {
    const client = h.client({ user: NESTOR });
    const subscription = await client.subscribeStreaming();
    expect(subscription.folders).toEqual(['calendar', 'inbox']);
    const sync = await client.syncFolderItems({ folder: 'voicemail' });
    expect(sync.folder).toBe('inbox');
    expect(sync.syncState.startsWith('inbox:')).toBe(true);
    const again = await client.syncFolderItems({ folder: 'voicemail', syncState: sync.syncState });
    expect(again.changes).toEqual([]);
    expect(again.folder).toBe('inbox');
  });

  it('closes a stalled stream with StreamSilentError', async () => {
    const client = h.client();
    const subscription = await client.subscribeStreaming({ folders: ['calendar'] });
    await h.admin.inject({ operation: 'GetStreamingEvents', kind: 'stream-stall', count: 1 });
    const { error } = await readUntil(
      client.streamEvents(subscription, { heartbeatIntervalMs: 100 }),
      () => false,
    );
    expect(error).toBeInstanceOf(StreamSilentError);
  });

  it('turns a lost subscription into SubscriptionLostError, on the stream and on pull', async () => {
    const client = h.client();
    const streaming = await client.subscribeStreaming({ folders: ['calendar'] });
    await h.admin.inject({ operation: 'GetStreamingEvents', kind: 'subscription-lost', count: 1 });
    const { error } = await readUntil(client.streamEvents(streaming), () => false);
    expect(error).toBeInstanceOf(SubscriptionLostError);
    const pull = await client.subscribePull({ folders: ['calendar'] });
    await client.unsubscribe(pull);
    const lost = await failure(client.getEvents(pull));
    expect(lost).toBeInstanceOf(SubscriptionLostError);
  });
});
