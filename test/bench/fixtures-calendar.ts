/**
 * Synthetic FindItem/CalendarView responses shaped the way Exchange Online sends them
 * (`s:`/`m:`/`t:` prefixes, ServerVersionInfo header, long base64 item ids), used by the
 * decode benchmark and the interop tests. Deterministic for a given seed.
 */

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const MESSAGES_NS = 'http://schemas.microsoft.com/exchange/services/2006/messages';
const TYPES_NS = 'http://schemas.microsoft.com/exchange/services/2006/types';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

/** The first day of every generated view: a fixed instant keeps the output reproducible. */
const VIEW_START_MS = Date.UTC(2025, 2, 3, 0, 0, 0);
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Meetings per generated day; item i falls on day floor(i / ITEMS_PER_DAY). */
const ITEMS_PER_DAY = 8;

export type FreeBusy = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';
export type ResponseType =
  'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';
export type Sensitivity = 'Normal' | 'Personal' | 'Private' | 'Confidential';

/** One generated calendar item, with its values as a decoder should return them. */
export interface FixtureCalendarItem {
  id: string;
  changeKey: string;
  subject: string;
  startUtc: string;
  endUtc: string;
  isAllDay: boolean;
  freeBusy: FreeBusy;
  location: string | null;
  organizer: { name: string; email: string };
  isMeeting: boolean;
  isCancelled: boolean;
  myResponse: ResponseType;
  reminderIsSet: boolean;
  reminderMinutes: number;
  sensitivity: Sensitivity;
  joinUrl: string | null;
}

/** mulberry32: a tiny, fast, well-distributed PRNG, enough for fixture variety. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, values: readonly T[]): T {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

function randomBytes(random: () => number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

function randomGuid(random: () => number): string {
  const hex = randomBytes(random, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Exchange item ids are base64 of a binary blob that starts with a version marker and the
 * mailbox GUID as ASCII (hence the familiar `AAMkA...` prefix), followed by the store entry id.
 */
function makeItemId(random: () => number, mailboxGuid: string): string {
  const header = Buffer.from([0x00, 0x03, 0x24, 0x00]);
  const guid = Buffer.from(mailboxGuid, 'ascii');
  const marker = Buffer.from([0x00, 0x46, 0x00, 0x00, 0x00, 0x00, 0x00]);
  return Buffer.concat([header, guid, marker, randomBytes(random, 105)]).toString('base64');
}

function makeChangeKey(random: () => number): string {
  const header = Buffer.from([0x0f, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00]);
  return Buffer.concat([header, randomBytes(random, 28)]).toString('base64');
}

// Item i takes SUBJECTS[(i * 7 + 2) % 12]: every subject appears, and the first item's subject
// carries both an escaped `&` and an en dash (written as &#8211; on the wire).
const SUBJECTS = [
  'Weekly stand-up',
  'Design review – Beacon tray',
  'Q3 planning & budget review – FY26',
  '1:1 <Anna / Ben>',
  'Customer call: "Contoso" renewal',
  'Lunch & learn – EWS throttling',
  'Sprint retro',
  "Architecture sync (Ben's proposal)",
  'Interview – senior engineer',
  'Focus time',
  'All hands',
  'Dentist',
] as const;

const LOCATIONS = [
  'Microsoft Teams Meeting',
  'Room 4.12 "Fjord"',
  'Building 2 – Cafeteria',
  'Conf Room <A> & <B>',
  'Online',
] as const;

const PEOPLE = [
  { name: 'Anna Lindqvist', email: 'anna.lindqvist@contoso.onmicrosoft.com' },
  { name: 'Ben Okafor', email: 'ben.okafor@contoso.onmicrosoft.com' },
  { name: 'Chloé Martin', email: 'chloe.martin@contoso.onmicrosoft.com' },
  { name: 'Dmitri Ivanov', email: 'dmitri.ivanov@contoso.onmicrosoft.com' },
  { name: "Erin O'Brien", email: 'erin.obrien@contoso.onmicrosoft.com' },
] as const;

/** The mailbox owner: organizer of their own appointments and of some meetings. */
const ME = { name: 'Megan Bowen', email: 'megan.bowen@contoso.onmicrosoft.com' } as const;

const FREE_BUSY: readonly FreeBusy[] = ['Busy', 'Busy', 'Busy', 'Tentative', 'Free', 'OOF'];
const RESPONSES: readonly ResponseType[] = [
  'Accept',
  'Accept',
  'Accept',
  'Tentative',
  'NoResponseReceived',
  'Decline',
];
const SENSITIVITIES: readonly Sensitivity[] = ['Normal', 'Normal', 'Normal', 'Private', 'Personal'];
const DURATIONS_MIN = [15, 30, 30, 45, 60, 60, 90] as const;
const REMINDERS_MIN = [0, 5, 10, 15, 15, 30] as const;

function makeJoinUrl(random: () => number): string {
  const meeting = randomBytes(random, 36).toString('base64url');
  const tenant = randomGuid(random);
  const organizer = randomGuid(random);
  const context = `%7b%22Tid%22%3a%22${tenant}%22%2c%22Oid%22%3a%22${organizer}%22%7d`;
  return `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${meeting}%40thread.v2/0?context=${context}`;
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The items `makeCalendarViewResponse(count, seed)` renders, in the same order. */
export function makeCalendarItems(count: number, seed = 1): FixtureCalendarItem[] {
  const random = makeRandom(seed);
  const mailboxGuid = randomGuid(random);
  const items: FixtureCalendarItem[] = [];
  for (let i = 0; i < count; i++) {
    const dayStart = VIEW_START_MS + Math.floor(i / ITEMS_PER_DAY) * DAY_MS;
    const slot = i % ITEMS_PER_DAY;
    // Slot 0 of every fifth day (from the third) is an all-day item; the others are spread over 08:00-16:00.
    const isAllDay = slot === 0 && Math.floor(i / ITEMS_PER_DAY) % 5 === 2;
    const start = isAllDay
      ? dayStart
      : dayStart + (8 + slot) * 60 * MINUTE_MS + pick(random, [0, 15, 30]) * MINUTE_MS;
    const end = isAllDay ? start + DAY_MS : start + pick(random, DURATIONS_MIN) * MINUTE_MS;
    const isMeeting = random() < 0.8;
    const iOrganize = !isMeeting || random() < 0.25;
    const organizer = iOrganize ? ME : pick(random, PEOPLE);
    const joinUrl = isMeeting && random() < 0.4 ? makeJoinUrl(random) : null;
    const reminderIsSet = !isAllDay && random() < 0.85;
    items.push({
      id: makeItemId(random, mailboxGuid),
      changeKey: makeChangeKey(random),
      subject: SUBJECTS[(i * 7 + 2) % SUBJECTS.length] ?? 'Meeting',
      startUtc: isoUtc(start),
      endUtc: isoUtc(end),
      isAllDay,
      freeBusy: isAllDay ? 'Free' : pick(random, FREE_BUSY),
      location: joinUrl
        ? 'Microsoft Teams Meeting'
        : random() < 0.2
          ? null
          : pick(random, LOCATIONS),
      organizer,
      isMeeting,
      isCancelled: isMeeting && random() < 0.05,
      myResponse: iOrganize ? 'Organizer' : pick(random, RESPONSES),
      reminderIsSet,
      reminderMinutes: isAllDay ? 1080 : pick(random, REMINDERS_MIN),
      sensitivity: pick(random, SENSITIVITIES),
      joinUrl,
    });
  }
  return items;
}

/** Escapes text the way Exchange does, plus the en dash as a numeric reference to exercise decoders. */
function escapeText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\u2013/g, '&#8211;');
}

function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

function renderItem(item: FixtureCalendarItem): string {
  const parts = [
    '<t:CalendarItem>',
    `<t:ItemId Id="${escapeAttr(item.id)}" ChangeKey="${escapeAttr(item.changeKey)}"/>`,
    `<t:Subject>${escapeText(item.subject)}</t:Subject>`,
    `<t:Sensitivity>${item.sensitivity}</t:Sensitivity>`,
    `<t:ReminderIsSet>${item.reminderIsSet}</t:ReminderIsSet>`,
    `<t:ReminderMinutesBeforeStart>${item.reminderMinutes}</t:ReminderMinutesBeforeStart>`,
    `<t:Start>${item.startUtc}</t:Start>`,
    `<t:End>${item.endUtc}</t:End>`,
    `<t:IsAllDayEvent>${item.isAllDay}</t:IsAllDayEvent>`,
    `<t:LegacyFreeBusyStatus>${item.freeBusy}</t:LegacyFreeBusyStatus>`,
    item.location === null ? '' : `<t:Location>${escapeText(item.location)}</t:Location>`,
    `<t:IsMeeting>${item.isMeeting}</t:IsMeeting>`,
    `<t:IsCancelled>${item.isCancelled}</t:IsCancelled>`,
    `<t:MyResponseType>${item.myResponse}</t:MyResponseType>`,
    '<t:Organizer><t:Mailbox>',
    `<t:Name>${escapeText(item.organizer.name)}</t:Name>`,
    `<t:EmailAddress>${escapeText(item.organizer.email)}</t:EmailAddress>`,
    '<t:RoutingType>SMTP</t:RoutingType>',
    '</t:Mailbox></t:Organizer>',
    item.joinUrl === null
      ? ''
      : `<t:JoinOnlineMeetingUrl>${escapeText(item.joinUrl)}</t:JoinOnlineMeetingUrl>`,
    '</t:CalendarItem>',
  ];
  return parts.join('');
}

/**
 * A complete FindItem/CalendarView response envelope with `count` calendar items, as Exchange
 * Online returns it for an IdOnly + AdditionalProperties request. Same seed, same bytes.
 */
export function makeCalendarViewResponse(count: number, seed = 1): string {
  const items = makeCalendarItems(count, seed).map(renderItem).join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<s:Envelope xmlns:s="${SOAP_NS}">` +
    '<s:Header>' +
    '<h:ServerVersionInfo MajorVersion="15" MinorVersion="20" MajorBuildNumber="8722" MinorBuildNumber="23" Version="V2018_01_08"' +
    ` xmlns:h="${TYPES_NS}" xmlns="${TYPES_NS}" xmlns:xsd="${XSD_NS}" xmlns:xsi="${XSI_NS}"/>` +
    '</s:Header>' +
    `<s:Body xmlns:xsi="${XSI_NS}" xmlns:xsd="${XSD_NS}">` +
    `<m:FindItemResponse xmlns:m="${MESSAGES_NS}" xmlns:t="${TYPES_NS}">` +
    '<m:ResponseMessages>' +
    '<m:FindItemResponseMessage ResponseClass="Success">' +
    '<m:ResponseCode>NoError</m:ResponseCode>' +
    `<m:RootFolder TotalItemsInView="${count}" IncludesLastItemInRange="true">` +
    `<t:Items>${items}</t:Items>` +
    '</m:RootFolder>' +
    '</m:FindItemResponseMessage>' +
    '</m:ResponseMessages>' +
    '</m:FindItemResponse>' +
    '</s:Body>' +
    '</s:Envelope>'
  );
}
