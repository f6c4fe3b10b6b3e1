/**
 * The viewer's time zone (`Api.setViewer`): "today", the manual expiries and the activity line
 * follow the zone of whoever looks at the window, and a new day there is read from Exchange.
 */
import { describe, expect, it } from 'vitest';
import { started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();

describe('the viewer’s time zone', () => {
  it('a zone where it is already tomorrow shows tomorrow, read from Exchange', async () => {
    const t = await started(await h.companion());
    // Los Angeles, 10:07 on 10 June: today starts at 07:00 UTC.
    expect(t.companion.getSnapshot().timeline?.start).toBe('2025-06-10T07:00:00.000Z');
    expect(t.companion.getSnapshot().presence.activityText).toBe('In a meeting until 10:45');

    await h.admin.clearRequests();
    // Seoul, 02:07 on 11 June: another day, so the agenda and timeline are read again.
    t.companion.setViewer({ timeZone: 'Asia/Seoul' });
    expect(t.companion.getSnapshot().presence.activityText).toBe('In a meeting until 02:45');
    await t.companion.whenIdle();
    const s = t.companion.getSnapshot();
    expect(s.timeline?.start).toBe('2025-06-10T15:00:00.000Z');
    expect(s.agenda.every((i) => Date.parse(i.end) > Date.parse('2025-06-10T15:00:00Z'))).toBe(
      true,
    );
    // The Design review (09:45 in Los Angeles) is 01:45 on 11 June in Seoul: still listed.
    expect(s.agenda.map((i) => i.subject)).toContain('Design review');
    expect((await h.admin.requests()).length).toBeGreaterThan(0);
  });

  it('a zone with the same day window recomputes without asking Exchange', async () => {
    const t = await started(await h.companion());
    await h.admin.clearRequests();
    t.companion.setViewer({ timeZone: 'America/Vancouver' }); // the same midnight as Los Angeles
    await t.companion.whenIdle();
    expect(t.companion.getSnapshot().presence.activityText).toBe('In a meeting until 10:45');
    expect(await h.admin.requests()).toEqual([]);
  });

  it('a zone whose day starts at another instant reads that day again', async () => {
    const t = await started(await h.companion());
    await h.admin.clearRequests();
    t.companion.setViewer({ timeZone: 'America/Denver' }); // 11:07; midnight was at 06:00 UTC
    expect(t.companion.getSnapshot().presence.activityText).toBe('In a meeting until 11:45');
    await t.companion.whenIdle();
    expect(t.companion.getSnapshot().timeline?.start).toBe('2025-06-10T06:00:00.000Z');
    expect((await h.admin.requests()).length).toBeGreaterThan(0);
  });

  it('manual expiries end the viewer’s day', async () => {
    const t = await started(await h.companion());
    t.companion.setViewer({ timeZone: 'Asia/Seoul' });
    await t.companion.whenIdle();
    await t.ok({ type: 'set-manual-status', availability: 'busy', expiry: 'end-of-day' });
    // Midnight ending 11 June in Seoul, not in Los Angeles (07:00 UTC on 11 June).
    expect(t.companion.getSnapshot().manual?.expiresAt).toBe('2025-06-11T15:00:00.000Z');
  });

  it('refuses what is not an IANA zone', async () => {
    const t = await started(await h.companion());
    expect(() => {
      t.companion.setViewer({ timeZone: 'Mars/Olympus' });
    }).toThrow(RangeError);
    expect(t.companion.getSnapshot().presence.activityText).toBe('In a meeting until 10:45');
  });
});
