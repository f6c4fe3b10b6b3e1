/**
 * SyncFolderItems: what changed in the calendar or voicemail folder since the last sync, as
 * creates, updates, deletes and read-flag changes, so a notification costs a few changed items
 * instead of a re-read of the whole day. The sync state is the server's opaque bookmark.
 */
import { DecodeError, EwsResponseError } from '../errors.js';
import { buildEnvelope, type DecodedEnvelope } from '../soap/envelope.js';
import { responseMessageError } from '../soap/response-message.js';
import type { EwsTransport } from '../transport/ews-transport.js';
import { parseInstant } from '../time/date-time.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import { attr, child, children, isObject, text, type XmlNode } from '../xml/parse.js';
import {
  distinguishedFolder,
  namedChildren,
  optText,
  readBool,
  singleMessage,
  type RequestOptions,
} from './common.js';
import { SYNC_STATE_INVALID_CODES, SyncStateInvalidError } from './notifications-errors.js';
import type { SyncChange, SyncedItem, SyncFolderArgs, SyncResult } from './notifications-types.js';

/** The fields a change carries per folder kind, beyond the id (BaseShape IdOnly). */
export const SYNC_FIELDS: Readonly<Record<'calendar' | 'voicemail' | 'inbox', readonly string[]>> =
  {
    calendar: [
      'item:ItemClass',
      'item:Subject',
      'calendar:Start',
      'calendar:End',
      'calendar:IsAllDayEvent',
      'calendar:LegacyFreeBusyStatus',
      'calendar:CalendarItemType',
    ],
    voicemail: ['item:ItemClass', 'item:Subject', 'item:DateTimeReceived', 'message:IsRead'],
    inbox: ['item:ItemClass', 'item:Subject', 'item:DateTimeReceived', 'message:IsRead'],
  };

export const MAX_CHANGES_LIMIT = 512;

/**
 * Marks a sync state that belongs to the inbox (a mailbox without a voicemail folder). Exchange's
 * states are base64, which has no colon, so the mark cannot clash with one.
 */
const INBOX_MARK = 'inbox:';

/** How a mailbox without a voicemail folder answers a sync of it. */
const MISSING_FOLDER_CODES: readonly string[] = ['ErrorFolderNotFound', 'ErrorSyncFolderNotFound'];

export function buildSyncFolderItemsRequest(args: {
  folder: 'calendar' | 'voicemail' | 'inbox';
  syncState?: string;
  maxChangesReturned?: number;
}): XmlFragment {
  const max = args.maxChangesReturned ?? 100;
  if (!Number.isInteger(max) || max < 1 || max > MAX_CHANGES_LIMIT)
    throw new RangeError(`maxChangesReturned must be 1–${MAX_CHANGES_LIMIT}`);
  return el('m:SyncFolderItems', undefined, [
    el('m:ItemShape', undefined, [
      textEl('t:BaseShape', 'IdOnly'),
      el(
        't:AdditionalProperties',
        undefined,
        SYNC_FIELDS[args.folder].map((uri) => el('t:FieldURI', { FieldURI: uri })),
      ),
    ]),
    el('m:SyncFolderId', undefined, distinguishedFolder(args.folder)),
    args.syncState === undefined || args.syncState === ''
      ? undefined
      : textEl('m:SyncState', args.syncState),
    textEl('m:MaxChangesReturned', max),
    textEl('m:SyncScope', 'NormalItems'),
  ]);
}

function itemRef(node: XmlNode | undefined, path: string): { id: string; changeKey?: string } {
  const idNode = child(node, 'ItemId');
  const id = attr(idNode, 'Id')?.trim();
  if (id === undefined || id === '') throw new DecodeError('Missing ItemId/@Id', path);
  const changeKey = attr(idNode, 'ChangeKey');
  return changeKey === undefined ? { id } : { id, changeKey };
}

function decodeSyncedItem(node: XmlNode, path: string): SyncedItem {
  const item: SyncedItem = itemRef(node, path);
  const itemClass = optText(node, 'ItemClass');
  if (itemClass !== undefined) item.itemClass = itemClass;
  const subject = child(node, 'Subject');
  if (subject !== undefined) item.subject = text(subject).trim();
  const start = optText(node, 'Start');
  if (start !== undefined) item.start = parseInstant(start, `${path}/Start`);
  const end = optText(node, 'End');
  if (end !== undefined) item.end = parseInstant(end, `${path}/End`);
  const allDay = readBool(node, 'IsAllDayEvent', path);
  if (allDay !== undefined) item.isAllDay = allDay;
  const freeBusy = optText(node, 'LegacyFreeBusyStatus');
  if (freeBusy !== undefined) item.freeBusy = freeBusy;
  const type = optText(node, 'CalendarItemType');
  if (type !== undefined) item.calendarItemType = type;
  const isRead = readBool(node, 'IsRead', path);
  if (isRead !== undefined) item.isRead = isRead;
  const received = optText(node, 'DateTimeReceived');
  if (received !== undefined) item.received = parseInstant(received, `${path}/DateTimeReceived`);
  return item;
}

/** The item inside a Create/Update, whatever its type element (Message, CalendarItem, …). */
function createdItem(node: XmlNode, path: string): SyncedItem {
  const [first] = namedChildren(node);
  if (first === undefined) throw new DecodeError('The change holds no item', path);
  return decodeSyncedItem(first.node, `${path}/${first.name}`);
}

const SYNC_PATH =
  'Envelope/Body/SyncFolderItemsResponse/ResponseMessages/SyncFolderItemsResponseMessage';

export interface SyncPage {
  changes: SyncChange[];
  syncState: string;
  includesLastItemInRange: boolean;
}

/**
 * One SyncFolderItems answer. The changes come grouped by kind (creates, updates, deletes,
 * read-flag changes): Exchange reports an item at most once per answer, so no order between
 * kinds is lost. A refused sync state is SyncStateInvalidError (sync again from nothing).
 */
export function decodeSyncFolderItemsResponse(env: DecodedEnvelope): SyncPage {
  const message = singleMessage(env, 'SyncFolderItems');
  const error = responseMessageError(message, SYNC_PATH);
  if (error) {
    if (SYNC_STATE_INVALID_CODES.includes(error.responseCode))
      throw new SyncStateInvalidError(error.responseCode, error.messageText, error.messageXml);
    throw error;
  }
  const syncState = text(child(message, 'SyncState')).trim();
  if (syncState === '') throw new DecodeError('Missing SyncState', SYNC_PATH);
  const last = readBool(message, 'IncludesLastItemInRange', SYNC_PATH);
  const changesNode = child(message, 'Changes');
  const path = `${SYNC_PATH}/Changes`;
  const changes: SyncChange[] = [];
  if (isObject(changesNode)) {
    children(changesNode, 'Create').forEach((node, i) => {
      changes.push({ kind: 'create', item: createdItem(node, `${path}/Create[${i + 1}]`) });
    });
    children(changesNode, 'Update').forEach((node, i) => {
      changes.push({ kind: 'update', item: createdItem(node, `${path}/Update[${i + 1}]`) });
    });
    children(changesNode, 'Delete').forEach((node, i) => {
      changes.push({ kind: 'delete', id: itemRef(node, `${path}/Delete[${i + 1}]`).id });
    });
    children(changesNode, 'ReadFlagChange').forEach((node, i) => {
      const at = `${path}/ReadFlagChange[${i + 1}]`;
      const isRead = readBool(node, 'IsRead', at);
      if (isRead === undefined) throw new DecodeError('Missing IsRead', at);
      changes.push({ kind: 'readFlagChange', id: itemRef(node, at).id, isRead });
    });
  }
  return { changes, syncState, includesLastItemInRange: last ?? true };
}

/**
 * Syncs `folder` from `syncState`, again while the server says there is more, at most
 * `maxRounds` requests. Voicemail falls back to the inbox (ErrorFolderNotFound) — then the
 * caller filters voicemail by item class, and a sync state of one folder is never sent for the
 * other: the inbox sync starts from nothing.
 */
export async function syncFolderItems(
  transport: EwsTransport,
  args: SyncFolderArgs & RequestOptions,
  signal?: AbortSignal,
): Promise<SyncResult> {
  // A voicemail sync that fell back to the inbox hands out its state marked as the inbox's.
  const fromInbox = args.folder === 'voicemail' && args.syncState?.startsWith(INBOX_MARK) === true;
  let folder: SyncResult['folder'] = fromInbox ? 'inbox' : args.folder;
  let syncState = fromInbox ? args.syncState?.slice(INBOX_MARK.length) : args.syncState;
  const maxRounds = Math.max(1, args.maxRounds ?? 20);
  const changes: SyncChange[] = [];
  for (let round = 1; ; round++) {
    const request = buildSyncFolderItemsRequest({
      folder,
      ...(syncState === undefined ? {} : { syncState }),
      ...(args.maxChangesReturned === undefined
        ? {}
        : { maxChangesReturned: args.maxChangesReturned }),
    });
    let page: SyncPage;
    try {
      page = await transport.send(
        'SyncFolderItems',
        buildEnvelope(request, args.header),
        decodeSyncFolderItemsResponse,
        signal,
      );
    } catch (error) {
      const noVoicemail =
        folder === 'voicemail' &&
        round === 1 &&
        error instanceof EwsResponseError &&
        MISSING_FOLDER_CODES.includes(error.responseCode);
      if (!noVoicemail) throw error;
      folder = 'inbox';
      syncState = undefined;
      round = 0;
      continue;
    }
    changes.push(...page.changes);
    syncState = page.syncState;
    if (page.includesLastItemInRange || round >= maxRounds)
      return {
        folder,
        changes,
        syncState: folder === 'inbox' ? `${INBOX_MARK}${syncState}` : syncState,
        includesLastItemInRange: page.includesLastItemInRange,
      };
  }
}
