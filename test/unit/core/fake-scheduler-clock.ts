import type { SchedulerClock } from '../../../src-main/core/scheduler.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A scheduler clock under the test's control: time moves only when the test says, and due timers
 * fire in order, each at its own instant. `settle` (usually `scheduler.whenIdle`) runs after each
 * timer, so work a timer starts finishes before time moves on.
 */
export class FakeSchedulerClock implements SchedulerClock {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimer(at: number, fn: () => void): () => void {
    const timer = { at, seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Instants of the timers still armed, earliest first. */
  pending(): number[] {
    return this.timers.map((t) => t.at).sort((a, b) => a - b);
  }

  async advanceTo(
    to: number,
    settle: () => Promise<void> = () => Promise.resolve(),
  ): Promise<void> {
    for (;;) {
      const due = this.timers
        .filter((t) => t.at <= to)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
      await settle();
    }
    this.current = Math.max(this.current, to);
  }

  /** Time passes with no timer firing, as across a system sleep. */
  jumpTo(to: number): void {
    this.current = to;
  }
}
