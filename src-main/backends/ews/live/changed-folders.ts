/** Which watched folders a batch of EWS notifications names. Pure. */
import type { Notification } from '../../../ews/operations/notifications-types.js';
import type { WatchedFolder } from '../../../mailbox/change-feed.js';
import { WATCHED_FOLDERS } from '../../../core/live/decisions.js';

/**
 * The watched folders a batch of notifications says changed. Events name folders by their
 * server id; one whose id is not known (`known` maps the ids learnt so far) may be any watched
 * folder, so it makes them all stale. A change to a watched folder itself (the calendar folder
 * modified with its item) is that folder's. Status events (heartbeats) change nothing.
 */
export function changedFolders(
  notifications: readonly Notification[],
  known: ReadonlyMap<string, WatchedFolder> = new Map(),
): WatchedFolder[] {
  const changed = new Set<WatchedFolder>();
  for (const notification of notifications) {
    for (const event of notification.events) {
      if (event.kind === 'status') continue;
      // An event on a folder itself (its count changed) names it as FolderId, its parent
      // being the mailbox root; an item's event names the folder it is (and was) in.
      const ids =
        event.changedFolderId === undefined
          ? [event.folderId, event.oldFolderId]
          : [event.changedFolderId];
      let matched = false;
      for (const id of ids) {
        const folder = id === undefined ? undefined : known.get(id);
        if (folder !== undefined) {
          changed.add(folder);
          matched = true;
        }
      }
      if (!matched) return [...WATCHED_FOLDERS];
    }
  }
  return WATCHED_FOLDERS.filter((folder) => changed.has(folder));
}
