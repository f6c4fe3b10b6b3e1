/**
 * Streaming notifications from the simulator over real sockets: Subscribe, then a chunked
 * GetStreamingEvents response whose every envelope validates against messages.xsd, with the
 * events that admin changes and the client's own EWS writes raise, heartbeats and the close.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { folderId } from '../../../src-main/sim/operations/notifications-xml.js';
import {
  admin,
  ALEX,
  messagesOf,
  NESTOR,
  only,
  reset,
  startTestSimulator,
  textAt,
} from './support.js';
import { eventsIn, openStream, post, subscribe, type OpenStream } from './stream-client.js';

let sim: RunningSimulator;
const open: OpenStream[] = [];

beforeAll(async () => {
  sim = await startTestSimulator({ notifications: { heartbeatMs: 150, minuteMs: 600 } });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  for (const s of open.splice(0)) s.close();
  await reset(sim, 'demo');
});

async function stream(
  ids: string[],
  minutes = 1,
  options: { cookie?: string; user?: string } = {},
) {
  const s = await openStream(sim, ids, minutes, options);
  open.push(s);
  return s;
}

interface AdminItem {
  id: string;
  changeKey: string;
}

async function addMeeting(subject = 'Budget review'): Promise<AdminItem> {
  const result = await admin<AdminItem>(sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
    subject,
    start: '2025-06-10T20:00:00Z',
    end: '2025-06-10T21:00:00Z',
  });
  expect(result.status).toBe(201);
  return result.json;
}

describe('Subscribe (streaming)', () => {
  it('answers with a subscription id and no watermark, like Exchange Online', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar', 'inbox']);
    expect(s.id).toMatch(/^[A-Za-z0-9+/]{32}$/);
    expect(s.watermark).toBeUndefined();
    expect(s.cookie).toBeUndefined();
  });

  it('gives an X-BackEndOverrideCookie when the client asks for server affinity', async () => {
    const a = await subscribe(sim, 'streaming', ['calendar'], { affinity: true });
    const b = await subscribe(sim, 'streaming', ['inbox'], { affinity: true });
    expect(a.cookie).toMatch(/^mbx[0-9a-f]{6}\.beacon\.test~\d+~2$/);
    // One mailbox server holds all of an account's subscriptions: the same cookie for the group.
    expect(b.cookie).toBe(a.cookie);
  });

  it('refuses a folder the mailbox does not have', async () => {
    const result = await post(
      sim,
      `<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds><t:DistinguishedFolderId Id="voicemail"/></t:FolderIds><t:EventTypes><t:EventType>NewMailEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>`,
      { user: NESTOR },
    );
    const message = only(messagesOf(result, 'SubscribeResponse'));
    expect(textAt(message, 'ResponseCode')).toBe('ErrorFolderNotFound');
  });
});

describe('GetStreamingEvents', () => {
  it('opens with ConnectionStatus OK, then streams the events of an admin-added meeting', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    const live = await stream([s.id]);
    expect(live.status).toBe(200);
    expect(live.headers['transfer-encoding']).toBe('chunked');
    const first = await live.waitFor(() => true);
    expect(first.status).toBe('OK');
    expect(first.code).toBe('NoError');

    const meeting = await addMeeting();
    const batch = await live.waitFor((e) => e.notifications.length > 0);
    expect(batch.notifications[0]?.subscriptionId).toBe(s.id);
    const created = eventsIn(batch).filter((e) => e.type === 'CreatedEvent');
    expect(created.map((e) => e.itemId)).toEqual([meeting.id]);
    expect(created[0]?.parentFolderId).toBe(folderId('calendar'));
    // The folder itself changed too (Exchange raises a folder ModifiedEvent).
    expect(
      eventsIn(batch).some(
        (e) => e.type === 'ModifiedEvent' && e.folderId === folderId('calendar'),
      ),
    ).toBe(true);
  });

  it('streams Modified and FreeBusyChanged for a moved meeting, and Modified for a cancelled one', async () => {
    const meeting = await addMeeting();
    const s = await subscribe(sim, 'streaming', ['calendar']);
    const live = await stream([s.id]);
    await admin(sim, 'POST', `/mailboxes/${ALEX}/calendar/${encodeURIComponent(meeting.id)}/move`, {
      start: '2025-06-10T22:00:00Z',
      end: '2025-06-10T23:00:00Z',
    });
    const moved = await live.waitFor((e) => eventsIn(e).some((x) => x.itemId === meeting.id));
    const types = eventsIn(moved)
      .filter((x) => x.itemId === meeting.id)
      .map((x) => x.type);
    expect(types).toEqual(expect.arrayContaining(['ModifiedEvent', 'FreeBusyChangedEvent']));

    const before = live.envelopes.length;
    await admin(
      sim,
      'POST',
      `/mailboxes/${ALEX}/calendar/${encodeURIComponent(meeting.id)}/cancel`,
    );
    const cancelled = await live.waitFor(
      (e) =>
        live.envelopes.indexOf(e) >= before && eventsIn(e).some((x) => x.itemId === meeting.id),
    );
    expect(
      eventsIn(cancelled).some((x) => x.type === 'ModifiedEvent' && x.itemId === meeting.id),
    ).toBe(true);
  });

  it('streams NewMail for dropped voicemail to inbox and voicemail subscribers alike', async () => {
    const inbox = await subscribe(sim, 'streaming', ['inbox'], { eventTypes: ['NewMailEvent'] });
    const voicemail = await subscribe(sim, 'streaming', ['voicemail'], {
      eventTypes: ['CreatedEvent'],
    });
    const live = await stream([inbox.id, voicemail.id]);
    const dropped = await admin<AdminItem>(sim, 'POST', `/mailboxes/${ALEX}/voicemail`, {
      callerName: 'Megan Bowen',
      callerNumber: '+1 425 555 0100',
    });
    expect(dropped.status).toBe(201);
    const batch = await live.waitFor((e) => e.notifications.length === 2);
    const bySub = new Map(batch.notifications.map((n) => [n.subscriptionId, n.events]));
    expect(bySub.get(inbox.id)?.map((e) => [e.type, e.itemId])).toEqual([
      ['NewMailEvent', dropped.json.id],
    ]);
    expect(bySub.get(voicemail.id)?.map((e) => [e.type, e.itemId, e.parentFolderId])).toEqual([
      ['CreatedEvent', dropped.json.id, folderId('voicemail')],
    ]);
  });

  it("streams the client's own writes: UpdateItem, DeleteItem (a move to Deleted Items), CreateItem", async () => {
    const dropped = await admin<AdminItem>(sim, 'POST', `/mailboxes/${ALEX}/voicemail`, {
      callerName: 'Megan Bowen',
      callerNumber: '+1 425 555 0100',
    });
    const s = await subscribe(sim, 'streaming', ['inbox', 'deleteditems']);
    const live = await stream([s.id]);
    await live.waitFor(() => true);

    const update = await post(
      sim,
      `<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SaveOnly"><m:ItemChanges><t:ItemChange><t:ItemId Id="${dropped.json.id}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>true</t:IsRead></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
    );
    expect(textAt(only(messagesOf(update, 'UpdateItemResponse')), 'ResponseCode')).toBe('NoError');
    const modified = await live.waitFor((e) =>
      eventsIn(e).some((x) => x.itemId === dropped.json.id),
    );
    const itemEvents = eventsIn(modified).filter((x) => x.itemId === dropped.json.id);
    expect(itemEvents.map((x) => x.type)).toEqual(['ModifiedEvent']);

    await post(
      sim,
      `<m:DeleteItem DeleteType="MoveToDeletedItems"><m:ItemIds><t:ItemId Id="${dropped.json.id}"/></m:ItemIds></m:DeleteItem>`,
    );
    const moved = await live.waitFor((e) => eventsIn(e).some((x) => x.type === 'MovedEvent'));
    const move = eventsIn(moved).find((x) => x.type === 'MovedEvent');
    expect(move).toMatchObject({
      itemId: dropped.json.id,
      parentFolderId: folderId('deleteditems'),
      oldParentFolderId: folderId('inbox'),
    });

    await post(
      sim,
      `<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="inbox"/></m:SavedItemFolderId><m:Items><t:Message><t:Subject>Note to self</t:Subject><t:Body BodyType="Text">hello</t:Body></t:Message></m:Items></m:CreateItem>`,
    );
    const created = await live.waitFor((e) => eventsIn(e).some((x) => x.type === 'NewMailEvent'));
    expect(
      eventsIn(created)
        .filter((x) => x.itemId !== undefined)
        .map((x) => x.type),
    ).toEqual(['CreatedEvent', 'NewMailEvent']);
  });

  it('sends only the event types asked for, for the folders asked for', async () => {
    const s = await subscribe(sim, 'streaming', ['inbox'], { eventTypes: ['NewMailEvent'] });
    const live = await stream([s.id]);
    await addMeeting();
    await admin(sim, 'POST', `/mailboxes/${ALEX}/voicemail`, {
      callerName: 'Megan Bowen',
      callerNumber: '+1 425 555 0100',
    });
    const batch = await live.waitFor((e) => e.notifications.length > 0);
    expect(eventsIn(batch).map((e) => e.type)).toEqual(['NewMailEvent']);
  });

  it('sends heartbeats at the configured interval and ConnectionStatus Closed at ConnectionTimeout', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    const started = Date.now();
    const live = await stream([s.id], 1);
    const how = await live.ended;
    const elapsed = Date.now() - started;
    expect(how).toBe('end');
    // One "minute" is 600 ms here; heartbeats every 150 ms.
    expect(elapsed).toBeGreaterThanOrEqual(550);
    const statuses = live.envelopes.map((e) => e.status);
    expect(statuses.at(-1)).toBe('Closed');
    expect(statuses.slice(0, -1).every((x) => x === 'OK')).toBe(true);
    expect(statuses.filter((x) => x === 'OK').length).toBeGreaterThanOrEqual(3);
    expect(live.rest().trim()).toBe('');
  });

  it('keeps events raised while no stream was open for the next connection', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    const meeting = await addMeeting();
    const live = await stream([s.id]);
    const batch = await live.waitFor((e) => e.notifications.length > 0);
    expect(eventsIn(batch).find((e) => e.type === 'CreatedEvent')?.itemId).toBe(meeting.id);
  });

  it('moves a subscription to a newer connection; the old one closes', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    const first = await stream([s.id], 30);
    await first.waitFor(() => true);
    const second = await stream([s.id], 30);
    await second.waitFor(() => true);
    expect(await first.ended).toBe('end');
    expect(first.envelopes.at(-1)?.status).toBe('Closed');
    const meeting = await addMeeting();
    const batch = await second.waitFor((e) => e.notifications.length > 0);
    expect(eventsIn(batch).find((e) => e.type === 'CreatedEvent')?.itemId).toBe(meeting.id);
  });

  it('ends the stream with ConnectionStatus Closed when its last subscription is unsubscribed', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    const live = await stream([s.id], 30);
    await live.waitFor(() => true);
    const result = await post(
      sim,
      `<m:Unsubscribe><m:SubscriptionId>${s.id}</m:SubscriptionId></m:Unsubscribe>`,
    );
    expect(textAt(only(messagesOf(result, 'UnsubscribeResponse')), 'ResponseCode')).toBe('NoError');
    expect(await live.ended).toBe('end');
    expect(live.envelopes.at(-1)?.status).toBe('Closed');
  });

  it('ends open streams with ConnectionStatus Closed on an admin reset, and forgets their subscriptions', async () => {
    const s = await subscribe(sim, 'streaming', ['calendar']);
    const live = await stream([s.id], 30);
    await live.waitFor(() => true);
    await reset(sim, 'demo');
    expect(await live.ended).toBe('end');
    expect(live.envelopes.at(-1)?.status).toBe('Closed');
    const again = await stream([s.id], 1);
    expect(await again.ended).toBe('end');
    expect(again.envelopes.map((e) => e.code)).toEqual(['ErrorSubscriptionNotFound']);
  });

  it('answers ErrorSubscriptionNotFound (whole, not streamed) for an unknown or foreign subscription', async () => {
    const mine = await subscribe(sim, 'streaming', ['calendar']);
    for (const [ids, user] of [
      [['AAAAbm90LWEtc3Vic2NyaXB0aW9uLWlkLWF0LWFsbA=='], ALEX],
      [[mine.id], NESTOR],
    ] as const) {
      const live = await stream([...ids], 1, { user });
      expect(await live.ended).toBe('end');
      const [only1] = live.envelopes;
      expect(live.envelopes).toHaveLength(1);
      expect(only1?.responseClass).toBe('Error');
      expect(only1?.code).toBe('ErrorSubscriptionNotFound');
    }
  });
});
