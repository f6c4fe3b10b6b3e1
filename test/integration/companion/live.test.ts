/**
 * Live updates end to end: the companion signed in to the strict simulator subscribes for
 * streaming notifications, and a meeting moved through the admin API reaches the Snapshot by a
 * targeted refresh after the settle, with no poll in between, reading only the folder that changed. The fallbacks (pull, polling),
 * a lost subscription, a stalled stream and sign-out are driven by the simulator's faults.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PULL_EVERY_MS, SETTLE_MS } from '../../../src-main/core/live/decisions.js';
import { ALEX, modeOf, until, useLiveHarness, type LiveCompanion } from './live-support.js';

const h = useLiveHarness();
const MINUTE = 60_000;

async function operations(): Promise<string[]> {
  return (await h.admin.requests()).map((r) => r.operation);
}

async function count(operation: string): Promise<number> {
  return (await operations()).filter((op) => op === operation).length;
}

async function untilAsync(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 8000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the settle timer is armed, then lets it fire and the refresh finish. */
async function afterSettle(test: LiveCompanion): Promise<void> {
  const due = (): number | undefined =>
    test.clock.pending().find((at) => at === test.clock.now() + SETTLE_MS);
  await until('the settle to start', () => due() !== undefined);
  await test.advanceTo(test.clock.now() + SETTLE_MS);
}

async function clearRecorded(): Promise<void> {
  for (const file of await readdir(h.recordDir)) await rm(path.join(h.recordDir, file));
  await h.admin.clearRequests();
}

/** The FindItem requests sent since the record was cleared, as the simulator received them. */
async function findItemBodies(): Promise<string[]> {
  const files = (await readdir(h.recordDir)).filter((f) => f.endsWith('FindItem.request.xml'));
  return Promise.all(files.map((f) => readFile(path.join(h.recordDir, f), 'utf8')));
}

const readsVoicemail = (body: string): boolean => /DistinguishedFolderId Id="voicemail"/.test(body);
const readsCalendar = (body: string): boolean => body.includes('CalendarView');

async function moveBrownBag(byMinutes: number): Promise<{ id: string; start: string }> {
  const entry = (await h.admin.calendar(ALEX)).find((e) => e.subject === 'Architecture brown-bag');
  if (entry === undefined) throw new Error('no brown-bag in the seed');
  const start = Date.parse(entry.start) + byMinutes * MINUTE;
  const moved = await h.admin.moveCalendarItem(ALEX, entry.id, {
    start: new Date(start),
    end: new Date(start + 30 * MINUTE),
  });
  return { id: moved.id, start: new Date(start).toISOString() };
}

function agendaStart(test: LiveCompanion, id: string): string | undefined {
  return test.snapshot().agenda.find((item) => item.id === id)?.start;
}

describe('live updates', () => {
  it('streams: a meeting moved in Exchange reaches the Snapshot after the settle, reading only the calendar', async () => {
    const test = await h.signedIn();
    await until('streaming', () => modeOf(test) === 'streaming');
    expect(test.snapshot().connection.updates).toEqual({ mode: 'streaming', everyMinutes: 60 });
    // Once per subscription: which server folder id is which watched folder.
    expect(await count('GetFolder')).toBe(1);
    await clearRecorded();
    const polledAt = test.clock.now();

    const moved = await moveBrownBag(30);
    await afterSettle(test);

    expect(agendaStart(test, moved.id)).toBe(moved.start);
    // Only the settle passed in fake time: no quarter-hour poll could have run.
    expect(test.clock.now() - polledAt).toBe(SETTLE_MS);
    const sent = await operations();
    // The targeted refresh: the calendar view and free/busy, nothing of the voicemail folder.
    // No OOF, no new subscription, no second folder look-up.
    expect(sent.filter((op) => op !== 'GetStreamingEvents').sort()).toEqual([
      'FindItem',
      'GetUserAvailability',
    ]);
    const finds = await findItemBodies();
    expect(finds).toHaveLength(1);
    expect(finds.filter(readsCalendar)).toHaveLength(1);
    expect(finds.filter(readsVoicemail)).toEqual([]);
    expect(sent).not.toContain('GetUserOofSettings');
    expect(sent).not.toContain('Subscribe');
    expect(sent).not.toContain('GetFolder');
  });

  it('streams: a voicemail dropped in Exchange reads only the voicemail list, no calendar view', async () => {
    const test = await h.signedIn();
    await until('streaming', () => modeOf(test) === 'streaming');
    const before = test.snapshot().voicemail.length;
    await clearRecorded();

    await h.admin.dropVoicemail(ALEX, {
      callerName: 'Kim Minji',
      callerNumber: '+82 2 555 0100',
      clip: 'diego',
    });
    await afterSettle(test);

    expect(test.snapshot().voicemail).toHaveLength(before + 1);
    const sent = await operations();
    expect(sent).not.toContain('GetUserAvailability');
    expect(sent).not.toContain('GetUserOofSettings');
    const finds = await findItemBodies();
    expect(finds.filter(readsVoicemail)).toHaveLength(1);
    expect(finds.filter(readsCalendar)).toEqual([]);
  });

  it('without folder ids (GetFolder failed) a moved meeting reads the calendar and the voicemail list, to be safe', async () => {
    await h.admin.inject({ operation: 'GetFolder', kind: 'soap-fault', count: 1 });
    const test = await h.signedIn();
    await until('streaming', () => modeOf(test) === 'streaming');
    await untilAsync('the folder look-up', async () => (await count('GetFolder')) === 1);
    await clearRecorded();

    const moved = await moveBrownBag(30);
    await afterSettle(test);

    expect(agendaStart(test, moved.id)).toBe(moved.start);
    const finds = await findItemBodies();
    expect(finds.filter(readsCalendar)).toHaveLength(1);
    expect(finds.filter(readsVoicemail)).toHaveLength(1);
  });

  it('several changes within the settle make one refresh', async () => {
    const test = await h.signedIn();
    await until('streaming', () => modeOf(test) === 'streaming');
    await h.admin.clearRequests();
    await moveBrownBag(15);
    const second = await moveBrownBag(15);
    await afterSettle(test);
    expect(agendaStart(test, second.id)).toBe(second.start);
    expect((await operations()).filter((op) => op === 'GetUserAvailability')).toHaveLength(1);
  });

  it('falls back to pull when the server refuses streaming, and polls GetEvents every minute', async () => {
    await h.admin.inject({ operation: 'Subscribe', kind: 'soap-fault', count: 1 });
    const test = await h.signedIn();
    await until('pull', () => modeOf(test) === 'pull');
    expect(test.snapshot().connection.updates).toEqual({ mode: 'pull', everyMinutes: 60 });
    await h.admin.clearRequests();

    const moved = await moveBrownBag(30);
    await test.advanceTo(test.clock.now() + PULL_EVERY_MS);
    await until('GetEvents', () => test.clock.pending().some((at) => at > test.clock.now()));
    await afterSettle(test);
    expect(agendaStart(test, moved.id)).toBe(moved.start);
    const sent = await operations();
    expect(sent).toContain('GetEvents');
    expect(sent).not.toContain('GetStreamingEvents');
  });

  it('polls every quarter hour when both kinds of subscription are refused', async () => {
    await h.admin.inject({ operation: 'Subscribe', kind: 'soap-fault', count: 2 });
    const test = await h.signedIn();
    await untilAsync('two Subscribe requests', async () => (await count('Subscribe')) === 2);
    // Both refused: nothing more is asked, the footer says how often Beacon checks.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await count('Subscribe')).toBe(2);
    expect(await count('GetEvents')).toBe(0);
    expect(test.snapshot().connection.updates).toEqual({ mode: 'polling', everyMinutes: 15 });
  });
});
