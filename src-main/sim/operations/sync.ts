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
import type { KnownItem, SyncPosition } from '../subscriptions.js';
import type { OperationContext, OperationHandler } from './context.js';
import { calendarItemXml, messageXml, parseItemShape, type ItemShape } from './item-xml.js';
import { centerOf } from './notifications.js';
import { folderOfId } from './notifications-xml.js';

type Change =
  | { kind: 'Create' | 'Update'; entry: FolderEntry }
  | { kind: 'Delete'; entry: FolderEntry }
  | { kind: 'ReadFlagChange'; entry: FolderEntry };

/**
 * What the client must hear about one folder entry, given what it holds (undefined: nothing).
 * Decided on what the client holds rather than on seqs alone, so an item that comes and goes
 * between two pages is never deleted on a client that was never told of it.
 */
export function classify(entry: FolderEntry, known: KnownItem | undefined): Change | undefined {
  if (entry.deleted) return known ? { kind: 'Delete', entry } : undefined;
  if (!known) return { kind: 'Create', entry };
  if (entry.lastContentSeq > known.contentSeq) return { kind: 'Update', entry };
  if (entry.isRead !== known.isRead) return { kind: 'ReadFlagChange', entry };
  return undefined;
}

/**
 * One page: the changes to send (at most `max`), and the position after them: the seq the next
 * SyncState continues from, what the client then holds, and whether that was all.
 */
export function page(
  entries: readonly FolderEntry[],
  from: SyncPosition,
  max: number,
  head: number,
  ignore: ReadonlySet<string> = new Set(),
): { changes: Change[]; next: SyncPosition; last: boolean } {
  const known = new Map(from.known);
  const changes: Change[] = [];
  let seq = from.seq;
  for (const entry of entries) {
    if (entry.lastSeq <= from.seq) continue;
    const change = ignore.has(entry.id) ? undefined : classify(entry, known.get(entry.id));
    if (change && changes.length >= max) return { changes, next: { seq, known }, last: false };
    seq = entry.lastSeq;
    if (!change) continue;
    changes.push(change);
    if (change.kind === 'Delete') known.delete(entry.id);
    else {
      const held: KnownItem = { contentSeq: entry.lastContentSeq };
      if (entry.isRead !== undefined) held.isRead = entry.isRead;
      known.set(entry.id, held);
    }
  }
  return { changes, next: { seq: head, known }, last: true };
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
  let from: SyncPosition = { seq: 0, known: new Map() };
  if (stateText !== '') {
    const position = center.readSyncState(stateText, context.user.email, folder);
    if (position === undefined || position.seq > journal.head) {
      return error(
        'ErrorInvalidSyncStateData',
        'Synchronization state data is corrupt or otherwise invalid.',
      );
    }
    from = position;
  }
  const max = Number(childText(request, 'MaxChangesReturned') ?? '512');
  const ignore = new Set(
    children(child(request, 'Ignore'), 'ItemId').map((n) => attr(n, 'Id') ?? ''),
  );
  const shape = parseItemShape(child(request, 'ItemShape'));
  const result = page(journal.changedSince(folder, from.seq), from, max, journal.head, ignore);
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
