import { GraphError } from '../errors.js';
import type { Clock } from './clock.js';

/**
 * Admission for one mailbox: at most `maxInFlight` requests at once (the rest queue in order),
 * and none at all while Graph has asked us to pause (Retry-After on a 429 or 503, also one inside
 * a $batch answer): a pause one request was given holds every request to that mailbox.
 */
export class MailboxGate {
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(
    readonly maxInFlight: number,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new RangeError(`maxInFlight must be a positive integer, not ${maxInFlight}`);
  }

  /** Milliseconds left before the mailbox accepts requests again (0 when open). */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.clock.now());
  }

  /** Extends the pause; a shorter request never shortens a longer one already in force. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /**
   * A slot, once no pause is in force. A pause longer than `maxWaitMs` fails at once with a
   * 'throttled' GraphError carrying the time left, rather than holding the caller that long.
   */
  async acquire(maxWaitMs = Number.POSITIVE_INFINITY): Promise<() => void> {
    const before = this.pausedFor();
    if (before > maxWaitMs) throw pausedError(before);
    if (this.inFlight >= this.maxInFlight) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    } else {
      this.inFlight++;
    }
    for (let wait = this.pausedFor(); wait > 0; wait = this.pausedFor()) {
      if (wait > maxWaitMs) {
        this.release();
        throw pausedError(wait);
      }
      await this.clock.sleep(wait);
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

function pausedError(leftMs: number): GraphError {
  return new GraphError(
    'throttled',
    `Graph asked for a pause; ${Math.ceil(leftMs / 1000)} s are left, nothing was sent`,
    { retryAfterMs: leftMs },
  );
}
