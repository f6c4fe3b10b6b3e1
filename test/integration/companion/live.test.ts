/**
 * Live updates end to end: the companion signed in to the strict simulator subscribes for
 * streaming notifications, and a meeting moved through the admin API reaches the Snapshot by a
 * targeted refresh after the debounce, with no poll in between. The fallbacks (pull, polling),
 * a lost subscription, a stalled stream and sign-out are driven by the simulator's faults.
 */
import { describe, expect, it } from 'vitest';
import { DEBOUNCE_MS, PULL_EVERY_MS } from '../../../src-main/core/live/decisions.js';
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

/** Waits until the debounce timer is armed, then lets it fire and the refresh finish. */
async function afterDebounce(test: LiveCompanion): Promise<void> {
  const due = (): number | undefined =>
    test.clock.pending().find((at) => at === test.clock.now() + DEBOUNCE_MS);
  await until('the debounce to start', () => due() !== undefined);
  await test.advanceTo(test.clock.now() + DEBOUNCE_MS);
}

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
  it('streams: a meeting moved in Exchange reaches the Snapshot after the debounce, reading only the calendar', async () => {
    const test = await h.signedIn();
    await until('streaming', () => modeOf(test) === 'streaming');
    expect(test.snapshot().connection.updates).toEqual({ mode: 'streaming', everyMinutes: 60 });
    await h.admin.clearRequests();
    const polledAt = test.clock.now();

    const moved = await moveBrownBag(30);
    await afterDebounce(test);

    expect(agendaStart(test, moved.id)).toBe(moved.start);
    // Three seconds of fake time passed: no quarter-hour poll could have run.
    expect(test.clock.now() - polledAt).toBe(DEBOUNCE_MS);
    const sent = await operations();
    // The targeted refresh: the calendar view and free/busy, and the voicemail list too (an
    // event names its folder by an id Beacon cannot tell apart). No OOF, no new subscription.
    expect(sent.filter((op) => op !== 'GetStreamingEvents').sort()).toEqual([
      'FindItem',
      'FindItem',
      'GetUserAvailability',
    ]);
    expect(sent).not.toContain('GetUserOofSettings');
    expect(sent).not.toContain('Subscribe');
  });

  it('several changes within the debounce make one refresh', async () => {
    const test = await h.signedIn();
    await until('streaming', () => modeOf(test) === 'streaming');
    await h.admin.clearRequests();
    await moveBrownBag(15);
    const second = await moveBrownBag(15);
    await afterDebounce(test);
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
    await afterDebounce(test);
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
