/**
 * Voicemail over Graph: list, read, play, mark read, move to Deleted Items. Graph's message has
 * no itemClass and there is no `voicemail` well-known folder, so voicemail is found in a folder
 * (the inbox by default, where Unified Messaging delivers it) by the message class as an
 * extended property, and the UM facts (duration, caller) are read back through `$expand`.
 */
import { z } from 'zod';
import { GraphError } from '../errors.js';
import type { GraphRequest, GraphRequester } from '../requester.js';
import { compact, dateTimeString, emailAddressSchema, GraphArgumentError, opt } from './common.js';
import {
  expandProperties,
  MESSAGE_CLASS,
  propertiesByTag,
  singleValuePropertiesSchema,
  stringPropertyStartsWith,
  UM,
} from './extended-properties.js';

/** Message-class prefixes of UM messages (Graph compares extended-property strings case-insensitively). */
export const VOICEMAIL_CLASS_PREFIXES = [
  'IPM.Note.Microsoft.Voicemail',
  'IPM.Note.rpmsg.Microsoft.Voicemail',
  'IPM.Note.Microsoft.Missed.Voice',
] as const;

export type VoicemailKind = 'voicemail' | 'protected' | 'missed-call';

/** Who left the message, as Beacon's other backends name a person. */
export interface Sender {
  name?: string;
  email?: string;
}

export interface VoicemailSummary {
  id: string;
  changeKey?: string;
  subject: string;
  received: Date;
  isRead: boolean;
  /** The message class (the list always asks for it; IPM.Note.Microsoft.Voicemail.UM if absent). */
  itemClass: string;
  /** `protected` (rights-managed, .rpmsg) cannot be played here; a `missed-call` has no audio. */
  kind: VoicemailKind;
  from?: Sender;
  hasAttachments: boolean;
  durationSeconds?: number;
  callerNumber?: string;
  callerName?: string;
  callId?: string;
  /** 0x6805: the audio attachments' names in play order, `;`-separated. */
  attachmentOrder?: string;
}

export type AttachmentKind = 'file' | 'item' | 'reference' | 'unknown';

export interface VoicemailAttachment {
  id: string;
  name: string;
  contentType: string;
  size?: number;
  isInline: boolean;
  kind: AttachmentKind;
}

export interface VoicemailItem extends VoicemailSummary {
  /** The transcription: the body as plain text (asked for with Prefer: outlook.body-content-type). */
  transcription?: string;
  attachments: VoicemailAttachment[];
}

/** One message of a list answer that could not be read; the rest of the list is kept. */
export interface RejectedMessage {
  id?: string;
  error: GraphError;
}

export interface VoicemailList {
  items: VoicemailSummary[];
  rejected: RejectedMessage[];
  /** False when the list stopped at `maxItems` (or a repeated link) before Graph's last page. */
  complete: boolean;
}

export function kindOf(itemClass: string): VoicemailKind {
  const c = itemClass.toLowerCase();
  if (c.startsWith('ipm.note.rpmsg.microsoft.voicemail')) return 'protected';
  if (c.startsWith('ipm.note.microsoft.missed.voice')) return 'missed-call';
  return 'voicemail';
}

const recipientSchema = opt(z.object({ emailAddress: opt(emailAddressSchema) }));

/** The message fields Beacon reads, each optional: which are required is the decoder's call. */
export const messageSchema = z.object({
  id: z.string().min(1),
  changeKey: opt(z.string()),
  subject: opt(z.string()),
  receivedDateTime: opt(dateTimeString),
  isRead: opt(z.boolean()),
  hasAttachments: opt(z.boolean()),
  from: recipientSchema,
  sender: recipientSchema,
  body: opt(z.object({ contentType: opt(z.string()), content: opt(z.string()) })),
  singleValueExtendedProperties: singleValuePropertiesSchema,
});
export type GraphMessage = z.output<typeof messageSchema>;

const SUMMARY_SELECT = 'id,changeKey,subject,receivedDateTime,isRead,from,sender,hasAttachments';
const VOICEMAIL_PROPERTIES = [MESSAGE_CLASS, ...Object.values(UM)];

/**
 * `$filter` for voicemail. With `$orderby=receivedDateTime desc` Graph wants the ordered property
 * first in the filter (else InefficientFilter), hence the always-true receivedDateTime clause.
 */
export const VOICEMAIL_FILTER = `receivedDateTime ge 1900-01-01T00:00:00Z and ${stringPropertyStartsWith(
  MESSAGE_CLASS,
  VOICEMAIL_CLASS_PREFIXES,
)}`;

export interface ListVoicemailArgs {
  /** A well-known folder name or a folder id; default 'inbox'. */
  folder?: string;
  /** `$top`, 1..1000 (Graph's range); default 100. */
  pageSize?: number;
}

export function buildListVoicemailRequest(args: ListVoicemailArgs = {}): GraphRequest {
  const top = args.pageSize ?? 100;
  if (!Number.isInteger(top) || top < 1 || top > 1000)
    throw new GraphArgumentError('pageSize must be 1..1000');
  const folder = args.folder ?? 'inbox';
  if (folder === '') throw new GraphArgumentError('folder must not be empty');
  return {
    method: 'GET',
    path: `/me/mailFolders/${encodeURIComponent(folder)}/messages`,
    query: {
      $filter: VOICEMAIL_FILTER,
      $orderby: 'receivedDateTime desc',
      $select: SUMMARY_SELECT,
      $expand: expandProperties(VOICEMAIL_PROPERTIES),
      $top: String(top),
    },
  };
}

const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
});

function malformed(message: string, cause?: unknown): GraphError {
  return new GraphError('malformed', message, cause === undefined ? {} : { cause });
}

/** `from`, else `sender` (Graph sends `"from": null` on some items); undefined when neither names anyone. */
function person(m: GraphMessage): Sender | undefined {
  const address = m.from?.emailAddress ?? m.sender?.emailAddress;
  const out = compact<Sender>({ name: address?.name, email: address?.address });
  return out.name === undefined && out.email === undefined ? undefined : out;
}

/** Graph's DateTimeOffset as an instant: a time without an offset is UTC, digits past ms dropped. */
function instant(value: string): Date {
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`);
}

/** A decoded message as a voicemail; a missing time or a duration that is not a number is an error. */
export function toVoicemailSummary(m: GraphMessage): VoicemailSummary {
  if (m.receivedDateTime === undefined) throw malformed(`Message ${m.id} has no receivedDateTime`);
  const props = propertiesByTag(m.singleValueExtendedProperties);
  const itemClass = props.get(MESSAGE_CLASS.tag) ?? 'IPM.Note.Microsoft.Voicemail.UM';
  const duration = props.get(UM.duration.tag);
  if (duration !== undefined && !/^\s*\d+\s*$/.test(duration))
    throw malformed(`Message ${m.id} has a duration that is not a number`);
  const trimmed = (tag: number): string | undefined => {
    const v = props.get(tag)?.trim();
    return v === '' ? undefined : v;
  };
  return compact<VoicemailSummary>({
    id: m.id,
    changeKey: m.changeKey,
    subject: (m.subject ?? '').trim(),
    received: instant(m.receivedDateTime),
    isRead: m.isRead ?? false,
    itemClass,
    kind: kindOf(itemClass),
    from: person(m),
    hasAttachments: m.hasAttachments ?? false,
    durationSeconds: duration === undefined ? undefined : Number.parseInt(duration, 10),
    callerNumber: trimmed(UM.callerNumber.tag),
    callerName: trimmed(UM.callerName.tag),
    callId: trimmed(UM.callId.tag),
    attachmentOrder: trimmed(UM.attachmentOrder.tag),
  });
}

/** One page's messages: each decoded on its own, so one bad message does not lose the others. */
export function decodeVoicemailPage(values: readonly unknown[]): {
  items: VoicemailSummary[];
  rejected: RejectedMessage[];
} {
  const items: VoicemailSummary[] = [];
  const rejected: RejectedMessage[] = [];
  for (const raw of values) {
    const id =
      typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
        ? (raw as { id: string }).id
        : undefined;
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push(compact({ id, error: malformed('A message is not readable', parsed.error) }));
      continue;
    }
    try {
      items.push(toVoicemailSummary(parsed.data));
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      rejected.push(compact({ id, error }));
    }
  }
  return { items, rejected };
}

/**
 * Lists voicemail newest first, following `@odata.nextLink` whole until Graph's last page or
 * `maxItems` (default 1000), one request at a time.
 */
export async function listVoicemail(
  requester: GraphRequester,
  args: ListVoicemailArgs & { maxItems?: number } = {},
): Promise<VoicemailList> {
  const max = args.maxItems ?? 1000;
  if (!Number.isInteger(max) || max < 1) throw new GraphArgumentError('maxItems must be ≥ 1');
  const out: VoicemailList = { items: [], rejected: [], complete: true };
  const seen = new Set<string>();
  let request: GraphRequest = buildListVoicemailRequest(args);
  for (;;) {
    const page: z.output<typeof pageSchema> = await requester.json(request, pageSchema);
    const decoded = decodeVoicemailPage(page.value);
    out.items.push(...decoded.items);
    out.rejected.push(...decoded.rejected);
    const next: string | undefined = page['@odata.nextLink'];
    if (out.items.length >= max) {
      out.complete = next === undefined && out.items.length === max;
      out.items.length = Math.min(out.items.length, max);
      break;
    }
    if (next === undefined) break;
    if (seen.has(next)) {
      out.complete = false;
      break;
    }
    seen.add(next);
    request = { method: 'GET', path: next };
  }
  return out;
}

export function buildGetVoicemailRequest(id: string): GraphRequest {
  return {
    method: 'GET',
    path: `/me/messages/${encodeURIComponent(requireId(id))}`,
    query: { $select: `${SUMMARY_SELECT},body`, $expand: expandProperties(VOICEMAIL_PROPERTIES) },
    headers: { Prefer: 'outlook.body-content-type="text"' },
  };
}

export function buildListAttachmentsRequest(messageId: string): GraphRequest {
  return {
    method: 'GET',
    path: `/me/messages/${encodeURIComponent(requireId(messageId))}/attachments`,
    // Metadata only: contentBytes of every attachment would come back otherwise.
    query: { $select: 'id,name,contentType,size,isInline' },
  };
}

export const attachmentSchema = z.object({
  '@odata.type': opt(z.string()),
  id: z.string().min(1),
  name: opt(z.string()),
  contentType: opt(z.string()),
  size: opt(z.number().int().nonnegative()),
  isInline: opt(z.boolean()),
});

export const attachmentsSchema = z.object({ value: z.array(attachmentSchema) });

export function toAttachment(a: z.output<typeof attachmentSchema>): VoicemailAttachment {
  // The docs print the type both as "#microsoft.graph.fileAttachment" and without the '#'.
  const type = (a['@odata.type'] ?? '').replace(/^#/, '').toLowerCase();
  const kind: AttachmentKind =
    type === 'microsoft.graph.fileattachment'
      ? 'file'
      : type === 'microsoft.graph.itemattachment'
        ? 'item'
        : type === 'microsoft.graph.referenceattachment'
          ? 'reference'
          : 'unknown';
  return compact<VoicemailAttachment>({
    id: a.id,
    name: (a.name ?? '').trim(),
    contentType: a.contentType ?? 'application/octet-stream',
    size: a.size,
    isInline: a.isInline ?? false,
    kind,
  });
}

export async function listAttachments(
  requester: GraphRequester,
  messageId: string,
): Promise<VoicemailAttachment[]> {
  const answer = await requester.json(buildListAttachmentsRequest(messageId), attachmentsSchema);
  return answer.value.map(toAttachment);
}

/** A voicemail with its transcription and attachment list (two requests, one after the other). */
export async function getVoicemail(requester: GraphRequester, id: string): Promise<VoicemailItem> {
  const message = await requester.json(buildGetVoicemailRequest(id), messageSchema);
  const item: VoicemailItem = { ...toVoicemailSummary(message), attachments: [] };
  const body = message.body?.content;
  if (body !== undefined && body !== '') item.transcription = body;
  if (item.hasAttachments) item.attachments = await listAttachments(requester, id);
  return item;
}

const AUDIO_NAME = /\.(wav|mp3|wma|m4a|mp4|ogg|opus|amr)$/i;

/**
 * The attachment to play: the first of 0x6805's names that is a file attachment, else the first
 * audio file. None for protected voicemail (its audio is inside the .rpmsg) or a missed call.
 */
export function pickAudioAttachment(item: VoicemailItem): VoicemailAttachment | undefined {
  if (item.kind !== 'voicemail') return undefined;
  const files = item.attachments.filter((a) => a.kind === 'file' || a.kind === 'unknown');
  for (const name of (item.attachmentOrder ?? '').split(';').map((n) => n.trim())) {
    const named = name === '' ? undefined : files.find((a) => a.name === name);
    if (named) return named;
  }
  return files.find(
    (a) => a.contentType.toLowerCase().startsWith('audio/') || AUDIO_NAME.test(a.name),
  );
}

/** Voicemail audio larger than this is refused before (by its listed size) and after download. */
export const DEFAULT_AUDIO_CAP_BYTES = 20 * 1024 * 1024;

export function buildAttachmentValueRequest(messageId: string, attachmentId: string): GraphRequest {
  return {
    method: 'GET',
    path: `/me/messages/${encodeURIComponent(requireId(messageId))}/attachments/${encodeURIComponent(
      requireId(attachmentId),
    )}/$value`,
  };
}

/** The raw bytes of a file attachment (`$value`), in its own content type, capped at `maxBytes`. */
export async function getAttachmentBytes(
  requester: GraphRequester,
  args: { messageId: string; attachment: VoicemailAttachment; maxBytes?: number },
): Promise<{ contentType: string; body: Uint8Array }> {
  const cap = args.maxBytes ?? DEFAULT_AUDIO_CAP_BYTES;
  const { attachment } = args;
  // An item attachment's $value is MIME and a reference attachment's is 405: neither is audio.
  if (attachment.kind === 'item' || attachment.kind === 'reference')
    throw new GraphArgumentError('Only a file attachment has bytes to play');
  if (attachment.size !== undefined && attachment.size > cap)
    throw new GraphError('too-large', `The attachment is ${attachment.size} bytes, over ${cap}`);
  const answer = await requester.bytes(buildAttachmentValueRequest(args.messageId, attachment.id));
  if (answer.body.byteLength > cap)
    throw new GraphError('too-large', `The attachment is over ${cap} bytes`);
  const contentType =
    answer.contentType.trim() === '' ? attachment.contentType : answer.contentType;
  return { contentType, body: answer.body };
}

const itemRefSchema = z.object({ id: z.string().min(1), changeKey: opt(z.string()) });

export function buildMarkReadRequest(id: string, isRead: boolean): GraphRequest {
  return {
    method: 'PATCH',
    path: `/me/messages/${encodeURIComponent(requireId(id))}`,
    body: { isRead },
  };
}

/** PATCH isRead; the answer is the updated message (its id and new change key). */
export async function markRead(
  requester: GraphRequester,
  args: { id: string; isRead: boolean },
): Promise<{ id: string; changeKey?: string }> {
  const answer = await requester.json(buildMarkReadRequest(args.id, args.isRead), itemRefSchema);
  return compact({ id: answer.id, changeKey: answer.changeKey });
}

/**
 * A move is not idempotent (the moved message has a new id; the old one then answers 404), so it
 * is marked like a create: the transport does not resend it blindly after a lost answer; the
 * caller, who knows what it moved, decides (backends/graph/voicemail-delete.ts).
 */
export function buildMoveToDeletedItemsRequest(id: string): GraphRequest {
  return {
    method: 'POST',
    path: `/me/messages/${encodeURIComponent(requireId(id))}/move`,
    body: { destinationId: 'deleteditems' },
    retry: 'never',
  };
}

/**
 * Moves a voicemail to Deleted Items (EWS MoveToDeletedItems; Graph's DELETE does not say where
 * the item goes). The moved message has a new id, returned. A lost answer leaves the outcome
 * unknown: the request is not resent here.
 */
export async function moveToDeletedItems(
  requester: GraphRequester,
  id: string,
): Promise<{ id: string; changeKey?: string }> {
  const answer = await requester.json(buildMoveToDeletedItemsRequest(id), itemRefSchema);
  return compact({ id: answer.id, changeKey: answer.changeKey });
}

function requireId(id: string): string {
  if (id.trim() === '') throw new GraphArgumentError('An id must not be empty');
  return id;
}

/** One voicemail of `getVoicemails`: its details, or that id's own failure. */
export type VoicemailResult =
  { id: string; ok: true; item: VoicemailItem } | { id: string; ok: false; error: GraphError };

/** Failures that concern one item; any other (throttled, auth, network) fails the whole call. */
function failsAlone(error: GraphError): boolean {
  return ['not-found', 'malformed', 'bad-request', 'forbidden', 'gone'].includes(error.kind);
}

type Sent<T> = { ok: true; value: T } | { ok: false; error: GraphError };

/** The requests through `$batch` when the requester has it, else one after another. */
async function sendAll<T>(
  requester: GraphRequester,
  requests: readonly GraphRequest[],
  schema: z.ZodType<T>,
): Promise<Sent<T>[]> {
  if (requests.length === 0) return [];
  const results: Sent<T>[] = [];
  if (requester.batch !== undefined) {
    results.push(...(await requester.batch(requests, schema)));
  } else {
    for (const request of requests) {
      try {
        results.push({ ok: true, value: await requester.json(request, schema) });
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        results.push({ ok: false, error });
      }
    }
  }
  for (const r of results) if (!r.ok && !failsAlone(r.error)) throw r.error;
  return results;
}

/**
 * Several voicemails' transcriptions and attachment lists: the messages in one round of
 * requests (`$batch`es of 20 when the requester has them), then the attachment lists of those
 * that have attachments. One result per id, in order; an id Graph cannot find, or a message
 * that does not decode, fails alone; throttling, a refused token or a lost connection fails
 * the whole call.
 */
export async function getVoicemails(
  requester: GraphRequester,
  ids: readonly string[],
): Promise<VoicemailResult[]> {
  const messages = await sendAll(requester, ids.map(buildGetVoicemailRequest), messageSchema);
  const results: VoicemailResult[] = messages.map((m, i): VoicemailResult => {
    const id = ids[i] ?? '';
    if (!m.ok) return { id, ok: false, error: m.error };
    try {
      const item: VoicemailItem = { ...toVoicemailSummary(m.value), attachments: [] };
      const body = m.value.body?.content;
      if (body !== undefined && body !== '') item.transcription = body;
      return { id, ok: true, item };
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      return { id, ok: false, error };
    }
  });
  const withAttachments = results.flatMap((r, i) => (r.ok && r.item.hasAttachments ? [i] : []));
  const lists = await sendAll(
    requester,
    withAttachments.map((i) => buildListAttachmentsRequest(ids[i] ?? '')),
    attachmentsSchema,
  );
  lists.forEach((list, k) => {
    const i = withAttachments[k] ?? -1;
    const result = results[i];
    if (result === undefined || !result.ok) return;
    results[i] = list.ok
      ? { ...result, item: { ...result.item, attachments: list.value.value.map(toAttachment) } }
      : { id: result.id, ok: false, error: list.error };
  });
  return results;
}

/**
 * A Graph attachment is addressed through its message; Beacon's backends name an attachment by
 * one id. The handle joins the two with a space, which Graph ids (URL-safe base64) never hold.
 */
export function attachmentHandle(messageId: string, attachmentId: string): string {
  if (/\s/.test(messageId) || /\s/.test(attachmentId) || messageId === '' || attachmentId === '')
    throw new GraphArgumentError('Not a Graph message or attachment id');
  return `${messageId} ${attachmentId}`;
}

export function parseAttachmentHandle(handle: string): { messageId: string; attachmentId: string } {
  const parts = handle.split(' ');
  const [messageId, attachmentId] = parts;
  if (parts.length !== 2 || !messageId || !attachmentId)
    throw new GraphArgumentError('Not an attachment handle of this backend');
  return { messageId, attachmentId };
}
