/**
 * Which server folder id is which watched folder. Notifications name folders by id only
 * (ParentFolderId, OldParentFolderId); one GetFolder (IdOnly) on the distinguished folders
 * tells the caller which of its folders an event concerns. A folder the mailbox lacks (no
 * voicemail folder) is left out of the map.
 */
import { DecodeError } from '../errors.js';
import { buildEnvelope, type DecodedEnvelope } from '../soap/envelope.js';
import { responseMessageError } from '../soap/response-message.js';
import type { EwsTransport } from '../transport/ews-transport.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import { attr, child } from '../xml/parse.js';
import { distinguishedFolder, messagesOf, namedChildren, type RequestOptions } from './common.js';
import { DEFAULT_WATCHED_FOLDERS } from './notifications.js';
import type { WatchedFolder } from './notifications-types.js';

export function buildGetWatchedFoldersRequest(args: {
  folders: readonly WatchedFolder[];
}): XmlFragment {
  if (args.folders.length === 0) throw new RangeError('No folder to look up');
  return el('m:GetFolder', undefined, [
    el('m:FolderShape', undefined, textEl('t:BaseShape', 'IdOnly')),
    el(
      'm:FolderIds',
      undefined,
      args.folders.map((f) => distinguishedFolder(f)),
    ),
  ]);
}

/** One answer per requested folder, in order; ErrorFolderNotFound leaves that folder out. */
export function decodeGetWatchedFoldersResponse(
  env: DecodedEnvelope,
  folders: readonly WatchedFolder[],
): Map<string, WatchedFolder> {
  const messages = messagesOf(env, 'GetFolder');
  const base = 'Envelope/Body/GetFolderResponse/ResponseMessages';
  if (messages.length !== folders.length)
    throw new DecodeError(
      `Expected ${folders.length} response messages, got ${messages.length}`,
      base,
    );
  const ids = new Map<string, WatchedFolder>();
  messages.forEach((message, i) => {
    const path = `${base}/GetFolderResponseMessage[${i + 1}]`;
    const error = responseMessageError(message, path);
    if (error?.responseCode === 'ErrorFolderNotFound') return;
    if (error) throw error;
    const [folder] = namedChildren(child(message, 'Folders'));
    const id = attr(child(folder?.node, 'FolderId'), 'Id');
    if (id === undefined || id === '') throw new DecodeError('Missing FolderId/@Id', path);
    const watched = folders[i];
    if (watched !== undefined) ids.set(id, watched);
  });
  return ids;
}

export async function getWatchedFolderIds(
  transport: EwsTransport,
  args: { folders?: readonly WatchedFolder[] } & RequestOptions = {},
  signal?: AbortSignal,
): Promise<Map<string, WatchedFolder>> {
  const folders = [...new Set(args.folders ?? DEFAULT_WATCHED_FOLDERS)];
  const envelope = buildEnvelope(buildGetWatchedFoldersRequest({ folders }), args.header);
  return await transport.send(
    'GetFolder',
    envelope,
    (env) => decodeGetWatchedFoldersResponse(env, folders),
    signal,
  );
}
