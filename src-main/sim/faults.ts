/** Fault injection: per operation (or '*'), for the next N requests. */

export type FaultKind =
  | 'server-busy'
  | 'unauthorized'
  | 'ews-blocked'
  | 'status'
  | 'soap-fault'
  | 'delay'
  | 'truncated'
  | 'malformed'
  | 'reset'
  | 'stream-cut'
  | 'stream-stall'
  | 'subscription-lost';

export const FAULT_KINDS: readonly FaultKind[] = [
  'server-busy',
  'unauthorized',
  'ews-blocked',
  'status',
  'soap-fault',
  'delay',
  'truncated',
  'malformed',
  'reset',
  'stream-cut',
  'stream-stall',
  'subscription-lost',
];

/**
 * The kinds the notification operations act on themselves: stream-cut (GetStreamingEvents stops
 * halfway through an envelope), stream-stall (the stream stays open and silent: no heartbeats),
 * subscription-lost (the next GetStreamingEvents or GetEvents finds its subscriptions gone).
 */
export const NOTIFICATION_FAULTS: readonly FaultKind[] = [
  'stream-cut',
  'stream-stall',
  'subscription-lost',
];

export interface FaultSpec {
  /** An EWS operation name (GetUserAvailability, FindItem, ...) or '*' for any. */
  operation: string;
  kind: FaultKind;
  /** How many matching requests get the fault (default 1). */
  count: number;
  /** server-busy: the BackOffMilliseconds value (default 5000). */
  backOffMs?: number;
  /** status: 429 or 503 (default 503). */
  status?: number;
  /** status: the Retry-After header in seconds (default 1). */
  retryAfterSeconds?: number;
  /** delay: milliseconds to wait before answering normally (default 1000). */
  delayMs?: number;
  /** ews-blocked: the X-EWS-Policy-Reason header (default EwsBlockedByApplicationPolicy). */
  policy?: string;
}

export class FaultInjector {
  private faults: FaultSpec[] = [];

  add(fault: FaultSpec): void {
    this.faults.push({ ...fault });
  }

  list(): FaultSpec[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault for this request, if any; each use counts down, at zero it is gone. */
  take(operation: string): FaultSpec | undefined {
    const index = this.faults.findIndex(
      (f) =>
        f.count > 0 &&
        (f.operation === '*' || f.operation.toLowerCase() === operation.toLowerCase()),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults.splice(index, 1);
    return { ...fault };
  }
}
