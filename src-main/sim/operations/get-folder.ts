/**
 * GetFolder with the IdOnly shape (any other is refused as not implemented): the FolderId of a distinguished folder (or of an id this
 * simulator gave out), the same opaque id its notifications name. One response message per
 * requested folder, in order; a folder the mailbox lacks (voicemail when not enabled) is
 * ErrorFolderNotFound, as Exchange answers. (Ids come before distinguished folders when a request
 * mixes the two; Beacon asks for distinguished folders only.)
 */
import { el, type XmlFragment } from '../../ews/xml/build.js';
import { attr, child, childText, children } from '../../ews/xml/parse.js';
import { WATCHED_FOLDERS, type WatchedFolder } from '../change-journal.js';
import type { Mailbox } from '../model.js';
import { SoapFault, operationElement, responseMessage } from '../soap.js';
import type { OperationHandler } from './context.js';
import { folderId, folderOfId } from './notifications-xml.js';

const FOLDER_CHANGE_KEY = 'AQAAABYAAABeacon';

function isWatched(name: string): name is WatchedFolder {
  return (WATCHED_FOLDERS as readonly string[]).includes(name);
}

function notFound(): XmlFragment {
  return responseMessage(
    'GetFolderResponseMessage',
    'Error',
    'ErrorFolderNotFound',
    [],
    'The specified folder could not be found in the store.',
  );
}

function folderMessage(mailbox: Mailbox, name: string | undefined): XmlFragment {
  if (name === undefined || !isWatched(name)) return notFound();
  if (name === 'voicemail' && !mailbox.voicemailEnabled) return notFound();
  const kind = name === 'calendar' ? 't:CalendarFolder' : 't:Folder';
  return responseMessage('GetFolderResponseMessage', 'Success', 'NoError', [
    el(
      'm:Folders',
      undefined,
      el(kind, undefined, el('t:FolderId', { Id: folderId(name), ChangeKey: FOLDER_CHANGE_KEY })),
    ),
  ]);
}

export const getFolder: OperationHandler = (context, request) => {
  const shape = childText(child(request, 'FolderShape'), 'BaseShape');
  if (shape !== 'IdOnly' || child(child(request, 'FolderShape'), 'AdditionalProperties'))
    throw new SoapFault(
      'ErrorInvalidRequest',
      'The request is invalid: the simulator implements GetFolder with the IdOnly shape only.',
    );
  const ids = child(request, 'FolderIds');
  const messages: XmlFragment[] = [];
  for (const id of children(ids, 'FolderId'))
    messages.push(folderMessage(context.user, folderOfId(attr(id, 'Id') ?? '')));
  for (const id of children(ids, 'DistinguishedFolderId')) {
    const address = childText(child(id, 'Mailbox'), 'EmailAddress');
    const mailbox = address === undefined ? context.user : context.store.find(address);
    if (mailbox !== context.user) {
      messages.push(
        responseMessage(
          'GetFolderResponseMessage',
          'Error',
          mailbox === undefined ? 'ErrorNonExistentMailbox' : 'ErrorAccessDenied',
          [],
          mailbox === undefined
            ? `No mailbox with SMTP address ${address ?? ''} was found.`
            : 'Access is denied. Check credentials and try again.',
        ),
      );
      continue;
    }
    messages.push(folderMessage(mailbox, attr(id, 'Id')));
  }
  return operationElement('GetFolderResponse', {}, [el('m:ResponseMessages', undefined, messages)]);
};
