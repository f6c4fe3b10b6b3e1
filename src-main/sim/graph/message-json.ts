/**
 * A model message as Graph's `microsoft.graph.message`, with `$select` (top-level properties;
 * `id` always) and the extended properties a `$expand=singleValueExtendedProperties($filter=…)`
 * asked for. Attachments as `microsoft.graph.fileAttachment`. Pure.
 */
import type { FileAttachment, MessageItem, Person } from '../model.js';
import { formatUtc } from '../time-zone.js';
import { graphFolderId, toGraphId } from './ids.js';
import { propertyValue, type PropertyRef } from './extended-properties.js';

/** The message properties a `$select` may name (the CSDL's, less the navigation ones). */
export const MESSAGE_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'sentDateTime',
  'hasAttachments',
  'internetMessageId',
  'subject',
  'bodyPreview',
  'importance',
  'parentFolderId',
  'conversationId',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  'isRead',
  'isDraft',
  'inferenceClassification',
  'body',
  'uniqueBody',
  'sender',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'flag',
  'webLink',
] as const;

const recipient = (p: Person): Record<string, unknown> => ({
  emailAddress: { name: p.name, address: p.email },
});

function preview(text: string, html: boolean): string {
  const plain = html ? text.replace(/<[^>]*>/g, ' ') : text;
  return plain.replace(/\s+/g, ' ').trim().slice(0, 255);
}

export interface MessageView {
  /** `$select`ed names (lower-cased), or undefined for every property. */
  select?: ReadonlySet<string>;
  /** Extended properties asked for by `$expand`, with the id text as the client wrote it. */
  expand?: readonly { id: string; ref: PropertyRef }[];
  /** Prefer: outlook.body-content-type="text". */
  bodyAsText?: boolean;
}

export function messageJson(m: MessageItem, view: MessageView = {}): Record<string, unknown> {
  const html = m.body.type === 'HTML';
  const asText = view.bodyAsText === true && html;
  const full: Record<string, unknown> = {
    id: toGraphId(m.id),
    createdDateTime: formatUtc(m.received),
    lastModifiedDateTime: formatUtc(m.received),
    changeKey: m.changeKey,
    categories: [],
    receivedDateTime: formatUtc(m.received),
    sentDateTime: formatUtc(m.received),
    hasAttachments: m.attachments.length > 0,
    internetMessageId: `<${m.id.replace(/[^A-Za-z0-9]/g, '')}@beacon.test>`,
    subject: m.subject,
    bodyPreview: preview(m.body.text, html),
    importance: m.importance.toLowerCase(),
    parentFolderId: graphFolderId(m.folder),
    conversationId: toGraphId(
      Buffer.from(`beacon-sim:conversation:${m.subject}`).toString('base64'),
    ),
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: m.isRead,
    isDraft: m.isDraft === true,
    inferenceClassification: 'focused',
    body: {
      contentType: html && !asText ? 'html' : 'text',
      content: asText ? preview(m.body.text, true) : m.body.text,
    },
    sender: m.from ? recipient(m.from) : null,
    from: m.from ? recipient(m.from) : null,
    toRecipients: m.to.map(recipient),
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: 'notFlagged' },
  };
  const out: Record<string, unknown> = { '@odata.etag': `W/"${m.changeKey}"` };
  for (const [name, value] of Object.entries(full)) {
    if (view.select === undefined || name === 'id' || view.select.has(name.toLowerCase())) {
      out[name] = value;
    }
  }
  if (view.expand !== undefined) {
    out.singleValueExtendedProperties = view.expand.flatMap(({ id, ref }) => {
      const value = propertyValue(m, ref);
      return value === undefined ? [] : [{ id, value }];
    });
  }
  return out;
}

export function attachmentJson(
  a: FileAttachment,
  modified: number,
  withBytes = true,
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.fileAttachment',
    id: toGraphId(a.id),
    lastModifiedDateTime: formatUtc(modified),
    name: a.name,
    contentType: a.contentType,
    size: a.content.length,
    isInline: false,
    contentId: null,
    contentLocation: null,
    ...(withBytes ? { contentBytes: a.content.toString('base64') } : {}),
  };
}
