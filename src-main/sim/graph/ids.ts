/**
 * Ids on the Graph face. Messages, attachments and folders keep the EWS face's opaque ids in
 * URL-safe form ('+' → '-', '/' → '_', as Graph's own ids look), so one item has the same
 * identity on both faces. A user's id is a GUID derived from the address, as a directory
 * object id is a GUID; `/users/{id}` also takes the address (a user principal name).
 */
import { createHash } from 'node:crypto';
import type { Mailbox, MailboxStore } from '../model.js';
import { folderId, folderOfId } from '../operations/notifications-xml.js';

export function toGraphId(modelId: string): string {
  return modelId.replace(/\+/g, '-').replace(/\//g, '_');
}

export function fromGraphId(graphId: string): string {
  return graphId.replace(/-/g, '+').replace(/_/g, '/');
}

/** The mail folders the Graph face knows, by well-known name. */
export const MAIL_FOLDERS = [
  'inbox',
  'drafts',
  'sentitems',
  'deleteditems',
  'conversationhistory',
] as const;
export type MailFolderName = (typeof MAIL_FOLDERS)[number];

export const FOLDER_DISPLAY_NAMES: Readonly<Record<MailFolderName, string>> = {
  inbox: 'Inbox',
  drafts: 'Drafts',
  sentitems: 'Sent Items',
  deleteditems: 'Deleted Items',
  conversationhistory: 'Conversation History',
};

export function graphFolderId(folder: MailFolderName | 'msgfolderroot'): string {
  return toGraphId(folderId(folder));
}

/** A well-known name (any case) or a folder id this simulator gave out → the folder. */
export function resolveFolder(idOrName: string): MailFolderName | undefined {
  const lower = idOrName.toLowerCase();
  const byName = MAIL_FOLDERS.find((f) => f === lower);
  if (byName) return byName;
  const named = folderOfId(fromGraphId(idOrName));
  return MAIL_FOLDERS.find((f) => f === named);
}

/** A stable GUID for a mailbox (the directory object id Graph would use). */
export function userIdOf(mailbox: Pick<Mailbox, 'email'>): string {
  const hex = createHash('sha1')
    .update(`beacon-sim-user:${mailbox.email.toLowerCase()}`)
    .digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/users/{id}`: a user id (GUID) or an address. */
export function findUser(store: MailboxStore, idOrAddress: string): Mailbox | undefined {
  if (idOrAddress.includes('@')) return store.find(idOrAddress);
  if (!GUID.test(idOrAddress)) return undefined;
  const lower = idOrAddress.toLowerCase();
  return store.all().find((m) => userIdOf(m) === lower);
}
