/**
 * The stream's heartbeat watchdog on a fake clock: beats keep it quiet, silence for the limit
 * fires it once with how long it was quiet, and a stopped watchdog never fires.
 */
import { describe, expect, it } from 'vitest';
import {
  HeartbeatWatchdog,
  type WatchdogTimers,
} from '../../../../src-main/ews/transport/heartbeat-watchdog.js';

class FakeTimers implements WatchdogTimers {
  time = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }
  set(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.time + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves the clock, running what falls due in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
  get active(): number {
    return this.pending.size;
  }
}

describe('HeartbeatWatchdog', () => {
  it('stays quiet while heartbeats arrive within the limit', () => {
    const timers = new FakeTimers();
    const fired: number[] = [];
    const dog = new HeartbeatWatchdog(90_000, (ms) => fired.push(ms), timers);
    dog.start();
    for (let i = 0; i < 20; i++) {
      timers.advance(45_000);
      dog.beat();
    }
    timers.advance(89_999);
    expect(fired).toEqual([]);
    expect(timers.active).toBe(1);
  });

  it('fires once after two missed heartbeats, saying how long it was silent', () => {
    const timers = new FakeTimers();
    const fired: number[] = [];
    const dog = new HeartbeatWatchdog(90_000, (ms) => fired.push(ms), timers);
    dog.start();
    timers.advance(45_000);
    dog.beat();
    timers.advance(90_000);
    expect(fired).toEqual([90_000]);
    timers.advance(500_000);
    dog.beat();
    timers.advance(500_000);
    expect(fired).toEqual([90_000]);
    expect(timers.active).toBe(0);
  });

  it('never fires once stopped', () => {
    const timers = new FakeTimers();
    const fired: number[] = [];
    const dog = new HeartbeatWatchdog(1_000, (ms) => fired.push(ms), timers);
    dog.start();
    timers.advance(999);
    dog.stop();
    timers.advance(10_000);
    expect(fired).toEqual([]);
    expect(timers.active).toBe(0);
  });

  it('refuses a limit that is not positive', () => {
    expect(() => new HeartbeatWatchdog(0, () => undefined)).toThrow(RangeError);
  });
});
