/** The page's activity reports: at most one per interval, none lost, visibility as it changes. */
import { describe, expect, it } from 'vitest';

/**
 * The renderer's module belongs to the web TypeScript project, which this Node test is not
 * part of; vitest compiles it all the same, so it is loaded by path with the shape used here.
 */
type PageSignal = { type: 'activity'; at?: number } | { type: 'visibility'; visible: boolean };
interface SignalTarget {
  addEventListener(name: string, listener: () => void): void;
  removeEventListener(name: string, listener: () => void): void;
  readonly visibilityState: string;
}
interface ThrottleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
interface PageSignalsModule {
  ACTIVITY_EVENTS: string[];
  ACTIVITY_INTERVAL_MS: number;
  createActivityReporter: (
    send: (signal: PageSignal) => void,
    clock: ThrottleClock,
  ) => { touch(): void; dispose(): void };
  installPageSignals: (
    doc: SignalTarget,
    send: (signal: PageSignal) => void,
    clock: ThrottleClock,
  ) => () => void;
}
const { ACTIVITY_EVENTS, ACTIVITY_INTERVAL_MS, createActivityReporter, installPageSignals } =
  (await import(
    new URL('../../../src-renderer/bridge/page-signals.ts', import.meta.url).href
  )) as PageSignalsModule;

/** A manual clock with timers. */
function manualClock(start = 1_000_000) {
  let now = start;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let nextHandle = 1;
  return {
    now: () => now,
    setTimeout: (callback: () => void, ms: number) => {
      const handle = nextHandle++;
      timers.set(handle, { at: now + ms, callback });
      return handle;
    },
    clearTimeout: (handle: unknown) => {
      timers.delete(handle as number);
    },
    advance(ms: number) {
      now += ms;
      for (const [handle, timer] of [...timers])
        if (timer.at <= now) {
          timers.delete(handle);
          timer.callback();
        }
    },
    pending: () => timers.size,
  };
}

describe('createActivityReporter', () => {
  it('sends the first touch at once and folds the rest of the interval into one late report', () => {
    const clock = manualClock();
    const sent: PageSignal[] = [];
    const reporter = createActivityReporter((s) => sent.push(s), clock);
    const start = clock.now();
    reporter.touch();
    expect(sent).toEqual([{ type: 'activity' }]);
    clock.advance(5_000);
    reporter.touch();
    clock.advance(5_000);
    reporter.touch();
    expect(sent).toHaveLength(1);
    clock.advance(ACTIVITY_INTERVAL_MS - 10_000);
    expect(sent).toEqual([{ type: 'activity' }, { type: 'activity', at: start + 10_000 }]);
  });

  it('never sends more than one message per interval under constant activity', () => {
    const clock = manualClock();
    const sent: PageSignal[] = [];
    const reporter = createActivityReporter((s) => sent.push(s), clock);
    for (let i = 0; i < 600; i++) {
      reporter.touch();
      clock.advance(500);
    }
    // 300 s of activity: about one message per 30 s, never more.
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent.length).toBeLessThanOrEqual(11);
  });

  it('sends nothing while the user does nothing, and stops on dispose', () => {
    const clock = manualClock();
    const sent: PageSignal[] = [];
    const reporter = createActivityReporter((s) => sent.push(s), clock);
    reporter.touch();
    reporter.touch();
    reporter.dispose();
    clock.advance(10 * ACTIVITY_INTERVAL_MS);
    expect(sent).toEqual([{ type: 'activity' }]);
    expect(clock.pending()).toBe(0);
  });
});

describe('installPageSignals', () => {
  it('listens to pointer, keyboard and visibility, and removes every listener it added', () => {
    const listeners = new Map<string, () => void>();
    const doc: SignalTarget & { visibilityState: string } = {
      visibilityState: 'visible',
      addEventListener: (name, listener) => listeners.set(name, listener),
      removeEventListener: (name) => listeners.delete(name),
    };
    const sent: PageSignal[] = [];
    const stop = installPageSignals(doc, (s) => sent.push(s), manualClock());
    expect([...listeners.keys()].sort()).toEqual([...ACTIVITY_EVENTS, 'visibilitychange'].sort());
    listeners.get('keydown')?.();
    doc.visibilityState = 'hidden';
    listeners.get('visibilitychange')?.();
    expect(sent).toEqual([{ type: 'activity' }, { type: 'visibility', visible: false }]);
    stop();
    expect(listeners.size).toBe(0);
  });
});
