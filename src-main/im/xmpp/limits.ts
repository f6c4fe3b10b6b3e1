/**
 * Bounds on what other people can make Beacon do: a contact's presence flood reaches the core
 * at most once per window (the latest wins, nothing queues up), subscription requests waiting
 * for an answer are capped, and every drop is reported as a typed value. Timers are injected.
 */
export type DropReason =
  | 'presence-flood'
  | 'chat-state-flood'
  | 'message-flood'
  | 'subscription-cap'
  | 'stranger'
  | 'oversize-body'
  | 'malformed'
  | 'unknown'
  | 'spoofed'
  | 'too-many-resources';

export interface DroppedInput {
  reason: DropReason;
  from?: string;
  detail?: string;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/**
 * Per key, the first value in a window passes at once; later ones in the same window replace
 * each other and the last passes when the window ends. At most `maxKeys` keys are tracked.
 */
export class LatestPerWindow<T> {
  private readonly open = new Map<string, { pending?: { value: T }; timer: unknown }>();

  constructor(
    private readonly windowMs: number,
    private readonly emit: (key: string, value: T) => void,
    private readonly onCoalesced: (key: string) => void,
    private readonly timers: Timers = realTimers,
    private readonly maxKeys = 10_000,
  ) {}

  offer(key: string, value: T): void {
    const slot = this.open.get(key);
    if (slot) {
      if (slot.pending) this.onCoalesced(key);
      slot.pending = { value };
      return;
    }
    if (this.open.size >= this.maxKeys) {
      this.onCoalesced(key);
      return;
    }
    this.emit(key, value);
    this.startWindow(key);
  }

  private startWindow(key: string): void {
    const timer = this.timers.setTimeout(() => {
      const slot = this.open.get(key);
      this.open.delete(key);
      if (slot?.pending) {
        this.emit(key, slot.pending.value);
        this.startWindow(key);
      }
    }, this.windowMs);
    this.open.set(key, { timer });
  }

  clear(): void {
    for (const slot of this.open.values()) this.timers.clearTimeout(slot.timer);
    this.open.clear();
  }

  get tracked(): number {
    return this.open.size;
  }
}

/** Subscription requests waiting for my answer: deduplicated, at most `cap`. */
export class SubscriptionInbox {
  private readonly pending = new Map<string, string | undefined>();

  constructor(private readonly cap = 50) {}

  offer(address: string, name?: string): 'new' | 'duplicate' | 'over-cap' {
    if (this.pending.has(address)) return 'duplicate';
    if (this.pending.size >= this.cap) return 'over-cap';
    this.pending.set(address, name);
    return 'new';
  }

  resolve(address: string): void {
    this.pending.delete(address);
  }

  get size(): number {
    return this.pending.size;
  }

  addresses(): string[] {
    return [...this.pending.keys()];
  }
}

/**
 * The default report for drops: the first of each reason at once, then at most one line per
 * reason per `everyMs` with how many were left unsaid, so a flood cannot flood the log too.
 */
export function throttledDropLog(
  log: (line: string) => void = (line) => {
    console.warn(line);
  },
  everyMs = 60_000,
  now: () => number = Date.now,
): (drop: DroppedInput) => void {
  const last = new Map<DropReason, number>();
  const unsaid = new Map<DropReason, number>();
  return (drop) => {
    const t = now();
    const previous = last.get(drop.reason);
    const skipped = unsaid.get(drop.reason) ?? 0;
    if (previous !== undefined && t - previous < everyMs) {
      unsaid.set(drop.reason, skipped + 1);
      return;
    }
    last.set(drop.reason, t);
    unsaid.set(drop.reason, 0);
    const from = drop.from ? ` from ${drop.from}` : '';
    const more = skipped > 0 ? ` (and ${skipped} more before)` : '';
    log(`IM input dropped: ${drop.reason}${from}${more}`);
  };
}

/**
 * Per key, at most `burst` events at once and `perSecond` after that (a token bucket); at most
 * `maxKeys` keys are tracked (the oldest forgotten first).
 */
export class RateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  allow(key: string): boolean {
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((t - bucket.at) / 1000) * this.perSecond);
    bucket.at = t;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
