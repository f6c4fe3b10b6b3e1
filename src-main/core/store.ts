/**
 * The store: a zustand vanilla store whose whole state is the Snapshot. Every change builds a
 * new Snapshot (validated against the contract and deeply frozen), so a subscriber can keep the
 * old one, compare by reference, and send the new one over IPC without defensive copies.
 * An update that changes nothing emits nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  SnapshotSchema,
  type Account,
  type AgendaItem,
  type Connection,
  type ManualStatus,
  type OofSnapshot,
  type Presence,
  type Settings,
  type SharingStatus,
  type Snapshot,
  type Timeline,
  type Warning,
} from './contract.js';
import { deepFreeze } from './deep-freeze.js';

export type SnapshotPatch = Partial<Snapshot>;

export interface SnapshotStore {
  /** The zustand store itself, for subscribers that want selectors or the previous state. */
  readonly api: StoreApi<Snapshot>;
  getSnapshot(): Snapshot;
  subscribe(listener: (snapshot: Snapshot, previous: Snapshot) => void): () => void;
  /** Replaces several parts at once, so one refresh produces one Snapshot. */
  update(patch: SnapshotPatch): void;
  setAccount(account: Account): void;
  setConnection(connection: Connection): void;
  setPresence(presence: Presence): void;
  setManual(manual: ManualStatus | null): void;
  setOof(oof: OofSnapshot | null): void;
  setAgenda(agenda: readonly AgendaItem[]): void;
  setTimeline(timeline: Timeline | null): void;
  setSettings(settings: Settings): void;
  /** Adds a warning once (two equal warnings, compared by value, are one). */
  addWarning(warning: Warning): void;
  removeWarning(warning: Warning): void;
}

/** Presence while no account's data is shown (starting, signing in, failed, signed out). */
export const SIGNED_OUT_PRESENCE: Presence = Object.freeze({
  availability: 'offline',
  idle: false,
  oof: false,
  note: '',
  activity: Object.freeze({ kind: 'none' }),
  activityText: '',
  source: 'signed-out',
});

/** Sharing with other apps before its services start: everything off. */
export const SHARING_OFF: SharingStatus = {
  api: { state: 'off' },
  webhooks: [],
  mqtt: { state: 'off', hasPassword: false },
};

/** The Snapshot before anything is known: signed out, connecting, nothing loaded. */
export function initialSnapshot(args: {
  account: Account;
  settings: Settings;
  warnings?: readonly Warning[];
}): Snapshot {
  return {
    account: args.account,
    signInProgress: null,
    trustedCa: null,
    sharing: SHARING_OFF,
    keychain: 'unknown',
    connection: { state: 'connecting' },
    presence: SIGNED_OUT_PRESENCE,
    manual: null,
    oof: null,
    agenda: [],
    timeline: null,
    contacts: [],
    subscriptionRequests: [],
    im: { state: 'off' },
    conversations: [],
    voicemail: [],
    settings: args.settings,
    warnings: [...(args.warnings ?? [])],
  };
}

/**
 * Checks `candidate` against the contract and returns a frozen private copy. A Snapshot that
 * breaks the contract is a core bug: it throws here, before it can reach a shell.
 */
function sealSnapshot(candidate: Snapshot): Snapshot {
  const result = SnapshotSchema.safeParse(candidate);
  if (!result.success) {
    const where = result.error.issues
      .map((i) => `${i.path.map(String).join('.')}: ${i.message}`)
      .join('; ');
    throw new Error(`Snapshot breaks the contract: ${where}`);
  }
  // The parsed value is a fresh object, so freezing it never freezes a caller's data.
  return deepFreeze(result.data);
}

export function createSnapshotStore(initial: Snapshot): SnapshotStore {
  const api = createStore<Snapshot>()(() => sealSnapshot(initial));

  const update = (patch: SnapshotPatch): void => {
    const current = api.getState();
    const sealed = sealSnapshot({ ...current, ...patch });
    // Parts whose content did not change keep their identity, so subscribers that select one
    // part (the agenda, the presence) see no change. Both went through the same schema, so
    // equal content means equal structure.
    const next = Object.fromEntries(
      Object.entries(sealed).map(([key, value]) => {
        const before = current[key as keyof Snapshot];
        return [key, isDeepStrictEqual(value, before) ? before : value];
      }),
    ) as Snapshot;
    if (
      Object.keys(next).every(
        (key) => next[key as keyof Snapshot] === current[key as keyof Snapshot],
      )
    ) {
      return;
    }
    api.setState(Object.freeze(next), true);
  };

  return {
    api,
    getSnapshot: () => api.getState(),
    subscribe: (listener) => api.subscribe(listener),
    update,
    setAccount: (account) => {
      update({ account });
    },
    setConnection: (connection) => {
      update({ connection });
    },
    setPresence: (presence) => {
      update({ presence });
    },
    setManual: (manual) => {
      update({ manual });
    },
    setOof: (oof) => {
      update({ oof });
    },
    setAgenda: (agenda) => {
      update({ agenda: [...agenda] });
    },
    setTimeline: (timeline) => {
      update({ timeline });
    },
    setSettings: (settings) => {
      update({ settings });
    },
    addWarning: (warning) => {
      const { warnings } = api.getState();
      if (!warnings.some((w) => isDeepStrictEqual(w, warning)))
        update({ warnings: [...warnings, warning] });
    },
    removeWarning: (warning) => {
      const { warnings } = api.getState();
      const kept = warnings.filter((w) => !isDeepStrictEqual(w, warning));
      if (kept.length !== warnings.length) update({ warnings: kept });
    },
  };
}
