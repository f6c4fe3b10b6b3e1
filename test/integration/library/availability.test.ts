/**
 * GetUserAvailability through EwsClient against the strict simulator. The sim's people live in
 * Pacific, Eastern, Central European and India time; whatever zone we ask in, the events must
 * come back as the same UTC instants the admin API reports for the mailbox.
 */
import { describe, expect, it } from 'vitest';
import type {
  BusyType,
  MailboxAvailability,
  MailboxAvailabilityOk,
} from '../../../src-main/ews/operations/availability.js';
import { EwsResponseError } from '../../../src-main/ews/errors.js';
import type { AdminCalendarEntry } from '../../support/sim-admin.js';
import { ALEX, BASE, BERLIN_TODAY, HOUR, LA_TODAY, MINUTE, useSimulator } from './support.js';

const h = useSimulator();

function ok(result: MailboxAvailability | undefined): MailboxAvailabilityOk {
  if (result?.ok !== true) throw new Error(`expected free/busy, got ${JSON.stringify(result)}`);
  return result;
}

function failed(result: MailboxAvailability | undefined): EwsResponseError {
  if (result?.ok !== false) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  expect(result.error).toBeInstanceOf(EwsResponseError);
  return result.error;
}

interface Row {
  start: string;
  end: string;
  busyType: string;
  subject: string | undefined;
}

const byTime = (a: Row, b: Row): number =>
  a.start.localeCompare(b.start) ||
  a.end.localeCompare(b.end) ||
  (a.subject ?? '').localeCompare(b.subject ?? '');

/** What free/busy should show: the admin's expanded window, cancelled items left out. */
function expectedRows(entries: AdminCalendarEntry[], ownerSeesPrivate: boolean): Row[] {
  return entries
    .filter((e) => !e.isCancelled)
    .map((e) => ({
      start: new Date(e.start).toISOString(),
      end: new Date(e.end).toISOString(),
      busyType: e.freeBusy,
      subject: e.sensitivity === 'Private' && !ownerSeesPrivate ? undefined : e.subject,
    }))
    .sort(byTime);
}

function actualRows(result: MailboxAvailabilityOk): Row[] {
  return result.events
    .map((e) => ({
      start: e.start.toISOString(),
      end: e.end.toISOString(),
      busyType: e.busyType,
      subject: e.details?.subject,
    }))
    .sort(byTime);
}

const STRENGTH: Record<string, number> = {
  Free: 0,
  WorkingElsewhere: 1,
  Tentative: 2,
  Busy: 3,
  OOF: 4,
};
const DIGIT: Record<string, string> = {
  Free: '0',
  Tentative: '1',
  Busy: '2',
  OOF: '3',
  WorkingElsewhere: '4',
};

/** MergedFreeBusy computed here from the admin's items: the strongest status per interval. */
function expectedMerged(
  entries: AdminCalendarEntry[],
  window: { start: Date; end: Date },
  intervalMinutes: number,
): string {
  const step = intervalMinutes * MINUTE;
  let digits = '';
  for (let t = window.start.getTime(); t < window.end.getTime(); t += step) {
    let status: BusyType = 'Free';
    for (const e of entries) {
      if (e.isCancelled) continue;
      if (Date.parse(e.start) < t + step && Date.parse(e.end) > t) {
        const candidate = e.freeBusy as BusyType;
        if ((STRENGTH[candidate] ?? 0) > (STRENGTH[status] ?? 0)) status = candidate;
      }
    }
    digits += DIGIT[status] ?? '5';
  }
  return digits;
}

describe('GetUserAvailability through the library', () => {
  it("my own DetailedMerged day in America/Los_Angeles matches the seed's items as UTC instants", async () => {
    const [result] = await h.client().getAvailability({
      start: LA_TODAY.start,
      end: LA_TODAY.end,
      timeZone: 'America/Los_Angeles',
      view: 'DetailedMerged',
      intervalMinutes: 30,
    });
    const mine = ok(result);
    expect(mine.mailbox).toBe(ALEX);
    expect(mine.view).toBe('DetailedMerged');
    const entries = await h.admin.calendar(ALEX, LA_TODAY);
    expect(actualRows(mine)).toEqual(expectedRows(entries, true));

    // Spot checks against the seed itself (base = 10:00 PDT = 17:00Z).
    const find = (subject: string) => mine.events.find((e) => e.details?.subject === subject);
    expect(find('Design review')).toMatchObject({
      start: new Date(BASE.getTime() - 15 * MINUTE),
      end: new Date(BASE.getTime() + 45 * MINUTE),
      busyType: 'Busy',
    });
    expect(find('Architecture brown-bag')?.busyType).toBe('Tentative');
    expect(find('Release day')).toMatchObject({
      start: LA_TODAY.start,
      end: LA_TODAY.end,
      busyType: 'Free',
    });
    expect(find('Daily stand-up')).toMatchObject({
      start: new Date('2026-03-17T16:30:00Z'),
      end: new Date('2026-03-17T16:45:00Z'),
    });
    expect(find('Daily stand-up')?.details).toMatchObject({ isRecurring: true, isMeeting: true });
    // The owner sees her own private item's subject; the flag still says private.
    expect(find('Dentist')?.details).toMatchObject({
      isPrivate: true,
      location: 'Main Street Dental',
    });
    // Cancelled items are not busy: the vendor demo is gone.
    expect(find('Vendor demo')).toBeUndefined();
    expect(find('Canceled: Vendor demo')).toBeUndefined();

    // The merged string: one digit per 30 minutes, 48 of them.
    expect(mine.mergedFreeBusy).toBe(expectedMerged(entries, LA_TODAY, 30));
    const merged = mine.mergedFreeBusy ?? '';
    expect(merged).toHaveLength(48);
    expect(merged.slice(19, 21)).toBe('22'); // 09:30-10:30: stand-up, then the design review
    expect(merged.charAt(22)).toBe('1'); // 11:00: the tentative brown-bag
    expect(merged.slice(24, 26)).toBe('22'); // 12:00-13:00: the customer call
    expect(merged.slice(32, 34)).toBe('00'); // 16:00-17:00: the cancelled vendor demo
  });

  it('the same day asked in Europe/Berlin gives the same UTC instants', async () => {
    const client = h.client();
    const [berlin] = await client.getAvailability({
      start: BERLIN_TODAY.start,
      end: BERLIN_TODAY.end,
      timeZone: 'Europe/Berlin',
      intervalMinutes: 15,
    });
    const mine = ok(berlin);
    const entries = await h.admin.calendar(ALEX, BERLIN_TODAY);
    expect(actualRows(mine)).toEqual(expectedRows(entries, true));
    expect(mine.mergedFreeBusy).toBe(expectedMerged(entries, BERLIN_TODAY, 15));
    expect(mine.mergedFreeBusy).toHaveLength(96);

    // An event both windows hold has the same instants whichever zone the request named.
    const [la] = await client.getAvailability({
      start: LA_TODAY.start,
      end: LA_TODAY.end,
      timeZone: 'America/Los_Angeles',
    });
    const standUp = (r: MailboxAvailabilityOk) =>
      r.events.find((e) => e.details?.subject === 'Daily stand-up');
    expect(standUp(mine)?.start.toISOString()).toBe('2026-03-17T16:30:00.000Z');
    expect(standUp(ok(la))?.start.toISOString()).toBe('2026-03-17T16:30:00.000Z');
  });

  it('a Berlin window across Berlin’s switch to summer time (29 March) keeps every instant', async () => {
    // Friday 27 March 00:00 CET to Wednesday 1 April 00:00 CEST: 119 hours, not 120.
    const window = {
      start: new Date('2026-03-26T23:00:00Z'),
      end: new Date('2026-03-31T22:00:00Z'),
    };
    const [result] = await h.client().getAvailability({
      ...window,
      timeZone: 'Europe/Berlin',
      intervalMinutes: 60,
    });
    const mine = ok(result);
    const entries = await h.admin.calendar(ALEX, window);
    expect(entries.length).toBeGreaterThan(5);
    expect(actualRows(mine)).toEqual(expectedRows(entries, true));
    expect(mine.mergedFreeBusy).toHaveLength(119);
    expect(mine.mergedFreeBusy).toBe(expectedMerged(entries, window, 60));
    // The stand-up stays at 09:30 Pacific (16:30Z) on both sides of Berlin's change.
    const standUps = mine.events
      .filter((e) => e.details?.subject === 'Daily stand-up')
      .map((e) => e.start.toISOString());
    expect(standUps).toEqual([
      '2026-03-27T16:30:00.000Z',
      '2026-03-28T16:30:00.000Z',
      '2026-03-29T16:30:00.000Z',
      '2026-03-30T16:30:00.000Z',
      '2026-03-31T16:30:00.000Z',
    ]);
  });

  it('several people in one call: results in order, per-mailbox errors kept per mailbox', async () => {
    const people = [
      'megan@beacon.test',
      'nobody@beacon.test',
      'lee@beacon.test',
      'adele@beacon.test',
      'johanna@beacon.test',
    ];
    const results = await h.client().getAvailability({
      mailboxes: people,
      start: LA_TODAY.start,
      end: LA_TODAY.end,
      timeZone: 'America/Los_Angeles',
      view: 'DetailedMerged',
    });
    expect(results.map((r) => r.mailbox)).toEqual(people);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true, true]);
    expect(failed(results[1]).responseCode).toBe('ErrorMailRecipientNotFound');
    expect(failed(results[2]).responseCode).toBe('ErrorNoFreeBusyAccess');

    for (const [i, email] of people.entries()) {
      const result = results[i];
      if (result?.ok !== true) continue;
      const entries = await h.admin.calendar(email, LA_TODAY);
      expect(actualRows(result), email).toEqual(expectedRows(entries, false));
      expect(result.mergedFreeBusy, email).toBe(expectedMerged(entries, LA_TODAY, 15));
    }

    // Megan's private doctor's appointment: busy, flagged private, no subject or location.
    const megan = ok(results[0]);
    const doctor = megan.events.find((e) => e.details?.isPrivate === true);
    expect(doctor).toMatchObject({
      start: new Date(BASE.getTime() + 5 * HOUR),
      end: new Date(BASE.getTime() + 6 * HOUR),
      busyType: 'Busy',
    });
    expect(doctor?.details?.subject).toBeUndefined();
    expect(doctor?.details?.location).toBeUndefined();
    expect(megan.events.find((e) => e.details?.subject === 'Project sync 1')).toMatchObject({
      start: new Date(BASE.getTime() - HOUR),
      end: BASE,
      busyType: 'Busy',
    });
    // Adele is out of office today: an all-day OOF event from her own (Pacific) midnight.
    const adele = ok(results[3]);
    expect(adele.events.find((e) => e.busyType === 'OOF')).toMatchObject({
      start: LA_TODAY.start,
      end: new Date(LA_TODAY.start.getTime() + 48 * HOUR),
    });
    expect(adele.mergedFreeBusy).toMatch(/^3+$/);
  });

  it('working hours come with their own zone, not the request’s', async () => {
    const results = await h.client().getAvailability({
      mailboxes: ['johanna@beacon.test', 'patti@beacon.test', ALEX],
      start: LA_TODAY.start,
      end: LA_TODAY.end,
      timeZone: 'America/Los_Angeles',
    });
    for (const [i, email] of ['johanna@beacon.test', 'patti@beacon.test', ALEX].entries()) {
      const stored = (await h.admin.workingHours(email)) as {
        timeZone: unknown;
        days: string[];
        startMinutes: number;
        endMinutes: number;
      };
      expect(ok(results[i]).workingHours, email).toEqual({
        timeZone: stored.timeZone,
        periods: [
          { days: stored.days, startMinutes: stored.startMinutes, endMinutes: stored.endMinutes },
        ],
      });
    }
    // Johanna works in Central European time (bias -60, last Sundays of March and October).
    expect(ok(results[0]).workingHours?.timeZone).toMatchObject({
      bias: -60,
      daylight: { bias: -60, dayOrder: 5, month: 3, dayOfWeek: 'Sunday' },
    });
    expect(ok(results[1]).workingHours?.timeZone.bias).toBe(-330);

    // Changed through the admin API: read back as set.
    await h.admin.setWorkingHours('johanna@beacon.test', {
      timeZone: 'india',
      days: ['Monday', 'Wednesday'],
      startMinutes: 600,
      endMinutes: 900,
    });
    const [after] = await h.client().getAvailability({
      mailboxes: ['johanna@beacon.test'],
      start: LA_TODAY.start,
      end: LA_TODAY.end,
      timeZone: 'Europe/Berlin',
    });
    expect(ok(after).workingHours).toMatchObject({
      timeZone: { bias: -330, standard: { month: 0 }, daylight: { month: 0 } },
      periods: [{ days: ['Monday', 'Wednesday'], startMinutes: 600, endMinutes: 900 }],
    });
  });

  it('150 mailboxes go out as two requests (100 + 50); unknown ones fail alone', async () => {
    const directory = (await h.admin.directory()).map((d) => d.email);
    expect(directory).toHaveLength(21);
    const mailboxes = Array.from({ length: 150 }, (_, i) => `unknown-${i}@beacon.test`);
    // Indices 90..109 straddle the batch boundary; the last address is known too.
    const known = new Map<number, string>(
      directory.map((email, k) => [k < 20 ? 90 + k : 149, email]),
    );
    for (const [index, email] of known) mailboxes[index] = email;
    await h.admin.clearRequests();

    const results = await h.client().getAvailability({
      mailboxes,
      start: LA_TODAY.start,
      end: LA_TODAY.end,
      timeZone: 'America/Los_Angeles',
      view: 'FreeBusy',
    });

    const requests = await h.admin.requestsFor('GetUserAvailability');
    expect(requests.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.mailbox)).toEqual(mailboxes);
    for (const [i, result] of results.entries()) {
      const email = known.get(i);
      if (email === undefined) {
        expect(failed(result).responseCode, mailboxes[i]).toBe('ErrorMailRecipientNotFound');
      } else if (email === 'lee@beacon.test') {
        expect(failed(result).responseCode).toBe('ErrorNoFreeBusyAccess');
      } else {
        expect(ok(result).view, email).toBe('FreeBusy');
      }
    }
    expect(results.filter((r) => r.ok)).toHaveLength(20);
  });
});
