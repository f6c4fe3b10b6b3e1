/**
 * The first voicemail list of a session against the schema-strict simulator: 200 voicemails
 * cost a few multi-id GetItems (not one per item) and a later refresh reads only what is new;
 * and when the very first voicemail read fails, the first list that does arrive is the alert
 * baseline, so nothing that was already there is announced.
 */
import { describe, expect, it } from 'vitest';
import type { Notice } from '../../../src-main/core/reminders/notice.js';
import { createVoicemailAlertService } from '../../../src-main/voicemail/alerts/alert-service.js';
import { ALEX, NOW, started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();
const MINUTE = 60_000;

describe('the first voicemail list', () => {
  it('reads 200 new voicemails with 4 GetItems, then only the new one', async () => {
    const already = (await h.admin.voicemail(ALEX)).length;
    for (let i = 0; i < 200 - already; i += 1)
      await h.admin.dropVoicemail(ALEX, {
        callerName: `Caller ${String(i)}`,
        callerNumber: `+1425555${String(1000 + i)}`,
        transcript: `Message number ${String(i)}`,
        isRead: true,
        received: new Date(NOW.getTime() - 10 * MINUTE - i * MINUTE).toISOString(),
      });
    await h.admin.clearRequests();
    const t = await started(await h.companion());
    await t.companion.whenIdle();
    const list = t.companion.getSnapshot().voicemail;
    expect(list).toHaveLength(200);
    expect(await h.admin.requestsFor('GetItem')).toHaveLength(4);
    // Every item has what its GetItem gave (the transcript).
    for (let i = 0; i < 200 - already; i += 1)
      expect(list.find((v) => v.callerName === `Caller ${String(i)}`)?.transcript).toBe(
        `Message number ${String(i)}`,
      );

    await h.admin.dropVoicemail(ALEX, {
      callerName: 'Kim Minji',
      callerNumber: '+8223123456',
      transcript: 'Call me back please',
      isRead: true,
    });
    await h.admin.clearRequests();
    await t.ok({ type: 'refresh-now' });
    await t.companion.whenIdle();
    expect(await h.admin.requestsFor('GetItem')).toHaveLength(1);
    const kim = t.companion.getSnapshot().voicemail.find((v) => v.callerName === 'Kim Minji');
    expect(kim?.transcript).toBe('Call me back please');
  });

  it('takes the first list that arrives as the alert baseline when the first read failed', async () => {
    const t = await h.companion();
    const shown: Notice[] = [];
    const alerts = createVoicemailAlertService({
      api: t.companion,
      notify: (n) => shown.push(n),
    });
    alerts.start();
    // The calendar's FindItem comes first and is only slowed; the voicemail FindItem fails.
    await h.admin.inject({ operation: 'FindItem', kind: 'delay', delayMs: 1 });
    await h.admin.inject({ operation: 'FindItem', kind: 'soap-fault' });
    await started(t);
    expect(await h.admin.faults()).toEqual([]);
    const first = t.companion.getSnapshot();
    expect(first.connection.state).toBe('online');
    expect(first.voicemail).toEqual([]);
    expect(first.voicemailListedAt).toBeUndefined();

    // The list arrives: Megan's unread voicemail was there before, so it is not announced.
    await t.ok({ type: 'refresh-now' });
    const second = t.companion.getSnapshot();
    expect(second.voicemail.some((v) => v.callerName === 'Megan Bowen' && !v.isRead)).toBe(true);
    expect(second.voicemailListedAt).toBe(second.connection.lastSuccessAt);
    expect(shown).toEqual([]);

    // A failed read after the baseline announces nothing; the next new one is announced once.
    await h.admin.dropVoicemail(ALEX, {
      callerName: 'Kim Minji',
      callerNumber: '+8223123456',
      clip: 'diego',
    });
    await h.admin.inject({ operation: 'FindItem', kind: 'delay', delayMs: 1 });
    await h.admin.inject({ operation: 'FindItem', kind: 'soap-fault' });
    await t.ok({ type: 'refresh-now' });
    expect(shown).toEqual([]);
    await t.ok({ type: 'refresh-now' });
    await t.ok({ type: 'refresh-now' });
    alerts.stop();
    expect(shown.map((n) => (n.kind === 'voicemail' ? n.callerName : n.kind))).toEqual([
      'Kim Minji',
    ]);
  });
});
