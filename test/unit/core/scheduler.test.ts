import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthError,
  DecodeError,
  HttpStatusError,
  ServerBusyError,
  ThrottledError,
  TransportError,
} from '../../../src-main/ews/errors.js';
import {
  RefreshScheduler,
  backoffAfter,
  gateRefresh,
  nextQuarterHourTick,
  systemSchedulerClock,
  type GateState,
  type RefreshReason,
  type SchedulerStatus,
} from '../../../src-main/core/scheduler.js';
import { FakeSchedulerClock } from './fake-scheduler-clock.js';

const at = (hhmmss: string, day = 27): number => {
  const [h = 0, m = 0, s = 0] = hhmmss.split(':').map(Number);
  return Date.UTC(2026, 10, day, h, m, s);
};
const iso = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const SEC = 1000;
const MIN = 60 * SEC;

const busy = (backOffMs: number | undefined): ServerBusyError =>
  new ServerBusyError(
    'The server cannot service this request right now. Try again later.',
    backOffMs === undefined ? {} : { BackOffMilliseconds: String(backOffMs) },
    backOffMs,
  );
const networkDown = (): TransportError => new TransportError('network', 'connect ECONNREFUSED');

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Step = 'ok' | Error | ReturnType<typeof deferred>;

/** A scheduler on a fake clock whose refreshes follow a script (then succeed). */
function harness(start = at('09:00:00')) {
  const clock = new FakeSchedulerClock(start);
  const calls: { reason: RefreshReason; at: string }[] = [];
  const script: Step[] = [];
  const statuses: SchedulerStatus[] = [];
  let nextChanges = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const scheduler = new RefreshScheduler({
    clock,
    refresh: async (reason) => {
      calls.push({ reason, at: iso(clock.now()) });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const step = script.shift() ?? 'ok';
        if (step instanceof Error) throw step;
        if (step !== 'ok') await step.promise;
      } finally {
        inFlight -= 1;
      }
    },
    onNextChange: () => {
      nextChanges += 1;
    },
    onStatus: (s) => statuses.push(s),
  });
  const settle = (): Promise<void> => scheduler.whenIdle();
  return {
    clock,
    scheduler,
    calls,
    script,
    statuses,
    nextChanges: () => nextChanges,
    maxInFlight: () => maxInFlight,
    /** Moves time, letting each refresh a timer starts finish before time moves on. */
    run: async (to: number) => {
      await settle();
      await clock.advanceTo(to, settle);
    },
    settle,
    pending: () => clock.pending().map(iso),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('nextQuarterHourTick', () => {
  it.each([
    ['09:00:00', '09:14:30'],
    ['09:14:29', '09:14:30'],
    ['09:14:30', '09:29:30'],
    ['09:29:31', '09:44:30'],
    ['09:50:00', '09:59:30'],
    ['23:59:29', '23:59:30'],
  ])('after %s the next tick is %s', (now, tick) => {
    expect(iso(nextQuarterHourTick(at(now)))).toBe(tick);
  });

  it('crosses midnight', () => {
    expect(nextQuarterHourTick(at('23:59:45'))).toBe(at('00:14:30', 28));
  });

  it('is 30 s before a quarter hour, strictly after now, within 15 minutes', () => {
    for (let t = at('00:00:00'); t < at('02:00:00'); t += 7_777) {
      const tick = nextQuarterHourTick(t);
      expect((tick + 30 * SEC) % (15 * MIN)).toBe(0);
      expect(tick).toBeGreaterThan(t);
      expect(tick - t).toBeLessThanOrEqual(15 * MIN);
    }
  });
});

describe('backoffAfter', () => {
  it('doubles from 15 s and stops growing at 15 minutes', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 1000].map((n) => backoffAfter(networkDown(), n));
    expect(delays.map((d) => (d.kind === 'retry' ? d.delayMs / SEC : d.kind))).toEqual([
      15, 30, 60, 120, 240, 480, 900, 900, 900,
    ]);
    expect(delays.every((d) => d.kind === 'retry' && !d.serverAsked)).toBe(true);
  });

  it.each([
    ['ErrorServerBusy with BackOffMilliseconds', busy(40_000), 40_000],
    [
      'HTTP 503 with Retry-After',
      new HttpStatusError(503, 'Service Unavailable', 120_000),
      120_000,
    ],
    ['our own throttle gate', new ThrottledError(50_000), 50_000],
    ['the longest pause we honour', busy(15 * MIN), 15 * MIN],
  ])('waits what the server asked when longer than our back-off: %s', (_what, error, delayMs) => {
    // After one failure our own back-off is 15 s.
    expect(backoffAfter(error, 1)).toEqual({ kind: 'retry', delayMs, serverAsked: true });
  });

  it.each([
    ['zero', busy(0)],
    ['shorter than our back-off', busy(10)],
    ['a little shorter than our back-off', new HttpStatusError(503, 'Busy', 59_999)],
    ['beyond the 15-minute cap', busy(15 * MIN + 1)],
    ['a day', new HttpStatusError(503, 'Busy', 24 * 60 * MIN)],
    ['not a number', busy(Number.NaN)],
    ['negative', busy(-5_000)],
  ])('keeps its own back-off when the server asks for %s', (_what, error) => {
    // After three failures our own back-off is 60 s: a server can lengthen it, never shorten it.
    expect(backoffAfter(error, 3)).toEqual({
      kind: 'retry',
      delayMs: 60 * SEC,
      serverAsked: false,
    });
  });

  it('never waits longer than the cap, whatever the server asks, and never less than 15 s', () => {
    for (const failures of [1, 2, 5, 10, 100]) {
      for (const asked of [-1, 0, 1, 999, 60_000, 15 * MIN, 15 * MIN + 1, 1e12, Infinity]) {
        const decision = backoffAfter(busy(asked), failures);
        if (decision.kind !== 'retry') throw new Error('expected a retry');
        expect(decision.delayMs).toBeGreaterThanOrEqual(15 * SEC);
        expect(decision.delayMs).toBeLessThanOrEqual(15 * MIN);
      }
    }
  });

  it.each([
    ['ErrorServerBusy without BackOffMilliseconds', busy(undefined)],
    ['a decode error', new DecodeError('truncated body')],
    ['a non-EWS error', new Error('bug')],
    ['a thrown string', 'boom'],
  ])('falls back to its own back-off for %s', (_what, error) => {
    expect(backoffAfter(error, 2)).toEqual({
      kind: 'retry',
      delayMs: 30 * SEC,
      serverAsked: false,
    });
  });

  it('stops on an auth error', () => {
    expect(backoffAfter(new AuthError(401, 'Unauthorized'), 1)).toEqual({
      kind: 'stop',
      reason: 'auth',
    });
  });
});

describe('gateRefresh', () => {
  const idle: GateState = {
    running: false,
    stoppedForAuth: false,
    retryAt: undefined,
    serverAsked: false,
    lastSuccessAt: undefined,
  };
  const now = at('09:14:30');
  const ownBackoff = { ...idle, retryAt: now + 30 * SEC };
  const serverBackoff = { ...ownBackoff, serverAsked: true };
  const authStop = { ...idle, stoppedForAuth: true };

  it.each([
    ['idle', 'quarter-hour', 'run', idle],
    ['running', 'unlock', 'coalesce', { ...idle, running: true }],
    ['running', 'user', 'coalesce', { ...idle, running: true }],
    ['fresh data', 'quarter-hour', 'skip', { ...idle, lastSuccessAt: now - 59 * SEC }],
    ['data a minute old', 'quarter-hour', 'run', { ...idle, lastSuccessAt: now - 60 * SEC }],
    ['fresh data', 'next-change', 'run', { ...idle, lastSuccessAt: now - 5 * SEC }],
    ['our back-off', 'quarter-hour', 'skip', ownBackoff],
    ['our back-off', 'next-change', 'skip', ownBackoff],
    ['our back-off', 'network-back', 'run', ownBackoff],
    ['our back-off', 'resume', 'run', ownBackoff],
    ['our back-off', 'unlock', 'run', ownBackoff],
    ['our back-off', 'user', 'run', ownBackoff],
    ["the server's back-off", 'network-back', 'skip', serverBackoff],
    ["the server's back-off", 'resume', 'skip', serverBackoff],
    ["the server's back-off", 'user', 'run', serverBackoff],
    ['a due retry', 'retry', 'run', { ...ownBackoff, retryAt: now }],
    ['an auth stop', 'quarter-hour', 'skip', authStop],
    ['an auth stop', 'network-back', 'skip', authStop],
    ['an auth stop', 'resume', 'skip', authStop],
    ['an auth stop', 'user', 'run', authStop],
  ] as const)('%s: a %s request → %s', (_what, reason, decision, state) => {
    expect(gateRefresh(state, reason, now)).toBe(decision);
  });
});

describe('RefreshScheduler', () => {
  it('refreshes at start and then 30 s before every quarter hour', async () => {
    const h = harness(at('09:00:00'));
    h.scheduler.start();
    await h.settle();
    expect(h.pending()).toEqual(['09:14:30']);
    await h.run(at('10:00:00'));
    expect(h.calls).toEqual([
      { reason: 'start', at: '09:00:00' },
      { reason: 'quarter-hour', at: '09:14:30' },
      { reason: 'quarter-hour', at: '09:29:30' },
      { reason: 'quarter-hour', at: '09:44:30' },
      { reason: 'quarter-hour', at: '09:59:30' },
    ]);
    expect(h.pending()).toEqual(['10:14:30']);
  });

  it('skips a tick that comes less than a minute after a successful refresh', async () => {
    const h = harness(at('09:14:00'));
    h.scheduler.start();
    await h.run(at('09:30:00'));
    expect(h.calls).toEqual([
      { reason: 'start', at: '09:14:00' },
      { reason: 'quarter-hour', at: '09:29:30' },
    ]);
  });

  it('refreshes exactly at nextChange, after letting presence recompute', async () => {
    const h = harness();
    h.scheduler.start();
    await h.settle();
    h.scheduler.setNextChange(new Date(at('09:05:00')));
    expect(h.pending()).toEqual(['09:05:00', '09:14:30']);
    await h.run(at('09:06:00'));
    expect(h.nextChanges()).toBe(1);
    expect(h.calls.at(-1)).toEqual({ reason: 'next-change', at: '09:05:00' });
    expect(h.pending()).toEqual(['09:14:30']);
  });

  it('keeps one nextChange timer: a new instant replaces it, null cancels it', async () => {
    const h = harness();
    h.scheduler.start();
    await h.settle();
    h.scheduler.setNextChange(new Date(at('09:40:00')));
    h.scheduler.setNextChange(new Date(at('09:35:00')));
    h.scheduler.setNextChange(new Date(at('09:35:00')));
    expect(h.pending()).toEqual(['09:14:30', '09:35:00']);
    await h.run(at('09:50:00'));
    expect(h.calls.filter((c) => c.reason === 'next-change')).toEqual([
      { reason: 'next-change', at: '09:35:00' },
    ]);
    h.scheduler.setNextChange(new Date(at('10:05:00')));
    h.scheduler.setNextChange(null);
    expect(h.pending()).toEqual(['09:59:30']);
    expect(() => {
      h.scheduler.setNextChange(new Date(Number.NaN));
    }).toThrow(RangeError);
  });

  it('refreshes on unlock, network back and user request', async () => {
    const h = harness();
    h.scheduler.start();
    await h.settle();
    await h.clock.advanceTo(at('09:03:00'));
    h.scheduler.notifyUnlock();
    await h.settle();
    await h.clock.advanceTo(at('09:04:00'));
    h.scheduler.notifyNetworkBack();
    await h.settle();
    await h.clock.advanceTo(at('09:05:00'));
    await h.scheduler.refreshNow();
    expect(h.calls).toEqual([
      { reason: 'start', at: '09:00:00' },
      { reason: 'unlock', at: '09:03:00' },
      { reason: 'network-back', at: '09:04:00' },
      { reason: 'user', at: '09:05:00' },
    ]);
  });

  it('on resume, refreshes and sets its timers again from the new time', async () => {
    const h = harness();
    h.scheduler.start();
    await h.settle();
    h.scheduler.setNextChange(new Date(at('13:00:00')));
    // The machine slept from 09:00 to 12:20; no timer fired meanwhile.
    h.clock.jumpTo(at('12:20:00'));
    h.scheduler.notifyResume();
    await h.settle();
    expect(h.calls.at(-1)).toEqual({ reason: 'resume', at: '12:20:00' });
    expect(h.pending()).toEqual(['12:29:30', '13:00:00']);
  });

  it('never runs two refreshes at once: requests during one become one follow-up', async () => {
    const h = harness();
    const first = deferred();
    h.script.push(first);
    h.scheduler.start();
    h.scheduler.notifyUnlock();
    h.scheduler.notifyNetworkBack();
    void h.scheduler.refreshNow();
    await h.clock.advanceTo(at('09:14:30')); // the tick fires while the first is still running
    expect(h.calls).toHaveLength(1);
    first.resolve();
    await h.settle();
    expect(h.calls).toEqual([
      { reason: 'start', at: '09:00:00' },
      { reason: 'user', at: '09:14:30' },
    ]);
    expect(h.maxInFlight()).toBe(1);
  });

  it('names the follow-up after the last request when the user made none', async () => {
    const h = harness();
    const first = deferred();
    h.script.push(first);
    h.scheduler.start();
    h.scheduler.notifyUnlock();
    h.scheduler.notifyNetworkBack();
    first.resolve();
    await h.settle();
    expect(h.calls.map((c) => c.reason)).toEqual(['start', 'network-back']);
  });

  it('drops the follow-up when the running refresh fails: the back-off decides', async () => {
    const h = harness();
    const first = deferred();
    h.script.push(first);
    h.scheduler.start();
    h.scheduler.notifyUnlock();
    first.reject(networkDown());
    await h.settle();
    expect(h.calls.map((c) => c.reason)).toEqual(['start']);
    expect(h.pending()).toEqual(['09:00:15', '09:14:30']);
  });

  it('backs off 15 s, 30 s, 1 min, … after failures, and starts over after a success', async () => {
    const h = harness();
    h.script.push(networkDown(), networkDown(), networkDown(), networkDown(), 'ok', networkDown());
    h.scheduler.start();
    await h.run(at('09:05:00'));
    expect(h.calls).toEqual([
      { reason: 'start', at: '09:00:00' },
      { reason: 'retry', at: '09:00:15' },
      { reason: 'retry', at: '09:00:45' },
      { reason: 'retry', at: '09:01:45' },
      { reason: 'retry', at: '09:03:45' },
    ]);
    expect(h.scheduler.status.consecutiveFailures).toBe(0);
    expect(h.scheduler.status.lastSuccessAt).toBe(at('09:03:45'));
    // The next failure starts from 15 s again.
    await h.run(at('09:14:30'));
    expect(h.calls.at(-1)).toEqual({ reason: 'quarter-hour', at: '09:14:30' });
    expect(h.pending()).toEqual(['09:14:45', '09:29:30']);
  });

  it('caps its own back-off at 15 minutes', async () => {
    const h = harness();
    for (let i = 0; i < 12; i++) h.script.push(networkDown());
    h.scheduler.start();
    await h.run(at('10:46:00'));
    const retryTimes = h.calls.filter((c) => c.reason === 'retry').map((c) => at(c.at));
    const gaps = retryTimes.slice(1).map((t, i) => (t - (retryTimes[i] ?? 0)) / SEC);
    expect(gaps).toEqual([30, 60, 120, 240, 480, 900, 900, 900, 900, 900, 900]);
    expect(h.calls.at(-1)).toEqual({ reason: 'retry', at: '10:45:45' });
    expect(h.scheduler.status.consecutiveFailures).toBe(0);
    // Quarter-hour ticks during the back-off did not add refreshes.
    expect(h.calls.filter((c) => c.reason === 'quarter-hour')).toEqual([]);
  });

  it('waits what ErrorServerBusy BackOffMilliseconds says, and only the user cuts it short', async () => {
    const h = harness(at('09:14:00'));
    h.script.push(busy(40_000));
    h.scheduler.start();
    await h.settle();
    expect(h.scheduler.status).toMatchObject({
      retryAt: at('09:14:40'),
      serverAsked: true,
      consecutiveFailures: 1,
    });
    expect(h.statuses.at(-1)?.retryAt).toBe(at('09:14:40'));
    // The 09:14:30 tick, a network-back and an unlock inside the server's pause: nothing.
    await h.run(at('09:14:35'));
    h.scheduler.notifyNetworkBack();
    h.scheduler.notifyUnlock();
    await h.settle();
    expect(h.calls.map((c) => c.reason)).toEqual(['start']);
    await h.run(at('09:15:00'));
    expect(h.calls).toEqual([
      { reason: 'start', at: '09:14:00' },
      { reason: 'retry', at: '09:14:40' },
    ]);
    expect(h.scheduler.status).toMatchObject({ retryAt: undefined, consecutiveFailures: 0 });
  });

  it('lets the user refresh inside a server pause, which replaces the scheduled retry', async () => {
    const h = harness();
    h.script.push(busy(60_000));
    h.scheduler.start();
    await h.settle();
    await h.clock.advanceTo(at('09:00:20'));
    await h.scheduler.refreshNow();
    expect(h.calls.at(-1)).toEqual({ reason: 'user', at: '09:00:20' });
    expect(h.pending()).toEqual(['09:14:30']);
  });

  it('retries at once when the network comes back during its own back-off', async () => {
    const h = harness();
    h.script.push(networkDown(), networkDown());
    h.scheduler.start();
    await h.run(at('09:00:20')); // 09:00:15 retry failed too; next retry due 09:00:45
    expect(h.pending()).toEqual(['09:00:45', '09:14:30']);
    h.scheduler.notifyNetworkBack();
    await h.settle();
    expect(h.calls.at(-1)).toEqual({ reason: 'network-back', at: '09:00:20' });
    expect(h.pending()).toEqual(['09:14:30']);
  });

  it('stops automatic refreshes after an auth error until the user acts', async () => {
    const h = harness();
    h.script.push(new AuthError(401, 'Unauthorized', ['Basic realm="mail"']));
    h.scheduler.start();
    await h.settle();
    expect(h.scheduler.status.stoppedForAuth).toBe(true);
    expect(h.pending()).toEqual(['09:14:30']);
    h.scheduler.setNextChange(new Date(at('09:20:00')));
    await h.run(at('09:40:00'));
    h.scheduler.notifyNetworkBack();
    h.scheduler.notifyResume();
    h.scheduler.notifyUnlock();
    await h.settle();
    expect(h.calls.map((c) => c.reason)).toEqual(['start']);
    // Presence still flips on time from the data in hand.
    expect(h.nextChanges()).toBe(1);

    await h.scheduler.refreshNow();
    expect(h.scheduler.status.stoppedForAuth).toBe(false);
    await h.run(at('10:00:00'));
    expect(h.calls).toEqual([
      { reason: 'start', at: '09:00:00' },
      { reason: 'user', at: '09:40:00' },
      { reason: 'quarter-hour', at: '09:44:30' },
      { reason: 'quarter-hour', at: '09:59:30' },
    ]);
  });

  it('reports its status: refreshing, failures, retry time, last error', async () => {
    const h = harness();
    const error = networkDown();
    h.script.push(error);
    h.scheduler.start();
    await h.settle();
    expect(h.statuses.map((s) => [s.refreshing, s.consecutiveFailures, s.retryAt])).toEqual([
      [true, 0, undefined],
      [false, 1, at('09:00:15')],
    ]);
    expect(h.scheduler.status.lastError).toBe(error);
  });

  it('stops: no timers remain and requests are ignored', async () => {
    const h = harness();
    h.scheduler.start();
    await h.settle();
    h.scheduler.setNextChange(new Date(at('09:05:00')));
    h.scheduler.stop();
    expect(h.pending()).toEqual([]);
    h.scheduler.notifyUnlock();
    await h.scheduler.refreshNow();
    h.scheduler.start();
    expect(h.calls).toHaveLength(1);
  });

  it('ignores events before start', async () => {
    const h = harness();
    h.scheduler.notifyNetworkBack();
    h.scheduler.notifyResume();
    await h.scheduler.refreshNow();
    expect(h.calls).toEqual([]);
    expect(h.pending()).toEqual([]);
  });
});

describe('systemSchedulerClock', () => {
  it('fires at the instant, and not after cancel', () => {
    vi.useFakeTimers({ now: at('09:00:00') });
    const fired: number[] = [];
    systemSchedulerClock.setTimer(at('09:00:10'), () => fired.push(Date.now()));
    const cancel = systemSchedulerClock.setTimer(at('09:00:20'), () => fired.push(-1));
    cancel();
    vi.advanceTimersByTime(9_999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(fired).toEqual([at('09:00:10')]);
  });

  it('waits longer than setTimeout can by chaining', () => {
    vi.useFakeTimers({ now: at('09:00:00') });
    const fired: number[] = [];
    const target = at('09:00:00', 27) + 40 * 24 * 60 * MIN;
    systemSchedulerClock.setTimer(target, () => fired.push(Date.now()));
    vi.advanceTimersByTime(target - at('09:00:00') - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([target]);
  });
});
