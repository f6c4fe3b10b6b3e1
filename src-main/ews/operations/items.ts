/**
 * Generic decoding of items and attachments, for answers that are not one of Beacon's typed views
 * (a FindItem on a folder of messages or contacts, a GetItem of any item type, an attached item).
 * It keeps the properties common to all item types and says which type the item was.
 */
import { DecodeError, EwsResponseError, ServerBusyError } from '../errors.js';
import type { DecodedEnvelope } from '../soap/envelope.js';
import { responseMessageError } from '../soap/response-message.js';
import { parseInstant } from '../time/date-time.js';
import { attr, child, children, isObject, text, type XmlNode } from '../xml/parse.js';
import {
  messagesOf,
  namedChildren,
  optText,
  readBool,
  readInteger,
  readPerson,
  type Person,
} from './common.js';

export interface ItemBody {
  /** HTML or Text. HTML is untrusted. */
  type: string;
  /** As sent, whitespace kept. */
  content: string;
}

export interface AttachmentInfo {
  /** FileAttachment, ItemAttachment or ReferenceAttachment. */
  kind: string;
  id: string;
  name: string;
  contentType: string;
  /** Bytes, when the server said. */
  size?: number;
  isInline?: boolean;
}

/** A raw extended property: the tag or name as sent, and the value (or values) as text. */
export interface ExtendedPropertyValue {
  propertyTag?: string;
  propertyName?: string;
  propertyId?: string;
  propertySetId?: string;
  distinguishedPropertySetId?: string;
  propertyType: string;
  value: string | string[];
}

export interface GenericItem {
  /** The element name: Message, CalendarItem, Contact, Task, MeetingRequest… */
  type: string;
  /** Absent for items inside an ItemAttachment. */
  id?: string;
  changeKey?: string;
  itemClass?: string;
  subject?: string;
  body?: ItemBody;
  dateTimeReceived?: Date;
  dateTimeSent?: Date;
  dateTimeCreated?: Date;
  start?: Date;
  end?: Date;
  from?: Person;
  toRecipients?: Person[];
  isRead?: boolean;
  hasAttachments?: boolean;
  size?: number;
  displayName?: string;
  attachments?: AttachmentInfo[];
  extendedProperties?: ExtendedPropertyValue[];
}

export type ItemsResult =
  { ok: true; items: GenericItem[] } | { ok: false; error: EwsResponseError };

export interface FindItemResult {
  items: GenericItem[];
  /** For grouped searches: each group's items (and `items` holds all of them, in order). */
  groups?: { groupIndex?: string; items: GenericItem[] }[];
  includesLastItemInRange: boolean;
  totalItemsInView?: number;
  indexedPagingOffset?: number;
}

export function decodeGenericItem(type: string, node: XmlNode, path: string): GenericItem {
  const item: GenericItem = { type };
  const idNode = child(node, 'ItemId');
  if (idNode !== undefined) {
    const id = attr(idNode, 'Id');
    if (id === undefined) throw new DecodeError('ItemId without Id', path);
    item.id = id;
    const changeKey = attr(idNode, 'ChangeKey');
    if (changeKey !== undefined) item.changeKey = changeKey;
  }
  const itemClass = optText(node, 'ItemClass');
  if (itemClass !== undefined) item.itemClass = itemClass;
  const subject = child(node, 'Subject');
  if (subject !== undefined) item.subject = text(subject).trim();
  const body = child(node, 'Body');
  if (body !== undefined)
    item.body = { type: attr(body, 'BodyType') ?? 'Text', content: text(body) };
  const dates = {
    dateTimeReceived: 'DateTimeReceived',
    dateTimeSent: 'DateTimeSent',
    dateTimeCreated: 'DateTimeCreated',
    start: 'Start',
    end: 'End',
  } as const;
  for (const [key, name] of Object.entries(dates) as [keyof typeof dates, string][]) {
    const value = optText(node, name);
    if (value !== undefined) item[key] = parseInstant(value, `${path}/${name}`);
  }
  const from = readPerson(child(node, 'From'));
  if (from !== undefined) item.from = from;
  const to = child(node, 'ToRecipients');
  if (to !== undefined)
    item.toRecipients = children(to, 'Mailbox')
      .map((m) => readPerson(m))
      .filter((p): p is Person => p !== undefined);
  const isRead = readBool(node, 'IsRead', path);
  if (isRead !== undefined) item.isRead = isRead;
  const hasAttachments = readBool(node, 'HasAttachments', path);
  if (hasAttachments !== undefined) item.hasAttachments = hasAttachments;
  const size = readInteger(node, 'Size', path);
  if (size !== undefined) item.size = size;
  const displayName = optText(node, 'DisplayName');
  if (displayName !== undefined) item.displayName = displayName;
  const attachments = child(node, 'Attachments');
  if (attachments !== undefined)
    item.attachments = decodeAttachmentInfos(attachments, `${path}/Attachments`);
  const extended = children(node, 'ExtendedProperty');
  if (extended.length > 0)
    item.extendedProperties = extended.map((p, i) =>
      decodeExtendedProperty(p, `${path}/ExtendedProperty[${i + 1}]`),
    );
  return item;
}

export function decodeAttachmentInfos(container: XmlNode, path: string): AttachmentInfo[] {
  return namedChildren(container).map(({ name, node }, i) => {
    const p = `${path}/${name}[${i + 1}]`;
    const id = attr(child(node, 'AttachmentId'), 'Id');
    if (id === undefined) throw new DecodeError('Missing AttachmentId', p);
    const info: AttachmentInfo = {
      kind: name,
      id,
      name: text(child(node, 'Name')).trim(),
      contentType: optText(node, 'ContentType') ?? 'application/octet-stream',
    };
    const size = readInteger(node, 'Size', p);
    if (size !== undefined) info.size = size;
    const isInline = readBool(node, 'IsInline', p);
    if (isInline !== undefined) info.isInline = isInline;
    return info;
  });
}

export function decodeExtendedProperty(node: XmlNode, path: string): ExtendedPropertyValue {
  const uri = child(node, 'ExtendedFieldURI');
  if (uri === undefined) throw new DecodeError('Missing ExtendedFieldURI', path);
  const propertyType = attr(uri, 'PropertyType');
  if (propertyType === undefined) throw new DecodeError('Missing PropertyType', path);
  const valueNode = child(node, 'Value');
  const valuesNode = child(node, 'Values');
  let value: string | string[];
  if (valueNode !== undefined) value = text(valueNode);
  else if (valuesNode !== undefined) value = children(valuesNode, 'Value').map((v) => text(v));
  else throw new DecodeError('Extended property without a value', path);
  const out: ExtendedPropertyValue = { propertyType, value };
  const fields = {
    propertyTag: 'PropertyTag',
    propertyName: 'PropertyName',
    propertyId: 'PropertyId',
    propertySetId: 'PropertySetId',
    distinguishedPropertySetId: 'DistinguishedPropertySetId',
  } as const;
  for (const [key, name] of Object.entries(fields) as [keyof typeof fields, string][]) {
    const v = attr(uri, name);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function itemsOf(container: XmlNode | undefined, path: string): GenericItem[] {
  return namedChildren(container).map(({ name, node }, i) =>
    decodeGenericItem(name, node, `${path}/${name}[${i + 1}]`),
  );
}

/** Per-message results of an operation that answers with `Items` (GetItem, CreateItem, UpdateItem). */
export function decodeItemsResponse(env: DecodedEnvelope, operation: string): ItemsResult[] {
  const base = `Envelope/Body/${operation}Response/ResponseMessages`;
  const results = messagesOf(env, operation).map((message, i): ItemsResult => {
    const path = `${base}/${operation}ResponseMessage[${i + 1}]`;
    const error = responseMessageError(message, path);
    if (error instanceof ServerBusyError) throw error;
    if (error) return { ok: false, error };
    // Some success answers (SendOnly, an AcceptItem) carry an empty Items element or none.
    return { ok: true, items: itemsOf(child(message, 'Items'), `${path}/Items`) };
  });
  return results;
}

/** A FindItem answer over any folder; throws the error of an error response. */
export function decodeFindItemResponse(env: DecodedEnvelope): FindItemResult {
  const messages = messagesOf(env, 'FindItem');
  const [message] = messages;
  const path = 'Envelope/Body/FindItemResponse/ResponseMessages/FindItemResponseMessage';
  if (message === undefined || messages.length !== 1)
    throw new DecodeError(`Expected one response message, got ${messages.length}`, path);
  const error = responseMessageError(message, path);
  if (error) throw error;
  const root = child(message, 'RootFolder');
  if (!isObject(root)) throw new DecodeError('Missing RootFolder', path);
  const result: FindItemResult = {
    items: [],
    includesLastItemInRange: attr(root, 'IncludesLastItemInRange') !== 'false',
  };
  const groups = child(root, 'Groups');
  if (groups !== undefined) {
    result.groups = children(groups, 'GroupedItems').map((g, i) => {
      const gPath = `${path}/RootFolder/Groups/GroupedItems[${i + 1}]`;
      const group: { groupIndex?: string; items: GenericItem[] } = {
        items: itemsOf(child(g, 'Items'), `${gPath}/Items`),
      };
      const index = optText(g, 'GroupIndex');
      if (index !== undefined) group.groupIndex = index;
      return group;
    });
    result.items = result.groups.flatMap((g) => g.items);
  } else {
    result.items = itemsOf(child(root, 'Items'), `${path}/RootFolder/Items`);
  }
  const total = attr(root, 'TotalItemsInView');
  if (total !== undefined && /^\d+$/.test(total)) result.totalItemsInView = Number(total);
  const offset = attr(root, 'IndexedPagingOffset');
  if (offset !== undefined && /^\d+$/.test(offset)) result.indexedPagingOffset = Number(offset);
  return result;
}
