/**
 * The companion end to end on the Graph backend: the same simulator mailbox reached only through
 * its Graph face (every body checked against the v1.0 CSDL), over real sockets, with a fake
 * scheduler clock. The demo account over Graph shows presence from the calendar and OOF, the
 * agenda with recurrences and zones, contacts' free/busy and automatic replies, and voicemail
 * played, read and deleted; an Exchange account over Graph follows changes with polling-mode
 * delta sync (an expired token starts over), and a throttled Graph answers with a pause, not a
 * storm. Not one EWS request is sent.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { CommandInput, Contact, Snapshot } from '../../../src-main/core/contract.js';
import { toGraphId } from '../../../src-main/sim/graph/ids.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { createFolderSync } from '../../../src-main/core/live/folder-sync.js';
import { SyncStateStore } from '../../../src-main/core/live/sync-state.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { startGraphSimulator } from '../sim/graph/support.js';
import { graphConnector } from './graph-connector.js';
import { ALEX, LOCALE, NOW, ZONE } from './support.js';

const SEC = 1000;
const MINUTE = 60 * SEC;
/** Design review: 16:45–17:45 UTC (09:45–10:45 in Los Angeles). */
const MEETING_END = '2025-06-10T17:45:00.000Z';
const NEXT_BUSY = '2025-06-10T19:00:00.000Z';

let sim: RunningSimulator;
let admin: SimAdmin;
const created: { companion: Companion; dataDir: string }[] = [];

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
  for (const c of created.splice(0)) {
    await c.companion.stop();
    await rm(c.dataDir, { recursive: true, force: true });
  }
});

interface GraphCompanion {
  companion: Companion;
  clock: FakeSchedulerClock;
  ok: (command: CommandInput) => Promise<void>;
  advanceTo: (at: number) => Promise<void>;
}

async function graphCompanion(): Promise<GraphCompanion> {
  const clock = new FakeSchedulerClock(NOW.getTime());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-graph-companion-'));
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: () => undefined,
    connectMailbox: graphConnector(sim, clock),
    // The demo account's mailbox is the simulator's, reached over Graph by the connector.
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
  });
  created.push({ companion, dataDir });
  return {
    companion,
    clock,
    ok: async (command) => {
      const result = await companion.execute(command);
      if (!result.ok) throw new Error(`${command.type} rejected: ${JSON.stringify(result.error)}`);
    },
    advanceTo: (at) => clock.advanceTo(at, () => companion.whenIdle()),
  };
}

async function started(): Promise<GraphCompanion> {
  const t = await graphCompanion();
  t.companion.start();
  await t.companion.whenIdle();
  return t;
}

/** Signs in as an Exchange account (the connector reaches it over Graph) and waits. */
async function signedIn(): Promise<GraphCompanion> {
  const t = await started();
  await t.ok({ type: 'sign-in', mailbox: ALEX, password: 'unused-over-graph', remember: false });
  await t.companion.refreshNow();
  await t.companion.whenIdle();
  return t;
}

function agendaItem(snapshot: Snapshot, subject: string): Snapshot['agenda'][number] {
  const item = snapshot.agenda.find((i) => i.subject === subject);
  if (item === undefined) throw new Error(`no ${subject} in the agenda`);
  return item;
}

function contact(contacts: readonly Contact[], address: string): Contact {
  const found = contacts.find((c) => c.address === address);
  if (found === undefined) throw new Error(`no contact ${address}`);
  return found;
}

async function idOf(subject: string): Promise<string> {
  const entry = (await admin.calendar(ALEX)).find((e) => e.subject === subject);
  if (entry === undefined) throw new Error(`no ${subject} in the seed`);
  return entry.id;
}

async function onlyGraphRequests(): Promise<string[]> {
  return (await admin.requests()).map((r) => r.operation).filter((o) => !o.startsWith('Graph '));
}

describe('the companion on the Graph backend (demo account)', () => {
  it('presence from the calendar, the agenda with recurrences and zones, the timeline and OOF', async () => {
    const { companion } = await started();
    const s = companion.getSnapshot();
    expect(s.account).toMatchObject({ mode: 'demo', mailbox: ALEX, displayName: 'Alex Wilber' });
    expect(s.connection).toEqual({ state: 'online', lastSuccessAt: NOW.toISOString() });
    expect(s.presence).toMatchObject({
      availability: 'in-a-meeting',
      oof: false,
      activity: { kind: 'in-a-meeting-until', until: MEETING_END },
      activityText: 'In a meeting until 10:45',
      nextChange: MEETING_END,
      source: 'automatic',
    });
    expect(agendaItem(s, 'Design review')).toMatchObject({
      start: '2025-06-10T16:45:00.000Z',
      end: MEETING_END,
      freeBusy: 'busy',
      isMeeting: true,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/beacon-sim-1',
    });
    expect(agendaItem(s, 'Dentist')).toMatchObject({
      isPrivate: true,
      location: 'Main Street Dental',
      start: '2025-06-10T21:00:00.000Z',
    });
    expect(agendaItem(s, 'Vendor demo').isCancelled).toBe(true);
    expect(agendaItem(s, 'Architecture brown-bag').isTentative).toBe(true);
    // The recurring stand-up expanded by Graph's calendarView: today's occurrence only.
    expect(s.agenda.filter((i) => i.subject === 'Daily stand-up')).toHaveLength(1);
    expect(s.agenda.map((i) => i.start)).toEqual([...s.agenda.map((i) => i.start)].sort());
    // Local midnight in Los Angeles (PDT): the working-hours zone rule came from Graph.
    expect(s.timeline?.start).toBe('2025-06-10T07:00:00.000Z');
    expect(s.timeline?.slots).toHaveLength(96);
    expect(s.timeline?.slots.slice(38, 46)).toBe('22222011');
    expect(s.oof).toMatchObject({ state: 'scheduled', externalAudience: 'all' });
    expect(await onlyGraphRequests()).toEqual([]);
  });

  it('a cancelled meeting → available; OOF switched on → out of office, both through Graph', async () => {
    const t = await started();
    await admin.cancelCalendarItem(ALEX, await idOf('Design review'));
    await t.ok({ type: 'refresh-now' });
    expect(t.companion.getSnapshot().presence).toMatchObject({
      availability: 'available',
      activity: { kind: 'free-until', until: NEXT_BUSY },
    });
    await t.ok({
      type: 'set-oof',
      state: 'enabled',
      externalAudience: 'known',
      internalReply: '<p>Back on <b>Monday</b></p>',
      externalReply: '<p>Out of office</p>',
    });
    expect(await admin.oof(ALEX)).toMatchObject({
      state: 'Enabled',
      externalAudience: 'Known',
      internalReply: '<p>Back on <b>Monday</b></p>',
      externalReply: '<p>Out of office</p>',
    });
    await t.ok({ type: 'refresh-now' });
    const s = t.companion.getSnapshot();
    expect(s.presence.oof).toBe(true);
    expect(s.oof).toMatchObject({ state: 'enabled', externalAudience: 'known' });
    expect(await onlyGraphRequests()).toEqual([]);
  });

  it("contacts' presence from their free/busy and automatic replies over Graph", async () => {
    await admin.addCalendarItem('megan@beacon.test', {
      subject: 'Budget review',
      start: '2025-06-10T17:00:00Z',
      end: '2025-06-10T18:30:00Z',
      freeBusy: 'Busy',
      organizer: { name: 'Megan Bowen', email: 'megan@beacon.test' },
      attendees: ['diego@beacon.test'],
    });
    await admin.setOof('diego@beacon.test', {
      state: 'Enabled',
      internalReply: '<p>Back <b>Monday</b> &amp; <script>alert(1)</script>reachable by phone</p>',
      externalReply: 'Away',
    });
    const { companion } = await started();
    const { contacts } = companion.getSnapshot();
    expect(contact(contacts, 'megan@beacon.test').presence).toMatchObject({
      availability: 'in-a-meeting',
      activity: { kind: 'in-a-meeting-until', until: '2025-06-10T18:30:00.000Z' },
      source: 'calendar',
    });
    const diego = contact(contacts, 'diego@beacon.test');
    expect(diego.presence.availability).toBe('out-of-office');
    expect(diego.oofMessage).toBe('Back Monday & reachable by phone');
    const lidia = contact(contacts, 'lidia@beacon.test');
    expect(lidia.presence.availability).toBe('out-of-office');
    expect(lidia.presence.activityText).toBe('Out of office until Thu 10:07');
    const ops = (await admin.requests()).map((r) => r.operation);
    expect(ops).toContain('Graph POST /me/calendar/getSchedule');
    expect(ops).toContain('Graph POST /me/getMailTips');
    expect(await onlyGraphRequests()).toEqual([]);
  });

  it('voicemail: listed newest first, audio played byte for byte, read and deleted on the mailbox', async () => {
    const t = await started();
    const list = t.companion.getSnapshot().voicemail;
    const times = list.map((v) => Date.parse(v.receivedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const megan = list.find((v) => v.callerName === 'Megan Bowen');
    if (megan === undefined) throw new Error('no voicemail from Megan');
    expect(megan).toMatchObject({
      kind: 'voicemail',
      isRead: false,
      callerNumber: '+14255550142',
      durationSeconds: 13,
    });
    expect(megan.transcript).toMatch(/^Hi Alex, it's Megan from Contoso\./);
    // Nothing is fetched at start; asked for, the recording comes over Graph's $value.
    expect(megan.audio).toEqual({ state: 'not-loaded', format: 'mp3' });
    expect((await t.companion.execute({ type: 'prepare-voicemail-audio', id: megan.id })).ok).toBe(
      true,
    );
    await t.companion.whenIdle();
    const prepared = t.companion.getSnapshot().voicemail.find((v) => v.id === megan.id)?.audio;
    expect(prepared).toMatchObject({ state: 'ready', format: 'mp3' });
    if (prepared?.state !== 'ready') throw new Error('not ready');
    // The snapshot names the voicemail by its Graph id: the simulator's item in URL-safe form.
    const stored = (await admin.voicemail(ALEX)).find((m) => toGraphId(m.id) === megan.id);
    if (stored === undefined) throw new Error('Megan is not in the mailbox');
    const opened = await t.companion.voicemailAudio.open(
      prepared.src.slice('voicemail-audio/'.length),
      'original',
    );
    if (opened === undefined) throw new Error('no cached audio');
    expect((await stat(opened.filePath)).size).toBe(stored.attachments[0]?.size);

    await t.ok({ type: 'set-voicemail-read', id: megan.id, read: true });
    expect((await admin.voicemail(ALEX)).find((m) => m.id === stored.id)?.isRead).toBe(true);
    await t.ok({ type: 'delete-voicemail', id: megan.id });
    await t.advanceTo(NOW.getTime() + 6 * SEC);
    expect(t.companion.getSnapshot().voicemail.map((v) => v.id)).not.toContain(megan.id);
    expect((await admin.voicemail(ALEX)).map((m) => m.id)).not.toContain(stored.id);
    const deleted = (await admin.messages(ALEX)).filter((m) => m.folder === 'deleteditems');
    expect(deleted.map((m) => m.subject)).toContain(stored.subject);
    expect(await onlyGraphRequests()).toEqual([]);
  });
});

describe('the companion on the Graph backend (Exchange account)', () => {
  it('signs in over Graph: the directory name, polling mode, no stream', async () => {
    const t = await signedIn();
    const s = t.companion.getSnapshot();
    expect(s.account).toMatchObject({
      mode: 'exchange',
      mailbox: ALEX,
      displayName: 'Alex Wilber',
      signIn: 'signed-in',
    });
    expect(s.connection.state).toBe('online');
    expect(s.connection.updates).toMatchObject({ mode: 'polling' });
    expect(await onlyGraphRequests()).toEqual([]);
  });

  it('an add, a move and a cancel reach the Snapshot at the next quarter-hour poll', async () => {
    const t = await signedIn();
    const ops = async (): Promise<string[]> => (await admin.requests()).map((r) => r.operation);
    expect(await ops()).toContain('Graph GET /me/calendarView/delta');

    await admin.addCalendarItem(ALEX, {
      subject: 'Added over Graph',
      start: '2025-06-10T22:00:00Z',
      end: '2025-06-10T22:30:00Z',
    });
    await admin.moveCalendarItem(ALEX, await idOf('Dentist'), {
      start: new Date('2025-06-10T23:00:00Z'),
      end: new Date('2025-06-10T23:30:00Z'),
    });
    await admin.cancelCalendarItem(ALEX, await idOf('Design review'));
    await admin.clearRequests();
    await t.advanceTo(NOW.getTime() + 15 * MINUTE);
    const s = t.companion.getSnapshot();
    expect(agendaItem(s, 'Added over Graph').start).toBe('2025-06-10T22:00:00.000Z');
    expect(agendaItem(s, 'Dentist').start).toBe('2025-06-10T23:00:00.000Z');
    expect(agendaItem(s, 'Canceled: Design review').isCancelled).toBe(true);
    expect(s.presence.availability).toBe('available');
    expect(await onlyGraphRequests()).toEqual([]);
  });

  it("the core's folder check over Graph: unchanged, changed, and an expired token starting over", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-graph-sync-'));
    const clock = new FakeSchedulerClock(NOW.getTime());
    const connection = await graphConnector(
      sim,
      clock,
    )({
      settings: { mailbox: ALEX, useAutodiscover: false, demo: false },
      startDemoMailbox: () => Promise.reject(new Error('not the demo')),
      secrets: undefined,
      clock: { now: () => clock.now(), sleep: () => Promise.resolve() },
    });
    try {
      const live = connection.backend.live;
      if (live === undefined) throw new Error('no live updates over Graph');
      const store = new SyncStateStore(dataDir);
      const sync = createFolderSync(store, ALEX);
      await sync.prime(live, 'calendar');
      const primed = (await store.load(ALEX)).calendar;
      expect(primed?.syncState.startsWith(`${sim.graphUrl}/`)).toBe(true);
      expect(await sync.changed(live, 'calendar')).toBe(false);
      await admin.moveCalendarItem(ALEX, await idOf('Dentist'), {
        start: new Date('2025-06-10T23:00:00Z'),
        end: new Date('2025-06-10T23:30:00Z'),
      });
      expect(await sync.changed(live, 'calendar')).toBe(true);
      expect(await sync.changed(live, 'calendar')).toBe(false);

      await admin.expireGraphDeltaTokens();
      await admin.clearRequests();
      // The stale link is refused (410) and a new round starts: counted as a change.
      expect(await sync.changed(live, 'calendar')).toBe(true);
      const deltas = (await admin.requests()).filter(
        (r) => r.operation === 'Graph GET /me/calendarView/delta',
      );
      expect(deltas.map((r) => r.status)).toEqual([410, 200]);
      expect(await sync.changed(live, 'calendar')).toBe(false);

      // Voicemail: the class filter's digest; a new voicemail is a change, a second look is not.
      expect(await sync.changed(live, 'voicemail')).toBe(true);
      expect(await sync.changed(live, 'voicemail')).toBe(false);
      await admin.dropVoicemail(ALEX, { callerName: 'Lee Gu', callerNumber: '+1 425 555 0100' });
      expect(await sync.changed(live, 'voicemail')).toBe(true);
      expect((await store.load(ALEX)).voicemail?.folder).toBe('inbox');
    } finally {
      await connection.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('429 with Retry-After: the pause is shown and waited out, no request before it ends', async () => {
    const t = await signedIn();
    await admin.inject({
      face: 'graph',
      operation: '*',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 120,
      count: 1000,
    });
    await admin.clearRequests();
    expect(await t.companion.execute({ type: 'refresh-now' })).toMatchObject({ ok: false });
    const until = new Date(NOW.getTime() + 120 * SEC).toISOString();
    expect(t.companion.getSnapshot().connection).toMatchObject({
      state: 'stale',
      pausedUntil: until,
      failure: { reason: 'server-busy' },
    });
    // Bounded: the refresh stopped at the first 429 (its parallel reads at most one each).
    const throttled = (await admin.requests()).length;
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThanOrEqual(4);
    await admin.clearRequests();
    expect(await t.companion.execute({ type: 'refresh-now' })).toMatchObject({ ok: false });
    await t.advanceTo(NOW.getTime() + 120 * SEC - 1);
    expect(await admin.requests()).toEqual([]);
    await admin.clearFaults();
    await t.advanceTo(NOW.getTime() + 120 * SEC);
    expect(t.companion.getSnapshot().connection.state).toBe('online');
    expect(t.companion.getSnapshot().connection.pausedUntil).toBeUndefined();
  });
});
