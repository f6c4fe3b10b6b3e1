import { ThrottledError } from '../errors.js';
import type { Clock } from './clock.js';

/**
 * Per-server admission: at most `maxInFlight` requests at once, and none at all while the server
 * has asked us to back off (ErrorServerBusy's BackOffMilliseconds, Retry-After).
 */
export class ServerGate {
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(
    readonly maxInFlight: number,
    private readonly clock: Clock,
  ) {}

  /** Milliseconds left before the server accepts requests again (0 when open). */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.clock.now());
  }

  /** Extends the pause; a shorter request never shortens a longer one already in force. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /**
   * A slot, once no pause is in force. A pause that began while we queued for the slot and is
   * longer than `maxWaitMs` fails with ThrottledError rather than holding the caller that long.
   */
  async acquire(signal?: AbortSignal, maxWaitMs = Number.POSITIVE_INFINITY): Promise<() => void> {
    if (this.inFlight >= this.maxInFlight) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    } else {
      this.inFlight++;
    }
    // Wait out any pause that is (or becomes) in force while we hold the slot.
    for (let wait = this.pausedFor(); wait > 0; wait = this.pausedFor()) {
      if (wait > maxWaitMs) {
        this.release();
        throw new ThrottledError(wait);
      }
      try {
        await this.clock.sleep(wait, signal);
      } catch (error) {
        this.release();
        throw error;
      }
    }
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.release();
      }
    };
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inFlight--;
  }
}

/** One gate per server origin, shared by every transport given this registry. */
export class GateRegistry {
  private readonly gates = new Map<string, ServerGate>();

  constructor(
    private readonly clock: Clock,
    private readonly maxInFlight = 2,
  ) {}

  forUrl(url: string): ServerGate {
    const origin = new URL(url).origin;
    let gate = this.gates.get(origin);
    if (!gate) {
      gate = new ServerGate(this.maxInFlight, this.clock);
      this.gates.set(origin, gate);
    }
    return gate;
  }
}
