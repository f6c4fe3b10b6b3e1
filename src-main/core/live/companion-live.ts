/**
 * Live updates as the companion uses them: one ChangeFeed for the connected Exchange account,
 * what each refresh reads (refresh-plan.ts, with SyncFolderItems answering "changed at all?"),
 * how often the fallback poll runs, and `connection.updates` in every Snapshot. The companion
 * calls it at four points: a refresh starts (follow, plan), a refresh read (remember), the
 * connection closes (disconnect), and the OS woke (wake).
 */
import type { MailboxBackend, MailboxLive } from '../../mailbox/backend.js';
import type { CalendarResult, MailboxFreeBusy } from '../../mailbox/calendar.js';
import type { ChangeFeed, ChangeFeedListener } from '../../mailbox/change-feed.js';
import type { OofSettings } from '../../mailbox/oof.js';
import type { Connection, Snapshot } from '../contract.js';
import type { SchedulerClock } from '../scheduler.js';
import type { SnapshotStore } from '../store.js';
import { LIVE_POLL_EVERY_MINUTES, isLive, updatesFor } from './decisions.js';
import { freeBusyToKeep } from './last-free-busy.js';
import { createFolderSync, type FolderSync } from './folder-sync.js';
import { createLiveUpdates } from './live-updates.js';
import { FULL_READ, planRefresh } from './refresh-plan.js';
import { SyncStateStore } from './sync-state.js';

/** The connection as the companion holds it. */
export interface FollowedConnection {
  backend: MailboxBackend;
  account: { mode: string; mailbox: string };
}

/** What one refresh reads, every "if changed" already answered. */
export interface ReadParts {
  oof: boolean;
  calendar: boolean;
  voicemail: boolean;
}

export interface CompanionLiveDeps {
  dataDir: string;
  clock: SchedulerClock;
  /** The debounce ended: ask the scheduler for a targeted refresh. */
  requestRefresh: () => void;
  /** The timed poll's interval while live (undefined: the quarter hour). */
  setPollEvery: (ms: number | undefined) => void;
  /** Creates the feed (default: the backend's own). */
  createFeed?: (live: MailboxLive, listener: ChangeFeedListener) => ChangeFeed;
  random?: () => number;
  heartbeatIntervalMs?: number;
  log?: (line: string) => void;
}

/** What the last read of the calendar returned, for a refresh that need not read it again. */
interface LastCalendarRead {
  connection: FollowedConnection;
  dayStart: number;
  calendar: CalendarResult;
  /** Merged slots and working hours only (last-free-busy.ts). */
  availability: MailboxFreeBusy[];
}

export interface CompanionLive {
  /** Wraps the store so that every Snapshot says how updates arrive. */
  decorate(store: SnapshotStore): SnapshotStore;
  /** A refresh is about to use this connection: its feed runs (Exchange accounts only). */
  follow(connection: FollowedConnection): void;
  /** The connection closes (sign-out, account switch, quit): the feed unsubscribes and stops. */
  disconnect(): Promise<void>;
  /** Resume, unlock, network back. */
  wake(): void;
  /** What a refresh for `reason` reads. */
  parts(connection: FollowedConnection, reason: string, dayStart: number): Promise<ReadParts>;
  /** The backend the refresh reads through: parts it skips answer from the last read. */
  reader(
    connection: FollowedConnection,
    parts: ReadParts,
    dayStart: number,
    lastOof: OofSettings | undefined,
  ): MailboxBackend;
  /** The refresh read the calendar (and free/busy) for `dayStart`. */
  remember(
    connection: FollowedConnection,
    dayStart: number,
    calendar: CalendarResult,
    availability: MailboxFreeBusy[],
  ): void;
}

export function createCompanionLive(deps: CompanionLiveDeps): CompanionLive {
  const syncStates = new SyncStateStore(deps.dataDir);
  let followed: FollowedConnection | undefined;
  let folderSync: FolderSync | undefined;
  let lastRead: LastCalendarRead | undefined;
  let decorated: SnapshotStore | undefined;

  const updatesNow = (snapshot: Snapshot): Connection['updates'] =>
    // Only an Exchange account has updates to speak of (the contract: absent signed out, demo).
    snapshot.account.mode === 'exchange' ? updatesFor(updates.mode) : undefined;

  const updates = createLiveUpdates({
    clock: deps.clock,
    createFeed: (listener) => {
      const live = followed?.backend.live;
      if (live === undefined) throw new Error('No live updates for this mailbox');
      return (
        deps.createFeed?.(live, listener) ??
        live.createFeed(listener, {
          clock: deps.clock,
          ...(deps.random === undefined ? {} : { random: deps.random }),
          ...(deps.log === undefined ? {} : { log: deps.log }),
          ...(deps.heartbeatIntervalMs === undefined
            ? {}
            : { heartbeatIntervalMs: deps.heartbeatIntervalMs }),
        })
      );
    },
    refreshDue: () => {
      deps.requestRefresh();
    },
    modeChanged: (mode) => {
      deps.setPollEvery(isLive(mode) ? LIVE_POLL_EVERY_MINUTES * 60_000 : undefined);
      // The footer follows at once, not with the next refresh.
      const store = decorated;
      if (store !== undefined) store.setConnection(store.getSnapshot().connection);
    },
  });

  const withUpdates = (connection: Connection, snapshot: Snapshot): Connection => {
    const next: Connection = { ...connection };
    delete next.updates;
    const now = updatesNow(snapshot);
    if (now !== undefined) next.updates = now;
    return next;
  };

  return {
    decorate: (store) => {
      const wrapped: SnapshotStore = {
        ...store,
        update: (patch) => {
          const account = patch.account ?? store.getSnapshot().account;
          const connection = patch.connection ?? store.getSnapshot().connection;
          const shown = { ...store.getSnapshot(), account };
          store.update({ ...patch, connection: withUpdates(connection, shown) });
        },
        setConnection: (connection) => {
          store.update({ connection: withUpdates(connection, store.getSnapshot()) });
        },
        setAccount: (account) => {
          const shown = { ...store.getSnapshot(), account };
          store.update({
            account,
            connection: withUpdates(store.getSnapshot().connection, shown),
          });
        },
      };
      decorated = wrapped;
      return wrapped;
    },
    follow: (connection) => {
      if (followed === connection) return;
      const live = connection.account.mode === 'exchange' && connection.backend.live !== undefined;
      if (followed !== undefined) void updates.disconnect({ unsubscribe: true });
      followed = connection;
      lastRead = undefined;
      folderSync = undefined;
      if (!live) return;
      folderSync = createFolderSync(syncStates, connection.account.mailbox);
      updates.connect();
    },
    disconnect: async () => {
      followed = undefined;
      folderSync = undefined;
      lastRead = undefined;
      await updates.disconnect({ unsubscribe: true });
    },
    wake: () => {
      updates.wake();
    },
    parts: async (connection, reason, dayStart) => {
      const dayChanged =
        lastRead === undefined ||
        lastRead.connection !== connection ||
        lastRead.dayStart !== dayStart;
      const plan =
        followed === connection && folderSync !== undefined
          ? planRefresh({
              reason,
              live: isLive(updates.mode),
              targets: updates.takeTargets(),
              dayChanged,
            })
          : FULL_READ;
      if (plan === FULL_READ || (plan.calendar === 'read' && plan.voicemail === 'read'))
        updates.covered();
      const client = connection.backend.live;
      const sync = folderSync;
      const answer = async (part: 'calendar' | 'voicemail'): Promise<boolean> => {
        const wanted = plan[part];
        if (client === undefined || sync === undefined) return wanted !== 'skip';
        if (wanted === 'read') {
          // The bookmark before the read, so the read is at least as new as it.
          await sync.prime(client, part).catch(() => undefined);
          return true;
        }
        // A check that fails says nothing: read, as without live updates.
        return wanted === 'if-changed' ? sync.changed(client, part).catch(() => true) : false;
      };
      const [calendar, voicemail] = await Promise.all([answer('calendar'), answer('voicemail')]);
      // Without the last read of this day there is nothing to answer from: read it.
      return { oof: plan.oof, calendar: calendar || dayChanged, voicemail };
    },
    reader: (connection, parts, dayStart, lastOof) => {
      const last = lastRead;
      const reuse =
        !parts.calendar &&
        last !== undefined &&
        last.connection === connection &&
        last.dayStart === dayStart;
      const keepOof = !parts.oof && lastOof !== undefined;
      if (!reuse && !keepOof) return connection.backend;
      // Reads of skipped parts answer from the last read; everything else goes to the backend.
      const reader = Object.create(connection.backend) as MailboxBackend;
      if (keepOof) reader.getOofSettings = () => Promise.resolve(lastOof);
      if (reuse) {
        reader.getCalendar = () => Promise.resolve(last.calendar);
        reader.getAvailability = () => Promise.resolve(last.availability);
      }
      return reader;
    },
    remember: (connection, dayStart, calendar, availability) => {
      lastRead = { connection, dayStart, calendar, availability: freeBusyToKeep(availability) };
    },
  };
}
