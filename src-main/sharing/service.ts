/**
 * The sharing service: the one place that runs the ways of sharing presence with other apps (the
 * local API, webhooks, MQTT). It watches the Snapshot: a changed `settings.sharing` slice starts,
 * restarts or stops its part; a changed presence goes to every running part; the parts' status
 * reports become the Snapshot's `sharing`. Plain Node; the parts are injected as factories.
 */
import { isDeepStrictEqual } from 'node:util';
import type {
  Command,
  CommandHandlers,
  CommandResult,
  SharingSettings,
  SharingStatus,
  Snapshot,
} from '../core/contract.js';
import { SHARING_OFF } from '../core/store.js';
import type {
  SharedPresence,
  SharingContext,
  SharingKey,
  SharingPart,
  SharingPartFactory,
  SharingSecrets,
} from './part.js';

/** The store, as the service sees it. */
export interface SharingStore {
  getSnapshot(): Snapshot;
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  update(patch: { sharing: SharingStatus }): void;
}

export interface SharingServiceDeps {
  store: SharingStore;
  dataDir: string;
  now: () => Date;
  execute: (command: Command) => Promise<CommandResult>;
  secrets?: SharingSecrets | undefined;
  log?: ((line: string) => void) | undefined;
  parts: { [K in SharingKey]?: SharingPartFactory<K> };
}

export interface SharingService {
  /** Starts the parts the settings turn on and follows the Snapshot from now on. */
  start(): void;
  /** Stops every part (each closes its sockets and timers). */
  stop(): Promise<void>;
  /** Resolves when no start or stop of a part is in flight. */
  whenIdle(): Promise<void>;
  /** The commands the parts answer, for the companion's handler table. */
  readonly handlers: Partial<CommandHandlers>;
}

const KEYS: readonly SharingKey[] = ['api', 'webhooks', 'mqtt'];

/** Whether a slice of settings means the part runs at all. */
function isEnabled(settings: SharingSettings[SharingKey]): boolean {
  return settings.enabled;
}

export function createSharingService(deps: SharingServiceDeps): SharingService {
  const { store } = deps;
  const log = deps.log ?? (() => undefined);
  let shared: SharedPresence = sharedFrom(store.getSnapshot(), deps.now());

  const context: SharingContext = {
    dataDir: deps.dataDir,
    now: deps.now,
    log,
    presence: () => shared,
    contacts: () => store.getSnapshot().contacts,
    snapshot: () => store.getSnapshot(),
    execute: deps.execute,
    secrets: deps.secrets,
    statusChanged: () => {
      publishStatus();
    },
  };

  type AnyPart = SharingPart<SharingKey>;
  const parts = new Map<SharingKey, AnyPart>();
  for (const key of KEYS) {
    const factory = deps.parts[key] as SharingPartFactory<SharingKey> | undefined;
    if (factory !== undefined) parts.set(key, factory(context));
  }

  /** The slice each part last started with; undefined while it is stopped. */
  const running = new Map<SharingKey, SharingSettings[SharingKey]>();
  /** Starts and stops run one after the other, in the order the settings changed. */
  let queue: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;
  let stopped = false;

  const publishStatus = (): void => {
    if (stopped) return;
    const current = store.getSnapshot().sharing;
    // A part that is not there is off (a cached Snapshot may remember it running last time).
    const next: SharingStatus = {
      api: (parts.get('api')?.status() as SharingStatus['api'] | undefined) ?? SHARING_OFF.api,
      webhooks:
        (parts.get('webhooks')?.status() as SharingStatus['webhooks'] | undefined) ??
        SHARING_OFF.webhooks,
      mqtt: (parts.get('mqtt')?.status() as SharingStatus['mqtt'] | undefined) ?? SHARING_OFF.mqtt,
    };
    if (!isDeepStrictEqual(next, current)) store.update({ sharing: next });
  };

  const follow = (settings: SharingSettings): void => {
    for (const [key, part] of parts) {
      const slice = settings[key];
      const before = running.get(key);
      if (isEnabled(slice)) {
        if (before !== undefined && isDeepStrictEqual(before, slice)) continue;
        running.set(key, slice);
        queue = queue.then(() => guarded(key, () => part.start(slice)));
      } else if (before !== undefined) {
        running.delete(key);
        queue = queue.then(() => guarded(key, () => part.stop()));
      }
    }
  };

  const guarded = async (key: SharingKey, step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (error) {
      // A part reports its failures as status; one that throws anyway must not stop the others.
      log(`sharing ${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
    publishStatus();
  };

  let lastSettings: SharingSettings | undefined;
  const onSnapshot = (snapshot: Snapshot): void => {
    if (stopped) return;
    if (snapshot.settings.sharing !== lastSettings) {
      lastSettings = snapshot.settings.sharing;
      follow(lastSettings);
    }
    if (snapshot.presence !== shared.presence || snapshot.manual !== shared.manual) {
      shared = sharedFrom(snapshot, deps.now());
      for (const [key, part] of parts) if (running.has(key)) part.onPresence(shared);
    }
  };

  const handlers: Partial<CommandHandlers> = {};
  for (const part of parts.values()) Object.assign(handlers, part.handlers ?? {});

  return {
    handlers,
    start: () => {
      if (unsubscribe !== undefined || stopped) return;
      unsubscribe = store.subscribe(onSnapshot);
      // What runs now, not what a cached Snapshot says ran last time.
      publishStatus();
      onSnapshot(store.getSnapshot());
    },
    stop: async () => {
      if (stopped) return;
      unsubscribe?.();
      for (const [key, part] of parts) {
        if (!running.has(key)) continue;
        running.delete(key);
        queue = queue.then(() => guarded(key, () => part.stop()));
      }
      await queue;
      stopped = true;
    },
    whenIdle: async () => {
      // A step may queue another (a status change inside a start); wait until the queue settles.
      let seen: Promise<void>;
      do {
        seen = queue;
        await seen;
      } while (seen !== queue);
    },
  };
}

function sharedFrom(snapshot: Snapshot, now: Date): SharedPresence {
  return { presence: snapshot.presence, manual: snapshot.manual, updatedAt: now.toISOString() };
}
