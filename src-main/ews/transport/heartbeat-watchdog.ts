/**
 * Notices a silent stream. The owner calls `beat()` whenever the stream shows life (a complete
 * message, heartbeats included); if none comes within `limitMs`, `onSilent` runs once with how
 * long it has been quiet, and the owner closes the connection. Timers are injected so the rule
 * is tested on a fake clock.
 */
export interface WatchdogTimers {
  now(): number;
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemTimers: WatchdogTimers = {
  now: () => Date.now(),
  set: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A watchdog must never keep the process alive on its own.
    handle.unref();
    return handle;
  },
  clear: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export class HeartbeatWatchdog {
  private handle: unknown;
  private lastBeat = 0;
  private stopped = true;

  constructor(
    readonly limitMs: number,
    private readonly onSilent: (silentForMs: number) => void,
    private readonly timers: WatchdogTimers = systemTimers,
  ) {
    if (!(limitMs > 0)) throw new RangeError('The heartbeat limit must be positive');
  }

  start(): void {
    this.stopped = false;
    this.beat();
  }

  beat(): void {
    if (this.stopped) return;
    this.lastBeat = this.timers.now();
    if (this.handle !== undefined) this.timers.clear(this.handle);
    this.handle = this.timers.set(() => {
      this.check();
    }, this.limitMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== undefined) this.timers.clear(this.handle);
    this.handle = undefined;
  }

  private check(): void {
    if (this.stopped) return;
    const silent = this.timers.now() - this.lastBeat;
    this.stopped = true;
    this.handle = undefined;
    this.onSilent(silent);
  }
}
