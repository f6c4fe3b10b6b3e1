/**
 * Saves an IM conversation to the mailbox's Conversation History folder over Graph, as Beacon
 * does over EWS (CreateItem, SaveOnly, class IPM.Note.Microsoft.Conversation, HTML transcript).
 *
 * Graph creates a message in a folder only as a draft (isDraft is read-only). The one way to
 * save it as a delivered item is to give PidTagMessageFlags at creation, which MAPI honours only
 * then: MSGFLAG_READ without MSGFLAG_UNSENT. That is not in the Graph docs, so if Graph refuses
 * the property (400) the transcript is saved again as a plain draft: it is never lost. Like the
 * EWS path, the item's time is when it is saved (sentDateTime/receivedDateTime are read-only).
 */
import { z } from 'zod';
import type { GraphRequest, GraphRequester } from '../requester.js';
import { compact, failureFacts, GraphArgumentError, isNotFound, opt } from './common.js';
import {
  MESSAGE_CLASS,
  MESSAGE_FLAGS,
  MSGFLAG_READ,
  odataString,
  propertyValue,
} from './extended-properties.js';

/** The class Lync gives saved IM conversations (the same as Beacon's EWS path). */
export const CONVERSATION_ITEM_CLASS = 'IPM.Note.Microsoft.Conversation';
/** The well-known name (works in any mailbox language) and the name a created folder gets. */
export const CONVERSATION_HISTORY = 'conversationhistory';
export const CONVERSATION_HISTORY_DISPLAY_NAME = 'Conversation History';

export interface ConversationParticipant {
  email: string;
  name?: string;
}

export interface SaveConversationArgs {
  subject: string;
  /** The transcript as HTML, composed (and escaped) by the caller. */
  html: string;
  to: readonly ConversationParticipant[];
  from?: ConversationParticipant;
  /** Default CONVERSATION_ITEM_CLASS. */
  itemClass?: string;
}

export interface SavedConversation {
  id: string;
  folderId: string;
  /** 'delivered' when Graph took the message flags; 'draft' when it had to be saved as a draft. */
  savedAs: 'delivered' | 'draft';
}

const folderSchema = z.object({ id: z.string().min(1), displayName: opt(z.string()) });
const folderListSchema = z.object({ value: z.array(folderSchema) });
const createdSchema = z.object({ id: z.string().min(1), isDraft: opt(z.boolean()) });

export function buildGetConversationFolderRequest(): GraphRequest {
  return { method: 'GET', path: `/me/mailFolders/${CONVERSATION_HISTORY}` };
}

export function buildCreateConversationFolderRequest(): GraphRequest {
  return {
    method: 'POST',
    path: '/me/mailFolders',
    body: { displayName: CONVERSATION_HISTORY_DISPLAY_NAME },
    // A create: resent blindly after a dropped connection, it could make a second folder.
    retry: 'never',
  };
}

export function buildFindFolderByNameRequest(): GraphRequest {
  return {
    method: 'GET',
    path: '/me/mailFolders',
    query: { $filter: `displayName eq ${odataString(CONVERSATION_HISTORY_DISPLAY_NAME)}` },
  };
}

/**
 * The Conversation History folder's id: the well-known folder; when the mailbox has none (404),
 * a top-level folder of that name is created; when creating finds one already there (a folder of
 * that name made earlier), that one is used.
 */
export async function findOrCreateConversationFolder(requester: GraphRequester): Promise<string> {
  try {
    return (await requester.json(buildGetConversationFolderRequest(), folderSchema)).id;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    return (await requester.json(buildCreateConversationFolderRequest(), folderSchema)).id;
  } catch (error) {
    const { status, code } = failureFacts(error);
    const exists =
      status === 409 || (code !== undefined && /folderexists|namealreadyexists/i.test(code));
    if (!exists) throw error;
  }
  const found = await requester.json(buildFindFolderByNameRequest(), folderListSchema);
  const [first] = found.value;
  if (first === undefined)
    throw new GraphArgumentError('The Conversation History folder could not be found');
  return first.id;
}

export function buildSaveConversationRequest(
  folderId: string,
  args: SaveConversationArgs,
  options: { asDraft: boolean },
): GraphRequest {
  if (folderId.trim() === '') throw new GraphArgumentError('folderId must not be empty');
  const recipient = (p: ConversationParticipant) => ({
    emailAddress: compact({ address: p.email, name: p.name }),
  });
  const properties = [
    propertyValue(MESSAGE_CLASS, args.itemClass ?? CONVERSATION_ITEM_CLASS),
    ...(options.asDraft ? [] : [propertyValue(MESSAGE_FLAGS, MSGFLAG_READ)]),
  ];
  return {
    method: 'POST',
    path: `/me/mailFolders/${encodeURIComponent(folderId)}/messages`,
    // A create: resent blindly after a dropped connection, it could save the transcript twice.
    retry: 'never',
    body: compact({
      subject: args.subject,
      body: { contentType: 'html', content: args.html },
      toRecipients: args.to.map(recipient),
      from: args.from === undefined ? undefined : recipient(args.from),
      singleValueExtendedProperties: properties,
    }),
  };
}

/** Saves a conversation (finding or creating the folder first unless `folderId` is given). */
export async function saveConversation(
  requester: GraphRequester,
  args: SaveConversationArgs & { folderId?: string },
): Promise<SavedConversation> {
  const folderId = args.folderId ?? (await findOrCreateConversationFolder(requester));
  try {
    const created = await requester.json(
      buildSaveConversationRequest(folderId, args, { asDraft: false }),
      createdSchema,
    );
    return { id: created.id, folderId, savedAs: created.isDraft === true ? 'draft' : 'delivered' };
  } catch (error) {
    // Graph refused the message flags: save the transcript as a draft rather than lose it.
    if (failureFacts(error).status !== 400) throw error;
  }
  const created = await requester.json(
    buildSaveConversationRequest(folderId, args, { asDraft: true }),
    createdSchema,
  );
  return { id: created.id, folderId, savedAs: 'draft' };
}
