/**
 * The agenda: FindItem with a CalendarView on the calendar folder (the server expands
 * recurrences). We ask for IdOnly plus exactly the properties Beacon shows. When the server says
 * IncludesLastItemInRange=false, `findCalendarItems` asks again for the rest of the window.
 */
import { DecodeError } from '../errors.js';
import { buildEnvelope, type DecodedEnvelope } from '../soap/envelope.js';
import { FIND_ITEM_ITEMS, streamEnvelope, type StreamingDecoder } from '../soap/stream-envelope.js';
import { assertSuccess } from '../soap/response-message.js';
import type { EwsTransport } from '../transport/ews-transport.js';
import { formatUtc, parseInstant } from '../time/date-time.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import { attr, child, text, type XmlNode } from '../xml/parse.js';
import { BUSY_TYPES, type BusyType } from './availability.js';
import {
  assertValidDate,
  distinguishedFolder,
  namedChildren,
  optText,
  readBool,
  readEnumOr,
  readInteger,
  readItemId,
  readPerson,
  singleMessage,
  type RequestOptions,
} from './common.js';

/** The AdditionalProperties we request, in this order (each is in types.xsd's UnindexedFieldURIType). */
export const CALENDAR_FIELD_URIS = [
  'item:Subject',
  'calendar:Start',
  'calendar:End',
  'calendar:IsAllDayEvent',
  'calendar:LegacyFreeBusyStatus',
  'calendar:Location',
  'calendar:Organizer',
  'calendar:IsMeeting',
  'calendar:IsCancelled',
  'calendar:MyResponseType',
  'item:ReminderIsSet',
  'item:ReminderMinutesBeforeStart',
  'item:Sensitivity',
  'calendar:JoinOnlineMeetingUrl',
] as const;

export type ResponseType =
  'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';
export type Sensitivity = 'Normal' | 'Personal' | 'Private' | 'Confidential';

const RESPONSES: readonly ResponseType[] = [
  'Unknown',
  'Organizer',
  'Tentative',
  'Accept',
  'Decline',
  'NoResponseReceived',
];
const SENSITIVITIES: readonly Sensitivity[] = ['Normal', 'Personal', 'Private', 'Confidential'];

export interface CalendarItem {
  id: string;
  changeKey?: string;
  /** '' when the server sent none. Private items of others arrive as "Private appointment". */
  subject: string;
  start: Date;
  end: Date;
  isAllDay: boolean;
  /** LegacyFreeBusyStatus; Busy when the server leaves it out (Exchange's default). */
  freeBusy: BusyType;
  location?: string;
  organizer?: { name?: string; email?: string };
  isMeeting: boolean;
  isCancelled: boolean;
  myResponse?: ResponseType;
  /** Present when a reminder is set. */
  reminder?: { minutesBefore: number };
  sensitivity: Sensitivity;
  isPrivate: boolean;
  joinUrl?: string;
}

export interface CalendarPage {
  items: CalendarItem[];
  includesLastItemInRange: boolean;
  totalItemsInView?: number;
}

export interface CalendarWindow {
  start: Date;
  end: Date;
}

export interface CalendarViewArgs extends RequestOptions {
  start: Date;
  end: Date;
  /** MaxEntriesReturned; the server's own cap applies when left out. */
  maxEntries?: number;
  /** SMTP address of another user whose calendar we may read (delegate access). */
  mailbox?: string;
}

export function buildFindCalendarItemsRequest(args: CalendarViewArgs): XmlFragment {
  assertValidDate(args.start, 'start');
  assertValidDate(args.end, 'end');
  if (args.end.getTime() <= args.start.getTime())
    throw new RangeError('The calendar window must end after it starts');
  if (args.maxEntries !== undefined && (!Number.isInteger(args.maxEntries) || args.maxEntries < 1))
    throw new RangeError('maxEntries must be a positive integer');
  return el('m:FindItem', { Traversal: 'Shallow' }, [
    el('m:ItemShape', undefined, [
      textEl('t:BaseShape', 'IdOnly'),
      el(
        't:AdditionalProperties',
        undefined,
        CALENDAR_FIELD_URIS.map((uri) => el('t:FieldURI', { FieldURI: uri })),
      ),
    ]),
    el('m:CalendarView', {
      MaxEntriesReturned: args.maxEntries,
      StartDate: formatUtc(args.start),
      EndDate: formatUtc(args.end),
    }),
    el('m:ParentFolderIds', undefined, distinguishedFolder('calendar', args.mailbox)),
  ]);
}

const PATH = 'Envelope/Body/FindItemResponse/ResponseMessages/FindItemResponseMessage';
const ITEMS_PATH = `${PATH}/RootFolder/Items`;

export function decodeFindCalendarItemsResponse(env: DecodedEnvelope): CalendarPage {
  return calendarPage(env, (root) =>
    namedChildren(child(root, 'Items'))
      .filter((c) => c.name === 'CalendarItem')
      .map((c, i) => decodeCalendarItem(c.node, `${ITEMS_PATH}/CalendarItem[${i + 1}]`)),
  );
}

/**
 * The same answer decoded as its bytes arrive (see soap/stream-envelope.ts): each CalendarItem
 * is read and dropped as soon as it is complete, and the result, and every error, is the one
 * `decodeFindCalendarItemsResponse` gives for the same bytes.
 */
export const findCalendarItemsStream: StreamingDecoder<CalendarPage> = {
  open() {
    const stream = streamEnvelope({
      containerPath: FIND_ITEM_ITEMS,
      itemName: 'CalendarItem',
      decodeItem: (node, index) => decodeCalendarItem(node, `${ITEMS_PATH}/CalendarItem[${index}]`),
    });
    return {
      write: (chunk) => {
        stream.write(chunk);
      },
      finish: () => {
        const streamed = stream.finish();
        return calendarPage(streamed.envelope, () => streamed.items());
      },
    };
  },
};

function calendarPage(
  env: DecodedEnvelope,
  itemsOf: (root: XmlNode) => CalendarItem[],
): CalendarPage {
  const message = singleMessage(env, 'FindItem');
  assertSuccess(message, PATH);
  const root = child(message, 'RootFolder');
  if (root === undefined) throw new DecodeError('Missing RootFolder', PATH);
  const page: CalendarPage = {
    items: itemsOf(root),
    // Absent means the server had nothing more to say: treat as complete.
    includesLastItemInRange: attr(root, 'IncludesLastItemInRange') !== 'false',
  };
  const total = attr(root, 'TotalItemsInView');
  if (total !== undefined && /^\d+$/.test(total)) page.totalItemsInView = Number(total);
  return page;
}

export function decodeCalendarItem(node: XmlNode, path: string): CalendarItem {
  const { id, changeKey } = readItemId(node, path);
  const start = optText(node, 'Start');
  const end = optText(node, 'End');
  if (start === undefined || end === undefined) throw new DecodeError('Missing Start/End', path);
  // Unknown future values: the cautious reading (hide details, count as busy, no response).
  const sensitivity = readEnumOr(node, 'Sensitivity', SENSITIVITIES, 'Private') ?? 'Normal';
  const item: CalendarItem = {
    id,
    subject: text(child(node, 'Subject')).trim(),
    start: parseInstant(start, `${path}/Start`),
    end: parseInstant(end, `${path}/End`),
    isAllDay: readBool(node, 'IsAllDayEvent', path) ?? false,
    freeBusy: readEnumOr(node, 'LegacyFreeBusyStatus', BUSY_TYPES, 'Busy') ?? 'Busy',
    isMeeting: readBool(node, 'IsMeeting', path) ?? false,
    isCancelled: readBool(node, 'IsCancelled', path) ?? false,
    sensitivity,
    isPrivate: sensitivity === 'Private',
  };
  if (changeKey !== undefined) item.changeKey = changeKey;
  const location = optText(node, 'Location');
  if (location !== undefined) item.location = location;
  const organizer = readPerson(child(node, 'Organizer'));
  if (organizer !== undefined) {
    item.organizer = {};
    if (organizer.name !== undefined) item.organizer.name = organizer.name;
    if (organizer.email !== undefined) item.organizer.email = organizer.email;
  }
  const myResponse = readEnumOr(node, 'MyResponseType', RESPONSES, 'Unknown');
  if (myResponse !== undefined) item.myResponse = myResponse;
  if (readBool(node, 'ReminderIsSet', path) === true)
    item.reminder = { minutesBefore: readInteger(node, 'ReminderMinutesBeforeStart', path) ?? 15 };
  const joinUrl = optText(node, 'JoinOnlineMeetingUrl');
  if (joinUrl !== undefined) item.joinUrl = joinUrl;
  return item;
}

/**
 * What is still to fetch of `window` after a page of it came back. Complete → nothing. Otherwise
 * continue from the start of the last returned item (the server returns items by start time, so
 * everything that starts earlier is in); when that makes no progress (no items, or all starting
 * at or before the window's start), halve the window. A window shorter than a minute is given up.
 */
export function remainingCalendarWindows(
  window: CalendarWindow,
  page: { includesLastItemInRange: boolean; items: readonly { start: Date }[] },
): CalendarWindow[] {
  if (page.includesLastItemInRange) return [];
  const startMs = window.start.getTime();
  const endMs = window.end.getTime();
  const lastStart = page.items.reduce((max, i) => Math.max(max, i.start.getTime()), -Infinity);
  if (lastStart > startMs && lastStart < endMs)
    return [{ start: new Date(lastStart), end: window.end }];
  if (endMs - startMs < 2 * 60_000) return [];
  const mid = startMs + Math.floor((endMs - startMs) / 2 / 60_000) * 60_000;
  return [
    { start: window.start, end: new Date(mid) },
    { start: new Date(mid), end: window.end },
  ];
}

export interface CalendarResult {
  /** Sorted by start, then end, then id; each occurrence once. */
  items: CalendarItem[];
  /** False when the request cap stopped us before the server said it had sent everything. */
  complete: boolean;
}

export const DEFAULT_MAX_CALENDAR_REQUESTS = 16;

/** All calendar items of a window, asking again (up to a cap) while the server holds some back. */
export async function findCalendarItems(
  transport: EwsTransport,
  args: CalendarViewArgs & { maxRequests?: number },
  signal?: AbortSignal,
): Promise<CalendarResult> {
  const maxRequests = args.maxRequests ?? DEFAULT_MAX_CALENDAR_REQUESTS;
  const queue: CalendarWindow[] = [{ start: args.start, end: args.end }];
  const seen = new Map<string, CalendarItem>();
  let requests = 0;
  while (queue.length > 0 && requests < maxRequests) {
    const window = queue.shift() as CalendarWindow;
    requests++;
    const envelope = buildEnvelope(
      buildFindCalendarItemsRequest({ ...args, start: window.start, end: window.end }),
      args.header,
    );
    // Large answers: decoded as the bytes arrive, item by item (no whole body, no whole tree).
    const page = await transport.send('FindItem', envelope, findCalendarItemsStream, signal);
    for (const item of page.items) seen.set(`${item.id}\u0000${item.start.toISOString()}`, item);
    queue.unshift(...remainingCalendarWindows(window, page));
  }
  return { items: sortCalendarItems([...seen.values()]), complete: queue.length === 0 };
}

export function sortCalendarItems(items: CalendarItem[]): CalendarItem[] {
  return items.sort(
    (a, b) =>
      a.start.getTime() - b.start.getTime() ||
      a.end.getTime() - b.end.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
