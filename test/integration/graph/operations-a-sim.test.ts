/**
 * Graph operations A through the real Graph transport against the simulator's Graph face (every
 * request and response body checked against the CSDL there): mailbox settings and the automatic
 * replies PATCH read back whole, calendarView paged with whole nextLinks, a delta round and the
 * next one after a change, a token the server does not hold answered as "start over",
 * getSchedule over more than 20 schedules (one request per 20; the simulator has no $batch
 * yet, so the batch path is covered by the unit tests), and mail tips.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncCalendarView } from '../../../src-main/graph/operations/calendar-delta.js';
import {
  getMe,
  getMyPhoto,
  searchPeople,
  searchUsers,
} from '../../../src-main/graph/operations/directory.js';
import { listCalendarView } from '../../../src-main/graph/operations/events.js';
import { getMailTips } from '../../../src-main/graph/operations/mail-tips.js';
import {
  getAutomaticReplies,
  getMailboxSettings,
  getWorkingHours,
  setAutomaticReplies,
  type AutomaticRepliesSetting,
} from '../../../src-main/graph/operations/mailbox-settings.js';
import { getSchedule } from '../../../src-main/graph/operations/schedule.js';
import type { GraphRequester } from '../../../src-main/graph/requester.js';
import { GraphTransport } from '../../../src-main/graph/transport/graph-transport.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { ALEX, NESTOR, NOW, startGraphSimulator, tokenOf } from '../sim/graph/support.js';

let sim: RunningSimulator;
let admin: SimAdmin;
const transports: GraphTransport[] = [];

beforeAll(async () => {
  sim = await startGraphSimulator();
  admin = new SimAdmin(sim);
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await sim.close();
});
beforeEach(() => admin.reset());

function transportFor(email: string): GraphTransport {
  const t = new GraphTransport({
    baseUrl: sim.graphUrl,
    tokenProvider: () => Promise.resolve(tokenOf(sim, email)),
  });
  transports.push(t);
  return t;
}

const HOUR = 3_600_000;

async function addMeetings(email: string, subjects: readonly string[], from: Date): Promise<void> {
  for (const [i, subject] of subjects.entries()) {
    const start = new Date(from.getTime() + i * 2 * HOUR);
    await admin.addCalendarItem(email, {
      subject,
      start: start.toISOString(),
      end: new Date(start.getTime() + HOUR).toISOString(),
    });
  }
}

describe('mailbox settings over Graph', () => {
  it('reads the settings and the working hours of the signed-in mailbox', async () => {
    const graph = transportFor(ALEX);
    const settings = await getMailboxSettings(graph);
    expect(settings.timeZone).toBe('Pacific Standard Time');
    expect(settings.workingHours).toEqual({
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '08:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { kind: 'named', name: 'Pacific Standard Time' },
    });
    expect(await getWorkingHours(graph)).toEqual(settings.workingHours);
  });

  it('PATCHes every field of the automatic replies and reads them back the same', async () => {
    const graph = transportFor(ALEX);
    const wanted: AutomaticRepliesSetting = {
      status: 'scheduled',
      externalAudience: 'contactsOnly',
      scheduledStartDateTime: { dateTime: '2025-06-20T07:00:00.0000000', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2025-06-27T07:00:00.0000000', timeZone: 'UTC' },
      internalReplyMessage: '<p>Back on the 27th &amp; reading mail then.</p>',
      externalReplyMessage: '<p>부재중입니다.</p>',
    };
    const echoed = await setAutomaticReplies(graph, wanted);
    expect(echoed.status).toBe('scheduled');
    const read = await getAutomaticReplies(graph);
    expect(read.status).toBe('scheduled');
    expect(read.externalAudience).toBe('contactsOnly');
    expect(read.internalReplyMessage).toBe(wanted.internalReplyMessage);
    expect(read.externalReplyMessage).toBe(wanted.externalReplyMessage);
    expect(read.scheduledStartDateTime?.dateTime.slice(0, 19)).toBe('2025-06-20T07:00:00');
    expect(read.scheduledEndDateTime?.dateTime.slice(0, 19)).toBe('2025-06-27T07:00:00');
    const stored = await admin.oof(ALEX);
    expect(stored).toMatchObject({ state: 'Scheduled', externalAudience: 'Known' });
  });
});

describe('calendar over Graph', () => {
  const from = new Date(NOW.getTime() + 24 * HOUR);
  const window = { start: from, end: new Date(from.getTime() + 24 * HOUR) };

  it('calendarView follows the pages to the end, times in UTC', async () => {
    await admin.reset('empty');
    await addMeetings(ALEX, ['One', 'Two', 'Three', 'Four', 'Five'], from);
    const view = await listCalendarView(transportFor(ALEX), { ...window, pageSize: 2 });
    expect(view.complete).toBe(true);
    expect(view.events.map((e) => e.subject)).toEqual(['One', 'Two', 'Three', 'Four', 'Five']);
    expect(view.events[0]?.start?.timeZone).toBe('UTC');
    expect(view.events[0]?.start?.dateTime.slice(0, 19)).toBe(from.toISOString().slice(0, 19));
    const bounded = await listCalendarView(transportFor(ALEX), {
      ...window,
      pageSize: 2,
      maxPages: 2,
    });
    expect(bounded.complete).toBe(false);
    expect(bounded.events).toHaveLength(4);
  });

  it('a delta round, then the next round sees a new and a cancelled meeting', async () => {
    await admin.reset('empty');
    await addMeetings(ALEX, ['One', 'Two', 'Three'], from);
    const graph = transportFor(ALEX);
    const first = await syncCalendarView(graph, {
      start: { from: 'window', ...window },
      pageSize: 2,
    });
    expect(first.kind).toBe('round');
    if (first.kind !== 'round') return;
    expect(first.changed.map((e) => e.subject)).toEqual(['One', 'Two', 'Three']);
    const two = first.changed[1];
    await addMeetings(ALEX, ['Four'], new Date(from.getTime() + 8 * HOUR));
    const listed = await admin.calendar(ALEX, window);
    const twoId = listed.find((e) => e.subject === 'Two')?.id;
    expect(twoId).toBeDefined();
    await admin.cancelCalendarItem(ALEX, twoId ?? '');
    const second = await syncCalendarView(graph, {
      start: { from: 'link', link: first.deltaLink },
    });
    expect(second.kind).toBe('round');
    if (second.kind !== 'round') return;
    expect(second.changed.map((e) => e.subject)).toEqual(['Four']);
    expect(second.removed.map((r) => r.id)).toEqual([two?.id]);
    expect(second.deltaLink).not.toBe(first.deltaLink);
  });

  it('a delta token the server does not hold answers "start over"', async () => {
    const result = await syncCalendarView(transportFor(ALEX), {
      start: { from: 'link', link: `${sim.graphUrl}/me/calendarView/delta?$deltatoken=forgotten` },
    });
    expect(result).toMatchObject({ kind: 'restart', status: 410 });
  });
});

describe('free/busy and mail tips over Graph', () => {
  const start = new Date('2025-06-11T07:00:00Z');
  const end = new Date('2025-06-12T07:00:00Z');

  it('25 schedules go out as two requests of 20 and 5, answers in the order asked', async () => {
    const schedules = [
      ALEX,
      NESTOR,
      ...Array.from({ length: 23 }, (_, i) => `nobody${i}@beacon.test`),
    ];
    const sent: string[] = [];
    const graph = new GraphTransport({
      baseUrl: sim.graphUrl,
      tokenProvider: () => Promise.resolve(tokenOf(sim, NESTOR)),
      onAttempt: (event) => sent.push(`${event.method} ${event.path}`),
    });
    transports.push(graph);
    // The simulator has no $batch yet: a requester without one sends the requests one by one.
    const oneByOne: GraphRequester = {
      json: (request, schema) => graph.json(request, schema),
      bytes: (request) => graph.bytes(request),
    };
    const result = await getSchedule(oneByOne, { schedules, start, end, intervalMinutes: 60 });
    expect(sent).toEqual(['POST /me/calendar/getSchedule', 'POST /me/calendar/getSchedule']);
    expect(result.map((s) => s.scheduleId)).toEqual(schedules);
    expect(result[0]?.availabilityView).toHaveLength(24);
    expect(result[0]?.error).toBeUndefined();
    expect(result[1]?.workingHours?.daysOfWeek).toContain('monday');
    expect(result[24]?.error?.responseCode).toMatch(/^Error/);
  });

  it('mail tips carry the automatic reply of a person who is away', async () => {
    const graph = transportFor(ALEX);
    await setAutomaticReplies(graph, {
      status: 'alwaysEnabled',
      externalAudience: 'all',
      internalReplyMessage: '<p>Out this week</p>',
      externalReplyMessage: '<p>Out</p>',
    });
    const tips = await getMailTips(transportFor(NESTOR), { addresses: [ALEX, NESTOR] });
    expect(tips.map((t) => t.emailAddress?.address?.toLowerCase())).toEqual([ALEX, NESTOR]);
    expect(tips[0]?.automaticReplies?.message).toContain('Out this week');
    expect(tips[1]?.automaticReplies?.message ?? '').toBe('');
  });
});

describe('the directory over Graph', () => {
  it('/me names the signed-in mailbox', async () => {
    const me = await getMe(transportFor(ALEX));
    expect(me.mail?.toLowerCase()).toBe(ALEX);
    expect(me.id).not.toBe('');
    expect(me.displayName).toBe(sim.users.find((u) => u.email === ALEX)?.displayName);
  });

  it('people and users search find a colleague by the start of the name', async () => {
    const nestor = sim.users.find((u) => u.email === NESTOR);
    const first = (nestor?.displayName ?? '').split(' ')[0] ?? '';
    expect(first).not.toBe('');
    const people = await searchPeople(transportFor(ALEX), { text: first });
    expect(
      people.some((p) => p.scoredEmailAddresses?.some((a) => a.address?.toLowerCase() === NESTOR)),
    ).toBe(true);
    const users = await searchUsers(transportFor(ALEX), { text: first });
    expect(users.users.map((u) => u.mail?.toLowerCase())).toContain(NESTOR);
    expect(users.total).toBeGreaterThanOrEqual(1);
  });

  it('a mailbox without a photo reads as no photo (404), not as a failure', async () => {
    expect(await getMyPhoto(transportFor(ALEX))).toBeUndefined();
  });
});
