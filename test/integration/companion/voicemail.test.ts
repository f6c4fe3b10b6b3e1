/**
 * Voicemail in the companion, against the schema-strict simulator over real sockets: the list in
 * the Snapshot, audio fetched into the private cache with its peaks, mark read and delete with
 * Undo reaching the simulator, and the cache emptied at sign-out.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot, VoicemailItem } from '../../../src-main/core/contract.js';
import { ALEX, NOW, started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();

function byCaller(snapshot: Snapshot, name: string): VoicemailItem {
  const item = snapshot.voicemail.find((v) => v.callerName === name);
  if (item === undefined) throw new Error(`no voicemail from ${name}`);
  return item;
}

describe('voicemail in the companion', () => {
  it('lists the demo voicemails newest first with caller, number, transcript and format', async () => {
    const { companion } = await started(await h.companion());
    const list = companion.getSnapshot().voicemail;
    const times = list.map((v) => Date.parse(v.receivedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const names = list.map((v) => v.callerName);
    // The seed's three, in their order (other seeded messages may sit between them).
    expect(
      names.filter((n) => ['Megan Bowen', 'Diego Siciliani', 'Contoso Pharmacy'].includes(n ?? '')),
    ).toEqual(['Megan Bowen', 'Diego Siciliani', 'Contoso Pharmacy']);
    const megan = byCaller(companion.getSnapshot(), 'Megan Bowen');
    expect(megan).toMatchObject({
      kind: 'voicemail',
      receivedAt: new Date(NOW.getTime() - 2 * 3600_000).toISOString(),
      isRead: false,
      callerNumber: '+14255550142',
      durationSeconds: 13,
    });
    // The E.164 form is Call back's, made when it is pressed (libphonenumber-js loads then).
    expect(megan.callbackNumber).toBeUndefined();
    expect(megan.transcript).toMatch(/^Hi Alex, it's Megan from Contoso\./);
    expect(byCaller(companion.getSnapshot(), 'Diego Siciliani').isRead).toBe(true);
    // No recording is fetched at start, not even the newest unread one: the user asked for
    // none (the Voicemail view asks for the newest unread when it opens). The length is UM's.
    expect(megan.audio).toEqual({ state: 'not-loaded', format: 'mp3' });
    expect(byCaller(companion.getSnapshot(), 'Contoso Pharmacy').audio).toEqual({
      state: 'not-loaded',
      format: 'wav-pcm',
    });
  });

  it('fetches no recording at start or on a refresh, only when asked', async () => {
    const t = await started(await h.companion());
    await t.companion.whenIdle();
    await t.ok({ type: 'refresh-now' });
    await t.companion.whenIdle();
    expect(await h.admin.requestsFor('GetAttachment')).toEqual([]);
    const megan = byCaller(t.companion.getSnapshot(), 'Megan Bowen');
    await t.ok({ type: 'prepare-voicemail-audio', id: megan.id });
    await t.companion.whenIdle();
    expect(await h.admin.requestsFor('GetAttachment')).toHaveLength(1);
    expect(byCaller(t.companion.getSnapshot(), 'Megan Bowen').audio).toMatchObject({
      state: 'ready',
      format: 'mp3',
      transcoded: false,
    });
  });

  it('prepares WAV audio on request: ready with no peaks first, real peaks in a later Snapshot, a cache file only the user can read', async () => {
    const t = await started(await h.companion());
    const pharmacy = byCaller(t.companion.getSnapshot(), 'Contoso Pharmacy');
    const seen: { state: string; peaks?: number }[] = [];
    const unsubscribe = t.companion.subscribe((s) => {
      const a = byCaller(s, 'Contoso Pharmacy').audio;
      const last = seen.at(-1);
      const now =
        a.state === 'ready' ? { state: a.state, peaks: a.peaks.length } : { state: a.state };
      if (last?.state !== now.state || last.peaks !== now.peaks) seen.push(now);
    });
    await t.ok({ type: 'prepare-voicemail-audio', id: pharmacy.id });
    const first = byCaller(t.companion.getSnapshot(), 'Contoso Pharmacy').audio;
    if (first.state !== 'ready') throw new Error(`not ready: ${JSON.stringify(first)}`);
    // Playable at once: the WAV header gave the length, the peaks are still to come.
    expect(first.peaks).toEqual([]);
    expect(first.durationSeconds).toBeGreaterThan(4);
    await t.companion.whenIdle();
    unsubscribe();
    expect(seen).toEqual([
      { state: 'loading' },
      { state: 'ready', peaks: 0 },
      { state: 'ready', peaks: 200 },
    ]);
    const audio = byCaller(t.companion.getSnapshot(), 'Contoso Pharmacy').audio;
    if (audio.state !== 'ready') throw new Error(`not ready: ${JSON.stringify(audio)}`);
    expect(audio.src).toBe(first.src);
    expect(audio.durationSeconds).toBe(first.durationSeconds);
    expect(audio.format).toBe('wav-pcm');
    expect(audio.src).toMatch(/^voicemail-audio\/[A-Za-z0-9_-]{43}$/);
    expect(audio.src).not.toContain(pharmacy.id);
    expect(audio.peaks).toHaveLength(200);
    expect(Math.max(...audio.peaks)).toBe(1);
    expect(audio.peaks.every((p) => p >= 0 && p <= 1 && Math.round(p * 1000) === p * 1000)).toBe(
      true,
    );
    expect(audio.durationSeconds).toBeGreaterThan(4);
    expect(audio.durationSeconds).toBeLessThan(7);

    const key = audio.src.slice('voicemail-audio/'.length);
    const playable = await t.companion.voicemailAudio.open(key, 'playable');
    const original = await t.companion.voicemailAudio.open(key, 'original');
    expect(playable).toMatchObject({
      contentType: 'audio/wav',
      fileName: 'VoiceMail-12065550199.wav',
    });
    expect(original?.filePath).toBe(playable?.filePath);
    const dir = path.join(t.dataDir, 'voicemail-cache');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    for (const name of await readdir(dir))
      expect((await stat(path.join(dir, name))).mode & 0o777).toBe(0o600);
    expect(await t.companion.voicemailAudio.open('x'.repeat(43), 'playable')).toBeUndefined();
  });

  it('marks read and unread on Exchange, optimistically in the Snapshot', async () => {
    const t = await started(await h.companion());
    const megan = byCaller(t.companion.getSnapshot(), 'Megan Bowen');
    const states: boolean[] = [];
    const unsubscribe = t.companion.subscribe((s) =>
      states.push(byCaller(s, 'Megan Bowen').isRead),
    );
    await t.ok({ type: 'set-voicemail-read', id: megan.id, read: true });
    unsubscribe();
    expect(states[0]).toBe(true);
    expect((await h.admin.voicemail(ALEX)).find((m) => m.id === megan.id)?.isRead).toBe(true);
    await t.ok({ type: 'set-voicemail-read', id: megan.id, read: false });
    expect((await h.admin.voicemail(ALEX)).find((m) => m.id === megan.id)?.isRead).toBe(false);
    expect(byCaller(t.companion.getSnapshot(), 'Megan Bowen').isRead).toBe(false);
  });

  it('rolls the read state back when Exchange refuses the change', async () => {
    const t = await started(await h.companion());
    const megan = byCaller(t.companion.getSnapshot(), 'Megan Bowen');
    await h.admin.inject({ operation: 'UpdateItem', kind: 'soap-fault' });
    const result = await t.companion.execute({
      type: 'set-voicemail-read',
      id: megan.id,
      read: true,
    });
    expect(result.ok).toBe(false);
    expect(byCaller(t.companion.getSnapshot(), 'Megan Bowen').isRead).toBe(false);
    expect((await h.admin.voicemail(ALEX)).find((m) => m.id === megan.id)?.isRead).toBe(false);
  });

  it('deletes after the Undo time, and Undo before it keeps the message', async () => {
    const t = await started(await h.companion());
    const diego = byCaller(t.companion.getSnapshot(), 'Diego Siciliani');
    await t.ok({ type: 'delete-voicemail', id: diego.id });
    expect(byCaller(t.companion.getSnapshot(), 'Diego Siciliani').deletingUntil).toBe(
      new Date(NOW.getTime() + 5000).toISOString(),
    );
    await t.ok({ type: 'undo-delete-voicemail', id: diego.id });
    expect(byCaller(t.companion.getSnapshot(), 'Diego Siciliani').deletingUntil).toBeUndefined();
    await t.advanceTo(NOW.getTime() + 6000);
    expect((await h.admin.voicemail(ALEX)).map((m) => m.id)).toContain(diego.id);

    const megan = byCaller(t.companion.getSnapshot(), 'Megan Bowen');
    await t.ok({ type: 'prepare-voicemail-audio', id: megan.id });
    const audio = byCaller(t.companion.getSnapshot(), 'Megan Bowen').audio;
    if (audio.state !== 'ready') throw new Error(JSON.stringify(audio));
    const key = audio.src.slice('voicemail-audio/'.length);
    expect(await t.companion.voicemailAudio.open(key, 'original')).toBeDefined();
    await t.ok({ type: 'delete-voicemail', id: megan.id });
    await t.advanceTo(NOW.getTime() + 12_000);
    expect(t.companion.getSnapshot().voicemail.map((v) => v.id)).not.toContain(megan.id);
    expect((await h.admin.voicemail(ALEX)).map((m) => m.id)).not.toContain(megan.id);
    const deleted = (await h.admin.messages(ALEX)).find((m) => m.id === megan.id);
    expect(deleted?.folder).toBe('deleteditems');
    expect(await t.companion.voicemailAudio.open(key, 'original')).toBeUndefined();
    const undo = await t.companion.execute({ type: 'undo-delete-voicemail', id: megan.id });
    expect(undo).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
  });

  it('quitting during the Undo time carries the delete out', async () => {
    const t = await started(await h.companion());
    const diego = byCaller(t.companion.getSnapshot(), 'Diego Siciliani');
    await t.ok({ type: 'delete-voicemail', id: diego.id });
    expect((await h.admin.voicemail(ALEX)).map((m) => m.id)).toContain(diego.id);
    await t.companion.stop();
    expect((await h.admin.voicemail(ALEX)).map((m) => m.id)).not.toContain(diego.id);
  });

  it('calls back with tel:+E164 through the shell opener', async () => {
    const t = await started(await h.companion());
    const megan = byCaller(t.companion.getSnapshot(), 'Megan Bowen');
    await t.ok({ type: 'call-back', id: megan.id });
    expect(t.opened).toEqual(['tel:+14255550142']);
    const open = await t.companion.execute({ type: 'open-voicemail-audio', id: megan.id });
    expect(open).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
  });

  it('removes the cached audio when the account signs out', async () => {
    const t = await started(await h.companion());
    const megan = byCaller(t.companion.getSnapshot(), 'Megan Bowen');
    await t.ok({ type: 'prepare-voicemail-audio', id: megan.id });
    const audio = byCaller(t.companion.getSnapshot(), 'Megan Bowen').audio;
    if (audio.state !== 'ready') throw new Error(JSON.stringify(audio));
    const dir = path.join(t.dataDir, 'voicemail-cache');
    expect((await readdir(dir)).length).toBeGreaterThan(0);
    await t.ok({ type: 'sign-out' });
    await t.companion.whenIdle();
    expect(t.companion.getSnapshot().voicemail).toEqual([]);
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    const key = audio.src.slice('voicemail-audio/'.length);
    expect(await t.companion.voicemailAudio.open(key, 'playable')).toBeUndefined();
  });
});
