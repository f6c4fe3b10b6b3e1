/**
 * Every documented response in ../shared/ews-corpus for an operation the library implements
 * decodes, and its key values come out right (each file was read by hand; the values below are
 * the file's, cross-checked with the corpus INDEX).
 *
 * Decision on the docs' `https://schemas.xmlsoap.org/soap/envelope/` namespace: ACCEPTED. The
 * envelope is matched by local name (Envelope/Header/Body/Fault), so these files decode like the
 * `http://` ones; the operation response element must still be present, so accepting the wrong
 * namespace never turns a non-EWS document into a result. Real servers never send `https://`.
 *
 * Responses that are not calendar or voicemail lists (FindItem on mail folders, GetItem of
 * contacts and tasks, CreateItem/UpdateItem/DeleteItem answers) go through the generic item
 * decoder (operations/items.ts): item type, id, change key and the common properties.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DecodeError, EwsResponseError, SoapFaultError } from '../../../../src-main/ews/errors.js';
import { decodeGetUserAvailabilityResponse } from '../../../../src-main/ews/operations/availability.js';
import { decodeFindCalendarItemsResponse } from '../../../../src-main/ews/operations/calendar.js';
import {
  decodeFindItemResponse,
  decodeItemsResponse,
  type GenericItem,
  type ItemsResult,
} from '../../../../src-main/ews/operations/items.js';
import {
  decodeGetUserOofSettingsResponse,
  decodeSetUserOofSettingsResponse,
} from '../../../../src-main/ews/operations/oof.js';
import { decodeResolveNamesResponse } from '../../../../src-main/ews/operations/resolve-names.js';
import { responseOutcomes } from '../../../../src-main/ews/operations/response-errors.js';
import { decodeGetAttachmentResponse } from '../../../../src-main/ews/operations/voicemail.js';
import { readEnvelope, type DecodedEnvelope } from '../../../../src-main/ews/soap/envelope.js';
import { legacyTimeZoneFor } from '../../../../src-main/ews/time/legacy-time-zone.js';
import { readLegacyTimeZone } from '../../../../src-main/ews/time/legacy-time-zone-xml.js';
import { child, parseXml } from '../../../../src-main/ews/xml/parse.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = path.resolve(repoRoot, '../shared/ews-corpus');

const OPERATIONS = [
  'GetUserOofSettings',
  'SetUserOofSettings',
  'GetUserAvailability',
  'FindItem',
  'GetItem',
  'GetAttachment',
  'UpdateItem',
  'DeleteItem',
  'CreateItem',
  'ResolveNames',
  'Errors',
] as const;

const raw = (rel: string): string => readFileSync(path.join(corpus, rel), 'utf8');
const load = (rel: string): DecodedEnvelope => readEnvelope(raw(rel));
const iso = (d: Date | undefined): string | undefined => d?.toISOString();

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function fault(rel: string): SoapFaultError {
  const error = caught(() => load(rel));
  expect(error).toBeInstanceOf(SoapFaultError);
  return error as SoapFaultError;
}

/** The items of a one-message success answer. */
function itemsOf(results: ItemsResult[]): GenericItem[] {
  expect(results).toHaveLength(1);
  const [only] = results;
  if (!only?.ok) throw new Error('expected success');
  return only.items;
}

function errorsOf(results: ItemsResult[]): EwsResponseError[] {
  return results.map((r) => {
    if (r.ok) throw new Error('expected an error');
    return r.error;
  });
}

const items = (op: string, file: string): ItemsResult[] =>
  decodeItemsResponse(load(`${op}/${file}`), op);
const ids = (list: GenericItem[]): [string, string | undefined, string | undefined][] =>
  list.map((i) => [i.type, i.id, i.changeKey]);

const cases: Record<string, () => void> = {
  // ── GetUserOofSettings ──
  'GetUserOofSettings/ref.response.xml': () => {
    const s = decodeGetUserOofSettingsResponse(load('GetUserOofSettings/ref.response.xml'));
    expect(s.state).toBe('Disabled');
    expect(s.externalAudience).toBe('All');
    expect(s.allowExternalOof).toBe('All');
    expect(iso(s.duration?.start)).toBe('2006-11-03T23:00:00.000Z');
    expect(iso(s.duration?.end)).toBe('2006-11-04T23:00:00.000Z');
    expect(s.internalReply.message).toBe('I am out of office. This is my internal reply.');
    expect(s.externalReply.message).toBe('I am out of office. This is my external reply.');
  },
  'GetUserOofSettings/ref-error.response.xml': () => {
    const error = fault('GetUserOofSettings/ref-error.response.xml');
    expect(error.faultCode).toBe('soap:Client');
    expect(error.responseCode).toBeUndefined();
    expect(error.faultString).toContain('User is not mailbox owner');
  },
  // ── SetUserOofSettings ──
  'SetUserOofSettings/ref.response.xml': () => {
    expect(() => {
      decodeSetUserOofSettingsResponse(load('SetUserOofSettings/ref.response.xml'));
    }).not.toThrow();
    expect(responseOutcomes(load('SetUserOofSettings/ref.response.xml'))).toEqual([
      { element: 'ResponseMessage', responseClass: 'Success', responseCode: 'NoError' },
    ]);
  },
  // ── GetUserAvailability ──
  'GetUserAvailability/ref.response.xml': () => {
    // The request on the same page carries the legacy TimeZone the answer is relative to.
    const request = parseXml(raw('GetUserAvailability/ref.request.xml'));
    const body = child(child(child(request, 'Envelope'), 'Body'), 'GetUserAvailabilityRequest');
    const zone = readLegacyTimeZone(child(body, 'TimeZone') ?? '', 'request/TimeZone');
    expect(zone.bias).toBe(480);
    const [one, two] = decodeGetUserAvailabilityResponse(
      load('GetUserAvailability/ref.response.xml'),
      {
        mailboxes: ['user1@example.com', 'user2@example.com'],
        zone,
        intervalMinutes: 60,
      },
    );
    if (!one?.ok || !two?.ok) throw new Error('expected two successes');
    expect(one.view).toBe('DetailedMerged');
    expect(one.mergedFreeBusy).toBe('000002220220000000000000');
    expect(
      one.events.map((e) => [iso(e.start), iso(e.end), e.busyType, e.details?.subject]),
    ).toEqual([
      [
        '2006-10-16T13:00:00.000Z',
        '2006-10-16T13:30:00.000Z',
        'Busy',
        'Meet with Contoso Account Executives',
      ],
      ['2006-10-16T14:00:00.000Z', '2006-10-16T15:00:00.000Z', 'Busy', 'Pick up my groceries'],
      ['2006-10-16T16:40:00.000Z', '2006-10-16T17:10:00.000Z', 'Busy', 'Meet with doctor'],
    ]);
    expect(one.events[2]?.details?.location).toBe('Kirkland');
    expect(one.events[0]?.details?.location).toBeUndefined();
    expect(one.events[1]?.details?.id).toBe('E14B6414B0B');
    expect(one.workingHours?.periods).toEqual([
      {
        days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
        startMinutes: 480,
        endMinutes: 1020,
      },
    ]);
    expect(one.workingHours?.timeZone).toEqual(zone);
    expect(two.view).toBe('FreeBusyMerged');
    expect(two.mergedFreeBusy).toBe('000000001100000000000000');
    expect(two.events.map((e) => [iso(e.start), e.busyType, e.details])).toEqual([
      ['2006-10-16T16:00:00.000Z', 'Tentative', undefined],
    ]);
  },
  'GetUserAvailability/howto-get-free-busy-information.response.xml': () => {
    // That request names Pacific Standard Time through TimeZoneContext: unzoned times are Pacific.
    const zone = legacyTimeZoneFor('America/Los_Angeles', new Date('2014-02-13T00:00:00Z'));
    const results = decodeGetUserAvailabilityResponse(
      load('GetUserAvailability/howto-get-free-busy-information.response.xml'),
      { mailboxes: ['mack@contoso.com', 'sadie@contoso.com'], zone, intervalMinutes: 30 },
    );
    const [one, two] = results;
    if (!one?.ok || !two?.ok) throw new Error('expected two successes');
    expect(one.view).toBe('FreeBusy');
    expect(one.mergedFreeBusy).toBeUndefined();
    expect(one.events.map((e) => [iso(e.start), iso(e.end), e.busyType])).toEqual([
      ['2014-02-13T16:00:00.000Z', '2014-02-13T18:00:00.000Z', 'Free'],
      ['2014-02-13T19:00:00.000Z', '2014-02-13T20:00:00.000Z', 'Busy'],
    ]);
    expect(two.events).toHaveLength(4);
    expect(iso(two.events[0]?.start)).toBe('2014-02-12T08:00:00.000Z');
    expect(two.events[3]?.busyType).toBe('Tentative');
    expect(two.workingHours?.periods[0]?.startMinutes).toBe(540);
    expect(two.workingHours?.timeZone.daylight).toEqual({
      bias: -60,
      time: '02:00:00',
      dayOrder: 2,
      month: 3,
      dayOfWeek: 'Sunday',
    });
  },
  // ── FindItem: calendar views through the calendar decoder ──
  'FindItem/howto-get-appointments-and-meetings.response.xml': () => {
    const page = decodeFindCalendarItemsResponse(
      load('FindItem/howto-get-appointments-and-meetings.response.xml'),
    );
    expect(page.includesLastItemInRange).toBe(false);
    expect(page.totalItemsInView).toBe(33);
    expect(page.items.map((i) => [i.subject, iso(i.start), iso(i.end)])).toEqual([
      ['Contoso devs team meeting', '2013-08-21T19:30:00.000Z', '2013-08-21T20:00:00.000Z'],
      ['Daily status meeting', '2013-08-21T20:00:00.000Z', '2013-08-21T21:00:00.000Z'],
      ['Lunch with sales team', '2013-08-21T21:30:00.000Z', '2013-08-21T22:30:00.000Z'],
      ['Tennis at the club', '2013-08-22T18:00:00.000Z', '2013-08-22T19:00:00.000Z'],
      ['Online training webcast', '2013-08-22T21:00:00.000Z', '2013-08-22T22:00:00.000Z'],
    ]);
    expect(page.items[4]?.id).toBe('AAMkA');
  },
  'FindItem/guide-recurrence-patterns-1.response.xml': () => {
    const page = decodeFindCalendarItemsResponse(
      load('FindItem/guide-recurrence-patterns-1.response.xml'),
    );
    expect(page.includesLastItemInRange).toBe(true);
    expect(page.items.map((i) => [i.subject, iso(i.start), iso(i.end)])).toEqual([
      ['Swim Team Practice', '2014-07-02T15:30:00.000Z', '2014-07-02T17:00:00.000Z'],
    ]);
  },
  'FindItem/guide-recurrence-patterns-2.response.xml': () => {
    const page = decodeFindCalendarItemsResponse(
      load('FindItem/guide-recurrence-patterns-2.response.xml'),
    );
    expect(page.totalItemsInView).toBe(5);
    expect(page.items.map((i) => iso(i.start))).toEqual([
      '2014-07-02T15:30:00.000Z',
      '2014-07-09T15:30:00.000Z',
      '2014-07-16T15:30:00.000Z',
      '2014-07-23T15:30:00.000Z',
      '2014-07-30T15:30:00.000Z',
    ]);
    expect(new Set(page.items.map((i) => i.subject))).toEqual(new Set(['Swim Team Practice']));
  },
  // ── FindItem: other folders through the generic decoder ──
  'FindItem/elem-aggregateon.response.xml': () => {
    const r = decodeFindItemResponse(load('FindItem/elem-aggregateon.response.xml'));
    expect(r.totalItemsInView).toBe(8);
    expect(r.indexedPagingOffset).toBe(8);
    expect(r.groups?.map((g) => [g.groupIndex, g.items.length])).toEqual([
      ['B', 3],
      ['A', 3],
    ]);
    expect(r.items).toHaveLength(6);
    expect(iso(r.items[0]?.dateTimeReceived)).toBe('2006-09-14T23:59:18.000Z');
  },
  'FindItem/elem-querystring-querystringtype.response.xml': () => {
    const r = decodeFindItemResponse(
      load('FindItem/elem-querystring-querystringtype.response.xml'),
    );
    expect(r.includesLastItemInRange).toBe(false);
    expect(r.items.map((i) => i.subject)).toEqual(['How to use Autodiscover']);
  },
  'FindItem/howto-access-a-calendar-as-a-delegate.response.xml': () => {
    const r = decodeFindItemResponse(
      load('FindItem/howto-access-a-calendar-as-a-delegate.response.xml'),
    );
    expect(r.items.map((i) => [i.type, i.subject, iso(i.dateTimeReceived)])).toEqual([
      ['CalendarItem', 'Team building exercise', '2014-03-04T21:27:22.000Z'],
    ]);
  },
  'FindItem/howto-access-email-as-a-delegate.response.xml': () => {
    const r = decodeFindItemResponse(
      load('FindItem/howto-access-email-as-a-delegate.response.xml'),
    );
    expect(r.items.map((i) => [i.type, i.id, i.subject, i.isRead])).toEqual([
      ['Message', 'iNwoAAA=', 'Soccer team', false],
    ]);
  },
  'FindItem/howto-delete-appointments-and-cancel-meetings-1.response.xml': () => {
    const r = decodeFindItemResponse(
      load('FindItem/howto-delete-appointments-and-cancel-meetings-1.response.xml'),
    );
    expect([r.totalItemsInView, r.includesLastItemInRange]).toEqual([10748, false]);
    expect(r.items.map((i) => i.subject)).toEqual(['Tennis lesson']);
  },
  'FindItem/howto-delete-appointments-and-cancel-meetings-2.response.xml': () => {
    const r = decodeFindItemResponse(
      load('FindItem/howto-delete-appointments-and-cancel-meetings-2.response.xml'),
    );
    expect([r.totalItemsInView, r.includesLastItemInRange]).toEqual([10750, false]);
    expect(r.items.map((i) => i.subject)).toEqual(['Team building exercise']);
  },
  'FindItem/howto-manage-persistent-application-settings.response.xml': () => {
    const r = decodeFindItemResponse(
      load('FindItem/howto-manage-persistent-application-settings.response.xml'),
    );
    expect(r.items.map((i) => i.itemClass)).toEqual([
      'IPM.Configuration.TestConfig',
      'IPM.Microsoft.FolderDesign.NamedView',
    ]);
  },
  'FindItem/howto-perform-an-aqs-search.response.xml': () => {
    const r = decodeFindItemResponse(load('FindItem/howto-perform-an-aqs-search.response.xml'));
    expect(r.items.map((i) => [i.subject, i.size, i.isRead])).toEqual([
      ['project plan', 7406, false],
    ]);
  },
  'FindItem/howto-perform-grouped-searches.response.xml': () => {
    const r = decodeFindItemResponse(load('FindItem/howto-perform-grouped-searches.response.xml'));
    expect(r.groups).toHaveLength(2);
    expect(r.items).toHaveLength(8);
    expect(r.indexedPagingOffset).toBe(10);
    expect(r.items[0]?.subject).toBe('Planning resources');
    expect(r.items[0]?.from).toMatchObject({ name: 'Sadie Daniels', routingType: 'EX' });
  },
  'FindItem/howto-perform-paged-searches-1.response.xml': () => {
    const r = decodeFindItemResponse(load('FindItem/howto-perform-paged-searches-1.response.xml'));
    expect([r.includesLastItemInRange, r.indexedPagingOffset, r.totalItemsInView]).toEqual([
      false,
      6,
      8,
    ]);
    expect(r.items.map((i) => i.subject)).toEqual([
      'Query',
      'Update',
      'Planning resources',
      'Timeline',
      'For your perusal',
      'meeting notes',
    ]);
  },
  'FindItem/howto-perform-paged-searches-2.response.xml': () => {
    const r = decodeFindItemResponse(load('FindItem/howto-perform-paged-searches-2.response.xml'));
    expect([r.includesLastItemInRange, r.indexedPagingOffset]).toEqual([true, 8]);
    expect(r.items.map((i) => i.subject)).toEqual([
      'meeting notes',
      'Meeting notes',
      'This cat is hilarious!',
    ]);
  },
  'FindItem/howto-use-search-filters-with-ews.response.xml': () => {
    const r = decodeFindItemResponse(
      load('FindItem/howto-use-search-filters-with-ews.response.xml'),
    );
    expect(r.items.map((i) => i.extendedProperties?.[0]?.value)).toEqual(['5', '6', '7']);
    expect(r.items[0]?.extendedProperties?.[0]).toMatchObject({
      propertyName: 'ItemIndex',
      propertyType: 'Integer',
    });
  },
  'FindItem/ref.response.xml': () => {
    const r = decodeFindItemResponse(load('FindItem/ref.response.xml'));
    expect(r.totalItemsInView).toBe(10);
    expect(ids(r.items)).toEqual([
      ['Message', 'AS4AUn=', 'fsVU4=='],
      ['Message', 'AS4AUM=', 'fsVUA=='],
    ]);
  },
  'FindItem/ref-error.response.xml': () => {
    const error = caught(() =>
      decodeFindCalendarItemsResponse(load('FindItem/ref-error.response.xml')),
    );
    expect(error).toBeInstanceOf(EwsResponseError);
    expect((error as EwsResponseError).responseCode).toBe('ErrorInvalidIdMalformed');
    expect((error as EwsResponseError).messageText).toBe('Id is malformed.');
  },
  // ── GetItem ──
  'GetItem/howto-add-attachments.response.xml': () => {
    expect(
      itemsOf(items('GetItem', 'howto-add-attachments.response.xml')).map((i) => i.subject),
    ).toEqual(['Play tennis?']);
  },
  'GetItem/howto-create-a-recurring-series.response.xml': () => {
    const [item] = itemsOf(items('GetItem', 'howto-create-a-recurring-series.response.xml'));
    expect([item?.type, item?.subject]).toEqual(['CalendarItem', 'Weekly Update Meeting']);
  },
  'GetItem/howto-create-appointments-and-meetings-a.response.xml': () => {
    expect(
      itemsOf(items('GetItem', 'howto-create-appointments-and-meetings-a.response.xml')).map(
        (i) => i.subject,
      ),
    ).toEqual(['Tennis lesson']);
  },
  'GetItem/howto-create-appointments-and-meetings-b.response.xml': () => {
    expect(
      itemsOf(items('GetItem', 'howto-create-appointments-and-meetings-b.response.xml')).map(
        (i) => i.subject,
      ),
    ).toEqual(['Team building exercise']);
  },
  'GetItem/howto-delete-attachments.response.xml': () => {
    const [item] = itemsOf(items('GetItem', 'howto-delete-attachments.response.xml'));
    expect(item?.attachments?.map((a) => [a.kind, a.name])).toEqual([
      ['FileAttachment', 'FileAttachment.txt'],
      ['FileAttachment', 'SecondAttachment.txt'],
      ['FileAttachment', 'ThirdAttachment.jpg'],
      ['FileAttachment', 'FourthAttachment.txt'],
      ['ItemAttachment', 'Attached Message Item'],
    ]);
  },
  'GetItem/howto-export-items.response.xml': () => {
    expect(ids(itemsOf(items('GetItem', 'howto-export-items.response.xml')))).toEqual([
      ['Message', 'AAMkADEzYjJkLTYxMwB8GqYicWAAA=', 'CQAAABzXv'],
    ]);
  },
  'GetItem/howto-extract-an-entity-from-an-email-message.response.xml': () => {
    expect(
      ids(itemsOf(items('GetItem', 'howto-extract-an-entity-from-an-email-message.response.xml'))),
    ).toEqual([['Message', 'sVC5AAA=', 'CQAAABYAAAD32nSTjepyT63rYH17n9THAAAOOqJN']]);
  },
  'GetItem/howto-get-attachments.response.xml': () => {
    const [item] = itemsOf(items('GetItem', 'howto-get-attachments.response.xml'));
    expect(item?.attachments?.map((a) => [a.kind, a.id, a.size, a.isInline])).toEqual([
      ['FileAttachment', '5zTzlqU=', 212, false],
      ['ItemAttachment', 'Ktum21o=', 3063, false],
    ]);
  },
  'GetItem/howto-process-calendar-items-in-batches.response.xml': () => {
    const results = items('GetItem', 'howto-process-calendar-items-in-batches.response.xml');
    expect(results).toHaveLength(3);
    const all = results.flatMap((r) => (r.ok ? r.items : []));
    expect(all.map((i) => [i.subject, iso(i.start)])).toEqual([
      ['Review current quarterly deliverables', '2014-01-19T18:59:07.000Z'],
      ['Food bank delivery', '2014-01-18T18:59:07.000Z'],
      ['Code Blast', '2014-01-20T18:59:08.000Z'],
    ]);
    expect(all[0]?.body?.type).toBe('HTML');
  },
  'GetItem/howto-propose-a-new-meeting-time.response.xml': () => {
    const [item] = itemsOf(items('GetItem', 'howto-propose-a-new-meeting-time.response.xml'));
    expect([item?.type, item?.subject, iso(item?.start)]).toEqual([
      'MeetingRequest',
      'Competitive analysis: kick off meeting',
      '2013-11-09T17:00:00.000Z',
    ]);
  },
  'GetItem/howto-send-email-messages.response.xml': () => {
    const [item] = itemsOf(items('GetItem', 'howto-send-email-messages.response.xml'));
    expect(item?.subject).toBe('Project priorities');
    expect(item?.toRecipients).toEqual([
      { name: 'sadie@contoso.com', email: 'sadie@contoso.com', routingType: 'SMTP' },
    ]);
  },
  'GetItem/howto-work-with-exchange-mailbox-items.response.xml': () => {
    expect(
      itemsOf(items('GetItem', 'howto-work-with-exchange-mailbox-items.response.xml')).map(
        (i) => i.subject,
      ),
    ).toEqual(['Company Soccer Team']);
  },
  'GetItem/ref-calendar-item-a.response.xml': () => {
    expect(ids(itemsOf(items('GetItem', 'ref-calendar-item-a.response.xml')))).toEqual([
      ['CalendarItem', 'ASUAd', 'otlIqB=='],
    ]);
  },
  'GetItem/ref-calendar-item-b.response.xml': () => {
    const [item] = itemsOf(items('GetItem', 'ref-calendar-item-b.response.xml'));
    expect([iso(item?.start), iso(item?.end)]).toEqual([
      '2006-06-16T00:30:00.000Z',
      '2006-06-16T01:00:00.000Z',
    ]);
  },
  'GetItem/ref-calendar-item-c.response.xml': () => {
    const [item] = itemsOf(items('GetItem', 'ref-calendar-item-c.response.xml'));
    expect([item?.itemClass, item?.size, item?.hasAttachments, iso(item?.dateTimeCreated)]).toEqual(
      ['IPM.Appointment', 374, false, '2006-06-16T00:12:41.000Z'],
    );
  },
  'GetItem/ref-contact-1.response.xml': () => {
    const [item] = itemsOf(items('GetItem', 'ref-contact-1.response.xml'));
    expect([item?.type, item?.displayName, item?.itemClass]).toEqual([
      'Contact',
      'Tanja Plate',
      'IPM.Contact',
    ]);
  },
  'GetItem/ref-contact-2-error.response.xml': () => {
    const [error] = errorsOf(items('GetItem', 'ref-contact-2-error.response.xml'));
    expect(error?.responseCode).toBe('ErrorUnsupportedMimeConversion');
    expect(error?.messageText).toBe('Mime conversion is not supported for this item type.');
  },
  'GetItem/ref-email-message-error.response.xml': () => {
    const [error] = errorsOf(items('GetItem', 'ref-email-message-error.response.xml'));
    expect(error?.responseCode).toBe('ErrorInvalidPropertyRequest');
    expect(error?.messageXml).toEqual({ FieldURI: 'meeting:AssociatedCalendarItemId' });
  },
  'GetItem/ref-task.response.xml': () => {
    const [item] = itemsOf(items('GetItem', 'ref-task.response.xml'));
    expect([item?.type, item?.subject, item?.itemClass]).toEqual([
      'Task',
      'Buy new shoes',
      'IPM.Task',
    ]);
  },
  // ── GetAttachment ──
  'GetAttachment/howto-get-attachments-a.response.xml': () => {
    const a = decodeGetAttachmentResponse(
      load('GetAttachment/howto-get-attachments-a.response.xml'),
    );
    expect([a.kind, a.id, a.name, a.content.length]).toEqual([
      'ItemAttachment',
      'Ktum21o=',
      'Attached Message Item',
      0,
    ]);
    expect([a.item?.type, a.item?.subject, a.item?.toRecipients?.length]).toEqual([
      'Message',
      'Message Item Subject',
      2,
    ]);
  },
  'GetAttachment/howto-get-attachments-b.response.xml': () => {
    const a = decodeGetAttachmentResponse(
      load('GetAttachment/howto-get-attachments-b.response.xml'),
    );
    expect([a.kind, a.name, a.content.length]).toEqual([
      'FileAttachment',
      'FileAttachment.txt',
      26,
    ]);
    expect(a.content.toString('utf8')).toBe('This is a file attachment.');
  },
  'GetAttachment/ref.response.xml': () => {
    const a = decodeGetAttachmentResponse(load('GetAttachment/ref.response.xml'));
    expect([a.name, a.contentType, [...a.content]]).toEqual([
      'SomeFile',
      'application/octet-stream',
      [1, 2, 3, 4, 5],
    ]);
  },
  'GetAttachment/howto-get-user-photos.response.xml': () => {
    // The docs shortened the base64 with "..." (INDEX: INVALID): a damaged attachment is an error.
    expect(() =>
      decodeGetAttachmentResponse(load('GetAttachment/howto-get-user-photos.response.xml')),
    ).toThrow(DecodeError);
  },
  // ── UpdateItem ──
  'UpdateItem/howto-process-calendar-items-in-batches.response.xml': () => {
    const results = items('UpdateItem', 'howto-process-calendar-items-in-batches.response.xml');
    expect(results.map((r) => (r.ok ? ids(r.items) : 'error'))).toEqual([
      [['CalendarItem', 'AAMkA', 'DwAAA']],
      [['CalendarItem', 'AAMkA', 'DwAAA']],
      [['CalendarItem', 'AAMkA', 'DwAAA']],
    ]);
  },
  'UpdateItem/howto-update-appointments-and-meetings-2.response.xml': () => {
    expect(
      ids(itemsOf(items('UpdateItem', 'howto-update-appointments-and-meetings-2.response.xml'))),
    ).toEqual([['CalendarItem', 'AAMkA', 'DwAAA']]);
  },
  'UpdateItem/ref-3.response.xml': () => {
    expect(ids(itemsOf(items('UpdateItem', 'ref-3.response.xml')))).toEqual([
      ['Message', 'AAAtAEFkbW...', 'CQAAABYAAA...'],
    ]);
  },
  'UpdateItem/ref-contact-1.response.xml': () => {
    expect(ids(itemsOf(items('UpdateItem', 'ref-contact-1.response.xml')))).toEqual([
      ['Contact', 'AAAtAE=', 'EQAAABYx'],
    ]);
  },
  'UpdateItem/ref-contact-2-error.response.xml': () => {
    const error = fault('UpdateItem/ref-contact-2-error.response.xml');
    expect([error.faultCode, error.responseCode, error.faultString]).toEqual([
      'Client',
      'ErrorSchemaValidation',
      'The request failed schema validation.',
    ]);
  },
  // ── DeleteItem ──
  'DeleteItem/howto-delete-appointments-and-cancel-meetings.response.xml': () => {
    expect(
      items('DeleteItem', 'howto-delete-appointments-and-cancel-meetings.response.xml'),
    ).toEqual([{ ok: true, items: [] }]);
  },
  'DeleteItem/howto-process-calendar-items-in-batches.response.xml': () => {
    expect(
      items('DeleteItem', 'howto-process-calendar-items-in-batches.response.xml').map((r) => r.ok),
    ).toEqual([true, true, true]);
  },
  'DeleteItem/howto-process-calendar-items-in-batches-error.response.xml': () => {
    expect(
      errorsOf(
        items('DeleteItem', 'howto-process-calendar-items-in-batches-error.response.xml'),
      ).map((e) => e.responseCode),
    ).toEqual(['ErrorItemNotFound', 'ErrorItemNotFound', 'ErrorItemNotFound']);
  },
  'DeleteItem/ref.response.xml': () => {
    expect(items('DeleteItem', 'ref.response.xml')).toEqual([{ ok: true, items: [] }]);
  },
  'DeleteItem/ref-error.response.xml': () => {
    const [error] = errorsOf(items('DeleteItem', 'ref-error.response.xml'));
    expect([error?.responseCode, error?.messageText]).toEqual([
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    ]);
  },
  // ── CreateItem ──
  'CreateItem/elem-createitem-acceptsharinginvitation.response.xml': () => {
    expect(items('CreateItem', 'elem-createitem-acceptsharinginvitation.response.xml')).toEqual([
      { ok: true, items: [] },
    ]);
  },
  'CreateItem/elem-createitem-acceptsharinginvitation-error.response.xml': () => {
    expect(
      errorsOf(items('CreateItem', 'elem-createitem-acceptsharinginvitation-error.response.xml'))[0]
        ?.responseCode,
    ).toBe('ErrorItemNotFound');
  },
  'CreateItem/howto-access-email-as-a-delegate.response.xml': () => {
    expect(
      ids(itemsOf(items('CreateItem', 'howto-access-email-as-a-delegate.response.xml'))),
    ).toEqual([['Message', 'iNRaAAA=', 'CQAAABYAAADOilbYa8KaT7ZgMoTz2P+hAAABiQPU']]);
  },
  'CreateItem/howto-add-appointments-by-using-exchange-impersonation.response.xml': () => {
    expect(
      ids(
        itemsOf(
          items(
            'CreateItem',
            'howto-add-appointments-by-using-exchange-impersonation.response.xml',
          ),
        ),
      ),
    ).toEqual([['CalendarItem', 'AAMkA', 'DwAAA']]);
  },
  'CreateItem/howto-add-attachments-1.response.xml': () => {
    const [item] = itemsOf(items('CreateItem', 'howto-add-attachments-1.response.xml'));
    expect(item?.id).toBe('upV4AAA=');
    expect(item?.attachments?.map((a) => a.kind)).toEqual([
      'FileAttachment',
      'FileAttachment',
      'FileAttachment',
      'FileAttachment',
      'ItemAttachment',
    ]);
    expect(item?.attachments?.[4]?.id).toBe('XgDCggM=');
  },
  'CreateItem/howto-create-a-recurring-series.response.xml': () => {
    expect(
      ids(itemsOf(items('CreateItem', 'howto-create-a-recurring-series.response.xml'))),
    ).toEqual([['CalendarItem', 'AAMkAD', 'DwAAAB']]);
  },
  'CreateItem/howto-delete-appointments-and-cancel-meetings.response.xml': () => {
    expect(
      ids(
        itemsOf(items('CreateItem', 'howto-delete-appointments-and-cancel-meetings.response.xml')),
      ),
    ).toEqual([['CalendarItem', 'AAMkA', 'DwAAA']]);
  },
  'CreateItem/howto-process-calendar-items-in-batches.response.xml': () => {
    const results = items('CreateItem', 'howto-process-calendar-items-in-batches.response.xml');
    expect(results.map((r) => (r.ok ? r.items.map((i) => i.type) : 'error'))).toEqual([
      ['CalendarItem'],
      ['CalendarItem'],
      ['CalendarItem'],
    ]);
  },
  'CreateItem/howto-propose-a-new-meeting-time.response.xml': () => {
    expect(
      ids(itemsOf(items('CreateItem', 'howto-propose-a-new-meeting-time.response.xml'))),
    ).toEqual([
      ['CalendarItem', 'AAMkAGRmOWE2OWAAA=', 'DwAAJsmU'],
      ['MeetingRequest', 'AAMkAGRmOWE2AAABB=', 'AAAGJu1A'],
    ]);
  },
  'CreateItem/ref-calendar-item.response.xml': () => {
    expect(ids(itemsOf(items('CreateItem', 'ref-calendar-item.response.xml')))).toEqual([
      ['CalendarItem', 'AAAlAFV', 'DwAAABYA'],
    ]);
  },
  'CreateItem/ref-contact-1.response.xml': () => {
    expect(ids(itemsOf(items('CreateItem', 'ref-contact-1.response.xml')))).toEqual([
      ['Contact', 'AAAtA=', 'EQAAAB'],
    ]);
  },
  'CreateItem/ref-contact-2-error.response.xml': () => {
    expect(errorsOf(items('CreateItem', 'ref-contact-2-error.response.xml'))[0]?.responseCode).toBe(
      'ErrorCannotCreateContactInNonContactFolder',
    );
  },
  'CreateItem/ref-email-message.response.xml': () => {
    expect(items('CreateItem', 'ref-email-message.response.xml')).toEqual([
      { ok: true, items: [] },
    ]);
  },
  'CreateItem/ref-email-message-error.response.xml': () => {
    const [error] = errorsOf(items('CreateItem', 'ref-email-message-error.response.xml'));
    expect(error?.responseCode).toBe('ErrorSendAsDenied');
    expect(error?.messageText).toContain('does not have the right to send mail on behalf of');
  },
  'CreateItem/ref-meeting-request.response.xml': () => {
    expect(items('CreateItem', 'ref-meeting-request.response.xml')).toEqual([
      { ok: true, items: [] },
    ]);
  },
  'CreateItem/ref-meeting-request-error.response.xml': () => {
    expect(
      errorsOf(items('CreateItem', 'ref-meeting-request-error.response.xml'))[0]?.responseCode,
    ).toBe('ErrorItemNotFound');
  },
  'CreateItem/ref-task.response.xml': () => {
    expect(ids(itemsOf(items('CreateItem', 'ref-task.response.xml')))).toEqual([
      ['Task', 'AAAtAE=', 'EwAAABYA'],
    ]);
  },
  // ── ResolveNames ──
  'ResolveNames/ref.response.xml': () => {
    expect(decodeResolveNamesResponse(load('ResolveNames/ref.response.xml'))).toEqual([
      {
        name: 'User2',
        email: 'User2@example.com',
        routingType: 'SMTP',
        mailboxType: 'Mailbox',
        contact: {
          displayName: 'User2',
          emailAddresses: [{ key: 'EmailAddress1', address: 'User2@example.com' }],
          phoneNumbers: [],
          source: 'ActiveDirectory',
        },
      },
    ]);
  },
  'ResolveNames/howto-resolve-ambiguous-names.response.xml': () => {
    const [one, ...rest] = decodeResolveNamesResponse(
      load('ResolveNames/howto-resolve-ambiguous-names.response.xml'),
    );
    expect(rest).toEqual([]);
    expect([one?.name, one?.email, one?.contact?.displayName]).toEqual([
      'Sadie Daniels',
      'Sadie@Contoso.com',
      'Sadie Daniels',
    ]);
  },
  'ResolveNames/howto-access-contacts-as-a-delegate.response.xml': () => {
    // ResponseClass Warning / ErrorNameResolutionMultipleResults: all candidates.
    const names = decodeResolveNamesResponse(
      load('ResolveNames/howto-access-contacts-as-a-delegate.response.xml'),
    );
    expect(names.map((n) => [n.email, n.mailboxType, n.itemId])).toEqual([
      ['brian_1@contoso.com', 'Contact', 'iMihAAA='],
      ['brian_2@contoso.com', 'Contact', 'iMihAAA='],
    ]);
  },
  'ResolveNames/ref-error.response.xml': () => {
    expect(decodeResolveNamesResponse(load('ResolveNames/ref-error.response.xml'))).toEqual([]);
    expect(responseOutcomes(load('ResolveNames/ref-error.response.xml'))[0]?.responseCode).toBe(
      'ErrorNameResolutionNoResults',
    );
  },
  'ResolveNames/howto-resolve-ambiguous-names-error.response.xml': () => {
    expect(
      decodeResolveNamesResponse(
        load('ResolveNames/howto-resolve-ambiguous-names-error.response.xml'),
      ),
    ).toEqual([]);
  },
  // ── Errors of other operations ──
  'Errors/AddImGroup-ErrorSchemaValidation-soapfault.response.xml': () => {
    const error = fault('Errors/AddImGroup-ErrorSchemaValidation-soapfault.response.xml');
    expect([error.faultCode, error.responseCode]).toEqual([
      'a:ErrorSchemaValidation',
      'ErrorSchemaValidation',
    ]);
    expect(error.messageXml).toEqual({
      LineNumber: '11',
      LinePosition: '33',
      Violation: 'An error occurred while parsing EntityName. Line 11, position 33.',
    });
  },
  'Errors/FindConversation-ErrorSchemaValidation-soapfault.response.xml': () => {
    const error = fault('Errors/FindConversation-ErrorSchemaValidation-soapfault.response.xml');
    expect(error.responseCode).toBe('ErrorSchemaValidation');
    expect([error.messageXml.LineNumber, error.messageXml.LinePosition]).toEqual(['14', '34']);
    expect(error.messageXml.Violation).toContain("The value 'inbox1' is invalid");
  },
  'Errors/GetImItemList-ErrorIncorrectSchemaVersion-soapfault.response.xml': () => {
    const error = fault('Errors/GetImItemList-ErrorIncorrectSchemaVersion-soapfault.response.xml');
    expect([error.faultCode, error.responseCode, error.messageXml]).toEqual([
      'a:ErrorIncorrectSchemaVersion',
      'ErrorIncorrectSchemaVersion',
      {},
    ]);
  },
  'Errors/GetServiceConfiguration-ErrorSchemaValidation-soapfault.response.xml': () => {
    const error = fault(
      'Errors/GetServiceConfiguration-ErrorSchemaValidation-soapfault.response.xml',
    );
    expect([
      error.responseCode,
      error.messageXml.LineNumber,
      error.messageXml.LinePosition,
    ]).toEqual(['ErrorSchemaValidation', '13', '62']);
  },
  'Errors/GetAppManifests-ErrorInvalidRequest.response.xml': () => {
    // Schema-incomplete error body (no Apps/Manifests): decoded leniently into a typed error.
    const [outcome] = responseOutcomes(
      load('Errors/GetAppManifests-ErrorInvalidRequest.response.xml'),
    );
    expect([outcome?.element, outcome?.responseClass, outcome?.responseCode]).toEqual([
      'GetAppManifestsResponse',
      'Error',
      'ErrorInvalidRequest',
    ]);
    expect(outcome?.error).toBeInstanceOf(EwsResponseError);
    expect(outcome?.error?.messageText).toMatch(/^The apiVersionSupported parameter is invalid\./);
  },
  'Errors/InstallApp-ErrorInternalServerError.response.xml': () => {
    const [outcome] = responseOutcomes(
      load('Errors/InstallApp-ErrorInternalServerError.response.xml'),
    );
    expect([outcome?.responseCode, outcome?.error?.messageText]).toEqual([
      'ErrorInternalServerError',
      "This app can't be installed. Missing OfficeApp element.",
    ]);
  },
  'Errors/UninstallApp-ErrorInternalServerError.response.xml': () => {
    const [outcome] = responseOutcomes(
      load('Errors/UninstallApp-ErrorInternalServerError.response.xml'),
    );
    expect([outcome?.responseCode, outcome?.error?.messageText]).toEqual([
      'ErrorInternalServerError',
      "Extension ID 1c50226d-04b5-4ab2-9fcd-42e236b59e4b can't be found.",
    ]);
  },
};

const EXPECTED_FILES = 84;

describe('corpus responses', () => {
  it('has a case for every response file of the implemented operations, and no other', () => {
    const files = OPERATIONS.flatMap((op) =>
      readdirSync(path.join(corpus, op))
        .filter((f) => f.endsWith('.response.xml'))
        .map((f) => `${op}/${f}`),
    ).sort();
    expect(files).toEqual(Object.keys(cases).sort());
    expect(files).toHaveLength(EXPECTED_FILES);
  });

  it("accepts the docs' https:// envelope namespace (matched by local name)", () => {
    const file = 'FindItem/howto-get-appointments-and-meetings.response.xml';
    expect(raw(file)).toContain('xmlns:s="https://schemas.xmlsoap.org/soap/envelope/"');
    expect(decodeFindCalendarItemsResponse(load(file)).items).toHaveLength(5);
  });

  it.each(Object.entries(cases))('%s', (_file, check) => {
    check();
  });
});
