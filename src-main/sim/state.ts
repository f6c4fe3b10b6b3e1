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

export class SimulatorState {
  store: MailboxStore;
  seed: SeedName;
  readonly faults = new FaultInjector();
  log: RequestLogEntry[] = [];
  /** Subscriptions, change journals and open streams (see subscriptions.ts). */
  readonly notifications: NotificationCenter;
  private seq = 0;

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
    this.notifications.reset();
  }

  record(entry: Omit<RequestLogEntry, 'seq' | 'time' | 'atMs'>, atMs: number): void {
    this.seq += 1;
    this.log.push({ seq: this.seq, time: new Date(atMs).toISOString(), atMs, ...entry });
  }
}
