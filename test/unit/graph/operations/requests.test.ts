/**
 * Request building and the flows around it (paging, delta rounds, batching, 404 as no photo),
 * through a recording GraphRequester (a marked test double at the seam; see recording-requester.ts).
 * Where the docs print the request, the body built here is compared with the documented one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ZodError, type ZodType } from 'zod';
import {
  buildCalendarDeltaRequest,
  syncCalendarView,
} from '../../../../src-main/graph/operations/calendar-delta.js';
import {
  GraphAnswerError,
  GraphArgumentError,
} from '../../../../src-main/graph/operations/common.js';
import {
  buildSearchPeopleRequest,
  buildSearchUsersRequest,
  getMe,
  getMyPhoto,
  PERSON_SELECT,
  searchPeople,
  searchPhrase,
  searchUsers,
  USER_SELECT,
} from '../../../../src-main/graph/operations/directory.js';
import {
  buildCalendarViewRequest,
  EVENT_SELECT,
  listCalendarView,
} from '../../../../src-main/graph/operations/events.js';
import {
  buildGetMailTipsRequest,
  getMailTips,
} from '../../../../src-main/graph/operations/mail-tips.js';
import {
  getAutomaticReplies,
  getMailboxSettings,
  getMailboxTimeZone,
  getWorkingHours,
  setAutomaticReplies,
} from '../../../../src-main/graph/operations/mailbox-settings.js';
import {
  buildGetScheduleRequests,
  getSchedule,
  type BatchRunner,
} from '../../../../src-main/graph/operations/schedule.js';
import type { GraphRequest } from '../../../../src-main/graph/requester.js';
import { FailureDouble, RecordingRequester } from './recording-requester.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = path.resolve(repoRoot, '../shared/graph-corpus');
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
const read = (file: string): unknown =>
  JSON.parse(readFileSync(path.join(corpus, file), 'utf8')) as unknown;

const START = new Date('2026-12-01T00:00:00Z');
const END = new Date('2026-12-08T00:00:00Z');
const ROOT = 'https://graph.microsoft.com/v1.0';

function event(id: string, subject: string) {
  return {
    id,
    subject,
    start: { dateTime: '2026-12-02T09:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-12-02T10:00:00.0000000', timeZone: 'UTC' },
    showAs: 'busy',
  };
}

describe('mailbox settings requests', () => {
  it('GETs the whole settings and each part at its own path', async () => {
    const r = new RecordingRequester([
      { json: read('mailboxSettings/user-get-mailboxsettings-1.response.json') },
      { json: read('mailboxSettings/user-get-mailboxsettings-2.response.json') },
      { json: read('mailboxSettings/user-get-mailboxsettings-3.response.json') },
      { json: { '@odata.context': 'x', value: 'W. Europe Standard Time' } },
    ]);
    expect((await getMailboxSettings(r)).timeZone).toBe('UTC');
    expect((await getAutomaticReplies(r)).status).toBe('alwaysEnabled');
    expect((await getWorkingHours(r)).endTime).toBe('18:30:00.0000000');
    expect(await getMailboxTimeZone(r)).toBe('W. Europe Standard Time');
    expect(r.requests).toEqual([
      { method: 'GET', path: '/me/mailboxSettings' },
      { method: 'GET', path: '/me/mailboxSettings/automaticRepliesSetting' },
      { method: 'GET', path: '/me/mailboxSettings/workingHours' },
      { method: 'GET', path: '/me/mailboxSettings/timeZone' },
    ]);
  });

  it('PATCHes every field of the automatic replies in camelCase and returns the echo', async () => {
    const r = new RecordingRequester([
      { json: read('mailboxSettings/user-update-mailboxsettings-1.response.json') },
    ]);
    const echoed = await setAutomaticReplies(r, {
      status: 'scheduled',
      externalAudience: 'contactsOnly',
      scheduledStartDateTime: { dateTime: '2016-03-20T18:00:00.0000000', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2016-03-28T18:00:00.0000000', timeZone: 'UTC' },
      internalReplyMessage: '<p>Away</p>',
      externalReplyMessage: '',
    });
    expect(r.requests).toEqual([
      {
        method: 'PATCH',
        path: '/me/mailboxSettings',
        body: {
          automaticRepliesSetting: {
            status: 'scheduled',
            externalAudience: 'contactsOnly',
            scheduledStartDateTime: { dateTime: '2016-03-20T18:00:00.0000000', timeZone: 'UTC' },
            scheduledEndDateTime: { dateTime: '2016-03-28T18:00:00.0000000', timeZone: 'UTC' },
            internalReplyMessage: '<p>Away</p>',
            externalReplyMessage: '',
          },
        },
      },
    ]);
    expect(echoed.status).toBe('scheduled');
    expect(echoed.scheduledStartDateTime?.dateTime).toBe('2016-03-20T02:00:00.0000000');
  });

  it("leaves an 'unknown' status out of the PATCH and answers a 204 with what was sent", async () => {
    const r = new RecordingRequester([{ json: undefined }]);
    const sent = { status: 'unknown', externalAudience: 'all', internalReplyMessage: 'x' } as const;
    expect(await setAutomaticReplies(r, sent)).toEqual(sent);
    expect(r.requests[0]?.body).toEqual({
      automaticRepliesSetting: { externalAudience: 'all', internalReplyMessage: 'x' },
    });
  });
});

describe('calendarView', () => {
  it('asks for UTC, the selected fields and a page size over the window', () => {
    expect(buildCalendarViewRequest({ start: START, end: END, pageSize: 250 })).toEqual({
      method: 'GET',
      path: '/me/calendarView',
      query: {
        startDateTime: '2026-12-01T00:00:00.000Z',
        endDateTime: '2026-12-08T00:00:00.000Z',
        $select: EVENT_SELECT,
        $top: '250',
      },
      headers: { Prefer: 'outlook.timezone="UTC"' },
    });
    for (const field of [
      'subject',
      'start',
      'end',
      'isAllDay',
      'showAs',
      'sensitivity',
      'isCancelled',
      'responseStatus',
      'organizer',
      'attendees',
      'location',
      'onlineMeeting',
      'type',
      'seriesMasterId',
      'isReminderOn',
      'reminderMinutesBeforeStart',
    ])
      expect(EVENT_SELECT.split(',')).toContain(field);
    expect(() => buildCalendarViewRequest({ start: START, end: END, pageSize: 1001 })).toThrow(
      GraphArgumentError,
    );
    expect(() => buildCalendarViewRequest({ start: END, end: START })).toThrow(GraphArgumentError);
  });

  it('follows each nextLink whole, with the same Prefer header, until the last page', async () => {
    const next1 = `${ROOT}/me/calendarView?startDateTime=2026-12-01T00%3A00%3A00Z&$skip=1&$top=1&x=a%2Fb`;
    const next2 = `${ROOT}/me/calendarView?$skiptoken=opaque%3D%3D`;
    const r = new RecordingRequester([
      { json: { value: [event('a', 'One')], '@odata.nextLink': next1 } },
      { json: { value: [event('b', 'Two')], '@odata.nextLink': next2 } },
      { json: { value: [event('c', 'Three')] } },
    ]);
    const result = await listCalendarView(r, { start: START, end: END, pageSize: 1 });
    expect(result.complete).toBe(true);
    expect(result.events.map((e) => e.subject)).toEqual(['One', 'Two', 'Three']);
    expect(r.requests.slice(1)).toEqual([
      { method: 'GET', path: next1, headers: { Prefer: 'outlook.timezone="UTC"' } },
      { method: 'GET', path: next2, headers: { Prefer: 'outlook.timezone="UTC"' } },
    ]);
  });

  it('stops after maxPages and says the view is incomplete', async () => {
    const r = new RecordingRequester([
      { json: { value: [event('a', 'One')], '@odata.nextLink': `${ROOT}/p2` } },
      { json: { value: [event('b', 'Two')], '@odata.nextLink': `${ROOT}/p3` } },
    ]);
    const result = await listCalendarView(r, { start: START, end: END, maxPages: 2 });
    expect(result).toMatchObject({ complete: false });
    expect(result.events).toHaveLength(2);
    expect(r.requests).toHaveLength(2);
    await expect(
      listCalendarView(r, { start: START, end: END, maxPages: 0 }),
    ).rejects.toBeInstanceOf(GraphArgumentError);
    await expect(
      syncCalendarView(r, { start: { from: 'window', start: START, end: END }, maxPages: 0 }),
    ).rejects.toBeInstanceOf(GraphArgumentError);
    expect(r.requests).toHaveLength(2);
  });
});

describe('calendarView/delta', () => {
  it('the first call carries the window and the page size; later calls only the link', () => {
    expect(buildCalendarDeltaRequest({ from: 'window', start: START, end: END }, 2)).toEqual({
      method: 'GET',
      path: '/me/calendarView/delta',
      query: { startDateTime: '2026-12-01T00:00:00.000Z', endDateTime: '2026-12-08T00:00:00.000Z' },
      headers: { Prefer: 'outlook.timezone="UTC", odata.maxpagesize=2' },
    });
    const link = `${ROOT}/me/calendarView/delta?$deltatoken=R0usmcMDNGg0J1E`;
    expect(buildCalendarDeltaRequest({ from: 'link', link }, 2)).toEqual({
      method: 'GET',
      path: link,
      headers: { Prefer: 'outlook.timezone="UTC", odata.maxpagesize=2' },
    });
  });

  it("replays the docs' round 1 (three pages) and round 2 (a removal) with the whole links", async () => {
    const r = new RecordingRequester([
      { json: read('calendarView-delta/delta-query-events-1.response.json') },
      { json: read('calendarView-delta/delta-query-events-2.response.json') },
      { json: read('calendarView-delta/delta-query-events-3.response.json') },
      { json: read('calendarView-delta/delta-query-events-next.response.json') },
    ]);
    const round1 = await syncCalendarView(r, {
      start: { from: 'window', start: START, end: END },
      pageSize: 2,
    });
    expect(round1.kind).toBe('round');
    if (round1.kind !== 'round') return;
    expect(round1.changed.map((e) => e.subject)).toEqual([
      'Plan shopping list',
      'Pick up car',
      'Get food',
      'Prepare food',
      'Rest!',
    ]);
    expect(round1.removed).toEqual([]);
    expect(round1.deltaLink).toBe(`${ROOT}/me/calendarView/delta?$deltatoken=R0usmcMDNGg0J1E`);
    expect(r.requests.map((q) => q.path)).toEqual([
      '/me/calendarView/delta',
      `${ROOT}/me/calendarView/delta?$skiptoken=R0usmcCM996atia_s`,
      `${ROOT}/me/calendarView/delta?$skiptoken=R0usmci39OQxqJrxK4`,
    ]);
    expect(r.requests[1]?.query).toBeUndefined();

    const round2 = await syncCalendarView(r, {
      start: { from: 'link', link: round1.deltaLink },
      pageSize: 2,
    });
    expect(round2).toMatchObject({
      kind: 'round',
      removed: [
        { id: 'AAMkADk0MGFkODE3LWE4MmYtNDRhOS04OGQLkRkXbBznTvAADb6ytyAAA=', reason: 'deleted' },
      ],
      deltaLink: `${ROOT}/me/calendarView/delta?$deltatoken=R0usmcFuQtZdtpk4`,
    });
    expect(round2.kind === 'round' && round2.changed.map((e) => e.subject)).toEqual([
      'Attend service',
    ]);
    expect(r.requests[3]?.path).toBe(round1.deltaLink);
    expect(r.unused).toBe(0);
  });

  it.each([
    ['410 Gone', new FailureDouble(410, undefined, 'gone')],
    ['syncStateNotFound', new FailureDouble(400, 'syncStateNotFound', 'bad-request')],
    ['resyncRequired', new FailureDouble(400, 'ResyncRequired', 'bad-request')],
    ['the transport kind gone', new FailureDouble(undefined, undefined, 'gone')],
  ])('an expired token (%s) answers "start over"', async (_name, failure) => {
    const r = new RecordingRequester([{ fail: failure }]);
    const result = await syncCalendarView(r, {
      start: { from: 'link', link: `${ROOT}/me/calendarView/delta?$deltatoken=old` },
    });
    expect(result.kind).toBe('restart');
  });

  it('other failures are thrown as they came', async () => {
    const failure = new FailureDouble(503, 'serviceNotAvailable', 'server');
    const r = new RecordingRequester([{ fail: failure }]);
    await expect(
      syncCalendarView(r, { start: { from: 'window', start: START, end: END } }),
    ).rejects.toBe(failure);
  });

  it('the page bound hands back the nextLink to continue from, changes so far included', async () => {
    const r = new RecordingRequester([
      { json: { value: [event('a', 'One')], '@odata.nextLink': `${ROOT}/d?$skiptoken=1` } },
      {
        json: {
          value: [{ id: 'gone', '@removed': { reason: 'deleted' } }],
          '@odata.nextLink': `${ROOT}/d?$skiptoken=2`,
        },
      },
    ]);
    const result = await syncCalendarView(r, {
      start: { from: 'window', start: START, end: END },
      maxPages: 2,
    });
    expect(result).toEqual({
      kind: 'more',
      changed: [expect.objectContaining({ id: 'a', subject: 'One', showAs: 'busy' })],
      removed: [{ id: 'gone', reason: 'deleted' }],
      nextLink: `${ROOT}/d?$skiptoken=2`,
    });
  });

  it('a page with neither link is a protocol error; a removal without an id a decode error', async () => {
    const r = new RecordingRequester([
      { json: { value: [] } },
      { json: { value: [{ '@removed': {} }], '@odata.deltaLink': 'x' } },
    ]);
    await expect(
      syncCalendarView(r, { start: { from: 'window', start: START, end: END } }),
    ).rejects.toBeInstanceOf(GraphAnswerError);
    await expect(
      syncCalendarView(r, { start: { from: 'window', start: START, end: END } }),
    ).rejects.toBeInstanceOf(ZodError);
  });
});

describe('getSchedule', () => {
  it('builds the documented body in UTC (compared with the docs example)', () => {
    const [request, ...rest] = buildGetScheduleRequests({
      schedules: ['adelev@contoso.onmicrosoft.com', 'meganb@contoso.onmicrosoft.com'],
      start: new Date('2019-03-15T16:00:00Z'),
      end: new Date('2019-03-16T01:00:00Z'),
      intervalMinutes: 60,
    });
    expect(rest).toEqual([]);
    const documented = read('getSchedule/calendar-getschedule.request.json') as Record<
      string,
      unknown
    >;
    expect(Object.keys(request?.body as object).sort()).toEqual(Object.keys(documented).sort());
    expect(request).toEqual({
      method: 'POST',
      path: '/me/calendar/getSchedule',
      headers: { Prefer: 'outlook.timezone="UTC"' },
      body: {
        schedules: documented.schedules,
        startTime: { dateTime: '2019-03-15T16:00:00', timeZone: 'UTC' },
        endTime: { dateTime: '2019-03-16T01:00:00', timeZone: 'UTC' },
        availabilityViewInterval: 60,
      },
    });
  });

  it('refuses a window of 62 days or more, a bad interval and no schedules', () => {
    const base = { schedules: ['a@x.com'], start: START };
    const day = 24 * 3600 * 1000;
    expect(
      buildGetScheduleRequests({ ...base, end: new Date(START.getTime() + 62 * day - 60_000) }),
    ).toHaveLength(1);
    expect(() =>
      buildGetScheduleRequests({ ...base, end: new Date(START.getTime() + 62 * day) }),
    ).toThrow(/62 days/);
    expect(() => buildGetScheduleRequests({ ...base, end: END, intervalMinutes: 4 })).toThrow(
      GraphArgumentError,
    );
    expect(() => buildGetScheduleRequests({ ...base, end: END, intervalMinutes: 1441 })).toThrow(
      GraphArgumentError,
    );
    expect(() => buildGetScheduleRequests({ schedules: [], start: START, end: END })).toThrow(
      GraphArgumentError,
    );
  });

  const people = Array.from({ length: 45 }, (_, i) => `p${i}@contoso.com`);
  const answerFor = (request: GraphRequest) => ({
    value: (request.body as { schedules: string[] }).schedules.map((id, i) => ({
      scheduleId: id,
      availabilityView: String(i % 5),
    })),
  });

  it('45 schedules go out as 20 + 20 + 5 through the batch runner, answers in the order asked', async () => {
    const r = new RecordingRequester([]);
    const seen: GraphRequest[][] = [];
    const batch: BatchRunner = (requests, schema) => {
      seen.push([...requests]);
      return Promise.resolve(
        requests.map((q) => ({ ok: true as const, value: schema.parse(answerFor(q)) })),
      );
    };
    const result = await getSchedule(r, { schedules: people, start: START, end: END }, batch);
    expect(r.requests).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.map((q) => (q.body as { schedules: string[] }).schedules.length)).toEqual([
      20, 20, 5,
    ]);
    expect(result.map((s) => s.scheduleId)).toEqual(people);
    expect(result[20]?.availabilityView).toBe('0');
  });

  it("without a runner the requester's own $batch is used, one call for all requests", async () => {
    const batches: number[] = [];
    const r = Object.assign(new RecordingRequester([]), {
      batch<T>(requests: readonly GraphRequest[], schema: ZodType<T>) {
        batches.push(requests.length);
        return Promise.resolve(
          requests.map((q) => ({ ok: true as const, value: schema.parse(answerFor(q)) })),
        );
      },
    });
    const result = await getSchedule(r, { schedules: people, start: START, end: END });
    expect(batches).toEqual([3]);
    expect(r.requests).toEqual([]);
    expect(result.map((s) => s.scheduleId)).toEqual(people);
  });

  it('without a batch runner they go one after another; a failed request marks only its schedules', async () => {
    const requests = buildGetScheduleRequests({ schedules: people, start: START, end: END });
    const r = new RecordingRequester([
      { json: answerFor(must(requests[0])) },
      { fail: new FailureDouble(429, 'TooManyRequests', 'throttled') },
      { json: answerFor(must(requests[2])) },
    ]);
    const result = await getSchedule(r, { schedules: people, start: START, end: END });
    expect(r.requests).toHaveLength(3);
    expect(result).toHaveLength(45);
    expect(result[19]?.error).toBeUndefined();
    expect(result[20]?.scheduleId).toBe('p20@contoso.com');
    expect(result[20]?.error?.responseCode).toBe('TooManyRequests');
    expect(result[20]?.error?.message).toBe('throttled 429 TooManyRequests');
    expect(result[20]?.availabilityView).toBeUndefined();
    expect(result.filter((s) => s.error !== undefined)).toHaveLength(20);
    expect(result[44]?.availabilityView).toBe('4');
  });

  it('when every request failed the first failure is thrown', async () => {
    const failure = new FailureDouble(401, 'InvalidAuthenticationToken', 'auth');
    const r = new RecordingRequester([{ fail: failure }, { fail: failure }, { fail: failure }]);
    await expect(getSchedule(r, { schedules: people, start: START, end: END })).rejects.toBe(
      failure,
    );
  });

  it('a per-schedule error from Graph is kept on that schedule', async () => {
    const r = new RecordingRequester([
      {
        json: {
          value: [
            {
              scheduleId: 'nobody@contoso.com',
              availabilityView: '',
              error: { message: 'not found', responseCode: 'ErrorMailRecipientNotFound' },
            },
          ],
        },
      },
    ]);
    const [only] = await getSchedule(r, {
      schedules: ['nobody@contoso.com'],
      start: START,
      end: END,
    });
    expect(only).toEqual({
      scheduleId: 'nobody@contoso.com',
      availabilityView: '',
      error: { message: 'not found', responseCode: 'ErrorMailRecipientNotFound' },
    });
  });
});

describe('getMailTips', () => {
  it('builds the documented body: PascalCase parameters, options as a flags string', () => {
    const request = buildGetMailTipsRequest({
      addresses: ['danas@contoso.onmicrosoft.com', ' fannyd@contoso.onmicrosoft.com '],
      options: ['automaticReplies', 'mailboxFullStatus', 'automaticReplies'],
    });
    expect(request).toEqual({
      method: 'POST',
      path: '/me/getMailTips',
      body: read('getMailTips/user-getmailtips.request.json'),
    });
    expect(buildGetMailTipsRequest({ addresses: ['a@x.com'] }).body).toEqual({
      EmailAddresses: ['a@x.com'],
      MailTipsOptions: 'automaticReplies',
    });
    expect(() => buildGetMailTipsRequest({ addresses: ['  '] })).toThrow(GraphArgumentError);
  });

  it('returns one tip per recipient', async () => {
    const r = new RecordingRequester([
      { json: read('getMailTips/user-getmailtips.response.json') },
    ]);
    const tips = await getMailTips(r, {
      addresses: ['danas@contoso.onmicrosoft.com', 'fannyd@contoso.onmicrosoft.com'],
    });
    expect(tips.map((t) => t.emailAddress?.address)).toEqual([
      'danas@contoso.onmicrosoft.com',
      'fannyd@contoso.onmicrosoft.com',
    ]);
  });
});

describe('people, users, me and the photo', () => {
  it('people search quotes the text so it cannot close the phrase', () => {
    expect(searchPhrase('tyler lee')).toBe('"tyler lee"');
    expect(searchPhrase('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(buildSearchPeopleRequest({ text: '  jan ', top: 5 })).toEqual({
      method: 'GET',
      path: '/me/people',
      query: {
        $search: '"jan"',
        $top: '5',
        $select: PERSON_SELECT,
      },
    });
    expect(() => buildSearchPeopleRequest({ text: ' ' })).toThrow(GraphArgumentError);
  });

  it('user search: display name or mail, $count and ConsistencyLevel: eventual', () => {
    expect(buildSearchUsersRequest({ text: 'wa' })).toEqual({
      method: 'GET',
      path: '/users',
      query: {
        $search: '"displayName:wa" OR "mail:wa"',
        $count: 'true',
        $top: '10',
        $select: USER_SELECT,
      },
      headers: { ConsistencyLevel: 'eventual' },
    });
  });

  it('searches return the decoded lists', async () => {
    const r = new RecordingRequester([
      { json: read('people/people-insights-overview-search.response.json') },
      { json: read('users/user-list-7.response.json') },
    ]);
    expect((await searchPeople(r, { text: 'j' })).map((p) => p.givenName)).toEqual([
      'Jan',
      undefined,
      'Jewell',
    ]);
    expect(await searchUsers(r, { text: 'wa' })).toMatchObject({
      total: 7,
      users: [{ displayName: 'Oscar Ward' }, { displayName: 'contosoAdmin1' }],
    });
  });

  it('/me selects the four fields Beacon keeps', async () => {
    const r = new RecordingRequester([{ json: read('users/user-get-2.response.json') }]);
    expect((await getMe(r)).id).toBe('87d349ed-44d7-43e1-9a83-5f2406dee5bd');
    expect(r.requests).toEqual([
      { method: 'GET', path: '/me', query: { $select: 'id,displayName,mail,userPrincipalName' } },
    ]);
  });

  it('the photo: bytes when there is one, undefined on 404, other failures thrown', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    const denied = new FailureDouble(403, 'accessDenied', 'forbidden');
    const r = new RecordingRequester([
      { bytes: { contentType: 'image/jpeg', body: jpeg } },
      { fail: new FailureDouble(404, 'ImageNotFound', 'not-found') },
      { fail: denied },
    ]);
    expect(await getMyPhoto(r)).toEqual({ contentType: 'image/jpeg', body: jpeg });
    expect(await getMyPhoto(r)).toBeUndefined();
    await expect(getMyPhoto(r)).rejects.toBe(denied);
    expect(r.requests.map((q) => q.path)).toEqual([
      '/me/photo/$value',
      '/me/photo/$value',
      '/me/photo/$value',
    ]);
  });
});
