/**
 * Reading the calendar ahead, against the schema-strict simulator over real sockets: a run that
 * goes past the first read (end of tomorrow) is followed to its end, up to 14 days, for my own
 * calendar and for contacts' free/busy, and the request log shows no read more than needed.
 */
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src-main/core/contract.js';
import { ALEX, started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();

/** Local midnight in Los Angeles (PDT) on 10 June 2025, the day of NOW (17:07 UTC). */
const MIDNIGHT = Date.parse('2025-06-10T07:00:00Z');
const DAY = 24 * 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();
/** NOW + 14 days: the furthest the calendar is read. */
const LIMIT = Date.parse('2025-06-24T17:07:00Z');

/** One all-day item per day from local midnight of day `first` (0 = today), as a user enters them. */
async function dayByDay(
  mailbox: string,
  first: number,
  days: number,
  freeBusy: 'Busy' | 'OOF',
): Promise<void> {
  for (let i = first; i < first + days; i++) {
    await h.admin.addCalendarItem(mailbox, {
      subject: freeBusy === 'OOF' ? 'Holiday' : 'Conference',
      start: iso(MIDNIGHT + i * DAY),
      end: iso(MIDNIGHT + (i + 1) * DAY),
      isAllDay: true,
      freeBusy,
    });
  }
}

async function meeting(mailbox: string, start: string, end: string): Promise<void> {
  await h.admin.addCalendarItem(mailbox, { subject: 'Sync', start, end, freeBusy: 'Busy' });
}

/** The calendar FindItem requests (the voicemail listing's are told apart by count below). */
async function findItems(): Promise<number> {
  return (await h.admin.requestsFor('FindItem')).length;
}

async function refreshOnEmpty(): Promise<{ finds: number; presence: unknown }> {
  await h.admin.clearRequests();
  const { companion } = await started(await h.companion());
  return { finds: await findItems(), presence: companion.getSnapshot().presence };
}

describe('reading my calendar ahead', () => {
  it('a run that ends today costs no extra read; the baseline for the counts below', async () => {
    await h.admin.reset('empty');
    await meeting(ALEX, '2025-06-10T16:30:00Z', '2025-06-10T17:30:00Z');
    await meeting(ALEX, '2025-06-10T21:00:00Z', '2025-06-10T22:00:00Z');
    const { finds, presence } = await refreshOnEmpty();
    expect(presence).toMatchObject({
      activity: { kind: 'busy-until', until: '2025-06-10T17:30:00.000Z' },
      nextChange: '2025-06-10T17:30:00.000Z',
    });
    // One calendar read and the voicemail listing.
    expect(finds).toBe(2);
  });

  it('a five-day conference entered day by day: "until" is its end, one read more', async () => {
    await h.admin.reset('empty');
    await dayByDay(ALEX, 0, 5, 'Busy');
    // The next busy start (Monday) lies inside the second read: no third.
    await meeting(ALEX, '2025-06-16T16:00:00Z', '2025-06-16T17:00:00Z');
    const { finds, presence } = await refreshOnEmpty();
    const end = iso(MIDNIGHT + 5 * DAY);
    expect(presence).toMatchObject({
      activity: { until: end },
      nextChange: end,
      source: 'automatic',
    });
    expect(['busy', 'in-a-meeting']).toContain((presence as { availability: string }).availability);
    expect(finds).toBe(3);
  });

  it('a nine-day run of OOF items: "Out of office until" its end, read up to the limit', async () => {
    await h.admin.reset('empty');
    await dayByDay(ALEX, 0, 9, 'OOF');
    const { finds, presence } = await refreshOnEmpty();
    const end = iso(MIDNIGHT + 9 * DAY);
    expect(presence).toMatchObject({
      availability: 'out-of-office',
      activity: { kind: 'oof-until', until: end },
      nextChange: end,
    });
    // End of tomorrow, a week more (the run touches its end), then to the limit for what follows.
    expect(finds).toBe(4);
  });

  it('a run longer than 14 days is followed to the limit and no further', async () => {
    await h.admin.reset('empty');
    await dayByDay(ALEX, 0, 20, 'Busy');
    const { finds, presence } = await refreshOnEmpty();
    // The last item read starts before the limit (24 June, 00:00 in Los Angeles) and ends the
    // next midnight: the window says "until" then, though the conference goes on.
    const lastRead = iso(MIDNIGHT + 15 * DAY);
    expect(MIDNIGHT + 14 * DAY).toBeLessThan(LIMIT);
    // Its end lies past the 14 days that nextChange looks at: the periodic refresh takes over.
    expect(presence).toMatchObject({
      availability: 'busy',
      activity: { kind: 'busy-until', until: lastRead },
      activityText: 'In a meeting until Wed 25 Jun 00:00',
    });
    expect(presence).not.toHaveProperty('nextChange');
    expect(finds).toBe(4);
  });

  it('where the first read stops changes nothing: the same run entered as one item says the same', async () => {
    await h.admin.reset('empty');
    await h.admin.addCalendarItem(ALEX, {
      subject: 'Conference',
      start: iso(MIDNIGHT),
      end: iso(MIDNIGHT + 5 * DAY),
      isAllDay: true,
      freeBusy: 'Busy',
    });
    await meeting(ALEX, '2025-06-16T16:00:00Z', '2025-06-16T17:00:00Z');
    const one = await refreshOnEmpty();
    expect(one.presence).toMatchObject({ activity: { until: iso(MIDNIGHT + 5 * DAY) } });
  });
});

function contact(contacts: readonly Contact[], address: string): Contact {
  const found = contacts.find((c) => c.address === address);
  if (found === undefined) throw new Error(`no contact ${address}`);
  return found;
}

describe("reading contacts' free/busy ahead", () => {
  it('follows their day-by-day runs past the first read, with one more request for all of them', async () => {
    const megan = 'megan@beacon.test';
    const diego = 'diego@beacon.test';
    await dayByDay(megan, 0, 5, 'Busy');
    await dayByDay(diego, 0, 9, 'OOF');
    await h.admin.clearRequests();
    const { companion } = await started(await h.companion());
    const { contacts } = companion.getSnapshot();
    expect(contact(contacts, megan).presence).toMatchObject({
      activity: { until: iso(MIDNIGHT + 5 * DAY) },
      source: 'calendar',
    });
    expect(contact(contacts, diego).presence).toMatchObject({
      availability: 'out-of-office',
      activity: { kind: 'oof-until', until: iso(MIDNIGHT + 9 * DAY) },
      source: 'calendar',
    });
    const reads = await h.admin.requestsFor('GetUserAvailability');
    // Mine, the contacts' first read (one batch), then one more, for the two runs only: both
    // end inside it, and for contacts the next start is looked for only as far as "Free until".
    expect(reads).toHaveLength(3);
  });
});
