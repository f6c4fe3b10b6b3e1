/**
 * Conformance: every documented Graph response (and the two documented PATCH bodies) for the
 * operations in src-main/graph/operations decodes with the operation's own schema, with key
 * values asserted. The rule for the docs' imperfect examples, decided per file:
 * - truncated bodies ("truncated": true in the docs, `$select`ed answers) decode, and the fields
 *   they leave out read as absent (never invented);
 * - enums in the wrong case ("Scheduled", "All", "Monday", "Busy", "Business") read as the CSDL's
 *   camelCase member; an unknown enum value ("response-value") reads as 'unknown';
 * - a placeholder where a date-time belongs ("datetime-value") is a typed decode error (a
 *   ZodError whose issue points at the field), asserted as such: a non-time is never guessed;
 * - `null` for an optional property reads as absent; unknown properties ("OnlineMeeting") are dropped.
 * The photo's `$value` examples have no body to decode (profilePhoto/*-1, -2); the metadata
 * examples belong to no operation here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ZodError, type ZodType } from 'zod';
import { deltaPageSchema } from '../../../../src-main/graph/operations/calendar-delta.js';
import { instantOf } from '../../../../src-main/graph/operations/common.js';
import {
  meSchema,
  personPageSchema,
  userPageSchema,
  userSchema,
} from '../../../../src-main/graph/operations/directory.js';
import { eventPageSchema, eventSchema } from '../../../../src-main/graph/operations/events.js';
import { mailTipsAnswerSchema } from '../../../../src-main/graph/operations/mail-tips.js';
import {
  automaticRepliesSettingSchema,
  mailboxSettingsSchema,
  singleValueSchema,
  workingHoursSchema,
} from '../../../../src-main/graph/operations/mailbox-settings.js';
import { scheduleAnswerSchema } from '../../../../src-main/graph/operations/schedule.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = path.resolve(repoRoot, '../shared/graph-corpus');

function read(file: string): unknown {
  return JSON.parse(readFileSync(path.join(corpus, file), 'utf8')) as unknown;
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

function decode<T>(file: string, schema: ZodType<T>): T {
  return schema.parse(read(file));
}

/** The folders whose responses belong to these operations; every .response.json there is decoded. */
const FOLDERS = [
  'mailboxSettings',
  'calendarView',
  'calendarView-delta',
  'events',
  'getSchedule',
  'getMailTips',
  'users',
  'people',
];

const decoded = new Set<string>();
function covers(file: string): string {
  decoded.add(file);
  return file;
}

describe('Graph corpus: mailbox settings', () => {
  it('user-get-mailboxsettings-1: all settings, capitalised enums, userPurpose as an object', () => {
    const s = decode(
      covers('mailboxSettings/user-get-mailboxsettings-1.response.json'),
      mailboxSettingsSchema,
    );
    expect(s.automaticRepliesSetting?.status).toBe('scheduled');
    expect(s.automaticRepliesSetting?.externalAudience).toBe('all');
    expect(s.automaticRepliesSetting?.scheduledStartDateTime).toEqual({
      dateTime: '2016-03-14T07:00:00.0000000',
      timeZone: 'UTC',
    });
    expect(
      instantOf(must(must(s.automaticRepliesSetting).scheduledEndDateTime))?.toISOString(),
    ).toBe('2016-03-28T07:00:00.000Z');
    expect(s.automaticRepliesSetting?.internalReplyMessage).toContain(
      "company's worldwide reunion",
    );
    expect(s.timeZone).toBe('UTC');
    expect(s.language).toEqual({ locale: 'en-US', displayName: 'English (United States)' });
    expect(s.workingHours).toEqual({
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '08:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { kind: 'named', name: 'Pacific Standard Time' },
    });
    expect(s.userPurpose).toBe('user');
    expect(s.dateFormat).toBe('MM/dd/yyyy');
    expect(s.timeFormat).toBe('hh:mm tt');
    expect(s.delegateMeetingMessageDeliveryOptions).toBe('sendToDelegateOnly');
    expect(Object.keys(s)).not.toContain('@odata.context');
  });

  it('user-get-mailboxsettings-2: the automatic replies alone, "None" read as none, window kept', () => {
    const a = decode(
      covers('mailboxSettings/user-get-mailboxsettings-2.response.json'),
      automaticRepliesSettingSchema,
    );
    expect(a.status).toBe('alwaysEnabled');
    expect(a.externalAudience).toBe('none');
    expect(a.scheduledStartDateTime?.dateTime).toBe('2016-03-19T02:00:00.0000000');
    expect(a.scheduledEndDateTime?.dateTime).toBe('2016-03-20T02:00:00.0000000');
    expect(a.externalReplyMessage).toContain('Contoso worldwide reunion');
  });

  it('user-get-mailboxsettings-3: working hours in a custom time zone', () => {
    const w = decode(
      covers('mailboxSettings/user-get-mailboxsettings-3.response.json'),
      workingHoursSchema,
    );
    expect(w.daysOfWeek).toHaveLength(6);
    expect(w.daysOfWeek?.[5]).toBe('saturday');
    expect(w.startTime).toBe('09:00:00.0000000');
    expect(w.endTime).toBe('18:30:00.0000000');
    expect(w.timeZone).toEqual({
      kind: 'custom',
      name: 'Customized Time Zone',
      bias: -200,
      standardOffset: {
        time: '02:00:00.0000000',
        dayOccurrence: 4,
        dayOfWeek: 'sunday',
        month: 5,
        year: 0,
      },
      daylightOffset: {
        daylightBias: -100,
        time: '02:00:00.0000000',
        dayOccurrence: 2,
        dayOfWeek: 'sunday',
        month: 10,
        year: 0,
      },
    });
  });

  it('user-get-mailboxsettings-4: a single property answers {"value": …} (the form GET timeZone uses)', () => {
    expect(
      decode(covers('mailboxSettings/user-get-mailboxsettings-4.response.json'), singleValueSchema),
    ).toBe('user');
  });

  it('user-update-mailboxsettings-1: the PATCH body ("Scheduled") and the echoed answer', () => {
    const sent = decode(
      covers('mailboxSettings/user-update-mailboxsettings-1.request.json'),
      mailboxSettingsSchema,
    );
    expect(sent.automaticRepliesSetting).toEqual({
      status: 'scheduled',
      scheduledStartDateTime: { dateTime: '2016-03-20T18:00:00.0000000', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2016-03-28T18:00:00.0000000', timeZone: 'UTC' },
    });
    const echo = decode(
      covers('mailboxSettings/user-update-mailboxsettings-1.response.json'),
      mailboxSettingsSchema,
    );
    expect(echo.automaticRepliesSetting?.status).toBe('scheduled');
    expect(echo.automaticRepliesSetting?.externalAudience).toBe('all');
    expect(echo.automaticRepliesSetting?.scheduledStartDateTime?.dateTime).toBe(
      '2016-03-20T02:00:00.0000000',
    );
    expect(echo.workingHours).toBeUndefined();
  });

  it('user-update-mailboxsettings-2: capitalised day names in the body, custom zone in both', () => {
    const sent = decode(
      covers('mailboxSettings/user-update-mailboxsettings-2.request.json'),
      mailboxSettingsSchema,
    );
    expect(sent.workingHours?.daysOfWeek).toEqual([
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
    ]);
    expect(sent.workingHours?.startTime).toBeUndefined();
    expect(sent.workingHours?.timeZone).toMatchObject({ kind: 'custom', bias: -300 });
    const answer = decode(
      covers('mailboxSettings/user-update-mailboxsettings-2.response.json'),
      mailboxSettingsSchema,
    );
    expect(answer.workingHours?.startTime).toBe('09:00:00.0000000');
    expect(answer.workingHours?.timeZone).toMatchObject({
      kind: 'custom',
      bias: -200,
      daylightOffset: { daylightBias: -100, month: 10 },
    });
  });
});

describe('Graph corpus: calendar view and events', () => {
  it('user-list-calendarview: a truncated event decodes, absent fields absent', () => {
    const page = decode(
      covers('calendarView/user-list-calendarview.response.json'),
      eventPageSchema,
    );
    expect(page.value).toHaveLength(1);
    const e = must(page.value[0]);
    expect(e).toEqual({
      responseStatus: { response: 'accepted', time: '2016-10-19T10:37:00Z' },
      iCalUId:
        '040000008200E00074C5B7101A82E00800000000D3D70B8A6A17D70100000000000000001000000074665914A06C3F49BB4B7D7EEE4304DA',
      reminderMinutesBeforeStart: 15,
      isReminderOn: true,
    });
    expect(e.id).toBeUndefined();
    expect(e.start).toBeUndefined();
  });

  it('calendar-list-calendarview: the "datetime-value" placeholder is a decode error at responseStatus.time', () => {
    const result = eventPageSchema.safeParse(
      read(covers('calendarView/calendar-list-calendarview.response.json')),
    );
    expect(result.success).toBe(false);
    expect(result.error).toBeInstanceOf(ZodError);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'value.0.responseStatus.time',
    ]);
    // The unknown enum "response-value" alone would not fail: it reads as 'unknown'.
    expect(eventSchema.parse({ responseStatus: { response: 'response-value' } })).toEqual({
      responseStatus: { response: 'unknown' },
    });
  });

  it('event-get-1 and -2: organizer, attendees, location(s), UTC times', () => {
    for (const file of ['events/event-get-1.response.json', 'events/event-get-2.response.json']) {
      const e = decode(covers(file), eventSchema);
      expect(e.id).toMatch(/^AAMkAGVmMDEz/);
      expect(e.subject).toBe('New Product Regulations Touchpoint');
      expect(e.start).toEqual({ dateTime: '2014-11-03T17:00:00.0000000', timeZone: 'UTC' });
      expect(instantOf(must(e.end))?.toISOString()).toBe('2014-11-03T17:30:00.000Z');
      expect(e.organizer).toEqual({
        name: 'Engineering',
        address: 'engineering@M365x214355.onmicrosoft.com',
      });
      expect(e.attendees).toHaveLength(2);
      expect(e.attendees?.[1]).toEqual({
        type: 'required',
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: 'Irvin Sayers', address: 'IrvinS@M365x214355.onmicrosoft.com' },
      });
      expect(e.location?.displayName).toBe('Conf Room Rainier');
    }
    const two = decode('events/event-get-2.response.json', eventSchema);
    expect(two.locations).toEqual([
      { displayName: 'Conf Room Rainier', locationType: 'default', uniqueId: '' },
    ]);
  });

  it('event-list-instances: occurrences and an exception with their series master', () => {
    const page = decode(covers('events/event-list-instances.response.json'), eventPageSchema);
    expect(page.value.map((e) => e.type)).toEqual([
      'exception',
      'occurrence',
      'occurrence',
      'occurrence',
    ]);
    expect(new Set(page.value.map((e) => e.seriesMasterId))).toEqual(new Set(['AAMkAGUzYRgWAAA=']));
    expect(page.value[0]?.start?.dateTime).toBe('2019-04-16T20:30:00.0000000');
  });

  it('user-post-events-3: a series master, nulls read as absent, OnlineMeeting dropped', () => {
    const e = decode(covers('events/user-post-events-3.response.json'), eventSchema);
    expect(e.type).toBe('seriesMaster');
    expect(e.showAs).toBe('busy');
    expect(e.sensitivity).toBe('normal');
    expect(e.isCancelled).toBe(false);
    expect(e.isAllDay).toBe(false);
    expect(e.isOrganizer).toBe(true);
    expect(e.responseStatus?.response).toBe('organizer');
    expect(e.reminderMinutesBeforeStart).toBe(15);
    expect('seriesMasterId' in e).toBe(false);
    expect('joinUrl' in e).toBe(false);
    expect(e.start).toEqual({
      dateTime: '2017-09-04T12:00:00.0000000',
      timeZone: 'Pacific Standard Time',
    });
    // Not a UTC time: no instant is guessed from a zone name.
    expect(instantOf(must(e.start))).toBeUndefined();
  });

  it('user-post-events-4: a Teams meeting and its join link', () => {
    const e = decode(covers('events/user-post-events-4.response.json'), eventSchema);
    expect(e.isOnlineMeeting).toBe(true);
    expect(e.onlineMeetingProvider).toBe('teamsForBusiness');
    expect(e.joinUrl).toMatch(
      /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3ameeting_NzIy/,
    );
    expect(e.type).toBe('singleInstance');
    expect(e.organizer?.address).toBe('danas@contoso.onmicrosoft.com');
  });
});

describe('Graph corpus: calendar view delta', () => {
  it('round 1 over three pages: events, then the nextLinks and the deltaLink kept whole', () => {
    const p1 = decode(
      covers('calendarView-delta/delta-query-events-1.response.json'),
      deltaPageSchema,
    );
    expect(p1['@odata.nextLink']).toBe(
      'https://graph.microsoft.com/v1.0/me/calendarView/delta?$skiptoken=R0usmcCM996atia_s',
    );
    expect(p1.value.map((e) => (e.kind === 'changed' ? e.event.subject : e.kind))).toEqual([
      'Plan shopping list',
      'Pick up car',
    ]);
    const p2 = decode(
      covers('calendarView-delta/delta-query-events-2.response.json'),
      deltaPageSchema,
    );
    expect(p2.value).toHaveLength(2);
    expect(p2['@odata.nextLink']).toContain('$skiptoken=R0usmci39OQxqJrxK4');
    const p3 = decode(
      covers('calendarView-delta/delta-query-events-3.response.json'),
      deltaPageSchema,
    );
    expect(p3['@odata.nextLink']).toBeUndefined();
    expect(p3['@odata.deltaLink']).toBe(
      'https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=R0usmcMDNGg0J1E',
    );
    const rest = p3.value[0];
    expect(rest?.kind === 'changed' && rest.event.location).toEqual({ displayName: 'Home' });
  });

  it('round 2: a removal stub and a new event', () => {
    const page = decode(
      covers('calendarView-delta/delta-query-events-next.response.json'),
      deltaPageSchema,
    );
    expect(page.value[0]).toEqual({
      kind: 'removed',
      removed: {
        id: 'AAMkADk0MGFkODE3LWE4MmYtNDRhOS04OGQLkRkXbBznTvAADb6ytyAAA=',
        reason: 'deleted',
      },
    });
    const added = page.value[1];
    expect(added?.kind).toBe('changed');
    expect(added?.kind === 'changed' && added.event.subject).toBe('Attend service');
    expect(added?.kind === 'changed' && added.event.location?.displayName).toBe(
      'Chapel of Saint Ignatius',
    );
    expect(page['@odata.deltaLink']).toContain('$deltatoken=R0usmcFuQtZdtpk4');
  });

  it('event-delta: the placeholder example is a decode error at responseStatus.time', () => {
    const result = deltaPageSchema.safeParse(
      read(covers('calendarView-delta/event-delta.response.json')),
    );
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((i) => i.path.join('.').startsWith('value.0'))).toBe(true);
    expect(JSON.stringify(result.error?.issues)).toContain('responseStatus');
  });
});

describe('Graph corpus: free/busy and mail tips', () => {
  it('calendar-getschedule: two schedules, items, a custom working-hours zone', () => {
    const a = decode(
      covers('getSchedule/calendar-getschedule.response.json'),
      scheduleAnswerSchema,
    );
    expect(a.value.map((s) => s.scheduleId)).toEqual([
      'adelev@contoso.onmicrosoft.com',
      'meganb@contoso.onmicrosoft.com',
    ]);
    expect(a.value[0]?.availabilityView).toBe('000220000');
    expect(a.value[0]?.scheduleItems?.[0]).toEqual({
      isPrivate: false,
      status: 'busy',
      subject: "Let's go for lunch",
      location: "Harry's Bar",
      start: { dateTime: '2019-03-15T12:00:00.0000000', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2019-03-15T14:00:00.0000000', timeZone: 'Pacific Standard Time' },
    });
    expect(a.value[1]?.scheduleItems?.map((i) => i.status)).toEqual([
      'busy',
      'busy',
      'tentative',
      'busy',
      'tentative',
    ]);
    expect(a.value[1]?.workingHours?.timeZone).toMatchObject({ kind: 'custom', bias: 480 });
    expect(a.value.every((s) => s.error === undefined)).toBe(true);
  });

  it('outlook-get-free-busy-schedule: "Tentative" and "Busy" read in any case', () => {
    const a = decode(
      covers('getSchedule/outlook-get-free-busy-schedule.response.json'),
      scheduleAnswerSchema,
    );
    expect(a.value[0]?.availabilityView).toHaveLength(36);
    expect(a.value[0]?.scheduleItems?.map((i) => i.status)).toEqual(['tentative', 'busy']);
  });

  it('user-getmailtips: an HTML automatic reply with its window, and an empty one', () => {
    const tips = decode(covers('getMailTips/user-getmailtips.response.json'), mailTipsAnswerSchema);
    expect(tips).toHaveLength(2);
    expect(tips[0]?.emailAddress).toEqual({ name: '', address: 'danas@contoso.onmicrosoft.com' });
    expect(tips[0]?.automaticReplies?.message).toContain('<div dir="ltr">');
    expect(tips[0]?.automaticReplies?.messageLanguage?.locale).toBe('en-US');
    expect(tips[0]?.automaticReplies?.scheduledStartTime).toEqual({
      dateTime: '2018-08-07T02:00:00.0000000',
      timeZone: 'UTC',
    });
    expect(tips[0]?.mailboxFull).toBe(false);
    expect(tips[1]?.automaticReplies).toEqual({ message: '' });
  });
});

describe('Graph corpus: people, users and me', () => {
  it('user-get-1 and -2 (GET /me): the default properties; /me has its id', () => {
    const u = decode(covers('users/user-get-1.response.json'), userSchema);
    expect(u).toMatchObject({
      id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      displayName: 'Adele Vance',
      businessPhones: ['+1 425 555 0109'],
    });
    const me = decode(covers('users/user-get-2.response.json'), meSchema);
    expect(me).toEqual({
      id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      displayName: 'Adele Vance',
      mail: 'AdeleV@contoso.com',
      userPrincipalName: 'AdeleV@contoso.com',
    });
  });

  it('user-get-3: a $select answer without id decodes as a user, but is no /me', () => {
    const u = decode(covers('users/user-get-3.response.json'), userSchema);
    expect(u).toEqual({ displayName: 'Adele Vance', givenName: 'Adele' });
    const asMe = meSchema.safeParse(read('users/user-get-3.response.json'));
    expect(asMe.success).toBe(false);
    expect(asMe.error?.issues[0]?.path).toEqual(['id']);
  });

  it('user-list-1, -4, -6, -7: nulls absent, counts kept, the stray apostrophe kept as sent', () => {
    const l1 = decode(covers('users/user-list-1.response.json'), userPageSchema);
    expect(l1.users[0]).toEqual({
      id: '6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0',
      displayName: 'Conf Room Adams',
      mail: 'Adams@contoso.com',
      userPrincipalName: 'Adams@contoso.com',
      businessPhones: [],
    });
    expect(l1.users[1]?.mail).toBeUndefined();
    expect(l1.total).toBeUndefined();
    const l4 = decode(covers('users/user-list-4.response.json'), userPageSchema);
    expect(l4.total).toBe(1);
    expect(l4.users[0]?.userPrincipalName).toBe('a_contoso.com#EXT#@microsoft.onmicrosoft.com');
    const l6 = decode(covers('users/user-list-6.response.json'), userPageSchema);
    expect([l6.total, l6.users.length]).toEqual([7, 1]);
    const l7 = decode(covers('users/user-list-7.response.json'), userPageSchema);
    expect(l7.users.map((u) => u.mail)).toEqual([
      'oscarward@contoso.com',
      "'contosoadmin1@fabrikam.com",
    ]);
  });

  it('user-list-people and the $search example: scores, sip addresses, "Business" read as business', () => {
    const people = decode(covers('people/user-list-people.response.json'), personPageSchema);
    expect(people.map((p) => p.personType?.subclass)).toEqual(['UnifiedGroup', 'OrganizationUser']);
    expect(people[1]).toMatchObject({
      displayName: 'Isaiah Langer',
      imAddress: 'sip:isaiahl@contoso.com',
      scoredEmailAddresses: [{ address: 'IsaiahL@contoso.com', relevanceScore: 20 }],
      phones: [{ type: 'business', number: '+1 918 555 0101' }],
    });
    expect(people[0]?.givenName).toBeUndefined();
    const found = decode(
      covers('people/people-insights-overview-search.response.json'),
      personPageSchema,
    );
    expect(found.map((p) => p.displayName)).toEqual([
      'Jan Travis',
      'Jacob Cazares (TAILSPIN)',
      'Jewell Montgomery',
    ]);
    expect(found[0]?.phones).toEqual([{ type: 'business', number: '+1 732 555 0102' }]);
    expect(found[0]?.scoredEmailAddresses?.[0]?.relevanceScore).toBeCloseTo(-12.2973, 4);
    expect(found[1]?.userPrincipalName).toBe('');
  });
});

describe('Graph corpus: coverage', () => {
  it('every response in these folders was decoded above (30 responses and the two PATCH bodies)', () => {
    const responses = FOLDERS.flatMap((folder) =>
      readdirSync(path.join(corpus, folder))
        .filter((f) => f.endsWith('.response.json'))
        .map((f) => `${folder}/${f}`),
    ).sort();
    const decodedResponses = [...decoded].filter((f) => f.endsWith('.response.json')).sort();
    expect(decodedResponses).toEqual(responses);
    expect(decoded.size).toBe(responses.length + 2);
  });
});
