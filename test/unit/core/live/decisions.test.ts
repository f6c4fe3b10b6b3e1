/** The pure rules of live updates: fallbacks, back-off, what notifications make stale, modes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../../src-main/ews/operations/notifications-types.js';
import {
  COALESCE_WINDOW_MS,
  SETTLE_MS,
  FEED_BACKOFF_BASE_MS,
  FEED_BACKOFF_MAX_MS,
  refreshDueAt,
  fallbackAfterRefusal,
  feedRetryDelay,
  isLive,
  targetsFor,
  updatesFor,
} from '../../../../src-main/core/live/decisions.js';
import { changedFolders } from '../../../../src-main/backends/ews/live/changed-folders.js';

const at = new Date('2025-06-10T17:07:00Z');

function itemEvent(folderId: string, oldFolderId?: string): Notification {
  return {
    subscriptionId: 's',
    moreEvents: false,
    events: [
      {
        kind: oldFolderId === undefined ? 'modified' : 'moved',
        folderId,
        itemId: 'i',
        watermark: 'w',
        timeStamp: at,
        ...(oldFolderId === undefined ? {} : { oldFolderId }),
      },
    ],
  };
}

describe('fallbackAfterRefusal', () => {
  it('goes from streaming to pull, and from pull to polling', () => {
    expect(fallbackAfterRefusal('streaming')).toBe('pull');
    expect(fallbackAfterRefusal('pull')).toBe('polling');
    expect(fallbackAfterRefusal('polling')).toBe('polling');
  });
});

describe('feedRetryDelay', () => {
  it('doubles from 5 s with jitter in the upper half of the window', () => {
    expect(feedRetryDelay(1, () => 0)).toBe(FEED_BACKOFF_BASE_MS / 2);
    expect(feedRetryDelay(1, () => 1)).toBe(FEED_BACKOFF_BASE_MS);
    expect(feedRetryDelay(2, () => 0.5)).toBe(7_500);
    expect(feedRetryDelay(3, () => 0.5)).toBe(15_000);
  });

  it('never waits less than half its window nor more than 15 minutes, whatever happens', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 10 * 86_400_000 }), { nil: undefined }),
        (failures, jitter, asked) => {
          const delay = feedRetryDelay(failures, () => jitter, asked);
          const window = Math.min(FEED_BACKOFF_MAX_MS, FEED_BACKOFF_BASE_MS * 2 ** (failures - 1));
          expect(delay).toBeGreaterThanOrEqual(Math.floor(window / 2));
          expect(delay).toBeLessThanOrEqual(FEED_BACKOFF_MAX_MS);
        },
      ),
    );
  });

  it("honours a server's longer request, up to the cap", () => {
    expect(feedRetryDelay(1, () => 0.5, 60_000)).toBe(60_000);
    expect(feedRetryDelay(1, () => 0.5, 1_000)).toBe(3_750);
    expect(feedRetryDelay(1, () => 0.5, 86_400_000)).toBe(FEED_BACKOFF_MAX_MS);
  });
});

describe('what notifications make stale', () => {
  it('maps calendar to the calendar view and inbox or voicemail to the voicemail list', () => {
    expect([...targetsFor(['calendar'])]).toEqual(['calendar']);
    expect([...targetsFor(['inbox'])]).toEqual(['voicemail']);
    expect([...targetsFor(['voicemail', 'inbox'])]).toEqual(['voicemail']);
    expect([...targetsFor([])]).toEqual([]);
  });

  it('names the folders of events by their known ids, old folder included', () => {
    const known = new Map([
      ['cal-id', 'calendar' as const],
      ['inbox-id', 'inbox' as const],
    ]);
    expect(changedFolders([itemEvent('cal-id')], known)).toEqual(['calendar']);
    expect(changedFolders([itemEvent('inbox-id', 'cal-id')], known)).toEqual(['calendar', 'inbox']);
  });

  it("names a change to a watched folder itself (parent: the mailbox root) as that folder's", () => {
    const known = new Map([
      ['cal-id', 'calendar' as const],
      ['vm-id', 'voicemail' as const],
    ]);
    const folderEvent = (changedFolderId: string): Notification => ({
      subscriptionId: 's',
      moreEvents: false,
      events: [
        { kind: 'modified', folderId: 'root-id', changedFolderId, watermark: 'w', timeStamp: at },
      ],
    });
    expect(changedFolders([folderEvent('cal-id'), itemEvent('cal-id')], known)).toEqual([
      'calendar',
    ]);
    expect(changedFolders([folderEvent('vm-id')], known)).toEqual(['voicemail']);
    // A folder Beacon does not watch (or cannot name): everything, to be safe.
    expect(changedFolders([folderEvent('other-id')], known)).toEqual([
      'calendar',
      'inbox',
      'voicemail',
    ]);
  });

  it('counts an event in a folder it cannot name as a change anywhere', () => {
    expect(changedFolders([itemEvent('unknown')])).toEqual(['calendar', 'inbox', 'voicemail']);
  });

  it('ignores heartbeats', () => {
    const status: Notification = {
      subscriptionId: 's',
      moreEvents: false,
      events: [{ kind: 'status', watermark: 'w' }],
    };
    expect(changedFolders([status])).toEqual([]);
  });
});

describe('modes', () => {
  it('acts on a burst after a short settle, and on later ones no sooner than the window after the last refresh', () => {
    expect(SETTLE_MS).toBeGreaterThanOrEqual(100);
    expect(SETTLE_MS).toBeLessThanOrEqual(500);
    expect(COALESCE_WINDOW_MS).toBeGreaterThanOrEqual(2_000);
    expect(COALESCE_WINDOW_MS).toBeLessThanOrEqual(5_000);
    expect(refreshDueAt(1_000, undefined)).toBe(1_000 + SETTLE_MS);
    // Within the window of the refresh at 1 000: at its end.
    expect(refreshDueAt(1_500, 1_000)).toBe(1_000 + COALESCE_WINDOW_MS);
    // Long after it: the settle alone.
    expect(refreshDueAt(60_000, 1_000)).toBe(60_000 + SETTLE_MS);
  });

  it('shows polling every 15 minutes, and live modes with their hourly check', () => {
    expect(updatesFor('polling')).toEqual({ mode: 'polling', everyMinutes: 15 });
    expect(updatesFor('streaming')).toEqual({ mode: 'streaming', everyMinutes: 60 });
    expect(updatesFor('pull')).toEqual({ mode: 'pull', everyMinutes: 60 });
    expect([isLive('streaming'), isLive('pull'), isLive('polling')]).toEqual([true, true, false]);
  });
});
