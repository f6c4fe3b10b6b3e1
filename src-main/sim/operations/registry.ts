/** The operations the simulator answers, by the local name of the request's body element. */
import { getUserAvailability } from './availability.js';
import type { OperationHandler } from './context.js';
import { findItem } from './find-item.js';
import { getFolder } from './get-folder.js';
import { createItem, deleteItem, getAttachment, getItem, updateItem } from './items.js';
import { getMailTips } from './mail-tips.js';
import { getEvents, getStreamingEvents, subscribe, unsubscribe } from './notifications.js';
import { getUserOofSettings, setUserOofSettings } from './oof.js';
import { resolveNames } from './resolve-names.js';
import { syncFolderItems } from './sync.js';

export const OPERATIONS: ReadonlyMap<string, OperationHandler> = new Map([
  ['GetUserOofSettings', getUserOofSettings],
  ['SetUserOofSettings', setUserOofSettings],
  ['GetUserAvailability', getUserAvailability],
  ['FindItem', findItem],
  ['GetFolder', getFolder],
  ['GetItem', getItem],
  ['GetAttachment', getAttachment],
  ['UpdateItem', updateItem],
  ['DeleteItem', deleteItem],
  ['CreateItem', createItem],
  ['GetMailTips', getMailTips],
  ['ResolveNames', resolveNames],
  ['Subscribe', subscribe],
  ['Unsubscribe', unsubscribe],
  ['GetEvents', getEvents],
  ['GetStreamingEvents', getStreamingEvents],
  ['SyncFolderItems', syncFolderItems],
]);

/** The operation name of a body element: `GetUserOofSettingsRequest` is GetUserOofSettings. */
export function operationName(bodyElement: string): string {
  return bodyElement.endsWith('Request') ? bodyElement.slice(0, -'Request'.length) : bodyElement;
}
