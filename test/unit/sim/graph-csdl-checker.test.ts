/**
 * The CSDL checker's rules, one at a time, against the real Graph v1.0 CSDL
 * (../shared/graph-schema): each case has a body that passes and one that must fail, with the
 * path that fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CsdlSchemaChecker,
  UnknownGraphSchemaNameError,
} from '../../../src-main/sim/graph/csdl-checker.js';
import type { GraphCheck } from '../../../src-main/sim/graph/schema-checker.js';

let checker: CsdlSchemaChecker;

beforeAll(() => {
  checker = CsdlSchemaChecker.load();
});

const EVENT = 'microsoft.graph.event';
const paths = (check: GraphCheck): string[] =>
  check.valid ? [] : check.violations.map((v) => v.path);
/** A copy without one key. */
const without = (value: Record<string, unknown>, key: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
const event = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'AAMk1',
  subject: 'Standup',
  start: { dateTime: '2026-12-03T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-12-03T09:30:00.0000000', timeZone: 'UTC' },
  showAs: 'busy',
  ...extra,
});

describe('properties along the BaseType chain', () => {
  it('accepts properties of event, outlookItem and entity, and navigation properties', () => {
    const body = event({
      categories: ['Blue category'], // outlookItem
      changeKey: 'ck', // outlookItem
      isAllDay: false, // event
      calendar: { id: 'cal1', name: 'Calendar' }, // navigation property, expanded
      attachments: [],
    });
    expect(checker.checkType(EVENT, body)).toEqual({ valid: true });
  });

  it('names an unknown property, at any depth, with its JSON pointer', () => {
    const body = event({
      OnlineMeeting: null,
      start: { dateTime: '2026-12-03T09:00:00', timeZone: 'UTC', zone: 'x' },
    });
    const result = checker.checkType(EVENT, body);
    expect(paths(result)).toEqual(['/start/zone', '/OnlineMeeting']);
    expect(result.valid ? '' : result.violations[1]?.message).toBe('is not a property of event');
  });

  it('escapes / and ~ in pointers', () => {
    expect(paths(checker.checkType(EVENT, event({ 'a/b~c': 1 })))).toEqual(['/a~1b~0c']);
  });
});

describe('derived types through @odata.type', () => {
  const fileAttachment = {
    '@odata.type': '#microsoft.graph.fileAttachment',
    id: 'att1',
    name: 'menu.txt',
    contentType: 'text/plain',
    size: 4,
    isInline: false,
    contentBytes: 'bWVudQ==',
  };

  it('switches to the derived type, so its own properties are known', () => {
    expect(checker.checkType('microsoft.graph.attachment', fileAttachment)).toEqual({
      valid: true,
    });
  });

  it('without @odata.type the derived properties are unknown', () => {
    const plain = without(fileAttachment, '@odata.type');
    expect(paths(checker.checkType('microsoft.graph.attachment', plain))).toEqual([
      '/contentBytes',
    ]);
  });

  it('refuses a type that does not derive from the declared one, and an unknown type', () => {
    const notDerived = { ...fileAttachment, '@odata.type': '#microsoft.graph.event' };
    expect(checker.checkType('microsoft.graph.attachment', notDerived)).toEqual({
      valid: false,
      violations: [
        { path: '/@odata.type', message: 'is not a kind of attachment' },
        { path: '/contentBytes', message: 'is not a property of attachment' },
      ],
    });
    const unknown = { ...fileAttachment, '@odata.type': '#microsoft.graph.nope' };
    expect(paths(checker.checkType('microsoft.graph.attachment', unknown))[0]).toBe('/@odata.type');
  });

  it('checks nested derived values: a customTimeZone inside workingHours', () => {
    const hours = (dayOfWeek: string): unknown => ({
      daysOfWeek: ['monday'],
      startTime: '08:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: {
        '@odata.type': '#microsoft.graph.customTimeZone',
        name: 'Custom',
        bias: -300,
        standardOffset: { time: '02:00:00.0000000', dayOccurrence: 1, dayOfWeek, month: 11 },
      },
    });
    const type = 'microsoft.graph.workingHours';
    expect(checker.checkType(type, hours('sunday'))).toEqual({ valid: true });
    expect(paths(checker.checkType(type, hours('funday')))).toEqual([
      '/timeZone/standardOffset/dayOfWeek',
    ]);
  });
});

describe('required and nullable', () => {
  it('a full body needs the non-nullable single-valued properties; partial does not', () => {
    const noId = without(event(), 'id');
    expect(checker.checkType(EVENT, noId)).toEqual({
      valid: false,
      violations: [{ path: '/id', message: 'is required' }],
    });
    expect(checker.checkType(EVENT, noId, { partial: true })).toEqual({ valid: true });
    const start = { timeZone: 'UTC' };
    expect(paths(checker.checkType(EVENT, event({ start })))).toEqual(['/start/dateTime']);
  });

  it('a navigation property or a collection is never required', () => {
    // event.cancelledOccurrences is Collection(Edm.String) Nullable="false"; calendar is a
    // navigation property: neither is in this body.
    expect(checker.checkType(EVENT, event())).toEqual({ valid: true });
  });

  it('null only where the schema allows it', () => {
    expect(checker.checkType(EVENT, event({ subject: null, recurrence: null }))).toEqual({
      valid: true,
    });
    expect(checker.checkType(EVENT, event({ id: null }), { partial: true })).toEqual({
      valid: false,
      violations: [{ path: '/id', message: 'must not be null' }],
    });
  });
});

describe('collections', () => {
  it('a collection property is an array of its item type, never null', () => {
    expect(paths(checker.checkType(EVENT, event({ categories: 'Blue' })))).toEqual(['/categories']);
    expect(paths(checker.checkType(EVENT, event({ categories: ['a', 2] })))).toEqual([
      '/categories/1',
    ]);
    expect(checker.checkType(EVENT, event({ categories: null }))).toEqual({
      valid: false,
      violations: [{ path: '/categories', message: 'must be an array, not null' }],
    });
  });

  it('a collection answer is { value: [...] } with OData annotations beside it', () => {
    const page = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(%27me%27)/events',
      '@odata.nextLink': 'https://graph.microsoft.com/v1.0/me/events?$skip=10',
      value: [event(), event({ id: 'AAMk2' })],
    };
    expect(checker.checkType(EVENT, page, { collection: true })).toEqual({ valid: true });
    expect(
      paths(checker.checkType(EVENT, { value: [event({ id: 7 })] }, { collection: true })),
    ).toEqual(['/value/0/id']);
    expect(paths(checker.checkType(EVENT, { items: [] }, { collection: true }))).toEqual([
      '/items',
      '/value',
    ]);
    expect(paths(checker.checkType(EVENT, [event()], { collection: true }))).toEqual(['']);
    expect(
      paths(checker.checkType(EVENT, { value: [], '@odata.nextLink': 5 }, { collection: true })),
    ).toEqual(['/@odata.nextLink']);
  });

  it('a delta page may hold @removed stubs, and only there', () => {
    const delta = {
      '@odata.deltaLink': 'https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=x',
      value: [
        { '@odata.type': '#microsoft.graph.event', id: 'gone', '@removed': { reason: 'deleted' } },
        event(),
      ],
    };
    expect(checker.checkType(EVENT, delta, { collection: true })).toEqual({ valid: true });
    const badReason = { value: [{ id: 'gone', '@removed': { reason: 'vanished' } }] };
    expect(paths(checker.checkType(EVENT, badReason, { collection: true }))).toEqual([
      '/value/0/@removed/reason',
    ]);
    const noId = { value: [{ '@removed': { reason: 'deleted' } }] };
    expect(paths(checker.checkType(EVENT, noId, { collection: true }))).toEqual(['/value/0/id']);
    const outside = event({ '@removed': { reason: 'deleted' } });
    expect(checker.checkType(EVENT, outside)).toEqual({
      valid: false,
      violations: [{ path: '/@removed', message: 'belongs only to members of a delta collection' }],
    });
  });
});

describe('OData annotations', () => {
  it('allows instance annotations and property@annotations of known properties', () => {
    const body = event({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/events/$entity',
      '@odata.etag': 'W/"abc"',
      'calendar@odata.navigationLink': 'https://graph.microsoft.com/v1.0/me/calendar',
      'calendar@odata.associationLink': 'https://graph.microsoft.com/v1.0/me/calendar/$ref',
    });
    expect(checker.checkType(EVENT, body)).toEqual({ valid: true });
  });

  it('refuses an annotation of an unknown property, an unqualified one, a non-string link', () => {
    const body = event({
      'calender@odata.navigationLink': 'x',
      '@etag': 'x',
      '@odata.etag': 1,
    });
    expect(paths(checker.checkType(EVENT, body))).toEqual([
      '/calender@odata.navigationLink',
      '/@etag',
      '/@odata.etag',
    ]);
  });
});

describe('enums', () => {
  it('responses must use the exact member name; requests may use any case', () => {
    const settings = { status: 'Scheduled', externalAudience: 'all' };
    const type = 'microsoft.graph.automaticRepliesSetting';
    expect(paths(checker.checkType(type, settings, { partial: true }))).toEqual(['/status']);
    expect(checker.checkType(type, settings, { partial: true, enumCase: 'anyCase' })).toEqual({
      valid: true,
    });
    const wrong = { status: 'sometimes' };
    expect(paths(checker.checkType(type, wrong, { partial: true, enumCase: 'anyCase' }))).toEqual([
      '/status',
    ]);
  });

  it('an enum value is a string, not its number', () => {
    expect(paths(checker.checkType(EVENT, event({ showAs: 3 })))).toEqual(['/showAs']);
  });

  it('a flags enum takes comma-separated members; a plain enum does not', () => {
    const tips = (options: string): unknown => ({
      EmailAddresses: ['a@contoso.com'],
      MailTipsOptions: options,
    });
    const user = 'microsoft.graph.user';
    expect(
      checker.checkActionBody(user, 'getMailTips', tips('automaticReplies, mailboxFullStatus')),
    ).toEqual({ valid: true });
    expect(
      checker.checkActionBody(user, 'getMailTips', tips('automaticReplies,maxMessageSize')),
    ).toEqual({ valid: true });
    expect(
      paths(checker.checkActionBody(user, 'getMailTips', tips('automaticReplies, bogus'))),
    ).toEqual(['/MailTipsOptions']);
    expect(paths(checker.checkType(EVENT, event({ showAs: 'busy, free' })))).toEqual(['/showAs']);
  });
});

describe('primitive properties on real types', () => {
  it('checks Edm values where Graph uses them', () => {
    const body = event({
      isAllDay: 'false', // Edm.Boolean
      reminderMinutesBeforeStart: 15.5, // Edm.Int32
      createdDateTime: '2026-12-03T09:00:00', // Edm.DateTimeOffset without an offset
    });
    expect(paths(checker.checkType(EVENT, body))).toEqual([
      '/isAllDay',
      '/reminderMinutesBeforeStart',
      '/createdDateTime',
    ]);
    const hours = { startTime: '08:00:00.0000000', endTime: '25:00:00' }; // Edm.TimeOfDay
    expect(paths(checker.checkType('microsoft.graph.workingHours', hours))).toEqual(['/endTime']);
  });

  it('Edm.Untyped takes anything', () => {
    const untyped = [...checker.index.types.values()].find(
      (t) => t.kind !== 'enum' && [...t.properties.values()].some((p) => p.type === 'Edm.Untyped'),
    );
    if (!untyped || untyped.kind === 'enum') throw new Error('no Edm.Untyped property');
    const property = [...untyped.properties.values()].find((p) => p.type === 'Edm.Untyped');
    if (!property) throw new Error('no Edm.Untyped property');
    for (const anything of [{ a: [1, { b: null }] }, 'text', 42, true, [1, 'x']]) {
      const check = checker.checkType(
        untyped.name,
        { [property.name]: anything },
        { partial: true },
      );
      expect(check).toEqual({ valid: true });
    }
  });

  it('a single primitive or enum property answers as { value }', () => {
    const purpose = 'microsoft.graph.userPurpose';
    expect(checker.checkType(purpose, { '@odata.context': 'x', value: 'user' })).toEqual({
      valid: true,
    });
    expect(paths(checker.checkType(purpose, { value: { value: 'user' } }))).toEqual(['/value']);
    expect(paths(checker.checkType(purpose, 'user'))).toEqual(['']);
  });
});

describe('action bodies', () => {
  const CALENDAR = 'microsoft.graph.calendar';
  const window = {
    schedules: ['adele@contoso.com'],
    startTime: { dateTime: '2026-12-03T09:00:00', timeZone: 'Pacific Standard Time' },
    endTime: { dateTime: '2026-12-03T18:00:00', timeZone: 'Pacific Standard Time' },
    availabilityViewInterval: 30,
  };

  it('matches parameter names in any case', () => {
    expect(checker.checkActionBody(CALENDAR, 'getSchedule', window)).toEqual({ valid: true });
    const pascal = {
      Schedules: window.schedules,
      StartTime: window.startTime,
      EndTime: window.endTime,
    };
    expect(checker.checkActionBody(CALENDAR, 'getSchedule', pascal)).toEqual({ valid: true });
  });

  it('refuses an unknown parameter, a repeated one, and a wrongly typed one', () => {
    expect(checker.checkActionBody(CALENDAR, 'getSchedule', { ...window, interval: 30 })).toEqual({
      valid: false,
      violations: [{ path: '/interval', message: 'is not a parameter of getSchedule' }],
    });
    expect(
      paths(checker.checkActionBody(CALENDAR, 'getSchedule', { ...window, Schedules: [] })),
    ).toEqual(['/Schedules']);
    const badStart = { ...window, startTime: { dateTime: '2026-12-03T09:00:00', tz: 'UTC' } };
    expect(paths(checker.checkActionBody(CALENDAR, 'getSchedule', badStart))).toEqual([
      '/startTime/tz',
    ]);
  });

  it('needs the non-nullable parameters', () => {
    const presence = 'microsoft.graph.presence';
    const set = {
      sessionId: 'app-id',
      availability: 'Busy',
      activity: 'InACall',
      expirationDuration: 'PT1H',
    };
    expect(checker.checkActionBody(presence, 'setPresence', set)).toEqual({ valid: true });
    const noAvailability = without(set, 'availability');
    expect(checker.checkActionBody(presence, 'setPresence', noAvailability)).toEqual({
      valid: false,
      violations: [{ path: '/availability', message: 'is required' }],
    });
    expect(
      paths(
        checker.checkActionBody(presence, 'setPresence', { ...set, expirationDuration: '1 hour' }),
      ),
    ).toEqual(['/expirationDuration']);
    expect(checker.checkActionBody(presence, 'clearPresence', { sessionId: 'app-id' })).toEqual({
      valid: true,
    });
    expect(paths(checker.checkActionBody(presence, 'clearPresence', []))).toEqual(['']);
  });

  it('picks the overload bound to the type: move on a message and on a mail folder', () => {
    for (const bound of ['microsoft.graph.message', 'microsoft.graph.mailFolder']) {
      expect(checker.findAction(bound, 'move').boundTo?.type).toBe(bound);
      expect(checker.checkActionBody(bound, 'move', { destinationId: 'deleteditems' })).toEqual({
        valid: true,
      });
      expect(paths(checker.checkActionBody(bound, 'move', {}))).toEqual(['/DestinationId']);
    }
  });

  it('enum parameters match in any case unless told otherwise', () => {
    const user = 'microsoft.graph.user';
    const body = { EmailAddresses: ['a@contoso.com'], MailTipsOptions: 'AutomaticReplies' };
    expect(checker.checkActionBody(user, 'getMailTips', body)).toEqual({ valid: true });
    expect(
      paths(checker.checkActionBody(user, 'getMailTips', body, { enumCase: 'exact' })),
    ).toEqual(['/MailTipsOptions']);
  });
});

describe('mistakes of the caller and hostile bodies', () => {
  it('an unknown type or action is a typed error, not a verdict on the body', () => {
    expect(() => checker.checkType('microsoft.graph.evnt', {})).toThrow(
      UnknownGraphSchemaNameError,
    );
    expect(() => checker.checkActionBody('microsoft.graph.presence', 'setPresense', {})).toThrow(
      UnknownGraphSchemaNameError,
    );
    expect(() => checker.checkActionBody('microsoft.graph.event', 'setPresence', {})).toThrow(
      UnknownGraphSchemaNameError,
    );
  });

  it('stops at a nesting depth and at 100 violations', () => {
    // An itemAttachment holds an outlookItem, which may be a message with attachments, …
    let nested: Record<string, unknown> = { id: 'end' };
    for (let i = 0; i < 200; i++)
      nested = {
        '@odata.type': '#microsoft.graph.itemAttachment',
        item: { '@odata.type': '#microsoft.graph.message', attachments: [nested] },
      };
    const deep = checker.checkType('microsoft.graph.attachment', nested, { partial: true });
    expect(deep.valid ? [] : deep.violations.map((v) => v.message)).toEqual([
      'is nested too deeply',
    ]);
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`p${i}`, i]));
    const wide = checker.checkType(EVENT, many, { partial: true });
    expect(wide.valid ? 0 : wide.violations.length).toBe(100);
  });

  it('checks the OData error body', () => {
    const error = {
      error: { code: 'ErrorItemNotFound', message: 'Not found.', innerError: { date: 'x' } },
    };
    expect(checker.checkType('odata.error', error)).toEqual({ valid: true });
    expect(paths(checker.checkType('odata.error', { error: { code: 404 } }))).toEqual([
      '/error/code',
      '/error/message',
    ]);
    expect(paths(checker.checkType('odata.error', { message: 'x' }))).toEqual(['/error']);
  });
});
