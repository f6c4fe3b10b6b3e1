/** While notifications arrive, the scheduler's timed poll stretches and notifications coalesce. */
import { describe, expect, it } from 'vitest';
import {
  QUARTER_HOUR_MS,
  RefreshScheduler,
  gateRefresh,
  type GateState,
  type RefreshReason,
} from '../../../../src-main/core/scheduler.js';
import { FakeSchedulerClock } from '../fake-scheduler-clock.js';

const START = Date.UTC(2026, 10, 27, 9, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

const idle: GateState = {
  running: false,
  stoppedForAuth: false,
  retryAt: undefined,
  serverAsked: false,
  lastSuccessAt: START,
  pollEveryMs: HOUR,
  lastPollAt: START,
};

describe('gateRefresh while live', () => {
  it('skips quarter-hour ticks until the stretched interval is nearly over', () => {
    expect(gateRefresh(idle, 'quarter-hour', START + 14.5 * MIN)).toBe('skip');
    expect(gateRefresh(idle, 'quarter-hour', START + 44.5 * MIN)).toBe('skip');
    expect(gateRefresh(idle, 'quarter-hour', START + 59.5 * MIN)).toBe('run');
  });

  it('needs no request at a presence edge, but runs notifications and the user', () => {
    expect(gateRefresh(idle, 'next-change', START + 5 * MIN)).toBe('skip');
    expect(gateRefresh(idle, 'notification', START + 5 * MIN)).toBe('run');
    expect(gateRefresh(idle, 'user', START + 5 * MIN)).toBe('run');
  });

  it('polls every quarter hour again once not live', () => {
    const polling: GateState = { ...idle, pollEveryMs: undefined };
    expect(gateRefresh(polling, 'quarter-hour', START + 14.5 * MIN)).toBe('run');
    expect(gateRefresh(polling, 'next-change', START + 5 * MIN)).toBe('run');
  });
});

describe('RefreshScheduler while live', () => {
  function harness() {
    const clock = new FakeSchedulerClock(START);
    const calls: RefreshReason[] = [];
    let release: (() => void) | undefined;
    const scheduler = new RefreshScheduler({
      clock,
      refresh: (reason) => {
        calls.push(reason);
        if (reason !== 'start') return Promise.resolve();
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    return { clock, calls, scheduler, release: () => release?.() };
  }

  it('polls once an hour, and notifications do not postpone the poll', async () => {
    const { clock, calls, scheduler, release } = harness();
    scheduler.setPollEvery(HOUR);
    scheduler.start();
    release();
    await scheduler.whenIdle();
    for (let minute = 10; minute <= 120; minute += 10) {
      await clock.advanceTo(START + minute * MIN, () => scheduler.whenIdle());
      scheduler.notifyChange();
      await scheduler.whenIdle();
    }
    expect(calls.filter((r) => r === 'quarter-hour')).toHaveLength(2);
    expect(calls.filter((r) => r === 'notification')).toHaveLength(12);
    scheduler.stop();
  });

  it('a notification during a refresh never narrows its follow-up', async () => {
    const { calls, scheduler, release } = harness();
    scheduler.start();
    scheduler.notifyUnlock();
    scheduler.notifyChange();
    release();
    await scheduler.whenIdle();
    expect(calls).toEqual(['start', 'unlock']);
    scheduler.stop();
  });

  it('a lone notification during a refresh becomes its follow-up', async () => {
    const { calls, scheduler, release } = harness();
    scheduler.start();
    scheduler.notifyChange();
    release();
    await scheduler.whenIdle();
    expect(calls).toEqual(['start', 'notification']);
    expect(QUARTER_HOUR_MS).toBe(15 * MIN);
    scheduler.stop();
  });
});
