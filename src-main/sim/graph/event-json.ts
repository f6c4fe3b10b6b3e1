/**
 * A calendar instance (a single item, or an occurrence or exception of a series, as the EWS
 * face's calendar view expands them) as a Graph `event`, times in the asked zone. Pure.
 */
import type { CalendarInstance, CalendarItemKind } from '../calendar-view.js';
import type { BusyType } from '../free-busy.js';
import type { Attendee, Mailbox, ResponseType } from '../model.js';
import type { LegacyTimeZone } from '../time-zone.js';
import { toGraphId } from './ids.js';
import { dateTimeTimeZone } from './zones.js';

export const SHOW_AS: Readonly<Record<BusyType, string>> = {
  Free: 'free',
  Tentative: 'tentative',
  Busy: 'busy',
  OOF: 'oof',
  WorkingElsewhere: 'workingElsewhere',
  NoData: 'unknown',
};

const RESPONSE: Readonly<Record<ResponseType, string>> = {
  Unknown: 'none',
  Organizer: 'organizer',
  Tentative: 'tentativelyAccepted',
  Accept: 'accepted',
  Decline: 'declined',
  NoResponseReceived: 'notResponded',
};

const TYPE: Readonly<Record<CalendarItemKind, string>> = {
  Single: 'singleInstance',
  Occurrence: 'occurrence',
  Exception: 'exception',
  RecurringMaster: 'seriesMaster',
};

/** Response times Graph gives when nobody answered. */
const NO_TIME = '0001-01-01T00:00:00Z';

function attendee(a: Attendee, type: 'required' | 'optional'): Record<string, unknown> {
  return {
    type,
    status: { response: RESPONSE[a.response], time: NO_TIME },
    emailAddress: { name: a.name, address: a.email },
  };
}

function preview(body: string): string {
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 255);
}

export interface EventZone {
  name: string;
  zone: LegacyTimeZone;
}

export function eventJson(
  instance: CalendarInstance,
  owner: Mailbox,
  zone: EventZone,
): Record<string, unknown> {
  const item = instance.item;
  const isOrganizer = item.organizer.email.toLowerCase() === owner.email.toLowerCase();
  const id = toGraphId(instance.id);
  const json: Record<string, unknown> = {
    '@odata.etag': `W/"${item.changeKey}"`,
    id,
    createdDateTime: new Date(item.created).toISOString(),
    lastModifiedDateTime: new Date(item.created).toISOString(),
    changeKey: item.changeKey,
    categories: [],
    originalStartTimeZone: zone.name,
    originalEndTimeZone: zone.name,
    iCalUId: `040000008200E00074C5B7101A82E008${Buffer.from(item.id).toString('hex').slice(0, 32).toUpperCase()}`,
    reminderMinutesBeforeStart: item.reminderMinutesBeforeStart,
    isReminderOn: item.reminderIsSet,
    hasAttachments: false,
    subject: instance.subject,
    bodyPreview: preview(item.body),
    importance: 'normal',
    sensitivity: item.sensitivity.toLowerCase(),
    isAllDay: item.isAllDay,
    isCancelled: item.isCancelled,
    isOrganizer,
    responseRequested: true,
    seriesMasterId:
      instance.kind === 'Occurrence' || instance.kind === 'Exception' ? toGraphId(item.id) : null,
    showAs: SHOW_AS[item.freeBusy],
    type: TYPE[instance.kind],
    webLink: null,
    onlineMeetingUrl: null,
    isOnlineMeeting: item.joinOnlineMeetingUrl !== undefined,
    onlineMeetingProvider: item.joinOnlineMeetingUrl !== undefined ? 'teamsForBusiness' : 'unknown',
    responseStatus: { response: RESPONSE[item.myResponseType], time: NO_TIME },
    body: { contentType: /<[a-z][\s\S]*>/i.test(item.body) ? 'html' : 'text', content: item.body },
    start: dateTimeTimeZone(instance.start, zone.name, zone.zone),
    end: dateTimeTimeZone(instance.end, zone.name, zone.zone),
    location: { displayName: instance.location, locationType: 'default', uniqueIdType: 'unknown' },
    locations:
      instance.location === ''
        ? []
        : [{ displayName: instance.location, locationType: 'default', uniqueIdType: 'unknown' }],
    recurrence: null,
    attendees: [
      ...item.requiredAttendees.map((a) => attendee(a, 'required')),
      ...item.optionalAttendees.map((a) => attendee(a, 'optional')),
    ],
    organizer: { emailAddress: { name: item.organizer.name, address: item.organizer.email } },
    onlineMeeting:
      item.joinOnlineMeetingUrl === undefined ? null : { joinUrl: item.joinOnlineMeetingUrl },
  };
  return json;
}

/** The properties `$select` may name (what eventJson writes). */
export const EVENT_PROPERTIES: readonly string[] = Object.keys(
  eventJson(
    {
      item: {
        id: 'x',
        changeKey: 'x',
        subject: '',
        location: '',
        body: '',
        start: 0,
        end: 0,
        isAllDay: false,
        freeBusy: 'Busy',
        sensitivity: 'Normal',
        isMeeting: false,
        organizer: { name: '', email: '' },
        requiredAttendees: [],
        optionalAttendees: [],
        myResponseType: 'Organizer',
        isCancelled: false,
        reminderIsSet: false,
        reminderMinutesBeforeStart: 0,
        created: 0,
      },
      id: 'x',
      kind: 'Single',
      start: 0,
      end: 0,
      subject: '',
      location: '',
    },
    { email: '' } as Mailbox,
    {
      name: 'UTC',
      zone: {
        bias: 0,
        standard: { bias: 0, time: '00:00:00', dayOrder: 0, month: 0, dayOfWeek: 'Sunday' },
        daylight: { bias: 0, time: '00:00:00', dayOrder: 0, month: 0, dayOfWeek: 'Sunday' },
      },
    },
  ),
).filter((k) => !k.startsWith('@'));

/** `$select`: the named properties (any case) plus id and the etag; unknown names throw. */
export function selectProperties(
  json: Record<string, unknown>,
  names: readonly string[] | undefined,
): Record<string, unknown> {
  if (names === undefined) return json;
  const out: Record<string, unknown> = { '@odata.etag': json['@odata.etag'], id: json['id'] };
  for (const name of names) {
    const key = EVENT_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
    if (key !== undefined) out[key] = json[key];
  }
  return out;
}

/** The `$select` list, or an error message naming a property an event does not have. */
export function parseSelect(value: string | undefined): string[] | { error: string } | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.find(
    (n) => !EVENT_PROPERTIES.some((p) => p.toLowerCase() === n.toLowerCase()),
  );
  if (unknown !== undefined)
    return {
      error: `Could not find a property named '${unknown}' on type 'microsoft.graph.event'.`,
    };
  return names;
}
