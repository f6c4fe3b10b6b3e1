/**
 * Saves an IM conversation to the mailbox's Conversation History folder, as Communicator and
 * Lync did: a message (SaveOnly, never sent) whose HTML body is the transcript.
 */
import { DecodeError } from '../errors.js';
import { buildEnvelope, type DecodedEnvelope } from '../soap/envelope.js';
import { assertSuccess } from '../soap/response-message.js';
import type { EwsTransport } from '../transport/ews-transport.js';
import { el, optTextEl, textEl, type XmlFragment } from '../xml/build.js';
import { child } from '../xml/parse.js';
import {
  distinguishedFolder,
  mailboxElement,
  namedChildren,
  readItemId,
  singleMessage,
  type ItemRef,
  type RequestOptions,
} from './common.js';

/** The class Lync gives saved IM conversations (Outlook shows them as conversations). */
export const CONVERSATION_ITEM_CLASS = 'IPM.Note.Microsoft.Conversation';

export interface ConversationParticipant {
  email: string;
  name?: string;
}

export interface SaveConversationArgs extends RequestOptions {
  subject: string;
  /** The transcript as HTML; the builder escapes it into the Body element. */
  html: string;
  to: readonly ConversationParticipant[];
  from?: ConversationParticipant;
  /** Default CONVERSATION_ITEM_CLASS. */
  itemClass?: string;
}

export function buildSaveConversationRequest(args: SaveConversationArgs): XmlFragment {
  const mailbox = (p: ConversationParticipant): XmlFragment =>
    mailboxElement(
      't:Mailbox',
      p.name === undefined ? { email: p.email } : { email: p.email, name: p.name },
    );
  // t:MessageType order: ItemClass, Subject, Body (from t:ItemType), then ToRecipients, From.
  const message = el('t:Message', undefined, [
    optTextEl('t:ItemClass', args.itemClass ?? CONVERSATION_ITEM_CLASS),
    textEl('t:Subject', args.subject),
    textEl('t:Body', args.html, { BodyType: 'HTML' }),
    args.to.length > 0 && el('t:ToRecipients', undefined, args.to.map(mailbox)),
    args.from && el('t:From', undefined, mailbox(args.from)),
  ]);
  return el('m:CreateItem', { MessageDisposition: 'SaveOnly' }, [
    el('m:SavedItemFolderId', undefined, distinguishedFolder('conversationhistory')),
    el('m:Items', undefined, message),
  ]);
}

const PATH = 'Envelope/Body/CreateItemResponse/ResponseMessages/CreateItemResponseMessage';

/** The new item's id (CreateItem with SaveOnly answers with it). */
export function decodeCreateItemResponse(env: DecodedEnvelope): ItemRef {
  const message = singleMessage(env, 'CreateItem');
  assertSuccess(message, PATH);
  const [first] = namedChildren(child(message, 'Items'));
  if (first === undefined) throw new DecodeError('No item in the answer', `${PATH}/Items`);
  return readItemId(first.node, `${PATH}/Items/${first.name}`);
}

export async function saveConversation(
  transport: EwsTransport,
  args: SaveConversationArgs,
  signal?: AbortSignal,
): Promise<ItemRef> {
  const envelope = buildEnvelope(buildSaveConversationRequest(args), args.header);
  return await transport.send('CreateItem', envelope, decodeCreateItemResponse, signal);
}
