import { describe, expect, it } from 'vitest';
import { GraphError } from '../../../src-main/graph/errors.js';
import type { SessionPair } from '../../../src-main/graph/operations/presence.js';
import {
  backoffDelay,
  DEFAULT_SESSION_POLICY,
  INITIAL_SESSION_STATE,
  nextStep,
  PresenceSessionKeeper,
  renewDelay,
  type PresenceSessionPort,
  type SessionState,
} from '../../../src-main/graph/presence-session.js';
import { ManualTimers, settle } from '../../support/manual-timers.js';

const AVAILABLE: SessionPair = { availability: 'Available', activity: 'Available' };
const CALL: SessionPair = { availability: 'Busy', activity: 'InACall' };
const AWAY: SessionPair = { availability: 'Away', activity: 'Away' };
const MIN = 60_000;

interface Call {
  kind: 'set' | 'clear';
  at: number;
  pair?: SessionPair;
  minutes?: number;
}

/** The Graph calls, recorded; `failing` makes them throw as the transport would. */
class RecordingPort implements PresenceSessionPort {
  readonly calls: Call[] = [];
  failing = false;
  constructor(private readonly timers: ManualTimers) {}

  set(pair: SessionPair, minutes: number): Promise<void> {
    this.calls.push({ kind: 'set', at: this.timers.now(), pair, minutes });
    return this.failing
      ? Promise.reject(new GraphError('server', 'HTTP 503', { status: 503 }))
      : Promise.resolve();
  }

  clear(): Promise<unknown> {
    this.calls.push({ kind: 'clear', at: this.timers.now() });
    return this.failing
      ? Promise.reject(new GraphError('network', 'dropped'))
      : Promise.resolve('cleared');
  }
}

function setup(random = () => 1) {
  const timers = new ManualTimers();
  const port = new RecordingPort(timers);
  const keeper = new PresenceSessionKeeper({ port, timers, random });
  return { timers, port, keeper, t0: timers.nowMs };
}

describe('pure decisions', () => {
  it('renews an Available session before its 5-minute timeout, others before expiry', () => {
    expect(renewDelay(AVAILABLE, DEFAULT_SESSION_POLICY)).toBe(4 * MIN);
    expect(renewDelay(CALL, DEFAULT_SESSION_POLICY)).toBe(9 * MIN);
    expect(renewDelay(AWAY, { ...DEFAULT_SESSION_POLICY, expirationMinutes: 240 })).toBe(239 * MIN);
  });

  it('backs off 5 s doubling to 5 min, jittered into the upper half', () => {
    const top = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) =>
      backoffDelay(n, DEFAULT_SESSION_POLICY, () => 1),
    );
    expect(top).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
    expect(backoffDelay(1, DEFAULT_SESSION_POLICY, () => 0)).toBe(2_500);
    expect(backoffDelay(7, DEFAULT_SESSION_POLICY, () => 0.5)).toBe(225_000);
  });

  it('chooses set, clear, wait or idle from the state alone', () => {
    const published = { pair: CALL, setAt: 0, renewAt: 1000, expiresAt: 2000 };
    const s = (over: Partial<SessionState>): SessionState => ({
      ...INITIAL_SESSION_STATE,
      ...over,
    });
    expect(nextStep(s({}), 0)).toEqual({ kind: 'idle' });
    expect(nextStep(s({ desired: CALL }), 0)).toEqual({ kind: 'set', pair: CALL });
    expect(nextStep(s({ desired: CALL, published }), 500)).toEqual({ kind: 'wait', at: 1000 });
    expect(nextStep(s({ desired: CALL, published }), 1000)).toEqual({ kind: 'set', pair: CALL });
    expect(nextStep(s({ desired: AWAY, published }), 500)).toEqual({ kind: 'set', pair: AWAY });
    expect(nextStep(s({ desired: AWAY, published, retryAt: 900 }), 500)).toEqual({
      kind: 'wait',
      at: 900,
    });
    expect(nextStep(s({ desired: null, published }), 500)).toEqual({ kind: 'clear' });
    expect(nextStep(s({ desired: null, uncertain: true }), 500)).toEqual({ kind: 'clear' });
    expect(nextStep(s({ desired: null, published, retryAt: 900 }), 500)).toEqual({
      kind: 'wait',
      at: 900,
    });
  });
});

describe('the session keeper on a fake clock', () => {
  it('sets at once and renews before the session can lapse, for as long as it runs', async () => {
    const { timers, port, keeper, t0 } = setup();
    keeper.desire(AVAILABLE);
    await timers.advance(60 * MIN);
    const sets = port.calls.filter((c) => c.kind === 'set');
    expect(sets[0]).toEqual({ kind: 'set', at: t0, pair: AVAILABLE, minutes: 10 });
    expect(sets.map((c) => c.at - t0)).toEqual(
      [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60].map((m) => m * MIN),
    );
    for (let i = 1; i < sets.length; i++) {
      const gap = (sets[i]?.at ?? 0) - (sets[i - 1]?.at ?? 0);
      expect(gap).toBeLessThan(5 * MIN); // Available's timeout, well inside the 10-minute expiry
    }
    expect(keeper.snapshot().published?.expiresAt).toBe(t0 + 70 * MIN);
  });

  it('renews a Busy session before its expiry, and sets again at once when the wish changes', async () => {
    const { timers, port, keeper, t0 } = setup();
    keeper.desire(CALL);
    await timers.advance(20 * MIN);
    expect(port.calls.map((c) => c.at - t0)).toEqual([0, 9 * MIN, 18 * MIN]);
    keeper.desire(AWAY);
    await timers.advance(0);
    expect(port.calls.at(-1)).toEqual({ kind: 'set', at: t0 + 20 * MIN, pair: AWAY, minutes: 10 });
    keeper.desire(AWAY); // the same wish again: nothing to do
    await timers.advance(8 * MIN);
    expect(port.calls).toHaveLength(4);
    await timers.advance(1 * MIN);
    expect(port.calls.at(-1)).toEqual({ kind: 'set', at: t0 + 29 * MIN, pair: AWAY, minutes: 10 });
  });

  it('clears on stop, once, and never calls again', async () => {
    const { timers, port, keeper, t0 } = setup();
    keeper.desire(CALL);
    await timers.advance(2 * MIN);
    await keeper.stop();
    expect(port.calls.map((c) => c.kind)).toEqual(['set', 'clear']);
    expect(port.calls[1]?.at).toBe(t0 + 2 * MIN);
    expect(keeper.snapshot().published).toBeNull();
    expect(timers.scheduled).toBe(0);
    keeper.desire(AVAILABLE);
    await timers.advance(60 * MIN);
    await keeper.stop();
    expect(port.calls).toHaveLength(2);
  });

  it('clears when the wish becomes no session (offline), and does nothing when none was set', async () => {
    const { timers, port, keeper } = setup();
    keeper.desire(null);
    await timers.advance(MIN);
    expect(port.calls).toEqual([]);
    keeper.desire(AWAY);
    await timers.advance(MIN);
    keeper.desire(null);
    await timers.advance(30 * MIN);
    expect(port.calls.map((c) => c.kind)).toEqual(['set', 'clear']);
    await keeper.stop();
    expect(port.calls).toHaveLength(2);
  });

  it('keeps the last good state through failures and retries with back-off, not a storm', async () => {
    const { timers, port, keeper, t0 } = setup();
    keeper.desire(CALL);
    await timers.advance(0);
    port.failing = true;
    await timers.advance(60 * MIN);
    const state = keeper.snapshot();
    // The session Graph accepted at t0 is still what we last published.
    expect(state.published?.pair).toEqual(CALL);
    expect(state.published?.setAt).toBe(t0);
    expect(state.lastError).toBeInstanceOf(GraphError);
    // First retry at 9 min (renewal), then 5 s, 10 s, 20 s … capped at 5 min.
    const gaps = port.calls.slice(1).map((c, i) => c.at - (port.calls[i]?.at ?? 0));
    expect(gaps.slice(0, 8)).toEqual([
      9 * MIN,
      5_000,
      10_000,
      20_000,
      40_000,
      80_000,
      160_000,
      300_000,
    ]);
    expect(port.calls.length).toBeLessThanOrEqual(20);

    // A wish that changes during the pause waits for it.
    const before = port.calls.length;
    keeper.desire(AWAY);
    keeper.desire(AVAILABLE);
    keeper.desire(AWAY);
    await timers.advance(1_000);
    expect(port.calls).toHaveLength(before);

    port.failing = false;
    await timers.advance(5 * MIN);
    expect(port.calls.at(-1)?.pair).toEqual(AWAY);
    expect(keeper.snapshot()).toMatchObject({
      failures: 0,
      retryAt: null,
      published: { pair: AWAY },
    });
  });

  it('clears on stop after a set that failed (it may have reached Graph), and keeps a failed clear in the state', async () => {
    const { timers, port, keeper } = setup();
    port.failing = true;
    keeper.desire(AVAILABLE);
    await timers.advance(0);
    expect(keeper.snapshot()).toMatchObject({ published: null, uncertain: true, failures: 1 });
    await keeper.stop();
    expect(port.calls.map((c) => c.kind)).toEqual(['set', 'clear']);
    expect(keeper.snapshot().failures).toBe(2);
  });

  it('waits for a request in flight before clearing on stop', async () => {
    const timers = new ManualTimers();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const port: PresenceSessionPort = {
      set: () =>
        new Promise<void>((resolve) => {
          order.push('set');
          release = () => {
            order.push('set done');
            resolve();
          };
        }),
      clear: () => {
        order.push('clear');
        return Promise.resolve();
      },
    };
    const keeper = new PresenceSessionKeeper({ port, timers });
    keeper.desire(CALL);
    const stopping = keeper.stop();
    await settle();
    expect(order).toEqual(['set']);
    release();
    await stopping;
    expect(order).toEqual(['set', 'set done', 'clear']);
  });

  it('refuses an expiry Graph would refuse', () => {
    const timers = new ManualTimers();
    const port = new RecordingPort(timers);
    expect(
      () => new PresenceSessionKeeper({ port, timers, policy: { expirationMinutes: 4 } }),
    ).toThrow(RangeError);
    expect(
      () => new PresenceSessionKeeper({ port, timers, policy: { expirationMinutes: 241 } }),
    ).toThrow(RangeError);
  });
});
