import { GraphError } from '../errors.js';
import { abortableSleep, abortedError, throwIfAborted } from './abort.js';
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
   * When `signal` fires while queued or paused, the caller leaves with the 'aborted' GraphError:
   * out of the queue (its place goes to no one) or giving back the slot it held.
   */
  async acquire(maxWaitMs = Number.POSITIVE_INFINITY, signal?: AbortSignal): Promise<() => void> {
    throwIfAborted(signal, WHAT);
    const before = this.pausedFor();
    if (before > maxWaitMs) throw pausedError(before);
    if (this.inFlight >= this.maxInFlight) await this.queue(signal);
    else this.inFlight++;
    // From here this caller holds a slot, whatever happens it gives it back once.
    try {
      throwIfAborted(signal, WHAT);
      for (let wait = this.pausedFor(); wait > 0; wait = this.pausedFor()) {
        if (wait > maxWaitMs) throw pausedError(wait);
        await abortableSleep(this.clock, wait, signal, WHAT);
      }
    } catch (error) {
      this.release();
      throw error;
    }
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.release();
      }
    };
  }

  /** Waits for a slot handed over by `release`; a cancelled wait leaves the queue. */
  private queue(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiters.indexOf(granted);
        // Not in the queue any more: the slot was already handed over, and is given back above.
        if (at < 0) return;
        this.waiters.splice(at, 1);
        reject(abortedError(WHAT, signal?.reason));
      };
      const granted = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(granted);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inFlight--;
  }
}

const WHAT = 'The request to Graph';

function pausedError(leftMs: number): GraphError {
  return new GraphError(
    'throttled',
    `Graph asked for a pause; ${Math.ceil(leftMs / 1000)} s are left, nothing was sent`,
    { retryAfterMs: leftMs },
  );
}
