/**
 * Live updates over Graph. Graph has no push a desktop client can hold open (change
 * notifications need a public webhook), so the feed only says it is in 'polling' mode and the
 * poll asks `syncFolder`: the calendar through calendarView/delta over a fixed window, the whole
 * deltaLink (or nextLink, while a round is unfinished) kept as the bookmark with the window it
 * follows after a `#window=` the link never sends; voicemail through its class filter, the
 * bookmark a digest of what the list holds. A bookmark Graph no longer knows (410
 * syncStateNotFound), that is not ours, or whose window no longer covers what the core reads
 * (today to presence's 14 days ahead: a round hears nothing of events outside its window) is a
 * BookmarkExpiredError, and the core starts a new round over a window from now.
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
/**
 * How far ahead a round's window must still reach for its bookmark to answer: the core reads
 * the calendar at most 14 days ahead (presence's read-ahead), and a day more for the zones.
 * A window of 31 days is thus renewed after about 16.
 */
const WINDOW_MUST_REACH_MS = 15 * DAY_MS;
const WINDOW_MARK = '#window=';
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

/** The link with the window it follows, as the bookmark keeps it. */
export function calendarBookmark(link: string, window: { start: number; end: number }): string {
  return `${link}${WINDOW_MARK}${String(window.start)}-${String(window.end)}`;
}

/** The link and its window from a bookmark; undefined when it has no window (an older one). */
export function parseCalendarBookmark(
  bookmark: string,
): { link: string; start: number; end: number } | undefined {
  const at = bookmark.lastIndexOf(WINDOW_MARK);
  if (at < 0) return undefined;
  const match = /^(\d{1,15})-(\d{1,15})$/.exec(bookmark.slice(at + WINDOW_MARK.length));
  if (match === null) return undefined;
  return { link: bookmark.slice(0, at), start: Number(match[1]), end: Number(match[2]) };
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
    const now = options.now().getTime();
    let start;
    let window: { start: number; end: number };
    if (syncState === undefined) {
      window = { start: now - WINDOW_BEFORE_MS, end: now + WINDOW_AFTER_MS };
      start = { from: 'window' as const, start: new Date(window.start), end: new Date(window.end) };
    } else {
      const bookmark = parseCalendarBookmark(syncState);
      if (bookmark === undefined || !bookmark.link.startsWith(`${options.serviceRoot}/`))
        throw new BookmarkExpiredError('The calendar bookmark is not a Graph delta link');
      // Changes outside the round's window are not in it: today and the days presence reads
      // ahead must lie inside (the clock moved on, or back).
      if (bookmark.start > now - WINDOW_BEFORE_MS || bookmark.end < now + WINDOW_MUST_REACH_MS)
        throw new BookmarkExpiredError('The calendar bookmark follows another window');
      window = { start: bookmark.start, end: bookmark.end };
      start = { from: 'link' as const, link: bookmark.link };
    }
    const result = await syncCalendarView(options.requester, { start, maxPages: DELTA_MAX_PAGES });
    if (result.kind === 'restart')
      throw new BookmarkExpiredError('Graph no longer knows the calendar bookmark', {
        ...(result.code === undefined ? {} : { code: result.code }),
      });
    const changeCount = result.changed.length + result.removed.length;
    return result.kind === 'round'
      ? {
          folder: 'calendar',
          changeCount,
          syncState: calendarBookmark(result.deltaLink, window),
          complete: true,
        }
      : {
          folder: 'calendar',
          changeCount,
          syncState: calendarBookmark(result.nextLink, window),
          complete: false,
        };
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
