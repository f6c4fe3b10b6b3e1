/**
 * Timers for the presence session keeper (SessionTimers) on a clock that moves only when the test
 * says; due callbacks run in time order, each followed by a turn of the event loop so the
 * requests they start can finish.
 */
import type { SessionTimers } from '../../src-main/graph/presence-session.js';

export class ManualTimers implements SessionTimers {
  nowMs: number;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  /** `settleTurn` is awaited after each callback (default: one turn of the event loop). */
  constructor(
    start = Date.UTC(2026, 10, 27, 9, 0, 0),
    private readonly settleTurn: () => Promise<void> = settle,
  ) {
    this.nowMs = start;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.nowMs + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get scheduled(): number {
    return this.pending.size;
  }

  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    await this.settleTurn();
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.pending) if (!first || entry[1].at < first[1].at) first = entry;
      if (!first || first[1].at > end) break;
      this.pending.delete(first[0]);
      this.nowMs = first[1].at;
      first[1].fn();
      await this.settleTurn();
    }
    this.nowMs = end;
  }
}

export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
