/**
 * Many voicemails in one GetItem against the strict simulator (which validates each request
 * against the XSD): one result per id in the order asked, an id that is not in the mailbox fails
 * alone, and more than 50 ids go in further requests of at most 50.
 */
import { describe, expect, it } from 'vitest';
import { ALEX, HOUR, NESTOR, NOW, useSimulator } from './support.js';

const h = useSimulator();

describe('voicemail GetItem with many ids', () => {
  it('answers each id on its own: ErrorItemNotFound for one does not fail the others', async () => {
    const client = h.client();
    const list = (await client.listVoicemail()).items;
    expect(list.length).toBeGreaterThanOrEqual(3);
    // Nestor's voicemail is not in Alex's mailbox.
    const [foreign] = await h.admin.voicemail(NESTOR);
    if (foreign === undefined) throw new Error('no voicemail for Nestor');
    const ids = [list[0]?.id ?? '', foreign.id, list[1]?.id ?? '', list[2]?.id ?? ''];
    await h.admin.clearRequests();
    const results = await client.getVoicemails(ids);
    expect(await h.admin.requestsFor('GetItem')).toHaveLength(1);
    expect(results.map((r) => r.id)).toEqual(ids);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true]);
    const failed = results[1];
    if (failed?.ok !== false) throw new Error('expected the foreign id to fail');
    expect(failed.error).toMatchObject({ responseCode: 'ErrorItemNotFound' });
    // Each item is the one asked for, as the single-id GetItem gives it.
    for (const [i, result] of results.entries()) {
      if (!result.ok) continue;
      expect(result.item).toEqual(await client.getVoicemail(ids[i] ?? ''));
    }
    const megan = results[0];
    if (megan?.ok !== true) throw new Error('expected Megan');
    expect(megan.item.callerName).toBe('Megan Bowen');
    expect(megan.item.transcription).toContain("Hi Alex, it's Megan from Contoso.");
    expect(megan.item.attachments.map((a) => a.name)).toEqual(['VoiceMail-14255550142.mp3']);
  });

  it('sends 120 ids in three GetItems of at most 50 ids', async () => {
    const before = (await h.client().listVoicemail({ maxEntries: 200 })).items.length;
    for (let i = 0; i < 120 - before; i += 1)
      await h.admin.dropVoicemail(ALEX, {
        callerName: `Caller ${String(i)}`,
        callerNumber: `+1425555${String(1000 + i)}`,
        received: new Date(NOW.getTime() - 5 * HOUR - i * 60_000).toISOString(),
        transcript: `Message number ${String(i)}`,
      });
    const client = h.client();
    const list = (await client.listVoicemail({ maxEntries: 200 })).items;
    expect(list).toHaveLength(120);
    const ids = list.map((v) => v.id);
    await h.admin.clearRequests();
    const results = await client.getVoicemails(ids);
    const requests = await h.admin.requestsFor('GetItem');
    expect(requests.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.map((r) => r.id)).toEqual(ids);
    expect(results.every((r) => r.ok)).toBe(true);
    const callers = results.map((r) => (r.ok ? r.item.callerName : undefined));
    expect(callers).toEqual(list.map((v) => v.callerName));
    const seventh = results.find((r) => r.ok && r.item.callerName === 'Caller 7');
    expect(seventh?.ok === true ? seventh.item.transcription : undefined).toContain(
      'Message number 7',
    );
  });
});
