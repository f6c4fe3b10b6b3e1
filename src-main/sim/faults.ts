/**
 * Fault injection for both faces: per operation (or '*'), for the next N requests, optionally
 * for one mailbox. A fault is for the EWS face unless it says `face: 'graph'`.
 */

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
  | 'subscription-lost'
  | 'invalid-delta-token';

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
  'invalid-delta-token',
];

/** The kinds the Graph face applies (graph/faults.ts); others are refused for it. */
export const GRAPH_FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'unauthorized',
  'delay',
  'truncated',
  'reset',
  'invalid-delta-token',
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
  /**
   * EWS: an operation name (GetUserAvailability, FindItem, ...); Graph: a path part below
   * /v1.0 ('messages', 'presence/setPresence', 'calendarView/delta'); '*' for any.
   */
  operation: string;
  /** Which face the fault is for (default 'ews'). */
  face?: 'ews' | 'graph';
  /** Only requests signed in as this mailbox (default: anyone's). */
  mailbox?: string;
  kind: FaultKind;
  /** How many matching requests get the fault (default 1). */
  count: number;
  /** server-busy: the BackOffMilliseconds value (default 5000). */
  backOffMs?: number;
  /** status: 429, 500, 502, 503 or 504 (default 503). */
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

  /**
   * The fault for this request, if any; each use counts down, at zero it is gone. Without a
   * scope the request is the EWS face's and `operation` is matched whole; `matches` replaces
   * that comparison (the Graph face matches path parts).
   */
  take(
    operation: string,
    scope: {
      face?: 'ews' | 'graph';
      mailbox?: string | undefined;
      matches?: (fault: FaultSpec) => boolean;
    } = {},
  ): FaultSpec | undefined {
    const face = scope.face ?? 'ews';
    const index = this.faults.findIndex(
      (f) =>
        f.count > 0 &&
        (f.face ?? 'ews') === face &&
        (f.mailbox === undefined ||
          f.mailbox.toLowerCase() === (scope.mailbox ?? '').toLowerCase()) &&
        (scope.matches
          ? scope.matches(f)
          : f.operation === '*' || f.operation.toLowerCase() === operation.toLowerCase()),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults.splice(index, 1);
    return { ...fault };
  }
}
