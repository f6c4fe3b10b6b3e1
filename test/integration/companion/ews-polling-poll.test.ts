/**
 * The quarter-hour poll of an EWS account whose server refuses both kinds of subscription
 * (polling mode), on the schema-strict simulator: like the hourly poll beside notifications it
 * asks SyncFolderItems from the bookmark first, so an idle poll is the OOF and two small checks,
 * while a meeting moved between polls is read (CalendarView and free/busy) and shown at the next.
 */
import { describe, expect, it } from 'vitest';
import { ALEX, NOW, useLiveHarness, type LiveCompanion } from './live-support.js';

const h = useLiveHarness();
const MINUTE = 60_000;
/** The n-th quarter-hour poll after NOW (17:07): the scheduler runs it 30 s before the quarter. */
const tick = (n: number): number =>
  Math.ceil(NOW.getTime() / (15 * MINUTE)) * 15 * MINUTE + (n - 1) * 15 * MINUTE - 30_000;

async function operations(): Promise<string[]> {
  return (await h.admin.requests()).map((r) => r.operation).sort();
}

async function polling(): Promise<LiveCompanion> {
  await h.admin.inject({ operation: 'Subscribe', kind: 'soap-fault', count: 2 });
  const test = await h.signedIn();
  const deadline = Date.now() + 8000;
  while (test.snapshot().connection.updates?.mode !== 'polling' || !(await refusedTwice())) {
    if (Date.now() > deadline) throw new Error('the feed did not settle in polling mode');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return test;
}

async function refusedTwice(): Promise<boolean> {
  return (await h.admin.requests()).filter((r) => r.operation === 'Subscribe').length === 2;
}

async function poll(test: LiveCompanion, n: number): Promise<string[]> {
  await h.admin.clearRequests();
  const before = test.snapshot().connection.lastSuccessAt;
  await test.advanceTo(tick(n));
  expect(test.snapshot().connection.lastSuccessAt).not.toBe(before);
  return operations();
}

describe('the quarter-hour poll of EWS in polling mode', () => {
  it('asks SyncFolderItems first: an idle poll reads no calendar view, a moved meeting is read at the next', async () => {
    const test = await polling();
    expect(test.snapshot().connection.updates).toEqual({ mode: 'polling', everyMinutes: 15 });
    const agenda = test.snapshot().agenda;
    expect(await poll(test, 1)).toEqual([
      'GetUserOofSettings',
      'SyncFolderItems',
      'SyncFolderItems',
    ]);
    expect(test.snapshot().agenda).toEqual(agenda);

    const entry = (await h.admin.calendar(ALEX)).find(
      (e) => e.subject === 'Architecture brown-bag',
    );
    if (entry === undefined) throw new Error('no brown-bag in the seed');
    const start = Date.parse(entry.start) + 30 * MINUTE;
    await h.admin.moveCalendarItem(ALEX, entry.id, {
      start: new Date(start),
      end: new Date(start + 30 * MINUTE),
    });
    const sent = await poll(test, 2);
    expect(sent).toContain('GetUserAvailability');
    expect(sent.filter((o) => o === 'SyncFolderItems')).toHaveLength(2);
    expect(sent.filter((o) => o === 'FindItem')).toHaveLength(1);
    expect(test.snapshot().agenda.find((i) => i.id === entry.id)?.start).toBe(
      new Date(start).toISOString(),
    );
    expect(await poll(test, 3)).toEqual([
      'GetUserOofSettings',
      'SyncFolderItems',
      'SyncFolderItems',
    ]);
  });
});
