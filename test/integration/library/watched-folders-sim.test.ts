/**
 * watchedFolderIds against the strict simulator: one GetFolder (IdOnly) names the calendar,
 * inbox and voicemail folders by the same ids the simulator's notifications carry, so a meeting
 * moved is told apart from a voicemail; a mailbox without a voicemail folder simply lacks it.
 */
import { describe, expect, it } from 'vitest';
import type { ItemEvent } from '../../../src-main/ews/operations/notifications-types.js';
import { ALEX, NESTOR, useSimulator } from './support.js';

const h = useSimulator({ notifications: { heartbeatMs: 100 } });

describe('watched folder ids', () => {
  it('names the folders by the ids notifications use, in one request', async () => {
    const client = h.client();
    await h.admin.clearRequests();
    const ids = await client.watchedFolderIds();
    expect([...ids.values()]).toEqual(['calendar', 'inbox', 'voicemail']);
    expect(new Set(ids.keys()).size).toBe(3);
    expect((await h.admin.requests()).map((r) => r.operation)).toEqual(['GetFolder']);

    const subscription = await client.subscribePull({ timeoutMinutes: 10 });
    await h.admin.addCalendarItem(ALEX, {
      subject: 'Folder id check',
      start: '2026-03-17T19:00:00Z',
      end: '2026-03-17T19:30:00Z',
    });
    const answer = await client.getEvents(subscription, {});
    const events = answer.notifications.flatMap((n) =>
      n.events.filter((e): e is ItemEvent => e.kind !== 'status'),
    );
    const created = events.find((e) => e.kind === 'created' && e.itemId !== undefined);
    expect(created).toBeDefined();
    expect(ids.get(created?.folderId ?? '')).toBe('calendar');
    await client.unsubscribe(subscription);
  });

  it('leaves out the voicemail folder of a mailbox that has none', async () => {
    const ids = await h.client({ user: NESTOR }).watchedFolderIds();
    expect([...ids.values()]).toEqual(['calendar', 'inbox']);
  });
});
