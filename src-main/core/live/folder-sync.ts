/**
 * "Did this folder change since we last looked?", answered by SyncFolderItems from the bookmark
 * persisted per mailbox (sync-state.ts), so the question stays cheap across restarts. The answer
 * is only a yes or no: the items themselves are read the usual way (CalendarView expands
 * recurrences; SyncFolderItems does not).
 */
import type { MailboxLive } from '../../mailbox/backend.js';
import { BookmarkExpiredError } from '../../mailbox/errors.js';
import type { MailboxSyncStates, SyncKind, SyncStateStore } from './sync-state.js';

export type SyncClient = Pick<MailboxLive, 'syncFolder'>;

export interface FolderSync {
  /** True when the folder changed (or no bookmark existed); the bookmark moves on and is saved. */
  changed(client: SyncClient, kind: SyncKind, signal?: AbortSignal): Promise<boolean>;
  /**
   * Takes the first bookmark if there is none yet (before a full read), so the first check after
   * it is incremental: once per mailbox, not once per run.
   */
  prime(client: SyncClient, kind: SyncKind, signal?: AbortSignal): Promise<void>;
}

export function createFolderSync(store: SyncStateStore, mailbox: string): FolderSync {
  let states: MailboxSyncStates | undefined;
  let saving: Promise<void> = Promise.resolve();

  const sync = async (
    client: SyncClient,
    kind: SyncKind,
    signal: AbortSignal | undefined,
  ): Promise<boolean> => {
    states ??= await store.load(mailbox);
    const before = states[kind];
    let result;
    try {
      result = await client.syncFolder(
        before === undefined ? { folder: kind } : { folder: kind, syncState: before.syncState },
        signal,
      );
    } catch (error) {
      if (!(error instanceof BookmarkExpiredError) || before === undefined) throw error;
      // The server no longer knows our bookmark: start over (and count it as a change).
      result = await client.syncFolder({ folder: kind }, signal);
    }
    // A bookmark of another folder (voicemail synced as the inbox, or back) starts over.
    const sameFolder = before !== undefined && before.folder === result.folder;
    const changed = !sameFolder || result.changeCount > 0 || !result.complete;
    states = { ...states, [kind]: { folder: result.folder, syncState: result.syncState } };
    const snapshot = states;
    saving = saving.then(() => store.save(mailbox, snapshot)).catch(() => undefined);
    await saving;
    return changed;
  };

  return {
    changed: (client, kind, signal) => sync(client, kind, signal),
    prime: async (client, kind, signal) => {
      states ??= await store.load(mailbox);
      if (states[kind] === undefined) await sync(client, kind, signal);
    },
  };
}
