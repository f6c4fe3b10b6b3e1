/**
 * The voicemail list across refreshes, against the schema-strict simulator: a voicemail failure
 * leaves presence and the last list alone, a protected message is never fetched, what is no
 * longer listed leaves the cache, and new voicemail is announced once per item.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot, VoicemailItem } from '../../../src-main/core/contract.js';
import type { Notice } from '../../../src-main/core/reminders/notice.js';
import { createVoicemailAlertService } from '../../../src-main/voicemail/alerts/alert-service.js';
import { ALEX, NOW, started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();

function byCaller(snapshot: Snapshot, name: string): VoicemailItem {
  const item = snapshot.voicemail.find((v) => v.callerName === name);
  if (item === undefined) throw new Error(`no voicemail from ${name}`);
  return item;
}

describe('voicemail across refreshes', () => {
  it('a failed voicemail read keeps the last list and does not fail the refresh', async () => {
    const t = await started(await h.companion());
    const before = t.companion.getSnapshot();
    expect(before.voicemail.length).toBeGreaterThan(0);
    // The calendar's FindItem comes first and is only slowed; the voicemail FindItem fails.
    await h.admin.inject({ operation: 'FindItem', kind: 'delay', delayMs: 1 });
    await h.admin.inject({ operation: 'FindItem', kind: 'soap-fault' });
    await h.admin.dropVoicemail(ALEX, { callerName: 'Kim Minji', callerNumber: '+8223123456' });
    await t.ok({ type: 'refresh-now' });
    const after = t.companion.getSnapshot();
    expect(after.connection.state).toBe('online');
    expect(after.voicemail.map((v) => v.id)).toEqual(before.voicemail.map((v) => v.id));
    expect(await h.admin.faults()).toEqual([]);
    // The next refresh lists the new one.
    await t.ok({ type: 'refresh-now' });
    expect(t.companion.getSnapshot().voicemail[0]?.callerName).toBe('Kim Minji');
  });

  it('never fetches a protected voicemail', async () => {
    await h.admin.dropVoicemail(ALEX, {
      callerName: 'Legal',
      callerNumber: '+14255550100',
      itemClass: 'IPM.Note.rpmsg.Microsoft.Voicemail.UM',
      received: new Date(NOW.getTime() - 60_000).toISOString(),
    });
    const t = await started(await h.companion());
    await t.companion.whenIdle();
    await h.admin.clearRequests();
    const legal = byCaller(t.companion.getSnapshot(), 'Legal');
    expect(legal.kind).toBe('protected');
    expect(legal.audio).toEqual({ state: 'unplayable', problem: 'protected', canSave: false });
    await t.ok({ type: 'prepare-voicemail-audio', id: legal.id });
    expect(byCaller(t.companion.getSnapshot(), 'Legal').audio.state).toBe('unplayable');
    expect(await h.admin.requestsFor('GetAttachment')).toEqual([]);
  });

  it('drops the cached audio of a message no longer among the newest', async () => {
    const t = await started(await h.companion());
    const pharmacy = byCaller(t.companion.getSnapshot(), 'Contoso Pharmacy');
    await t.ok({ type: 'prepare-voicemail-audio', id: pharmacy.id });
    const audio = byCaller(t.companion.getSnapshot(), 'Contoso Pharmacy').audio;
    if (audio.state !== 'ready') throw new Error(JSON.stringify(audio));
    const key = audio.src.slice('voicemail-audio/'.length);
    const dir = path.join(t.dataDir, 'voicemail-cache');
    expect((await readdir(dir)).filter((n) => n.startsWith(key))).not.toEqual([]);
    await t.ok({ type: 'update-settings', settings: { voicemail: { maxItems: 1 } } });
    await t.ok({ type: 'refresh-now' });
    await t.companion.whenIdle();
    expect(t.companion.getSnapshot().voicemail).toHaveLength(1);
    expect((await readdir(dir)).filter((n) => n.startsWith(key))).toEqual([]);
    expect(await t.companion.voicemailAudio.open(key, 'original')).toBeUndefined();
  });

  it('announces a new voicemail once, and none of those there at start', async () => {
    const t = await h.companion();
    const shown: Notice[] = [];
    const alerts = createVoicemailAlertService({
      api: t.companion,
      notify: (n) => shown.push(n),
    });
    alerts.start();
    await started(t);
    expect(shown).toEqual([]);
    await h.admin.dropVoicemail(ALEX, {
      callerName: 'Kim Minji',
      callerNumber: '+8223123456',
      clip: 'diego',
    });
    await t.ok({ type: 'refresh-now' });
    await t.ok({ type: 'refresh-now' });
    alerts.stop();
    const kim = byCaller(t.companion.getSnapshot(), 'Kim Minji');
    expect(shown).toEqual([
      {
        kind: 'voicemail',
        id: `voicemail:${kim.id}`,
        itemId: kim.id,
        callerName: 'Kim Minji',
        callerNumber: '+8223123456',
        durationSeconds: 9,
        playable: true,
      },
    ]);
  });
});
