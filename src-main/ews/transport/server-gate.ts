import { ThrottledError, TransportError } from '../errors.js';
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
    if (signal?.aborted) throw cancelled(signal);
    if (this.inFlight >= this.maxInFlight) {
      await this.queue(signal);
    } else {
      this.inFlight++;
    }
    // A cancel that arrived as the slot was handed over: the request is never sent.
    if (signal?.aborted) {
      this.release();
      throw cancelled(signal);
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
        throw signal?.aborted ? cancelled(signal) : error;
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

  /**
   * Waits for a slot handed over by `release`. A cancel while waiting leaves the queue at once
   * (the slot goes to the next caller), so a cancelled request never reaches the wire.
   */
  private queue(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiters.indexOf(grant);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(cancelled(signal));
      };
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inFlight--;
  }
}

/**
 * The library's typed cancel of a request ended by `signal`: the signal's reason when it is
 * already a typed transport error (close(), a deadline), else `cause` when that is one, else
 * 'aborted'. Used by the gate (before the request is sent) and the transport (after).
 */
export function cancelledError(
  signal: AbortSignal | undefined,
  cause?: unknown,
  message = 'The request was cancelled',
): TransportError {
  const reason: unknown = signal?.reason;
  if (reason instanceof TransportError) return reason;
  if (cause instanceof TransportError) return cause;
  return new TransportError('aborted', message, { cause: reason ?? cause });
}

function cancelled(signal: AbortSignal | undefined): TransportError {
  return cancelledError(signal, undefined, 'The request was cancelled before it was sent');
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
