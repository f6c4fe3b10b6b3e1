/**
 * core/live as the companion drives it (parts → reader → remember), over the real Graph backend
 * and the simulator's CSDL-checked Graph face, for what a poll that asks first must get right:
 * - a voicemail check that found a change owes the list until a read of it succeeds (the list's
 *   failure never fails the refresh, and the next check from the moved bookmark says nothing);
 * - a refresh that answers the calendar from the last read answers only the owner's own
 *   free/busy from it: a colleague's new meeting is asked of Graph (contacts' presence);
 * - the read-ahead steps of the last read answer again, a step beyond them is read;
 * - a calendar bookmark whose window no longer reaches today's reads starts a new round.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../src-main/backends/index.js';
import { parseCalendarBookmark } from '../../../src-main/backends/graph/live.js';
import { refreshWindows } from '../../../src-main/core/companion/day-window.js';
import {
  createCompanionLive,
  type CompanionLive,
  type FollowedConnection,
} from '../../../src-main/core/live/companion-live.js';
import { createFolderSync } from '../../../src-main/core/live/folder-sync.js';
import { SyncStateStore } from '../../../src-main/core/live/sync-state.js';
import type { MailboxBackend } from '../../../src-main/mailbox/backend.js';
import { BookmarkExpiredError } from '../../../src-main/mailbox/errors.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { ALEX, NOW, startGraphSimulator, tokenOf } from '../sim/graph/support.js';

const ZONE = 'America/Los_Angeles';
const MEGAN = 'megan@beacon.test';
const DAY = 86_400_000;
const VIEW = 'Graph GET /me/calendarView';
const SCHEDULE = 'Graph POST /me/calendar/getSchedule';

let sim: RunningSimulator;
let admin: SimAdmin;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  sim = await startGraphSimulator({ now: () => NOW });
  admin = new SimAdmin(sim);
});
afterAll(async () => {
  await admin.close();
  await sim.close();
});
beforeEach(async () => {
  await admin.reset('demo');
});
afterEach(async () => {
  await admin.clearFaults();
  for (const run of cleanup.splice(0).reverse()) await run();
});

function graphBackend(now: () => number = () => NOW.getTime()): MailboxBackend {
  const backend = createBackend({
    protocol: 'graph',
    mailbox: ALEX,
    baseUrl: sim.graphUrl,
    tokenProvider: () => Promise.resolve(tokenOf(sim, ALEX)),
    maxAttempts: 1,
    maxPauseWaitMs: 0,
    timeoutMs: 30_000,
    now: () => new Date(now()),
  });
  cleanup.push(() => backend.close());
  return backend;
}

interface Setup {
  live: CompanionLive;
  connection: FollowedConnection;
  dayStart: number;
  windows: ReturnType<typeof refreshWindows>;
}

async function followed(): Promise<Setup> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-live-graph-'));
  const live = createCompanionLive({
    dataDir,
    clock: new FakeSchedulerClock(NOW.getTime()),
    requestRefresh: () => undefined,
    setPollEvery: () => undefined,
  });
  cleanup.push(async () => {
    await live.disconnect();
    await rm(dataDir, { recursive: true, force: true });
  });
  const connection: FollowedConnection = {
    backend: graphBackend(),
    account: { mode: 'exchange', mailbox: ALEX },
  };
  live.follow(connection);
  const windows = refreshWindows(NOW.getTime(), ZONE);
  return { live, connection, dayStart: windows.dayStart, windows };
}

/** One refresh's calendar reads as the companion makes them, remembered afterwards. */
async function readAndRemember(t: Setup, reason: string, ahead?: { start: number; end: number }) {
  const parts = await t.live.parts(t.connection, reason, t.dayStart);
  const reader = t.live.reader(t.connection, parts, t.dayStart, undefined);
  const calendar = await reader.getCalendar({
    start: new Date(t.dayStart),
    end: new Date(t.windows.calendarEnd),
  });
  const availability = await reader.getAvailability({
    start: new Date(t.dayStart),
    end: new Date(t.windows.dayEnd),
    timeZone: ZONE,
    intervalMinutes: 15,
  });
  const further =
    ahead === undefined
      ? undefined
      : await reader.getCalendar({ start: new Date(ahead.start), end: new Date(ahead.end) });
  if (parts.voicemail) await reader.listVoicemail({ maxEntries: 50 });
  t.live.remember(t.connection, t.dayStart, calendar, availability);
  return { parts, reader, calendar, availability, further };
}

async function operations(): Promise<string[]> {
  return (await admin.requests()).map((r) => r.operation);
}

describe('core/live over the Graph backend', () => {
  it('a voicemail change whose list read failed is read at the next poll, whatever the check says', async () => {
    const t = await followed();
    await readAndRemember(t, 'start');
    expect((await t.live.parts(t.connection, 'quarter-hour', t.dayStart)).voicemail).toBe(false);

    await admin.dropVoicemail(ALEX, { callerName: 'Lee Gu', callerNumber: '+1 425 555 0100' });
    const changed = await t.live.parts(t.connection, 'quarter-hour', t.dayStart);
    expect(changed).toEqual({ oof: true, calendar: false, voicemail: true });
    // The list read fails (the refresh itself does not: the voicemail list never fails it).
    await admin.inject({ face: 'graph', operation: 'messages', kind: 'reset', count: 1 });
    const reader = t.live.reader(t.connection, changed, t.dayStart, undefined);
    await expect(reader.listVoicemail({ maxEntries: 50 })).rejects.toThrow();

    // The bookmark moved past the change: the check alone would say "unchanged". The list is
    // owed, so the poll reads it, without asking the check again.
    await admin.clearRequests();
    const owed = await t.live.parts(t.connection, 'quarter-hour', t.dayStart);
    expect(owed).toEqual({ oof: true, calendar: false, voicemail: true });
    expect(await operations()).toEqual([expect.stringContaining('calendarView/delta')]);
    const list = await t.live.reader(t.connection, owed, t.dayStart, undefined).listVoicemail({
      maxEntries: 50,
    });
    expect(list.items.some((v) => v.callerName === 'Lee Gu')).toBe(true);
    // Read once: nothing is owed, and the check answers again.
    expect((await t.live.parts(t.connection, 'quarter-hour', t.dayStart)).voicemail).toBe(false);
  });

  it("a poll that keeps the calendar answers the owner's free/busy from the last read, a colleague's from Graph", async () => {
    const t = await followed();
    const first = await readAndRemember(t, 'start');
    const own = first.availability[0];
    if (own?.ok !== true) throw new Error('no own free/busy');
    // Megan books a meeting now; Alex's calendar is unchanged.
    await admin.addCalendarItem(MEGAN, {
      subject: 'Budget review',
      start: '2025-06-10T18:00:00Z',
      end: '2025-06-10T19:00:00Z',
      freeBusy: 'Busy',
    });
    await admin.clearRequests();
    const parts = await t.live.parts(t.connection, 'quarter-hour', t.dayStart);
    expect(parts.calendar).toBe(false);
    const reader = t.live.reader(t.connection, parts, t.dayStart, undefined);
    const query = {
      start: new Date(t.dayStart),
      end: new Date(t.windows.dayEnd),
      timeZone: ZONE,
      intervalMinutes: 30,
      detail: 'busy-only' as const,
    };
    const [mine] = await reader.getAvailability({ ...query, mailboxes: [ALEX] });
    expect(mine?.ok === true ? mine.mergedFreeBusy : undefined).toBe(own.mergedFreeBusy);
    expect(await operations()).not.toContain(SCHEDULE);

    const [megan] = await reader.getAvailability({ ...query, mailboxes: [MEGAN] });
    expect(megan?.mailbox.toLowerCase()).toBe(MEGAN);
    if (megan?.ok !== true) throw new Error('no free/busy for Megan');
    expect(megan.events.map((e) => [e.start.toISOString(), e.busyType])).toContainEqual([
      '2025-06-10T18:00:00.000Z',
      'Busy',
    ]);
    expect((await operations()).filter((o) => o === SCHEDULE)).toHaveLength(1);
  });

  it('the read-ahead steps of the last read answer again; a step beyond them is read', async () => {
    const t = await followed();
    const step = { start: t.windows.calendarEnd, end: t.windows.calendarEnd + 7 * DAY };
    await admin.addCalendarItem(ALEX, {
      subject: 'Offsite',
      start: new Date(step.start + 2 * DAY).toISOString(),
      end: new Date(step.start + 2 * DAY + 3_600_000).toISOString(),
    });
    const first = await readAndRemember(t, 'start', step);
    expect(first.further?.items.map((i) => i.subject)).toContain('Offsite');

    await admin.clearRequests();
    const again = await readAndRemember(t, 'quarter-hour', step);
    expect(again.parts.calendar).toBe(false);
    expect(again.further?.items.map((i) => i.subject)).toEqual(
      first.further?.items.map((i) => i.subject),
    );
    expect(await operations()).not.toContain(VIEW);

    // Further than the last read looked: asked of Graph.
    const parts = await t.live.parts(t.connection, 'quarter-hour', t.dayStart);
    const beyond = await t.live
      .reader(t.connection, parts, t.dayStart, undefined)
      .getCalendar({ start: new Date(step.end), end: new Date(step.end + DAY) });
    expect(beyond.complete).toBe(true);
    expect((await operations()).filter((o) => o === VIEW)).toHaveLength(1);
  });

  it('a calendar bookmark whose window no longer reaches the days read starts a new round', async () => {
    let now = NOW.getTime();
    const backend = graphBackend(() => now);
    const live = backend.live;
    if (live === undefined) throw new Error('no live updates over Graph');
    const first = await live.syncFolder({ folder: 'calendar' });
    const window = parseCalendarBookmark(first.syncState);
    expect(window).toEqual({
      link: expect.stringMatching(new RegExp(`^${sim.graphUrl}/`)) as unknown,
      start: NOW.getTime() - DAY,
      end: NOW.getTime() + 31 * DAY,
    });
    // Two weeks on, the window still reaches 15 days ahead: the bookmark answers.
    now += 14 * DAY;
    expect(
      (await live.syncFolder({ folder: 'calendar', syncState: first.syncState })).complete,
    ).toBe(true);
    // Three days later it no longer does; an older bookmark without its window neither.
    now += 3 * DAY;
    await expect(
      live.syncFolder({ folder: 'calendar', syncState: first.syncState }),
    ).rejects.toBeInstanceOf(BookmarkExpiredError);
    await expect(
      live.syncFolder({ folder: 'calendar', syncState: window?.link ?? '' }),
    ).rejects.toBeInstanceOf(BookmarkExpiredError);

    // The core's check starts over from now, and counts it as a change.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-live-graph-window-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const store = new SyncStateStore(dataDir);
    await store.save(ALEX, { calendar: { folder: 'calendar', syncState: first.syncState } });
    const sync = createFolderSync(store, ALEX);
    expect(await sync.changed(live, 'calendar')).toBe(true);
    const renewed = parseCalendarBookmark((await store.load(ALEX)).calendar?.syncState ?? '');
    expect(renewed?.start).toBe(now - DAY);
    expect(renewed?.end).toBe(now + 31 * DAY);
    expect(await sync.changed(live, 'calendar')).toBe(false);
  });
});
