/**
 * Live updates over Graph. Graph has no push a desktop client can hold open (change
 * notifications need a public webhook), so the feed only says it is in 'polling' mode and the
 * poll asks `syncFolder`: the calendar through calendarView/delta over a fixed window, the whole
 * deltaLink (or nextLink, while a round is unfinished) kept as the bookmark; voicemail through
 * its class filter, the bookmark a digest of what the list holds. A bookmark Graph no longer
 * knows (410 syncStateNotFound) or that is not ours is a BookmarkExpiredError.
 */
import { createHash } from 'node:crypto';
import { syncCalendarView } from '../../graph/operations/calendar-delta.js';
import { listVoicemail } from '../../graph/operations/voicemail.js';
import type { GraphRequester } from '../../graph/requester.js';
import type { MailboxLive } from '../../mailbox/backend.js';
import type {
  ChangeFeed,
  ChangeFeedListener,
  FolderDelta,
  SyncedFolder,
} from '../../mailbox/change-feed.js';
import { BookmarkExpiredError } from '../../mailbox/errors.js';

const DAY_MS = 86_400_000;
/** The calendar window a delta round follows: from yesterday to 31 days ahead. */
const WINDOW_BEFORE_MS = DAY_MS;
const WINDOW_AFTER_MS = 31 * DAY_MS;
/** Pages of one delta call; more changes wait for the next call (complete: false). */
const DELTA_MAX_PAGES = 20;
/** Voicemails the digest covers (the newest; the list the user sees is shorter). */
const VOICEMAIL_DIGEST_ITEMS = 1000;
const VOICEMAIL_PREFIX = 'graph-voicemail-1.';

/** A feed that never hears of changes itself: the poll asks. */
export class PollingFeed implements ChangeFeed {
  readonly mode = 'polling' as const;
  constructor(private readonly listener: ChangeFeedListener) {}
  start(): void {
    this.listener.mode('polling');
  }
  wake(): void {
    // Nothing to re-establish: the wake's own refresh asks the folders.
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

/** A bookmark of the voicemail list: how many, and a digest of ids, change keys and read state. */
export function voicemailBookmark(
  items: readonly { id: string; changeKey?: string; isRead: boolean }[],
): string {
  const hash = createHash('sha256');
  for (const item of [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    hash.update(`${item.id}\u0000${item.changeKey ?? ''}\u0000${item.isRead ? 1 : 0}\n`);
  return `${VOICEMAIL_PREFIX}${items.length}.${hash.digest('base64url')}`;
}

/** How many changed between two bookmarks: 0 when equal, else at least 1. */
export function voicemailChanges(before: string, after: string): number {
  if (before === after) return 0;
  const count = (b: string): number => Number(b.slice(VOICEMAIL_PREFIX.length).split('.')[0]);
  return Math.max(1, Math.abs(count(after) - count(before)));
}

export interface GraphLiveOptions {
  requester: GraphRequester;
  now: () => Date;
  /** Graph's service root: a calendar bookmark must be a link on it. */
  serviceRoot: string;
  /** Maps a library failure to the neutral error (the backend's mapping). */
  mapError: (error: unknown) => unknown;
}

export function createGraphLive(options: GraphLiveOptions): MailboxLive {
  const calendar = async (syncState: string | undefined): Promise<FolderDelta> => {
    let start;
    if (syncState === undefined) {
      const now = options.now().getTime();
      start = {
        from: 'window' as const,
        start: new Date(now - WINDOW_BEFORE_MS),
        end: new Date(now + WINDOW_AFTER_MS),
      };
    } else {
      if (!syncState.startsWith(`${options.serviceRoot}/`))
        throw new BookmarkExpiredError('The calendar bookmark is not a Graph delta link');
      start = { from: 'link' as const, link: syncState };
    }
    const result = await syncCalendarView(options.requester, { start, maxPages: DELTA_MAX_PAGES });
    if (result.kind === 'restart')
      throw new BookmarkExpiredError('Graph no longer knows the calendar bookmark', {
        ...(result.code === undefined ? {} : { code: result.code }),
      });
    const changeCount = result.changed.length + result.removed.length;
    return result.kind === 'round'
      ? { folder: 'calendar', changeCount, syncState: result.deltaLink, complete: true }
      : { folder: 'calendar', changeCount, syncState: result.nextLink, complete: false };
  };

  const voicemail = async (syncState: string | undefined): Promise<FolderDelta> => {
    if (syncState !== undefined && !syncState.startsWith(VOICEMAIL_PREFIX))
      throw new BookmarkExpiredError('The voicemail bookmark is not one of this backend');
    const list = await listVoicemail(options.requester, { maxItems: VOICEMAIL_DIGEST_ITEMS });
    const bookmark = voicemailBookmark(list.items);
    return {
      // Graph has no voicemail folder: voicemail is found in the inbox by its class.
      folder: 'inbox',
      changeCount:
        syncState === undefined ? list.items.length : voicemailChanges(syncState, bookmark),
      syncState: bookmark,
      complete: true,
    };
  };

  return {
    createFeed: (listener) => new PollingFeed(listener),
    syncFolder: async (args: { folder: SyncedFolder; syncState?: string }) => {
      try {
        return args.folder === 'calendar'
          ? await calendar(args.syncState)
          : await voicemail(args.syncState);
      } catch (error) {
        throw options.mapError(error);
      }
    },
  };
}
