/**
 * Live updates as the companion uses them: one ChangeFeed for the connected Exchange account,
 * what each refresh reads (refresh-plan.ts, with SyncFolderItems answering "changed at all?"),
 * how often the fallback poll runs, and `connection.updates` in every Snapshot. The companion
 * calls it at four points: a refresh starts (follow, plan), a refresh read (remember), the
 * connection closes (disconnect), and the OS woke (wake).
 *
 * A check's bookmark is always taken before the read it lets through, never after: a change
 * between the check and the read is in the read and reported again by the next check (one read
 * too many, never one too few). A check that said "changed" owes a read until one succeeds: the
 * voicemail list's failure never fails the refresh, and the next check, from the moved
 * bookmark, would say "unchanged".
 */
import type { MailboxBackend, MailboxLive } from '../../mailbox/backend.js';
import type { CalendarResult, MailboxFreeBusy } from '../../mailbox/calendar.js';
import type { ChangeFeed, ChangeFeedListener } from '../../mailbox/change-feed.js';
import { MailboxError } from '../../mailbox/errors.js';
import type { OofSettings } from '../../mailbox/oof.js';
import type { Connection, Snapshot } from '../contract.js';
import type { SchedulerClock } from '../scheduler.js';
import type { SnapshotStore } from '../store.js';
import { LIVE_POLL_EVERY_MINUTES, isLive, updatesFor } from './decisions.js';
import { freeBusyToKeep } from './last-free-busy.js';
import { createFolderSync, type FolderSync } from './folder-sync.js';
import { createLiveUpdates } from './live-updates.js';
import { FULL_READ, planRefresh } from './refresh-plan.js';
import { SyncStateStore, type SyncKind } from './sync-state.js';

/**
 * A folder check's failure, answered with `fallback` (read as without the check), unless the
 * server gave no answer at all (its deadline passed, it could not be reached): that one ends
 * the refresh, as a read's would, instead of sending the reads after it into the same silence.
 */
function unlessUnanswered<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    // The backends mark it: the network, not the server, failed (isNetworkFailure's flag).
    if (error instanceof MailboxError && error.network) throw error;
    return fallback;
  };
}

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

/** Read-ahead steps kept at most (two reach the 14 days presence looks ahead). */
const MAX_AHEAD_PAGES = 8;

/** A calendar window a refresh read: the first one, or a read-ahead step beyond it. */
interface CalendarPage {
  start: number;
  end: number;
  result: CalendarResult;
}

/** What the last read of the calendar returned, for a refresh that need not read it again. */
interface LastCalendarRead {
  connection: FollowedConnection;
  dayStart: number;
  calendar: CalendarResult;
  /** The read-ahead steps of that refresh (a run or the next busy start beyond tomorrow). */
  ahead: CalendarPage[];
  /** The owner's merged slots and working hours only (last-free-busy.ts). */
  availability: MailboxFreeBusy[];
}

/**
 * A window within what the pages cover, from their items (those overlapping it); undefined when
 * the pages leave part of it unread.
 */
function fromPages(
  pages: readonly CalendarPage[],
  start: number,
  end: number,
): CalendarResult | undefined {
  let coveredTo = start;
  for (const page of [...pages].sort((a, b) => a.start - b.start)) {
    if (page.start > coveredTo) break;
    coveredTo = Math.max(coveredTo, page.end);
  }
  if (coveredTo < end || !pages.some((p) => p.start <= start)) return undefined;
  const byKey = new Map<string, CalendarResult['items'][number]>();
  for (const page of pages)
    for (const item of page.result.items) {
      const s = item.start.getTime();
      const e = item.end.getTime();
      if (s < end && (e > start || s >= start)) byKey.set(`${item.id}|${String(s)}`, item);
    }
  return {
    items: [...byKey.values()].sort(
      (a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime(),
    ),
    complete: pages.every((p) => p.result.complete),
  };
}

/** The owner's own free/busy query (no mailboxes, or only the owner's). */
function ownQuery(mailboxes: readonly string[] | undefined, owner: string): boolean {
  return (
    mailboxes === undefined ||
    (mailboxes.length === 1 && mailboxes[0]?.toLowerCase() === owner.toLowerCase())
  );
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
  /** Read-ahead pages of the refresh in flight, kept by remember(). */
  let aheadPages: CalendarPage[] = [];
  /** Parts a check found changed whose read has not succeeded yet. */
  let owed = new Set<SyncKind>();
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
      owed = new Set();
      if (!live) return;
      folderSync = createFolderSync(syncStates, connection.account.mailbox);
      updates.connect();
    },
    disconnect: async () => {
      followed = undefined;
      folderSync = undefined;
      lastRead = undefined;
      owed = new Set();
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
              // The backend answers the check even in polling mode (Graph; EWS without
              // subscriptions).
              folderChecks: true,
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
          await sync.prime(client, part).catch(unlessUnanswered(undefined));
          return true;
        }
        // A change found earlier whose read failed: read, and leave the bookmark where it is.
        if (wanted === 'if-changed' && owed.has(part)) return true;
        // A check that fails says nothing: read, as without live updates. One the server left
        // unanswered fails the refresh at once: its reads would only wait out a second deadline.
        return wanted === 'if-changed'
          ? sync.changed(client, part).catch(unlessUnanswered(true))
          : false;
      };
      const [calendar, voicemail] = await Promise.all([answer('calendar'), answer('voicemail')]);
      // Without the last read of this day there is nothing to answer from: read it.
      const parts = { oof: plan.oof, calendar: calendar || dayChanged, voicemail };
      if (sync !== undefined) {
        if (parts.calendar) owed.add('calendar');
        if (parts.voicemail) owed.add('voicemail');
      }
      aheadPages = [];
      return parts;
    },
    reader: (connection, parts, dayStart, lastOof) => {
      const last = lastRead;
      const backend = connection.backend;
      const reuse =
        !parts.calendar &&
        last !== undefined &&
        last.connection === connection &&
        last.dayStart === dayStart;
      const keepOof = !parts.oof && lastOof !== undefined;
      const checked = followed === connection && folderSync !== undefined;
      if (!reuse && !keepOof && !checked) return backend;
      // Reads of skipped parts answer from the last read; everything else goes to the backend.
      const reader = Object.create(backend) as MailboxBackend;
      if (keepOof) reader.getOofSettings = () => Promise.resolve(lastOof);
      if (reuse) {
        reader.getCalendar = async (query, signal) => {
          const start = query.start.getTime();
          const end = query.end.getTime();
          // The first window as it was; a read-ahead step from the steps read with it.
          if (start === dayStart) return last.calendar;
          const known = fromPages(last.ahead, start, end);
          if (known !== undefined) return known;
          // Further than the last refresh looked (its limit moves with the clock): read it.
          const result = await backend.getCalendar(query, signal);
          aheadPages.push({ start, end, result });
          return result;
        };
        // Only the owner's own free/busy is the last read's; anyone else's is asked.
        reader.getAvailability = (query, signal) =>
          ownQuery(query.mailboxes, backend.mailbox)
            ? Promise.resolve(last.availability)
            : backend.getAvailability(query, signal);
      } else {
        reader.getCalendar = async (query, signal) => {
          const result = await backend.getCalendar(query, signal);
          const start = query.start.getTime();
          if (start !== dayStart) aheadPages.push({ start, end: query.end.getTime(), result });
          return result;
        };
      }
      if (checked)
        reader.listVoicemail = async (args, signal) => {
          const list = await backend.listVoicemail(args, signal);
          // The list the check found changed is read: nothing is owed any more.
          if (followed === connection) owed.delete('voicemail');
          return list;
        };
      return reader;
    },
    remember: (connection, dayStart, calendar, availability) => {
      const ahead = aheadPages;
      aheadPages = [];
      // A refresh that answered the calendar from the last read keeps its read-ahead steps.
      const kept =
        lastRead !== undefined &&
        lastRead.connection === connection &&
        lastRead.dayStart === dayStart &&
        lastRead.calendar === calendar
          ? [...lastRead.ahead, ...ahead].slice(-MAX_AHEAD_PAGES)
          : ahead;
      lastRead = {
        connection,
        dayStart,
        calendar,
        ahead: kept,
        availability: freeBusyToKeep(availability),
      };
      if (followed === connection) owed.delete('calendar');
    },
  };
}
