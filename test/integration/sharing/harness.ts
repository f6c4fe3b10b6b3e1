/**
 * The sharing parts as the core runs them: a real Snapshot store, the real sharing service
 * following it, and a real keychain (gnome-keyring in a private D-Bus session) for secrets.
 * Tests change presence and settings through the store, as the companion does.
 */
import {
  commandFailure,
  SettingsSchema,
  type Presence,
  type Settings,
} from '../../../src-main/core/contract.js';
import { keychainPasswords } from '../../../src-main/core/companion/keychain.js';
import { KeytarSecretStore } from '../../../src-main/core/secrets/index.js';
import {
  createSnapshotStore,
  initialSnapshot,
  type SnapshotStore,
} from '../../../src-main/core/store.js';
import type {
  SharingKey,
  SharingPartFactory,
  SharingSecrets,
} from '../../../src-main/sharing/part.js';
import { createSharingService, type SharingService } from '../../../src-main/sharing/service.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';

export interface Keychain {
  secrets: SharingSecrets;
  stop(): Promise<void>;
}

/** A real keychain for this test file; keytar connects to the bus it first sees, so start it first. */
export async function startKeychain(): Promise<Keychain> {
  const service: PrivateSecretService = await startPrivateSecretService('pw');
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  const source = keychainPasswords(new KeytarSecretStore());
  return {
    secrets: {
      get: (name) => source.get(name),
      set: (name, secret) => source.set?.(name, secret) ?? Promise.reject(new Error('no set')),
      delete: (name) => source.delete?.(name) ?? Promise.reject(new Error('no delete')),
    },
    stop: () => service.stop(),
  };
}

export interface Harness {
  store: SnapshotStore;
  service: SharingService;
  dataDir: string;
  setPresence(presence: Partial<Presence>): void;
  setSharing(patch: Partial<Settings['sharing']>): Promise<void>;
  stop(): Promise<void>;
}

export function presence(overrides: Partial<Presence> = {}): Presence {
  return {
    availability: 'available',
    idle: false,
    oof: false,
    note: '',
    activity: { kind: 'free-rest-of-day' },
    activityText: 'Free for the rest of the day',
    source: 'automatic',
    ...overrides,
  };
}

export function startHarness(args: {
  parts: { [K in SharingKey]?: SharingPartFactory<K> };
  secrets?: SharingSecrets;
  mailbox?: string;
  settings?: Partial<Settings['sharing']>;
}): Harness {
  const base = SettingsSchema.parse({});
  const settings: Settings = { ...base, sharing: { ...base.sharing, ...args.settings } };
  const mailbox = args.mailbox ?? 'ada@contoso.com';
  const store = createSnapshotStore({
    ...initialSnapshot({
      account: { mode: 'exchange', mailbox, displayName: 'Ada', signIn: 'signed-in' },
      settings,
    }),
    presence: presence(),
  });
  const service = createSharingService({
    store,
    dataDir: '/nonexistent',
    now: () => new Date(),
    execute: () => Promise.resolve(commandFailure('not-allowed', 'not in these tests')),
    secrets: args.secrets,
    parts: args.parts,
  });
  service.start();
  return {
    store,
    service,
    dataDir: '/nonexistent',
    setPresence: (overrides) => {
      store.setPresence(presence(overrides));
    },
    setSharing: async (patch) => {
      const current = store.getSnapshot().settings;
      store.setSettings({ ...current, sharing: { ...current.sharing, ...patch } });
      await service.whenIdle();
    },
    stop: () => service.stop(),
  };
}
