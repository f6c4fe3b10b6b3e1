/**
 * checkRequest: the body type of a Graph request found from its URL through the CSDL, for the
 * operations Beacon's Graph library sends.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CsdlSchemaChecker,
  UnknownGraphSchemaNameError,
} from '../../../src-main/sim/graph/csdl-checker.js';
import {
  checkRequest,
  pathSegments,
  resolveGraphPath,
} from '../../../src-main/sim/graph/request-check.js';
import type { GraphCheck } from '../../../src-main/sim/graph/schema-checker.js';

let checker: CsdlSchemaChecker;
beforeAll(() => {
  checker = CsdlSchemaChecker.load();
});

const paths = (check: GraphCheck): string[] =>
  check.valid ? [] : check.violations.map((v) => v.path);
const USER = 'fa8bf3dc-eca7-46b7-bad1-db199b62afc3';

describe('resolving a URL', () => {
  it('splits a full URL, drops the version and query, and reads key-in-parentheses', () => {
    expect(pathSegments('https://graph.microsoft.com/v1.0/me/events?$top=5')).toEqual([
      'me',
      'events',
    ]);
    expect(pathSegments(`/users('${USER}')/presence`)).toEqual(['users', USER, 'presence']);
    expect(pathSegments('/me/messages/AAMk%2Fx%3D/move')).toEqual([
      'me',
      'messages',
      'AAMk/x=',
      'move',
    ]);
  });

  it('finds what Beacon addresses', () => {
    const describeTarget = (url: string): string => {
      const t = resolveGraphPath(checker, url);
      if (t.kind === 'operation') return `${t.operation.kind} ${t.boundTo}.${t.operation.name}`;
      if (t.kind === 'resource') return `${t.type}${t.collection ? '[]' : ''}`;
      return t.kind;
    };
    expect(describeTarget('/me/mailboxSettings')).toBe('microsoft.graph.mailboxSettings');
    expect(describeTarget(`/users/${USER}/mailboxSettings/automaticRepliesSetting`)).toBe(
      'microsoft.graph.automaticRepliesSetting',
    );
    expect(describeTarget('/me/calendar/getSchedule')).toBe(
      'action microsoft.graph.calendar.getSchedule',
    );
    expect(describeTarget('/me/calendarView/delta')).toBe(
      'function Collection(microsoft.graph.event).delta',
    );
    expect(describeTarget(`/users/${USER}/presence/setPresence`)).toBe(
      'action microsoft.graph.presence.setPresence',
    );
    expect(describeTarget('/communications/getPresencesByUserId')).toBe(
      'action microsoft.graph.cloudCommunications.getPresencesByUserId',
    );
    expect(describeTarget('/me/mailFolders/inbox/messages')).toBe('microsoft.graph.message[]');
    expect(describeTarget('/me/messages/AAMk1/attachments/AAMk2')).toBe(
      'microsoft.graph.attachment',
    );
    expect(
      describeTarget('/me/messages/AAMk1/attachments/AAMk2/microsoft.graph.fileAttachment'),
    ).toBe('microsoft.graph.fileAttachment');
    expect(describeTarget('/me/photo/$value')).toBe('media');
    expect(describeTarget('/$batch')).toBe('batch');
    // The service matches segments in any case, as the documented /Me/… and /getschedule do.
    expect(describeTarget('/Me/calendar/getschedule')).toBe(
      'action microsoft.graph.calendar.getSchedule',
    );
  });

  it('an address the CSDL does not have is a typed error', () => {
    for (const url of ['/mee/events', '/me/evnts', '/me/calendar/getSchedule/x', '/me/$value/x'])
      expect(() => resolveGraphPath(checker, url)).toThrow(UnknownGraphSchemaNameError);
  });
});

describe('checking a request body', () => {
  it('PATCH /me/mailboxSettings: a partial mailboxSettings, enums in any case', () => {
    const body = { automaticRepliesSetting: { status: 'Scheduled', externalAudience: 'all' } };
    expect(checkRequest('PATCH', '/me/mailboxSettings', body, checker)).toEqual({ valid: true });
    const misspelt = { automaticRepliesSettings: { status: 'disabled' } };
    expect(paths(checkRequest('PATCH', '/me/mailboxSettings', misspelt, checker))).toEqual([
      '/automaticRepliesSettings',
    ]);
    const wrong = { automaticRepliesSetting: { status: 'off' } };
    expect(paths(checkRequest('PATCH', '/me/mailboxSettings', wrong, checker))).toEqual([
      '/automaticRepliesSetting/status',
    ]);
  });

  it('POST /me/calendar/getSchedule and /users/{id}/calendar/getSchedule: the action body', () => {
    const body = {
      schedules: ['adele@contoso.com'],
      startTime: { dateTime: '2026-12-03T09:00:00', timeZone: 'UTC' },
      endTime: { dateTime: '2026-12-03T18:00:00', timeZone: 'UTC' },
      availabilityViewInterval: 15,
    };
    for (const url of ['/me/calendar/getSchedule', `/users/${USER}/calendar/getSchedule`]) {
      expect(checkRequest('POST', url, body, checker)).toEqual({ valid: true });
      expect(
        paths(checkRequest('POST', url, { ...body, availabilityViewInterval: '15' }, checker)),
      ).toEqual(['/availabilityViewInterval']);
    }
    expect(checkRequest('GET', '/me/calendar/getSchedule', undefined, checker)).toEqual({
      valid: false,
      violations: [{ path: '', message: 'getSchedule takes POST' }],
    });
  });

  it('presence: setPresence, clearPresence, setUserPreferredPresence, getPresencesByUserId', () => {
    const presence = `/users/${USER}/presence`;
    const set = {
      sessionId: '22553876-f5ab-4529-bffb-cfe50aa89f87',
      availability: 'Busy',
      activity: 'InACall',
      expirationDuration: 'PT1H',
    };
    expect(checkRequest('POST', `${presence}/setPresence`, set, checker)).toEqual({
      valid: true,
    });
    expect(
      paths(checkRequest('POST', `${presence}/setPresence`, { sessionId: 'x' }, checker)),
    ).toEqual(['/availability', '/activity']);
    expect(
      checkRequest('POST', `${presence}/clearPresence`, { sessionId: set.sessionId }, checker),
    ).toEqual({ valid: true });
    const preferred = { availability: 'DoNotDisturb', activity: 'DoNotDisturb' };
    expect(
      checkRequest('POST', `${presence}/setUserPreferredPresence`, preferred, checker),
    ).toEqual({ valid: true });
    expect(
      checkRequest('POST', '/communications/getPresencesByUserId', { ids: [USER] }, checker),
    ).toEqual({ valid: true });
    expect(
      paths(checkRequest('POST', '/communications/getPresencesByUserId', { ids: USER }, checker)),
    ).toEqual(['/ids']);
  });

  it('POST /me/getMailTips and POST /me/messages/{id}/move', () => {
    const tips = {
      EmailAddresses: ['a@contoso.com'],
      MailTipsOptions: 'automaticReplies, mailboxFullStatus',
    };
    expect(checkRequest('POST', '/me/getMailTips', tips, checker)).toEqual({ valid: true });
    expect(
      checkRequest('POST', '/me/messages/AAMk1/move', { destinationId: 'deleteditems' }, checker),
    ).toEqual({ valid: true });
    expect(
      paths(checkRequest('POST', '/me/messages/AAMk1/move', { folder: 'x' }, checker)),
    ).toEqual(['/folder', '/DestinationId']);
  });

  it('POST to a collection creates (no id needed); PATCH an entity is partial', () => {
    const created = {
      subject: 'Lunch',
      body: { contentType: 'HTML', content: '<p>hi</p>' },
      start: { dateTime: '2026-12-03T12:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-12-03T13:00:00', timeZone: 'UTC' },
    };
    expect(checkRequest('POST', '/me/events', created, checker)).toEqual({ valid: true });
    expect(checkRequest('PATCH', '/me/messages/AAMk1', { isRead: true }, checker)).toEqual({
      valid: true,
    });
    expect(paths(checkRequest('PATCH', '/me/messages/AAMk1', { isRead: 'yes' }, checker))).toEqual([
      '/isRead',
    ]);
    expect(paths(checkRequest('PATCH', '/me/events', created, checker))).toEqual(['']);
    expect(paths(checkRequest('POST', '/me/events/AAMk1', created, checker))).toEqual(['']);
  });

  it('GET and DELETE carry no body; a function is called with GET', () => {
    expect(checkRequest('GET', '/me/calendarView/delta?$deltatoken=x', undefined, checker)).toEqual(
      { valid: true },
    );
    expect(checkRequest('DELETE', '/me/messages/AAMk1', undefined, checker)).toEqual({
      valid: true,
    });
    expect(paths(checkRequest('GET', '/me/events', { subject: 'x' }, checker))).toEqual(['']);
    expect(paths(checkRequest('POST', '/me/calendarView/delta', {}, checker))).toEqual(['']);
  });

  it('/$batch checks each inner request, with paths into the batch', () => {
    const batch = {
      requests: [
        { id: '1', method: 'GET', url: '/me/mailboxSettings' },
        {
          id: '2',
          method: 'PATCH',
          url: 'me/mailboxSettings',
          body: { timeZone: 'UTC', workingHours: { daysOfWeek: ['Monday'] } },
          headers: { 'Content-Type': 'application/json' },
        },
      ],
    };
    expect(checkRequest('POST', '/$batch', batch, checker)).toEqual({ valid: true });
    const bad = {
      requests: [
        { id: '1', method: 'PATCH', url: '/me/mailboxSettings', body: { timezone: 'UTC' } },
        { id: 2, method: 'GET', url: '/me/nothing' },
        { id: '3' },
      ],
    };
    expect(paths(checkRequest('POST', '/$batch', bad, checker))).toEqual([
      '/requests/0/body/timezone',
      '/requests/1/id',
      '/requests/1/url',
      '/requests/2',
    ]);
    expect(paths(checkRequest('POST', '/$batch', {}, checker))).toEqual(['/requests']);
  });
});
