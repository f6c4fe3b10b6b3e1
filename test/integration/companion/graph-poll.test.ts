/**
 * The quarter-hour poll of an Exchange account on the Graph backend, through the companion and the
 * simulator's CSDL-checked Graph face with a fake scheduler clock. Graph's feed is in polling
 * mode, and the poll asks the delta bookmark first (core/live/refresh-plan.ts): an idle poll is
 * the OOF and two small checks, no calendarView and no getSchedule; a meeting added between polls
 * is read at the next one; a delta token Graph forgot starts a new round, the poll reads
 * everything, and the poll after it is idle again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { startGraphSimulator } from '../sim/graph/support.js';
import { graphConnector } from './graph-connector.js';
import { ALEX, LOCALE, NOW, ZONE } from './support.js';

const MINUTE = 60_000;
/** The n-th quarter-hour poll after NOW (17:07): the scheduler runs it 30 s before the quarter. */
const tick = (n: number): number =>
  Math.ceil(NOW.getTime() / (15 * MINUTE)) * 15 * MINUTE + (n - 1) * 15 * MINUTE - 30_000;
/** Design review ends: presence changes, and in polling mode a refresh runs. */
const MEETING_END = Date.parse('2025-06-10T17:45:00Z');
const OOF = 'Graph GET /me/mailboxSettings/automaticRepliesSetting';
const DELTA = 'Graph GET /me/calendarView/delta';
const VIEW = 'Graph GET /me/calendarView';
const SCHEDULE = 'Graph POST /me/calendar/getSchedule';
const VOICEMAIL = 'Graph GET /me/mailFolders/inbox/messages';
/** What an idle quarter-hour poll sends: the OOF, the calendar's delta, the voicemail digest. */
const IDLE_POLL = [DELTA, OOF, VOICEMAIL].sort();

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
  await admin.clearFaults();
  for (const c of created.splice(0)) {
    await c.companion.stop();
    await rm(c.dataDir, { recursive: true, force: true });
  }
});

interface Polled {
  companion: Companion;
  /** Runs the n-th quarter-hour poll and returns what it sent. */
  poll: (n: number) => Promise<string[]>;
  /** Moves the clock to `at`, letting every refresh finish, and returns what was sent. */
  advance: (at: number) => Promise<string[]>;
}

/** An Exchange account over Graph, signed in and read once. */
async function signedIn(): Promise<Polled> {
  const clock = new FakeSchedulerClock(NOW.getTime());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-graph-poll-'));
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: () => undefined,
    connectMailbox: graphConnector(sim, clock),
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
    voicemailPeaksDelayMs: 0,
  });
  created.push({ companion, dataDir });
  companion.start();
  await companion.whenIdle();
  const result = await companion.execute({
    type: 'sign-in',
    mailbox: ALEX,
    password: 'unused-over-graph',
    remember: false,
  });
  if (!result.ok) throw new Error(`sign-in rejected: ${JSON.stringify(result.error)}`);
  await companion.refreshNow();
  await companion.whenIdle();
  const advance = async (at: number): Promise<string[]> => {
    await admin.clearRequests();
    const before = companion.getSnapshot().connection.lastSuccessAt;
    await clock.advanceTo(at, () => companion.whenIdle());
    // A refresh ran and succeeded (its time is the fake clock's).
    expect(companion.getSnapshot().connection.lastSuccessAt).not.toBe(before);
    return (await admin.requests()).map((r) => r.operation).sort();
  };
  return { companion, advance, poll: (n) => advance(tick(n)) };
}

function subjects(snapshot: Snapshot): string[] {
  return snapshot.agenda.map((i) => i.subject);
}

describe('the quarter-hour poll on the Graph backend', () => {
  it('an idle poll is three requests: the OOF, the calendar delta and the voicemail digest', async () => {
    const t = await signedIn();
    const agenda = subjects(t.companion.getSnapshot());
    const timeline = t.companion.getSnapshot().timeline;
    expect(t.companion.getSnapshot().connection.updates).toEqual({
      mode: 'polling',
      everyMinutes: 15,
    });
    for (let n = 1; n <= 3; n += 1) {
      const sent = await t.poll(n);
      expect(sent).toEqual(IDLE_POLL);
      expect(sent).not.toContain(VIEW);
      expect(sent).not.toContain(SCHEDULE);
    }
    // The Snapshot answered from the last read: the same agenda and the same timeline.
    expect(subjects(t.companion.getSnapshot())).toEqual(agenda);
    expect(t.companion.getSnapshot().timeline).toEqual(timeline);
    expect(t.companion.getSnapshot().presence.availability).toBe('in-a-meeting');
    // The refresh when the meeting ends asks first as well, and presence follows the clock.
    expect(await t.advance(MEETING_END)).toEqual(IDLE_POLL);
    expect(t.companion.getSnapshot().presence.availability).toBe('available');
    expect(subjects(t.companion.getSnapshot())).toEqual(agenda);
  });

  it('a meeting added between polls shows after the next poll, which reads the calendar alone', async () => {
    const t = await signedIn();
    expect(await t.poll(1)).toEqual(IDLE_POLL);
    await admin.addCalendarItem(ALEX, {
      subject: 'Added between polls',
      start: '2025-06-10T22:00:00Z',
      end: '2025-06-10T22:30:00Z',
    });
    const sent = await t.poll(2);
    // The delta said "changed": the calendar view and the owner's free/busy; the voicemail
    // digest said "unchanged": no second voicemail list.
    expect(sent).toEqual([DELTA, OOF, SCHEDULE, VIEW, VOICEMAIL].sort());
    const s = t.companion.getSnapshot();
    expect(s.agenda.find((i) => i.subject === 'Added between polls')?.start).toBe(
      '2025-06-10T22:00:00.000Z',
    );
    // 22:00–22:30 UTC is 15:00–15:30 in Los Angeles: slots 60 and 61 of the day are busy.
    expect(s.timeline?.slots.slice(60, 62)).toBe('22');
    expect(await t.poll(3)).toEqual(IDLE_POLL);
  });

  it('a voicemail dropped between polls is listed at the next poll without reading the calendar', async () => {
    const t = await signedIn();
    const before = t.companion.getSnapshot().voicemail.length;
    await admin.dropVoicemail(ALEX, { callerName: 'Lee Gu', callerNumber: '+1 425 555 0100' });
    const sent = await t.poll(1);
    expect(sent).not.toContain(VIEW);
    expect(sent).not.toContain(SCHEDULE);
    // The digest, then the list the user sees.
    expect(sent.filter((o) => o === VOICEMAIL)).toHaveLength(2);
    const list = t.companion.getSnapshot().voicemail;
    expect(list).toHaveLength(before + 1);
    expect(list.some((v) => v.callerName === 'Lee Gu')).toBe(true);
    await t.companion.whenIdle();
    const next = await t.poll(2);
    expect(next.filter((o) => o !== 'Graph GET /me/messages/{id}/attachments')).toEqual(IDLE_POLL);
  });

  it('an expired delta token: a new round, a full read, and the next poll idle again', async () => {
    const t = await signedIn();
    expect(await t.poll(1)).toEqual(IDLE_POLL);
    await admin.expireGraphDeltaTokens();
    // A meeting the forgotten token would have reported: the full read must show it.
    await admin.addCalendarItem(ALEX, {
      subject: 'Added while the token expired',
      start: '2025-06-10T23:00:00Z',
      end: '2025-06-10T23:30:00Z',
    });
    await admin.clearRequests();
    const sent = await t.poll(2);
    expect(sent).toContain(VIEW);
    expect(sent).toContain(SCHEDULE);
    const deltas = (await admin.requests()).filter((r) => r.operation === DELTA);
    // Refused (410), then a new round over a window from now.
    expect(deltas.map((r) => r.status)).toEqual([410, 200]);
    expect(subjects(t.companion.getSnapshot())).toContain('Added while the token expired');
    expect(t.companion.getSnapshot().connection.state).toBe('online');
    // The new bookmark answers: the next poll is idle.
    expect(await t.poll(3)).toEqual(IDLE_POLL);
  });
});
