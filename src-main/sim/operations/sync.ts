/**
 * SyncFolderItems: the changes in one folder since a SyncState (everything, as Create, without
 * one), at most MaxChangesReturned at a time, oldest change first. The SyncState is sealed
 * (subscriptions.ts): the client cannot read or forge it, and one from another folder, another
 * mailbox or before an admin reset is ErrorInvalidSyncStateData.
 */
import { el, textEl, type XmlFragment } from '../../ews/xml/build.js';
import { attr, child, childText, children, type XmlNode } from '../../ews/xml/parse.js';
import { singleInstance } from '../calendar-view.js';
import { WATCHED_FOLDERS, type FolderEntry, type WatchedFolder } from '../change-journal.js';
import { operationElement, responseMessage } from '../soap.js';
import type { OperationContext, OperationHandler } from './context.js';
import { calendarItemXml, messageXml, parseItemShape, type ItemShape } from './item-xml.js';
import { centerOf } from './notifications.js';
import { folderOfId } from './notifications-xml.js';

type Change =
  | { kind: 'Create' | 'Update'; entry: FolderEntry }
  | { kind: 'Delete'; entry: FolderEntry }
  | { kind: 'ReadFlagChange'; entry: FolderEntry };

/** What changed for one folder entry since `since` (undefined: nothing the client needs). */
export function classify(entry: FolderEntry, since: number): Change | undefined {
  if (entry.lastSeq <= since) return undefined;
  if (entry.deleted) return entry.createdSeq <= since ? { kind: 'Delete', entry } : undefined;
  if (entry.createdSeq > since) return { kind: 'Create', entry };
  if (entry.lastContentSeq > since) return { kind: 'Update', entry };
  return { kind: 'ReadFlagChange', entry };
}

/** One page: the changes to send, the seq the next SyncState stands for, and whether that was all. */
export function page(
  entries: readonly FolderEntry[],
  since: number,
  max: number,
  head: number,
  ignore: ReadonlySet<string> = new Set(),
): { changes: Change[]; next: number; last: boolean } {
  const changes: Change[] = [];
  for (const [index, entry] of entries.entries()) {
    if (changes.length >= max) {
      return { changes, next: entries[index - 1]?.lastSeq ?? since, last: false };
    }
    const change = ignore.has(entry.id) ? undefined : classify(entry, since);
    if (change) changes.push(change);
  }
  return { changes, next: head, last: true };
}

function error(code: string, text: string): XmlFragment {
  return operationElement('SyncFolderItemsResponse', {}, [
    el(
      'm:ResponseMessages',
      undefined,
      responseMessage(
        'SyncFolderItemsResponseMessage',
        'Error',
        code,
        [el('m:SyncState'), textEl('m:IncludesLastItemInRange', true)],
        text,
      ),
    ),
  ]);
}

function readFolder(
  context: OperationContext,
  node: XmlNode | undefined,
): WatchedFolder | undefined {
  const distinguished = child(node, 'DistinguishedFolderId');
  const address = childText(child(distinguished, 'Mailbox'), 'EmailAddress');
  if (address !== undefined && context.store.find(address) !== context.user) return undefined;
  const name =
    distinguished !== undefined
      ? attr(distinguished, 'Id')
      : folderOfId(attr(child(node, 'FolderId'), 'Id') ?? '');
  if (name === undefined || !(WATCHED_FOLDERS as readonly string[]).includes(name)) {
    return undefined;
  }
  if (name === 'voicemail' && !context.user.voicemailEnabled) return undefined;
  return name as WatchedFolder;
}

function changeXml(
  context: OperationContext,
  change: Change,
  shape: ItemShape,
): XmlFragment | undefined {
  const { entry } = change;
  const itemId = el('t:ItemId', { Id: entry.id, ChangeKey: entry.changeKey });
  if (change.kind === 'Delete') return el('t:Delete', undefined, itemId);
  if (change.kind === 'ReadFlagChange') {
    return el('t:ReadFlagChange', undefined, [itemId, textEl('t:IsRead', entry.isRead ?? false)]);
  }
  const calendar = context.user.calendar.find((c) => c.id === entry.id);
  if (calendar) {
    return el(
      `t:${change.kind}`,
      undefined,
      calendarItemXml(singleInstance(calendar), shape, { findItem: false }),
    );
  }
  const message = context.user.messages.find((m) => m.id === entry.id);
  if (message) {
    return el(`t:${change.kind}`, undefined, messageXml(message, shape, { findItem: false }));
  }
  return undefined;
}

export const syncFolderItems: OperationHandler = (context, request) => {
  const center = centerOf(context);
  const folder = readFolder(context, child(request, 'SyncFolderId'));
  if (folder === undefined) {
    return error(
      'ErrorSyncFolderNotFound',
      'The specified folder could not be found in the store.',
    );
  }
  const journal = center.journal(context.user);
  journal.observe(context.now().getTime());
  const stateText = (childText(request, 'SyncState') ?? '').trim();
  let since = 0;
  if (stateText !== '') {
    const seq = center.readSyncState(stateText, context.user.email, folder);
    if (seq === undefined || seq > journal.head) {
      return error(
        'ErrorInvalidSyncStateData',
        'Synchronization state data is corrupt or otherwise invalid.',
      );
    }
    since = seq;
  }
  const max = Number(childText(request, 'MaxChangesReturned') ?? '512');
  const ignore = new Set(
    children(child(request, 'Ignore'), 'ItemId').map((n) => attr(n, 'Id') ?? ''),
  );
  const shape = parseItemShape(child(request, 'ItemShape'));
  const result = page(journal.changedSince(folder, since), since, max, journal.head, ignore);
  const changes = result.changes
    .map((c) => changeXml(context, c, shape))
    .filter((x): x is XmlFragment => x !== undefined);
  return operationElement('SyncFolderItemsResponse', {}, [
    el(
      'm:ResponseMessages',
      undefined,
      responseMessage('SyncFolderItemsResponseMessage', 'Success', 'NoError', [
        textEl('m:SyncState', center.syncState(context.user.email, folder, result.next)),
        textEl('m:IncludesLastItemInRange', result.last),
        el('m:Changes', undefined, changes),
      ]),
    ),
  ]);
};
