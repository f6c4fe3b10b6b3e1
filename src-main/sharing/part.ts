/**
 * The shape every way of sharing presence with other apps has (the local API, webhooks, MQTT).
 * The sharing service (service.ts) owns them: it starts each part with its slice of
 * `settings.sharing`, starts it again with the new slice when that changes, hands it every
 * presence change, and stops it with the core. A part reports its own status; the service keeps
 * the Snapshot's `sharing` current from those reports. Plain Node: no Electron, no React.
 */
import type {
  Command,
  CommandHandlers,
  CommandResult,
  Contact,
  ManualStatus,
  Presence,
  SharingSettings,
  SharingStatus,
  Snapshot,
} from '../core/contract.js';

/** What a part shares: the user's presence as it is now, and since when it is so. */
export interface SharedPresence {
  presence: Presence;
  /** The manual choice behind it, if any. */
  manual: ManualStatus | null;
  /** When presence last changed (ISO instant). */
  updatedAt: string;
}

/** A secret kept in the OS keychain, by name (e.g. `webhook:<id>`, `mqtt`). */
export interface SharingSecrets {
  get(name: string): Promise<string | undefined>;
  set(name: string, secret: string): Promise<void>;
  delete(name: string): Promise<boolean>;
}

/** What the service gives each part: its window onto the core. */
export interface SharingContext {
  /** The app data folder. */
  dataDir: string;
  now(): Date;
  /** The core's log; never a secret. */
  log(line: string): void;
  /** The latest presence (also handed to `onPresence` on every change). */
  presence(): SharedPresence;
  /** Contacts Beacon already tracks; never a new request to Exchange. */
  contacts(): readonly Contact[];
  /** The current Snapshot, read-only. */
  snapshot(): Snapshot;
  /** Runs a command through the same path as the window (validated there). */
  execute(command: Command): Promise<CommandResult>;
  /** The keychain, when there is one. */
  secrets: SharingSecrets | undefined;
  /** A part calls this whenever its `status()` changed; the service updates the Snapshot. */
  statusChanged(): void;
}

export type SharingKey = 'api' | 'webhooks' | 'mqtt';

/**
 * One way of sharing. `start` is called with the part's settings slice whenever the part should
 * run with them (first start and every change; a part restarts itself as it sees fit), `stop` when
 * it is turned off or the core stops. Neither throws: failures are reported as status.
 */
export interface SharingPart<K extends SharingKey> {
  start(settings: SharingSettings[K]): Promise<void>;
  stop(): Promise<void>;
  onPresence(presence: SharedPresence): void;
  /** The part's current status, the Snapshot's `sharing[K]`. */
  status(): SharingStatus[K];
  /** The commands this part answers (e.g. `test-webhook`); the companion wires them in. */
  handlers?: Partial<CommandHandlers>;
}

export type SharingPartFactory<K extends SharingKey> = (context: SharingContext) => SharingPart<K>;
