/**
 * The companion whole, against the schema-strict simulator over real sockets, with a fake
 * scheduler clock: refresh → Snapshot, commands, back-off on ErrorServerBusy, the disk cache.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { ALEX, NOW, started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();
const MINUTE = 60_000;

/** Design review: 16:45–17:45 UTC (09:45–10:45 in Los Angeles). */
const MEETING_END = '2025-06-10T17:45:00.000Z';
/** Customer call: 19:00 UTC (12:00 in Los Angeles), the next busy item once the review is gone. */
const NEXT_BUSY = '2025-06-10T19:00:00.000Z';

async function idOf(subject: string): Promise<string> {
  const entry = (await h.admin.calendar(ALEX)).find((e) => e.subject === subject);
  if (entry === undefined) throw new Error(`no ${subject} in the seed`);
  return entry.id;
}

function agendaItem(snapshot: Snapshot, subject: string): Snapshot['agenda'][number] {
  const item = snapshot.agenda.find((i) => i.subject === subject);
  if (item === undefined) throw new Error(`no ${subject} in the agenda`);
  return item;
}

describe('companion on the demo mailbox', () => {
  it('shows the meeting in progress, the agenda and the timeline after the first refresh', async () => {
    const { companion } = await h.companion();
    const seen: Snapshot[] = [];
    const unsubscribe = companion.subscribe((snapshot) => seen.push(snapshot));
    expect(companion.getSnapshot().connection.state).toBe('connecting');
    companion.start();
    await companion.whenIdle();
    unsubscribe();
    const s = companion.getSnapshot();
    // Subscribers get each new Snapshot; the refresh's data arrives as one of them.
    expect(seen.at(-1)).toBe(s);
    expect(seen.filter((x) => x.connection.state === 'online' && x.agenda.length > 0)).not.toEqual(
      [],
    );

    expect(s.account).toMatchObject({ mode: 'demo', mailbox: ALEX, displayName: 'Alex Wilber' });
    expect(s.connection).toEqual({ state: 'online', lastSuccessAt: NOW.toISOString() });
    expect(s.presence).toEqual({
      availability: 'in-a-meeting',
      idle: false,
      oof: false,
      note: '',
      activity: { kind: 'in-a-meeting-until', until: MEETING_END },
      activityText: 'In a meeting until 10:45',
      nextChange: MEETING_END,
      source: 'automatic',
    });

    const review = agendaItem(s, 'Design review');
    expect(review).toMatchObject({
      start: '2025-06-10T16:45:00.000Z',
      end: MEETING_END,
      freeBusy: 'busy',
      isMeeting: true,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/beacon-sim-1',
    });
    // The user's own private appointment shows its subject to the user, marked private.
    const dentist = agendaItem(s, 'Dentist');
    expect(dentist).toMatchObject({
      isPrivate: true,
      location: 'Main Street Dental',
      start: '2025-06-10T21:00:00.000Z',
    });
    expect(agendaItem(s, 'Vendor demo').isCancelled).toBe(true);
    expect(agendaItem(s, 'Architecture brown-bag').isTentative).toBe(true);
    // Only today (Los Angeles): tomorrow's stand-up is read for presence but not listed.
    expect(s.agenda.filter((i) => i.subject === 'Daily stand-up')).toHaveLength(1);
    expect(s.agenda.map((i) => i.start)).toEqual([...s.agenda.map((i) => i.start)].sort());

    // Local midnight in Los Angeles (PDT), 96 quarter hours from 38 (09:30): the stand-up and the
    // review busy, a free quarter, then the tentative brown-bag.
    expect(s.timeline?.start).toBe('2025-06-10T07:00:00.000Z');
    expect(s.timeline?.intervalMinutes).toBe(15);
    expect(s.timeline?.slots).toHaveLength(96);
    expect(s.timeline?.slots.slice(38, 46)).toBe('22222011');
    expect(s.oof).toMatchObject({ state: 'scheduled', externalAudience: 'all' });
  });

  it('a meeting cancelled in the simulator → available with "Free until" after refresh-now', async () => {
    const { companion, ok } = await started(await h.companion());
    await h.admin.cancelCalendarItem(ALEX, await idOf('Design review'));
    await ok({ type: 'refresh-now' });

    const s = companion.getSnapshot();
    expect(agendaItem(s, 'Canceled: Design review').isCancelled).toBe(true);
    expect(s.presence).toMatchObject({
      availability: 'available',
      activity: { kind: 'free-until', until: NEXT_BUSY },
      activityText: 'Free until 12:00',
      nextChange: NEXT_BUSY,
    });
  });

  it('set-oof round-trips every field into the mailbox; turn-oof-off restores', async () => {
    const { companion, ok } = await started(await h.companion());
    const before = await h.admin.oof(ALEX);
    expect(before.state).toBe('Scheduled');

    await ok({
      type: 'set-oof',
      state: 'enabled',
      externalAudience: 'known',
      internalReply: '<p>Back on <b>Monday</b> &amp; reachable by phone</p>',
      externalReply: '<p>Out of office</p>',
    });
    const held = await h.admin.oof(ALEX);
    expect(held).toEqual({
      state: 'Enabled',
      externalAudience: 'Known',
      // Not edited: the window the server held stays.
      start: before.start,
      end: before.end,
      internalReply: '<p>Back on <b>Monday</b> &amp; reachable by phone</p>',
      externalReply: '<p>Out of office</p>',
    });
    // Fields the command does not carry (the reply languages) are sent back as read.
    const client = new EwsClient({
      url: h.sim.ewsUrl,
      mailbox: ALEX,
      auth: new BasicAuth(ALEX, 'alex-password'),
    });
    try {
      const read = await client.getOofSettings();
      expect(read.internalReply.lang).toBe('en-US');
      expect(read.externalReply.lang).toBe('en-US');
    } finally {
      await client.close();
    }

    let s = companion.getSnapshot();
    expect(s.oof).toMatchObject({ state: 'enabled', externalAudience: 'known' });
    expect(s.presence).toMatchObject({
      availability: 'out-of-office',
      oof: true,
      note: 'Back on Monday & reachable by phone',
      activityText: 'Out of office',
    });

    await ok({
      type: 'set-oof',
      state: 'scheduled',
      start: '2025-06-10T17:00:00.000Z',
      end: '2025-06-12T16:00:00.000Z',
      externalAudience: 'none',
      internalReply: 'Away',
      externalReply: 'Away',
    });
    expect(await h.admin.oof(ALEX)).toMatchObject({
      state: 'Scheduled',
      externalAudience: 'None',
      start: '2025-06-10T17:00:00Z',
      end: '2025-06-12T16:00:00Z',
    });
    expect(companion.getSnapshot().presence).toMatchObject({
      availability: 'out-of-office',
      activity: { kind: 'oof-until', until: '2025-06-12T16:00:00.000Z' },
      activityText: 'Out of office until Thu 09:00',
    });

    await ok({ type: 'turn-oof-off' });
    expect(await h.admin.oof(ALEX)).toMatchObject({
      state: 'Disabled',
      internalReply: 'Away',
      start: '2025-06-10T17:00:00Z',
    });
    s = companion.getSnapshot();
    expect(s.oof?.state).toBe('disabled');
    expect(s.presence).toMatchObject({ availability: 'in-a-meeting', oof: false, note: '' });
  });

  it('manual do-not-disturb for 1 h returns to automatic when the clock passes the expiry', async () => {
    const t = await started(await h.companion());
    await t.ok({
      type: 'set-manual-status',
      availability: 'do-not-disturb',
      note: 'Heads down',
      expiry: '1h',
    });
    const expiresAt = NOW.getTime() + 60 * MINUTE;
    let s = t.companion.getSnapshot();
    expect(s.manual).toEqual({
      availability: 'do-not-disturb',
      note: 'Heads down',
      expiresAt: new Date(expiresAt).toISOString(),
    });
    expect(s.presence).toMatchObject({
      availability: 'do-not-disturb',
      note: 'Heads down',
      source: 'manual',
    });

    await t.advanceTo(expiresAt - 1000);
    expect(t.companion.getSnapshot().presence.availability).toBe('do-not-disturb');
    await t.advanceTo(expiresAt);
    s = t.companion.getSnapshot();
    expect(s.manual).toBeNull();
    // 11:07 in Los Angeles: the review is over, the brown-bag is only tentative.
    expect(s.presence).toMatchObject({
      availability: 'available',
      source: 'automatic',
      note: '',
      activityText: 'Free until 12:00',
    });
  });

  it('reset-status returns to the automatic presence at once', async () => {
    const t = await started(await h.companion());
    await t.ok({ type: 'set-manual-status', availability: 'be-right-back', expiry: 'never' });
    expect(t.companion.getSnapshot().presence).toMatchObject({
      availability: 'be-right-back',
      source: 'manual',
    });
    expect(t.companion.getSnapshot().manual?.expiresAt).toBeUndefined();
    await t.ok({ type: 'reset-status' });
    const s = t.companion.getSnapshot();
    expect(s.manual).toBeNull();
    expect(s.presence).toMatchObject({ availability: 'in-a-meeting', source: 'automatic' });
  });

  it('ErrorServerBusy: the footer shows the retry, the data stays, the retry recovers', async () => {
    const t = await started(await h.companion());
    const good = t.companion.getSnapshot();
    await h.admin.inject({ operation: 'FindItem', kind: 'server-busy', backOffMs: 40_000 });

    const result = await t.companion.execute({ type: 'refresh-now' });
    expect(result).toMatchObject({ ok: false, error: { code: 'server-error' } });
    const failed = t.companion.getSnapshot();
    expect(failed.connection).toMatchObject({
      state: 'stale',
      lastSuccessAt: NOW.toISOString(),
      retryAt: new Date(NOW.getTime() + 40_000).toISOString(),
      error: { kind: 'server-busy' },
    });
    expect(failed.agenda).toEqual(good.agenda);
    expect(failed.presence).toEqual(good.presence);
    expect(failed.timeline).toEqual(good.timeline);

    await t.advanceTo(NOW.getTime() + 40_000);
    const recovered = t.companion.getSnapshot();
    expect(recovered.connection).toEqual({
      state: 'online',
      lastSuccessAt: new Date(NOW.getTime() + 40_000).toISOString(),
    });
    expect(recovered.agenda).toEqual(good.agenda);
    const finds = await h.admin.requestsFor('FindItem');
    expect(finds.length).toBeGreaterThanOrEqual(3);
  });

  it('a second companion in the same folder shows the cached presence at once, stale', async () => {
    const first = await started(await h.companion());
    await first.companion.stop();
    const cachedOnDisk = JSON.parse(
      await readFile(path.join(first.dataDir, 'snapshot-cache.json'), 'utf8'),
    ) as { snapshot: Snapshot };
    expect(cachedOnDisk.snapshot.presence.availability).toBe('in-a-meeting');
    expect(JSON.stringify(cachedOnDisk)).not.toContain('alex-password');

    const second = await h.companion({ dataDir: first.dataDir });
    const shown = second.companion.getSnapshot();
    expect(shown.presence).toEqual(first.companion.getSnapshot().presence);
    expect(shown.agenda).toEqual(first.companion.getSnapshot().agenda);
    expect(shown.account).toMatchObject({ mode: 'demo', displayName: 'Alex Wilber' });
    expect(shown.connection).toEqual({ state: 'stale', lastSuccessAt: NOW.toISOString() });

    second.companion.start();
    await second.companion.whenIdle();
    expect(second.companion.getSnapshot().connection.state).toBe('online');
  });

  it('rejects invalid commands with typed errors', async () => {
    const { companion } = await started(await h.companion());
    expect(await companion.execute({ type: 'nope' } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid-command', message: 'Unknown command type "nope"' },
    });
    const manual = await companion.execute({
      type: 'set-manual-status',
      availability: 'in-a-meeting',
      expiry: '1h',
    } as never);
    expect(manual).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect(manual.ok ? [] : manual.error.issues?.map((i) => i.path)).toEqual(['availability']);
    expect(
      await companion.execute({
        type: 'set-oof',
        state: 'scheduled',
        start: '2025-06-10T17:00:00.000Z',
        externalAudience: 'all',
        internalReply: '',
        externalReply: '',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-command', issues: [{ path: 'end' }] } });
    expect(
      await companion.execute({
        type: 'update-settings',
        settings: { presence: { inactiveAfterMinutes: 30, awayAfterMinutes: 10 } },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-command', issues: [{ path: 'presence.inactiveAfterMinutes' }] },
    });
    expect(
      await companion.execute({
        type: 'update-settings',
        settings: { account: { password: 'x' } },
      } as never),
    ).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    // Nothing rejected changed anything.
    expect(companion.getSnapshot().manual).toBeNull();
    expect(companion.getSnapshot().settings.presence.awayAfterMinutes).toBe(15);
  });

  it('open-join-link opens only the item’s own https link', async () => {
    await h.admin.addCalendarItem(ALEX, {
      subject: 'Suspicious',
      start: '2025-06-10T22:00:00Z',
      end: '2025-06-10T22:30:00Z',
      joinOnlineMeetingUrl: 'javascript:alert(1)',
    });
    const t = await started(await h.companion());
    const s = t.companion.getSnapshot();

    expect(await t.companion.execute({ type: 'open-join-link', itemId: 'no-such-id' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No such item in the agenda' },
    });
    expect(
      await t.companion.execute({
        type: 'open-join-link',
        itemId: agendaItem(s, 'Dentist').id,
      }),
    ).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(
      await t.companion.execute({ type: 'open-join-link', itemId: agendaItem(s, 'Suspicious').id }),
    ).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(t.opened).toEqual([]);

    await t.ok({ type: 'open-join-link', itemId: agendaItem(s, 'Design review').id });
    expect(t.opened).toEqual(['https://teams.microsoft.com/l/meetup-join/beacon-sim-1']);
  });

  it('idle changes and new thresholds recompute presence without asking Exchange', async () => {
    let idle = { idleSeconds: 0, locked: false };
    const t = await started(await h.companion({ idle: () => idle }));
    await h.admin.cancelCalendarItem(ALEX, await idOf('Design review'));
    await t.companion.refreshNow();
    await h.admin.clearRequests();

    idle = { idleSeconds: 11 * 60, locked: false };
    t.companion.notifyIdleChanged();
    expect(t.companion.getSnapshot().presence).toMatchObject({
      availability: 'available',
      idle: true,
    });

    await t.ok({ type: 'update-settings', settings: { presence: { awayAfterMinutes: 10 } } });
    expect(t.companion.getSnapshot().presence).toMatchObject({ availability: 'away', idle: true });
    expect(t.companion.getSnapshot().settings.presence.awayAfterMinutes).toBe(10);
    const onDisk = JSON.parse(await readFile(path.join(t.dataDir, 'settings.json'), 'utf8')) as {
      presence: { awayAfterMinutes: number };
    };
    expect(onDisk.presence.awayAfterMinutes).toBe(10);

    idle = { idleSeconds: 0, locked: true };
    t.companion.notifyIdleChanged();
    expect(t.companion.getSnapshot().presence).toMatchObject({ availability: 'away', idle: true });
    idle = { idleSeconds: 0, locked: false };
    t.companion.notifyIdleChanged();
    expect(t.companion.getSnapshot().presence).toMatchObject({
      availability: 'available',
      idle: false,
    });
    expect(await h.admin.requests()).toEqual([]);
  });
});

describe('warnings at start', () => {
  it('reports a damaged settings file as data the shells word, with the kept file’s name', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-warnings-'));
    try {
      await writeFile(path.join(dataDir, 'settings.json'), '{ this is not json');
      const test = await h.companion({ dataDir });
      const [warning, ...more] = test.companion.getSnapshot().warnings;
      expect(more).toEqual([]);
      expect(warning).toMatchObject({ kind: 'settings-damaged' });
      const keptAs = warning?.kind === 'settings-damaged' ? warning.keptAs : '';
      expect(await readdir(dataDir)).toContain(keptAs);
      await test.companion.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reports a password taken out of the settings file without repeating it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-warnings-'));
    try {
      await writeFile(
        path.join(dataDir, 'settings.json'),
        JSON.stringify({ account: { mailbox: ALEX, password: 'hunter2', useAutodiscover: true } }),
      );
      const test = await h.companion({ dataDir });
      expect(test.companion.getSnapshot().warnings).toEqual([{ kind: 'secrets-removed' }]);
      expect(JSON.stringify(test.companion.getSnapshot())).not.toContain('hunter2');
      await test.companion.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
