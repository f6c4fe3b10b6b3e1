/**
 * Voicemail (Unified Messaging messages): list, read, play, mark read, delete. The `voicemail`
 * folder exists only for UM-enabled mailboxes; without it (ErrorFolderNotFound) we search the
 * inbox by ItemClass. The UM facts (duration, caller) live in MAPI properties 0x6801..0x6806.
 */
import { DecodeError, EwsResponseError, ServerBusyError } from '../errors.js';
import { buildEnvelope, type DecodedEnvelope } from '../soap/envelope.js';
import { FIND_ITEM_ITEMS, streamEnvelope, type StreamingDecoder } from '../soap/stream-envelope.js';
import { assertSuccess, responseMessageError } from '../soap/response-message.js';
import type { EwsTransport } from '../transport/ews-transport.js';
import { parseInstant } from '../time/date-time.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import { attr, child, text, type XmlNode } from '../xml/parse.js';
import {
  distinguishedFolder,
  itemIdElement,
  messagesOf,
  namedChildren,
  optText,
  readBool,
  readItemId,
  readPerson,
  singleMessage,
  type ItemRef,
  type Person,
  type RequestOptions,
} from './common.js';
import {
  decodeAttachmentInfos,
  decodeExtendedProperty,
  decodeGenericItem,
  type AttachmentInfo,
  type GenericItem,
} from './items.js';

/** The UM extended properties we read (PropertyTag → MAPI type). */
export const UM_PROPERTIES = {
  duration: { tag: 0x6801, type: 'Integer' },
  callerNumber: { tag: 0x6802, type: 'String' },
  callerName: { tag: 0x6803, type: 'String' },
  attachmentOrder: { tag: 0x6805, type: 'String' },
  callId: { tag: 0x6806, type: 'String' },
} as const;

/** ItemClass prefixes of UM messages (matched case-insensitively, as Exchange does). */
export const VOICEMAIL_CLASS_PREFIXES = [
  'IPM.Note.Microsoft.Voicemail',
  'IPM.Note.rpmsg.Microsoft.Voicemail',
  'IPM.Note.Microsoft.Missed.Voice',
] as const;

export type VoicemailKind = 'voicemail' | 'protected' | 'missed-call';

export interface VoicemailSummary {
  id: string;
  changeKey?: string;
  subject: string;
  received: Date;
  isRead: boolean;
  itemClass: string;
  /** `protected` audio cannot be played here; a `missed-call` has none. */
  kind: VoicemailKind;
  from?: Person;
  hasAttachments: boolean;
  durationSeconds?: number;
  callerNumber?: string;
  callerName?: string;
  callId?: string;
  /** 0x6805: the audio attachments' names in play order, `;`-separated. */
  attachmentOrder?: string;
}

export interface VoicemailItem extends VoicemailSummary {
  /** The voice-mail preview from the body (plain text, whitespace kept). */
  transcription?: string;
  attachments: { id: string; name: string; contentType: string; size?: number }[];
}

export interface VoicemailList {
  items: VoicemailSummary[];
  /** Where they came from: the UM folder, or the inbox fallback. */
  folder: 'voicemail' | 'inbox';
  includesLastItemInRange: boolean;
}

export interface FindVoicemailArgs extends RequestOptions {
  /** Page size (IndexedPageItemView), default 100. */
  maxEntries?: number;
  offset?: number;
}

const SUMMARY_FIELDS = [
  'item:Subject',
  'item:DateTimeReceived',
  'message:IsRead',
  'item:ItemClass',
  'message:From',
  'item:HasAttachments',
];

function hexTag(tag: number): string {
  return `0x${tag.toString(16)}`;
}

function propertyPaths(extraFields: readonly string[]): XmlFragment[] {
  return [
    ...[...SUMMARY_FIELDS, ...extraFields].map((uri) => el('t:FieldURI', { FieldURI: uri })),
    ...Object.values(UM_PROPERTIES).map((p) =>
      el('t:ExtendedFieldURI', { PropertyTag: hexTag(p.tag), PropertyType: p.type }),
    ),
  ];
}

export function buildFindVoicemailRequest(
  args: FindVoicemailArgs & { folder: 'voicemail' | 'inbox' },
): XmlFragment {
  const max = args.maxEntries ?? 100;
  const offset = args.offset ?? 0;
  if (!Number.isInteger(max) || max < 1) throw new RangeError('maxEntries must be ≥ 1');
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError('offset must be ≥ 0');
  const restriction =
    args.folder === 'inbox'
      ? el(
          'm:Restriction',
          undefined,
          el(
            't:Or',
            undefined,
            VOICEMAIL_CLASS_PREFIXES.map((prefix) =>
              el(
                't:Contains',
                { ContainmentMode: 'Prefixed', ContainmentComparison: 'IgnoreCase' },
                [
                  el('t:FieldURI', { FieldURI: 'item:ItemClass' }),
                  el('t:Constant', { Value: prefix }),
                ],
              ),
            ),
          ),
        )
      : undefined;
  return el('m:FindItem', { Traversal: 'Shallow' }, [
    el('m:ItemShape', undefined, [
      textEl('t:BaseShape', 'IdOnly'),
      el('t:AdditionalProperties', undefined, propertyPaths([])),
    ]),
    el('m:IndexedPageItemView', {
      MaxEntriesReturned: max,
      Offset: offset,
      BasePoint: 'Beginning',
    }),
    restriction,
    el(
      'm:SortOrder',
      undefined,
      el(
        't:FieldOrder',
        { Order: 'Descending' },
        el('t:FieldURI', { FieldURI: 'item:DateTimeReceived' }),
      ),
    ),
    el('m:ParentFolderIds', undefined, distinguishedFolder(args.folder)),
  ]);
}

export function kindOf(itemClass: string): VoicemailKind {
  const c = itemClass.toLowerCase();
  if (c.startsWith('ipm.note.rpmsg.microsoft.voicemail')) return 'protected';
  if (c.startsWith('ipm.note.microsoft.missed.voice')) return 'missed-call';
  return 'voicemail';
}

function tagNumber(tag: string | undefined): number | undefined {
  if (tag === undefined) return undefined;
  const t = tag.trim().toLowerCase();
  const n = t.startsWith('0x') ? Number.parseInt(t.slice(2), 16) : Number.parseInt(t, 10);
  return Number.isFinite(n) ? n : undefined;
}

function decodeSummary(node: XmlNode, path: string): VoicemailSummary {
  const { id, changeKey } = readItemId(node, path);
  const received = optText(node, 'DateTimeReceived');
  if (received === undefined) throw new DecodeError('Missing DateTimeReceived', path);
  const itemClass = optText(node, 'ItemClass') ?? 'IPM.Note.Microsoft.Voicemail.UM';
  const summary: VoicemailSummary = {
    id,
    subject: text(child(node, 'Subject')).trim(),
    received: parseInstant(received, `${path}/DateTimeReceived`),
    isRead: readBool(node, 'IsRead', path) ?? false,
    itemClass,
    kind: kindOf(itemClass),
    hasAttachments: readBool(node, 'HasAttachments', path) ?? false,
  };
  if (changeKey !== undefined) summary.changeKey = changeKey;
  const from = readPerson(child(node, 'From'));
  if (from !== undefined) summary.from = from;
  for (const [i, prop] of namedChildren(node)
    .filter((c) => c.name === 'ExtendedProperty')
    .entries()) {
    const p = decodeExtendedProperty(prop.node, `${path}/ExtendedProperty[${i + 1}]`);
    const value = Array.isArray(p.value) ? p.value.join(';') : p.value;
    switch (tagNumber(p.propertyTag)) {
      case UM_PROPERTIES.duration.tag: {
        if (!/^\s*\d+\s*$/.test(value)) throw new DecodeError(`Bad duration "${value}"`, path);
        summary.durationSeconds = Number.parseInt(value, 10);
        break;
      }
      case UM_PROPERTIES.callerNumber.tag:
        summary.callerNumber = value.trim();
        break;
      case UM_PROPERTIES.callerName.tag:
        summary.callerName = value.trim();
        break;
      case UM_PROPERTIES.attachmentOrder.tag:
        summary.attachmentOrder = value.trim();
        break;
      case UM_PROPERTIES.callId.tag:
        summary.callId = value.trim();
        break;
      default:
        break;
    }
  }
  return summary;
}

const FIND_PATH = 'Envelope/Body/FindItemResponse/ResponseMessages/FindItemResponseMessage';

export function decodeFindVoicemailResponse(env: DecodedEnvelope): Omit<VoicemailList, 'folder'> {
  return voicemailPage(env, (root) =>
    namedChildren(child(root, 'Items'))
      .filter((c) => c.name === 'Message')
      .map((c, i) => decodeSummary(c.node, `${FIND_PATH}/RootFolder/Items/Message[${i + 1}]`)),
  );
}

/**
 * The same answer decoded as its bytes arrive, message by message (soap/stream-envelope.ts):
 * the same list, and the same errors, as `decodeFindVoicemailResponse` for the same bytes.
 */
export const findVoicemailStream: StreamingDecoder<Omit<VoicemailList, 'folder'>> = {
  open() {
    const stream = streamEnvelope({
      containerPath: FIND_ITEM_ITEMS,
      itemName: 'Message',
      decodeItem: (node, index) =>
        decodeSummary(node, `${FIND_PATH}/RootFolder/Items/Message[${index}]`),
    });
    return {
      write: (chunk) => {
        stream.write(chunk);
      },
      finish: () => {
        const streamed = stream.finish();
        return voicemailPage(streamed.envelope, () => streamed.items());
      },
    };
  },
};

function voicemailPage(
  env: DecodedEnvelope,
  itemsOf: (root: XmlNode) => VoicemailSummary[],
): Omit<VoicemailList, 'folder'> {
  const message = singleMessage(env, 'FindItem');
  assertSuccess(message, FIND_PATH);
  const root = child(message, 'RootFolder');
  if (root === undefined) throw new DecodeError('Missing RootFolder', FIND_PATH);
  // Anything in the folder that is not a message (a post, a report) is not a voicemail: skipped.
  const items = itemsOf(root);
  return { items, includesLastItemInRange: attr(root, 'IncludesLastItemInRange') !== 'false' };
}

/** Lists voicemail, falling back to the inbox when the mailbox has no voicemail folder. */
export async function findVoicemail(
  transport: EwsTransport,
  args: FindVoicemailArgs = {},
  signal?: AbortSignal,
): Promise<VoicemailList> {
  try {
    const envelope = buildEnvelope(
      buildFindVoicemailRequest({ ...args, folder: 'voicemail' }),
      args.header,
    );
    const page = await transport.send('FindItem', envelope, findVoicemailStream, signal);
    return { ...page, folder: 'voicemail' };
  } catch (error) {
    if (!(error instanceof EwsResponseError) || error.responseCode !== 'ErrorFolderNotFound')
      throw error;
  }
  const envelope = buildEnvelope(
    buildFindVoicemailRequest({ ...args, folder: 'inbox' }),
    args.header,
  );
  const page = await transport.send('FindItem', envelope, findVoicemailStream, signal);
  return { ...page, folder: 'inbox' };
}

export function buildGetVoicemailRequest(args: { id: string }): XmlFragment {
  return buildGetVoicemailsRequest({ ids: [args.id] });
}

/** One GetItem for several voicemails: one response message per id, in the same order. */
export function buildGetVoicemailsRequest(args: { ids: readonly string[] }): XmlFragment {
  if (args.ids.length === 0) throw new RangeError('GetItem needs at least one id');
  return el('m:GetItem', undefined, [
    el('m:ItemShape', undefined, [
      textEl('t:BaseShape', 'IdOnly'),
      textEl('t:BodyType', 'Text'),
      el('t:AdditionalProperties', undefined, propertyPaths(['item:Body', 'item:Attachments'])),
    ]),
    el(
      'm:ItemIds',
      undefined,
      args.ids.map((id) => itemIdElement({ id })),
    ),
  ]);
}

const GET_PATH = 'Envelope/Body/GetItemResponse/ResponseMessages/GetItemResponseMessage';

export function decodeGetVoicemailResponse(env: DecodedEnvelope): VoicemailItem {
  const message = singleMessage(env, 'GetItem');
  assertSuccess(message, GET_PATH);
  return decodeVoicemailMessage(message, GET_PATH);
}

/** One voicemail of a GetItem answer, or that id's own error. */
export type VoicemailResult =
  | { id: string; ok: true; item: VoicemailItem }
  | { id: string; ok: false; error: EwsResponseError | DecodeError };

/**
 * A multi-id GetItem answer: one result per requested id, in order. One id's error (an
 * ErrorItemNotFound, an item that does not decode) is that id's result only; a server-busy
 * answer, or a count of answers that does not match, throws for the whole batch.
 */
export function decodeGetVoicemailsResponse(
  env: DecodedEnvelope,
  ids: readonly string[],
): VoicemailResult[] {
  const messages = messagesOf(env, 'GetItem');
  const base = 'Envelope/Body/GetItemResponse/ResponseMessages';
  if (messages.length !== ids.length)
    throw new DecodeError(`Expected ${ids.length} response messages, got ${messages.length}`, base);
  return messages.map((message, i): VoicemailResult => {
    const id = ids[i] ?? '';
    const path = `${base}/GetItemResponseMessage[${i + 1}]`;
    const error = responseMessageError(message, path);
    if (error instanceof ServerBusyError) throw error;
    if (error !== undefined) return { id, ok: false, error };
    try {
      return { id, ok: true, item: decodeVoicemailMessage(message, path) };
    } catch (failure) {
      // One item Exchange described badly is that item's failure, not the batch's.
      if (failure instanceof DecodeError) return { id, ok: false, error: failure };
      throw failure;
    }
  });
}

function decodeVoicemailMessage(message: XmlNode, messagePath: string): VoicemailItem {
  const [first] = namedChildren(child(message, 'Items'));
  if (first === undefined) throw new DecodeError('No item in the answer', `${messagePath}/Items`);
  const path = `${messagePath}/Items/${first.name}`;
  const item: VoicemailItem = { ...decodeSummary(first.node, path), attachments: [] };
  const body = child(first.node, 'Body');
  if (body !== undefined && text(body) !== '') item.transcription = text(body);
  const attachments = child(first.node, 'Attachments');
  if (attachments !== undefined)
    item.attachments = decodeAttachmentInfos(attachments, `${path}/Attachments`).map(toAttachment);
  return item;
}

function toAttachment(a: AttachmentInfo): VoicemailItem['attachments'][number] {
  const out: VoicemailItem['attachments'][number] = {
    id: a.id,
    name: a.name,
    contentType: a.contentType,
  };
  if (a.size !== undefined) out.size = a.size;
  return out;
}

export async function getVoicemail(
  transport: EwsTransport,
  args: { id: string } & RequestOptions,
  signal?: AbortSignal,
): Promise<VoicemailItem> {
  const envelope = buildEnvelope(buildGetVoicemailRequest(args), args.header);
  return await transport.send('GetItem', envelope, decodeGetVoicemailResponse, signal);
}

/** Exchange takes many ids in one GetItem; more than this many go in further requests. */
export const GET_VOICEMAIL_BATCH = 50;

/**
 * Several voicemails' bodies and attachments, `batchSize` ids per GetItem (one request after
 * another). One result per id, in order; an id Exchange cannot find fails alone.
 */
export async function getVoicemails(
  transport: EwsTransport,
  args: { ids: readonly string[]; batchSize?: number } & RequestOptions,
  signal?: AbortSignal,
): Promise<VoicemailResult[]> {
  const size = Math.max(1, Math.min(args.batchSize ?? GET_VOICEMAIL_BATCH, GET_VOICEMAIL_BATCH));
  const results: VoicemailResult[] = [];
  for (let from = 0; from < args.ids.length; from += size) {
    const ids = args.ids.slice(from, from + size);
    const envelope = buildEnvelope(buildGetVoicemailsRequest({ ids }), args.header);
    const decode = (env: DecodedEnvelope): VoicemailResult[] =>
      decodeGetVoicemailsResponse(env, ids);
    results.push(...(await transport.send('GetItem', envelope, decode, signal)));
  }
  return results;
}

/** An attachment's bytes. `item` is set for an attached item (which has no bytes of its own). */
export interface AttachmentContent {
  kind: string;
  id: string;
  name: string;
  contentType: string;
  content: Buffer;
  item?: GenericItem;
}

export function buildGetAttachmentRequest(args: { id: string }): XmlFragment {
  return el('m:GetAttachment', undefined, [
    el('m:AttachmentIds', undefined, el('t:AttachmentId', { Id: args.id })),
  ]);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ATT_PATH =
  'Envelope/Body/GetAttachmentResponse/ResponseMessages/GetAttachmentResponseMessage';

export function decodeGetAttachmentResponse(env: DecodedEnvelope): AttachmentContent {
  const message = singleMessage(env, 'GetAttachment');
  assertSuccess(message, ATT_PATH);
  const [first] = namedChildren(child(message, 'Attachments'));
  if (first === undefined)
    throw new DecodeError('No attachment in the answer', `${ATT_PATH}/Attachments`);
  const path = `${ATT_PATH}/Attachments/${first.name}`;
  const id = attr(child(first.node, 'AttachmentId'), 'Id');
  if (id === undefined) throw new DecodeError('Missing AttachmentId', path);
  const raw = text(child(first.node, 'Content')).replace(/\s+/g, '');
  // Buffer.from silently skips junk; a damaged attachment must be an error, not bad audio.
  if (!BASE64.test(raw) || raw.length % 4 !== 0)
    throw new DecodeError('Attachment content is not base64', `${path}/Content`);
  const result: AttachmentContent = {
    kind: first.name,
    id,
    name: text(child(first.node, 'Name')).trim(),
    contentType: optText(first.node, 'ContentType') ?? 'application/octet-stream',
    content: Buffer.from(raw, 'base64'),
  };
  const [attached] = namedChildren(first.node).filter((c) =>
    ['Item', 'Message', 'CalendarItem', 'Contact', 'Task', 'MeetingRequest', 'PostItem'].includes(
      c.name,
    ),
  );
  if (first.name === 'ItemAttachment' && attached !== undefined)
    result.item = decodeGenericItem(attached.name, attached.node, `${path}/${attached.name}`);
  return result;
}

export async function getAttachment(
  transport: EwsTransport,
  args: { id: string } & RequestOptions,
  signal?: AbortSignal,
): Promise<AttachmentContent> {
  const envelope = buildEnvelope(buildGetAttachmentRequest(args), args.header);
  return await transport.send('GetAttachment', envelope, decodeGetAttachmentResponse, signal);
}

export function buildMarkReadRequest(args: {
  id: string;
  changeKey?: string;
  isRead: boolean;
}): XmlFragment {
  return el(
    'm:UpdateItem',
    {
      ConflictResolution: 'AutoResolve',
      MessageDisposition: 'SaveOnly',
      SuppressReadReceipts: true,
    },
    el(
      'm:ItemChanges',
      undefined,
      el('t:ItemChange', undefined, [
        itemIdElement(args),
        el(
          't:Updates',
          undefined,
          el('t:SetItemField', undefined, [
            el('t:FieldURI', { FieldURI: 'message:IsRead' }),
            el('t:Message', undefined, textEl('t:IsRead', args.isRead ? 'true' : 'false')),
          ]),
        ),
      ]),
    ),
  );
}

const UPDATE_PATH = 'Envelope/Body/UpdateItemResponse/ResponseMessages/UpdateItemResponseMessage';

/** The updated item's new id and change key. */
export function decodeUpdateItemResponse(env: DecodedEnvelope): ItemRef {
  const message = singleMessage(env, 'UpdateItem');
  assertSuccess(message, UPDATE_PATH);
  const [first] = namedChildren(child(message, 'Items'));
  if (first === undefined) throw new DecodeError('No item in the answer', `${UPDATE_PATH}/Items`);
  return readItemId(first.node, `${UPDATE_PATH}/Items/${first.name}`);
}

export async function markRead(
  transport: EwsTransport,
  args: { id: string; changeKey?: string; isRead: boolean } & RequestOptions,
  signal?: AbortSignal,
): Promise<ItemRef> {
  const envelope = buildEnvelope(buildMarkReadRequest(args), args.header);
  return await transport.send('UpdateItem', envelope, decodeUpdateItemResponse, signal);
}

export function buildDeleteItemRequest(args: { id: string }): XmlFragment {
  return el(
    'm:DeleteItem',
    { DeleteType: 'MoveToDeletedItems' },
    el('m:ItemIds', undefined, itemIdElement({ id: args.id })),
  );
}

export function decodeDeleteItemResponse(env: DecodedEnvelope): void {
  assertSuccess(
    singleMessage(env, 'DeleteItem'),
    'Envelope/Body/DeleteItemResponse/ResponseMessages/DeleteItemResponseMessage',
  );
}

export async function deleteVoicemail(
  transport: EwsTransport,
  args: { id: string } & RequestOptions,
  signal?: AbortSignal,
): Promise<void> {
  const envelope = buildEnvelope(buildDeleteItemRequest(args), args.header);
  await transport.send('DeleteItem', envelope, decodeDeleteItemResponse, signal);
}
