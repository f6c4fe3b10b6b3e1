/** Everything a running simulator holds: the mailboxes, injected faults and the request log. */
import { FaultInjector, type FaultKind } from './faults.js';
import type { MailboxStore } from './model.js';
import { seedStore, type SeedName } from './seed.js';
import { NotificationCenter, type NotificationSettings } from './subscriptions.js';

export interface RequestLogEntry {
  seq: number;
  /** Wall-clock time the request arrived (real clock, not the injected one), ISO-8601 UTC. */
  time: string;
  atMs: number;
  /** EWS operation, or Autodiscover.json / Autodiscover.xml. */
  operation: string;
  /** The signed-in user, or null when the request was refused before authentication. */
  user: string | null;
  /** HTTP status sent; 0 when the connection was reset or cut. */
  status: number;
  fault?: FaultKind;
}

/**
 * A Graph body that fails the v1.0 CSDL, on either side: one the caller sent ('request', answered
 * 400 RequestBodyRead as Graph would) or one of the simulator's own answers ('response', a
 * simulator bug sent as a 500). Inside a `$batch` either hides behind the envelope's 200, so the
 * request log cannot show it; this list does (GET /admin/violations).
 */
export interface GraphViolationEntry {
  seq: number;
  /** Wall-clock time it was found, ISO-8601 UTC. */
  time: string;
  side: 'request' | 'response';
  method: string;
  /** The path below /v1.0 as sent, without the query. */
  path: string;
  /** The route template that answered, e.g. 'PATCH /{user}/mailboxSettings'. */
  route: string;
  /** The signed-in user. */
  user: string;
  /** The inner request's id when the request came inside a `$batch`. */
  batchId?: string;
  violations: { path: string; message: string }[];
}

export class SimulatorState {
  store: MailboxStore;
  seed: SeedName;
  readonly faults = new FaultInjector();
  log: RequestLogEntry[] = [];
  /** Graph bodies that failed the CSDL, oldest first (cleared by a reset). */
  graphViolations: GraphViolationEntry[] = [];
  /** Subscriptions, change journals and open streams (see subscriptions.ts). */
  readonly notifications: NotificationCenter;
  private seq = 0;
  private violationSeq = 0;

  constructor(
    seed: SeedName,
    readonly now: () => Date,
    notifications: Partial<NotificationSettings> = {},
  ) {
    this.seed = seed;
    this.store = seedStore(seed, now());
    this.notifications = new NotificationCenter(() => this.store, now, notifications);
  }

  reset(seed: SeedName = this.seed): void {
    this.seed = seed;
    this.store = seedStore(seed, this.now());
    this.faults.clear();
    this.log = [];
    this.graphViolations = [];
    this.notifications.reset();
  }

  record(entry: Omit<RequestLogEntry, 'seq' | 'time' | 'atMs'>, atMs: number): void {
    this.seq += 1;
    this.log.push({ seq: this.seq, time: new Date(atMs).toISOString(), atMs, ...entry });
  }

  recordGraphViolation(entry: Omit<GraphViolationEntry, 'seq' | 'time'>): void {
    this.violationSeq += 1;
    this.graphViolations.push({
      seq: this.violationSeq,
      time: new Date().toISOString(),
      ...entry,
    });
  }
}
