/**
 * Item XML in schema order (t:ItemType, then t:MessageType or t:CalendarItemType): only the
 * properties the request's ItemShape asks for, plus ItemId.
 */
import { el, textEl, type XmlFragment } from '../../ews/xml/build.js';
import { attr, child, children, text, type XmlNode } from '../../ews/xml/parse.js';
import type { CalendarInstance } from '../calendar-view.js';
import type { Attendee, FileAttachment, MessageItem, Person } from '../model.js';
import { formatUtc } from '../time-zone.js';

export type BaseShape = 'IdOnly' | 'Default' | 'AllProperties' | 'PcxPeopleSearch';

export interface ExtendedRequest {
  /** As the request wrote it (echoed back, like Exchange does). */
  tagText: string;
  tag: number;
  type: string;
}

export interface ItemShape {
  base: BaseShape;
  fields: Set<string>;
  extended: ExtendedRequest[];
  bodyType: 'Best' | 'HTML' | 'Text';
}

export function parseTag(value: string): number | undefined {
  const trimmed = value.trim();
  const n = /^0x[0-9a-f]+$/i.test(trimmed)
    ? Number.parseInt(trimmed.slice(2), 16)
    : /^\d+$/.test(trimmed)
      ? Number(trimmed)
      : NaN;
  return Number.isNaN(n) ? undefined : n;
}

export function parseItemShape(shape: XmlNode | undefined): ItemShape {
  const base = (text(child(shape, 'BaseShape')).trim() || 'IdOnly') as BaseShape;
  const additional = child(shape, 'AdditionalProperties');
  const fields = new Set<string>();
  for (const f of children(additional, 'FieldURI')) {
    const uri = attr(f, 'FieldURI');
    if (uri !== undefined) fields.add(uri);
  }
  const extended: ExtendedRequest[] = [];
  for (const f of children(additional, 'ExtendedFieldURI')) {
    const tagText = attr(f, 'PropertyTag');
    const tag = tagText === undefined ? undefined : parseTag(tagText);
    if (tagText !== undefined && tag !== undefined) {
      extended.push({ tagText, tag, type: attr(f, 'PropertyType') ?? 'String' });
    }
  }
  const bodyType = (text(child(shape, 'BodyType')).trim() || 'Best') as ItemShape['bodyType'];
  return { base, fields, extended, bodyType };
}

const bool = (value: boolean): string => (value ? 'true' : 'false');

/** A t:FileAttachment: its description, and the base64 content when GetAttachment asks for it. */
export function fileAttachmentXml(a: FileAttachment, withContent: boolean): XmlFragment {
  return el('t:FileAttachment', undefined, [
    el('t:AttachmentId', { Id: a.id }),
    textEl('t:Name', a.name),
    textEl('t:ContentType', a.contentType),
    textEl('t:Size', a.content.length),
    textEl('t:IsInline', 'false'),
    textEl('t:IsContactPhoto', 'false'),
    withContent ? textEl('t:Content', a.content.toString('base64')) : undefined,
  ]);
}

export function mailboxXml(person: Person): XmlFragment {
  return el('t:Mailbox', undefined, [
    textEl('t:Name', person.name),
    textEl('t:EmailAddress', person.email),
    textEl('t:RoutingType', 'SMTP'),
    textEl('t:MailboxType', 'Mailbox'),
  ]);
}

function attendeesXml(name: string, attendees: readonly Attendee[]): XmlFragment | undefined {
  if (attendees.length === 0) return undefined;
  return el(
    name,
    undefined,
    attendees.map((a) =>
      el('t:Attendee', undefined, [mailboxXml(a), textEl('t:ResponseType', a.response)]),
    ),
  );
}

function bodyXml(
  body: { type: 'Text' | 'HTML'; text: string },
  wanted: ItemShape['bodyType'],
): XmlFragment {
  if (wanted === 'HTML' && body.type === 'Text') {
    const escaped = body.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return textEl('t:Body', `<html><body>${escaped.replace(/\n/g, '<br>')}</body></html>`, {
      BodyType: 'HTML',
      IsTruncated: 'false',
    });
  }
  if (wanted === 'Text' && body.type === 'HTML') {
    return textEl('t:Body', body.text.replace(/<[^>]*>/g, ''), {
      BodyType: 'Text',
      IsTruncated: 'false',
    });
  }
  return textEl('t:Body', body.text, { BodyType: body.type, IsTruncated: 'false' });
}

/** A property renderer: its FieldURI and how it is written (undefined: not present). */
interface Field<T> {
  uri: string;
  render: (item: T, shape: ItemShape) => XmlFragment | undefined;
}

const EXTENDED_SLOT = 'item:ExtendedProperty';

const CALENDAR_FIELDS: readonly Field<CalendarInstance>[] = [
  { uri: 'item:ItemClass', render: () => textEl('t:ItemClass', 'IPM.Appointment') },
  { uri: 'item:Subject', render: (i) => textEl('t:Subject', i.subject) },
  { uri: 'item:Sensitivity', render: (i) => textEl('t:Sensitivity', i.item.sensitivity) },
  {
    uri: 'item:Body',
    render: (i, shape) => bodyXml({ type: 'Text', text: i.item.body }, shape.bodyType),
  },
  {
    uri: 'item:DateTimeCreated',
    render: (i) => textEl('t:DateTimeCreated', formatUtc(i.item.created)),
  },
  {
    uri: 'item:ReminderIsSet',
    render: (i) => textEl('t:ReminderIsSet', bool(i.item.reminderIsSet)),
  },
  {
    uri: 'item:ReminderMinutesBeforeStart',
    render: (i) => textEl('t:ReminderMinutesBeforeStart', i.item.reminderMinutesBeforeStart),
  },
  { uri: 'item:HasAttachments', render: () => textEl('t:HasAttachments', 'false') },
  { uri: 'calendar:Start', render: (i) => textEl('t:Start', formatUtc(i.start)) },
  { uri: 'calendar:End', render: (i) => textEl('t:End', formatUtc(i.end)) },
  {
    uri: 'calendar:OriginalStart',
    render: (i) =>
      i.originalStart === undefined
        ? undefined
        : textEl('t:OriginalStart', formatUtc(i.originalStart)),
  },
  {
    uri: 'calendar:IsAllDayEvent',
    render: (i) => textEl('t:IsAllDayEvent', bool(i.item.isAllDay)),
  },
  {
    uri: 'calendar:LegacyFreeBusyStatus',
    render: (i) => textEl('t:LegacyFreeBusyStatus', i.item.freeBusy),
  },
  { uri: 'calendar:Location', render: (i) => textEl('t:Location', i.location) },
  { uri: 'calendar:IsMeeting', render: (i) => textEl('t:IsMeeting', bool(i.item.isMeeting)) },
  { uri: 'calendar:IsCancelled', render: (i) => textEl('t:IsCancelled', bool(i.item.isCancelled)) },
  {
    uri: 'calendar:IsRecurring',
    render: (i) => textEl('t:IsRecurring', bool(i.item.recurrence !== undefined)),
  },
  { uri: 'calendar:CalendarItemType', render: (i) => textEl('t:CalendarItemType', i.kind) },
  {
    uri: 'calendar:MyResponseType',
    render: (i) => textEl('t:MyResponseType', i.item.myResponseType),
  },
  {
    uri: 'calendar:Organizer',
    render: (i) => el('t:Organizer', undefined, mailboxXml(i.item.organizer)),
  },
  {
    uri: 'calendar:RequiredAttendees',
    render: (i) => attendeesXml('t:RequiredAttendees', i.item.requiredAttendees),
  },
  {
    uri: 'calendar:OptionalAttendees',
    render: (i) => attendeesXml('t:OptionalAttendees', i.item.optionalAttendees),
  },
  {
    uri: 'calendar:IsOnlineMeeting',
    render: (i) => textEl('t:IsOnlineMeeting', bool(i.item.joinOnlineMeetingUrl !== undefined)),
  },
  {
    uri: 'calendar:JoinOnlineMeetingUrl',
    render: (i) =>
      i.item.joinOnlineMeetingUrl === undefined
        ? undefined
        : textEl('t:JoinOnlineMeetingUrl', i.item.joinOnlineMeetingUrl),
  },
];

const CALENDAR_DEFAULT = new Set([
  'item:ItemClass',
  'item:Subject',
  'item:Sensitivity',
  'item:ReminderIsSet',
  'item:ReminderMinutesBeforeStart',
  'calendar:Start',
  'calendar:End',
  'calendar:IsAllDayEvent',
  'calendar:LegacyFreeBusyStatus',
  'calendar:Location',
  'calendar:IsMeeting',
  'calendar:IsCancelled',
  'calendar:IsRecurring',
  'calendar:CalendarItemType',
  'calendar:MyResponseType',
  'calendar:Organizer',
]);

function messageSize(m: MessageItem): number {
  return (
    Buffer.byteLength(m.subject) +
    Buffer.byteLength(m.body.text) +
    m.attachments.reduce((sum, a) => sum + a.content.length, 0) +
    512
  );
}

/** Fields that FindItem never returns (Exchange refuses them there; GetItem has them). */
export const GET_ITEM_ONLY = new Set(['item:Body', 'item:Attachments']);

const MESSAGE_FIELDS: readonly Field<MessageItem>[] = [
  { uri: 'item:ItemClass', render: (m) => textEl('t:ItemClass', m.itemClass) },
  { uri: 'item:Subject', render: (m) => textEl('t:Subject', m.subject) },
  { uri: 'item:Sensitivity', render: () => textEl('t:Sensitivity', 'Normal') },
  { uri: 'item:Body', render: (m, shape) => bodyXml(m.body, shape.bodyType) },
  {
    uri: 'item:Attachments',
    render: (m) =>
      m.attachments.length === 0
        ? undefined
        : el(
            't:Attachments',
            undefined,
            m.attachments.map((a) => fileAttachmentXml(a, false)),
          ),
  },
  {
    uri: 'item:DateTimeReceived',
    render: (m) => textEl('t:DateTimeReceived', formatUtc(m.received)),
  },
  { uri: 'item:Size', render: (m) => textEl('t:Size', messageSize(m)) },
  { uri: 'item:Importance', render: (m) => textEl('t:Importance', m.importance) },
  { uri: 'item:DateTimeSent', render: (m) => textEl('t:DateTimeSent', formatUtc(m.received)) },
  {
    uri: 'item:DateTimeCreated',
    render: (m) => textEl('t:DateTimeCreated', formatUtc(m.received)),
  },
  {
    uri: 'item:HasAttachments',
    render: (m) => textEl('t:HasAttachments', bool(m.attachments.length > 0)),
  },
  { uri: EXTENDED_SLOT, render: () => undefined },
  {
    uri: 'message:ToRecipients',
    render: (m) =>
      m.to.length === 0 ? undefined : el('t:ToRecipients', undefined, m.to.map(mailboxXml)),
  },
  {
    uri: 'message:From',
    render: (m) => (m.from ? el('t:From', undefined, mailboxXml(m.from)) : undefined),
  },
  { uri: 'message:IsRead', render: (m) => textEl('t:IsRead', bool(m.isRead)) },
];

const MESSAGE_DEFAULT = new Set([
  'item:ItemClass',
  'item:Subject',
  'item:Sensitivity',
  'item:DateTimeReceived',
  'item:Size',
  'item:Importance',
  'item:HasAttachments',
  'message:From',
  'message:IsRead',
]);

function wanted(uri: string, shape: ItemShape, defaults: ReadonlySet<string>): boolean {
  if (shape.fields.has(uri)) return true;
  if (shape.base === 'AllProperties') return true;
  if (shape.base === 'Default') return defaults.has(uri);
  return false;
}

function extendedXml(message: MessageItem, shape: ItemShape): XmlFragment[] {
  const out: XmlFragment[] = [];
  for (const request of shape.extended) {
    const value = message.extended.get(request.tag);
    if (value === undefined) continue;
    out.push(
      el('t:ExtendedProperty', undefined, [
        el('t:ExtendedFieldURI', { PropertyTag: request.tagText, PropertyType: request.type }),
        textEl('t:Value', value.value),
      ]),
    );
  }
  return out;
}

export interface RenderOptions {
  /** FindItem leaves out Body and Attachments. */
  findItem: boolean;
}

export function calendarItemXml(
  instance: CalendarInstance,
  shape: ItemShape,
  options: RenderOptions,
): XmlFragment {
  const parts: (XmlFragment | undefined)[] = [
    el('t:ItemId', { Id: instance.id, ChangeKey: instance.item.changeKey }),
  ];
  for (const field of CALENDAR_FIELDS) {
    if (options.findItem && GET_ITEM_ONLY.has(field.uri)) continue;
    if (wanted(field.uri, shape, CALENDAR_DEFAULT)) parts.push(field.render(instance, shape));
  }
  return el('t:CalendarItem', undefined, parts);
}

export function messageXml(
  message: MessageItem,
  shape: ItemShape,
  options: RenderOptions,
): XmlFragment {
  const parts: (XmlFragment | undefined)[] = [
    el('t:ItemId', { Id: message.id, ChangeKey: message.changeKey }),
  ];
  for (const field of MESSAGE_FIELDS) {
    if (field.uri === EXTENDED_SLOT) {
      parts.push(...extendedXml(message, shape));
      continue;
    }
    if (options.findItem && GET_ITEM_ONLY.has(field.uri)) continue;
    if (wanted(field.uri, shape, MESSAGE_DEFAULT)) parts.push(field.render(message, shape));
  }
  return el('t:Message', undefined, parts);
}

/** The ItemId-only form CreateItem and UpdateItem answer with. */
export function itemIdOnly(
  kind: 'Message' | 'CalendarItem',
  id: string,
  changeKey: string,
): XmlFragment {
  return el(`t:${kind}`, undefined, el('t:ItemId', { Id: id, ChangeKey: changeKey }));
}
