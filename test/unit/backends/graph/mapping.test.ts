/**
 * The Graph backend's pure decisions: Graph's time zones (named Windows or IANA, customTimeZone)
 * as the neutral zone rule, dateTimeTimeZone in any zone as an instant, OOF both ways (a random
 * setting survives Beacon → Graph → Beacon), Graph errors as the user's words, and the voicemail
 * bookmark digest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromGraph } from '../../../../src-main/backends/graph/errors.js';
import { voicemailBookmark, voicemailChanges } from '../../../../src-main/backends/graph/live.js';
import {
  busyTypeOf,
  freeBusyFromGraph,
  oofFromGraph,
  oofToGraph,
  workingHoursFromGraph,
} from '../../../../src-main/backends/graph/mapping.js';
import { instantOfGraph, zoneRuleOfGraph } from '../../../../src-main/backends/graph/zones.js';
import { GraphError } from '../../../../src-main/graph/errors.js';
import { MailboxError } from '../../../../src-main/mailbox/errors.js';
import type { OofSettings } from '../../../../src-main/mailbox/oof.js';
import { localToUtc, zoneRuleFor } from '../../../../src-main/mailbox/time/zone-rule.js';

const JUNE = new Date('2025-06-10T17:07:00Z');

describe('Graph time zones as Beacon rules', () => {
  it('a Windows id and its IANA name give the tz database rule', () => {
    const la = zoneRuleFor('America/Los_Angeles', JUNE);
    expect(zoneRuleOfGraph({ kind: 'named', name: 'Pacific Standard Time' }, JUNE)).toEqual(la);
    expect(zoneRuleOfGraph({ kind: 'named', name: 'America/Los_Angeles' }, JUNE)).toEqual(la);
    expect(zoneRuleOfGraph({ kind: 'named', name: 'Nowhere Standard Time' }, JUNE)).toBeUndefined();
  });

  it('a customTimeZone as written (the docs example: Pacific rules, bias 480)', () => {
    const rule = zoneRuleOfGraph(
      {
        kind: 'custom',
        name: 'Customized Time Zone',
        bias: 480,
        standardOffset: {
          time: '02:00:00.0000000',
          dayOccurrence: 1,
          dayOfWeek: 'sunday',
          month: 11,
          year: 0,
        },
        daylightOffset: {
          daylightBias: -60,
          time: '02:00:00.0000000',
          dayOccurrence: 2,
          dayOfWeek: 'sunday',
          month: 3,
          year: 0,
        },
      },
      JUNE,
    );
    expect(rule).toEqual({
      bias: 480,
      standard: { bias: 0, time: '02:00:00', dayOrder: 1, month: 11, dayOfWeek: 'Sunday' },
      daylight: { bias: -60, time: '02:00:00', dayOrder: 2, month: 3, dayOfWeek: 'Sunday' },
    });
    if (rule === undefined) throw new Error('no rule');
    // 08:00 on a June day in that zone is 15:00 UTC (daylight time), as in Los Angeles.
    expect(
      localToUtc(rule, {
        year: 2025,
        month: 6,
        day: 10,
        hour: 8,
        minute: 0,
        second: 0,
        millisecond: 0,
      }),
    ).toEqual(new Date('2025-06-10T15:00:00Z'));
  });

  it('working hours: days in Beacon names, minutes after midnight', () => {
    expect(
      workingHoursFromGraph(
        {
          daysOfWeek: ['monday', 'friday', 'unknown'],
          startTime: '08:30:00.0000000',
          endTime: '17:00:00.0000000',
          timeZone: { kind: 'named', name: 'W. Europe Standard Time' },
        },
        JUNE,
      ),
    ).toEqual({
      timeZone: zoneRuleFor('Europe/Berlin', JUNE),
      periods: [{ days: ['Monday', 'Friday'], startMinutes: 510, endMinutes: 1020 }],
    });
  });

  it('dateTimeTimeZone in UTC, a Windows zone across DST, or with an offset', () => {
    expect(instantOfGraph({ dateTime: '2025-06-10T17:07:00.0000000', timeZone: 'UTC' })).toEqual(
      new Date('2025-06-10T17:07:00Z'),
    );
    expect(
      instantOfGraph({ dateTime: '2025-06-10T10:07:00', timeZone: 'Pacific Standard Time' }),
    ).toEqual(new Date('2025-06-10T17:07:00Z'));
    expect(
      instantOfGraph({ dateTime: '2025-01-10T10:07:00', timeZone: 'Pacific Standard Time' }),
    ).toEqual(new Date('2025-01-10T18:07:00Z'));
    expect(instantOfGraph({ dateTime: '2025-06-10T10:07:00-07:00', timeZone: 'UTC' })).toEqual(
      new Date('2025-06-10T17:07:00Z'),
    );
    expect(instantOfGraph({ dateTime: '2025-06-10T10:07:00', timeZone: 'Mars/Olympus' })).toBe(
      undefined,
    );
  });
});

describe('OOF both ways', () => {
  const reply = fc.string({ maxLength: 200 }).map((message) => ({ message }));
  const instant = fc
    .integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 })
    .map((s) => new Date(s * 1000));
  const settings: fc.Arbitrary<OofSettings> = fc
    .record({
      state: fc.constantFrom('Enabled', 'Disabled', 'Scheduled'),
      externalAudience: fc.constantFrom('None', 'Known', 'All'),
      internalReply: reply,
      externalReply: reply,
      duration: fc.option(
        fc
          .tuple(instant, instant)
          .map(([a, b]) => (a < b ? { start: a, end: b } : { start: b, end: a })),
        { nil: undefined },
      ),
    })
    .map((s) => {
      const out: OofSettings = { ...s };
      if (s.duration === undefined) delete out.duration;
      return out;
    });

  it('every field Graph carries survives the round trip (1,000 settings)', () => {
    fc.assert(
      fc.property(settings, (oof) => {
        expect(oofFromGraph(oofToGraph(oof))).toEqual(oof);
      }),
      { numRuns: 1000 },
    );
  });

  it('what Graph cannot carry is not sent: no AllowExternalOof, no decline options', () => {
    const body = oofToGraph({
      state: 'Enabled',
      externalAudience: 'Known',
      internalReply: { message: 'in' },
      externalReply: { message: 'out', lang: 'en-US' },
      allowExternalOof: 'None',
      declineEventsForScheduledOof: true,
    });
    expect(body).toEqual({
      status: 'alwaysEnabled',
      externalAudience: 'contactsOnly',
      internalReplyMessage: 'in',
      externalReplyMessage: 'out',
    });
  });

  it('a status Graph adds later reads as Disabled; showAs unknown as NoData, absent as Busy', () => {
    expect(oofFromGraph({ status: 'unknown', externalAudience: 'unknown' })).toMatchObject({
      state: 'Disabled',
      externalAudience: 'None',
    });
    expect(busyTypeOf('unknown')).toBe('NoData');
    expect(busyTypeOf(undefined)).toBe('Busy');
    expect(busyTypeOf('workingElsewhere')).toBe('WorkingElsewhere');
  });
});

describe('Graph errors as MailboxErrors', () => {
  const cases: [GraphError, string, string][] = [
    [new GraphError('auth', 'refused', { status: 401 }), 'auth', 'sign-in-expired'],
    [new GraphError('forbidden', 'no', { status: 403 }), 'auth', 'access-denied'],
    [
      new GraphError('throttled', 'slow', { status: 429, retryAfterMs: 5000 }),
      'server-busy',
      'server-busy',
    ],
    [new GraphError('throttled', 'paused', { retryAfterMs: 5000 }), 'throttled', 'server-busy'],
    [new GraphError('server', 'busy', { status: 503 }), 'server-busy', 'server-busy'],
    [new GraphError('server', 'broken', { status: 500 }), 'server', 'server-error'],
    [new GraphError('timeout', 'late'), 'transport', 'timeout'],
    [
      new GraphError('network', 'gone', { cause: { code: 'ENOTFOUND' } }),
      'transport',
      'host-not-found',
    ],
    [
      new GraphError('network', 'gone', { cause: { code: 'ECONNREFUSED' } }),
      'transport',
      'unreachable',
    ],
    [new GraphError('tls', 'cert'), 'transport', 'tls-untrusted'],
    [new GraphError('malformed', 'junk'), 'decode', 'server-error'],
    [
      new GraphError('not-found', 'nope', { status: 404, code: 'ErrorItemNotFound' }),
      'server',
      'server-error',
    ],
  ];
  it.each(cases)('%s → %s / %s', (error, kind, reason) => {
    const mapped = fromGraph(error, 'graph.microsoft.com');
    expect(mapped).toBeInstanceOf(MailboxError);
    expect((mapped as MailboxError).kind).toBe(kind);
    expect((mapped as MailboxError).failure?.reason).toBe(reason);
    expect((mapped as MailboxError).retryAfterMs).toBe(error.retryAfterMs);
  });

  it('a bug passes through unchanged', () => {
    const bug = new TypeError('x is undefined');
    expect(fromGraph(bug)).toBe(bug);
  });
});

describe('voicemail bookmark', () => {
  it('is the same for the same list in any order, and changes with read state or count', () => {
    const a = { id: 'a', changeKey: '1', isRead: false };
    const b = { id: 'b', changeKey: '1', isRead: true };
    expect(voicemailBookmark([a, b])).toBe(voicemailBookmark([b, a]));
    expect(voicemailChanges(voicemailBookmark([a, b]), voicemailBookmark([b, a]))).toBe(0);
    expect(
      voicemailChanges(voicemailBookmark([a, b]), voicemailBookmark([{ ...a, isRead: true }, b])),
    ).toBe(1);
    expect(
      voicemailChanges(
        voicemailBookmark([a]),
        voicemailBookmark([a, b, { id: 'c', isRead: false }]),
      ),
    ).toBe(2);
  });
});

describe('free/busy from getSchedule', () => {
  const at = new Date('2025-06-10T12:00:00Z');
  const item = (extra: Record<string, unknown>) => ({
    status: 'busy',
    start: { dateTime: '2025-06-10T22:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2025-06-10T23:00:00.0000000', timeZone: 'UTC' },
    ...extra,
  });
  const read = (extra: Record<string, unknown>, detail: 'detailed' | 'busy-only' = 'detailed') =>
    freeBusyFromGraph(
      [{ scheduleId: 'megan@beacon.test', scheduleItems: [item(extra)] }] as never,
      ['megan@beacon.test'],
      { detail, intervalMinutes: 30, at },
    )[0];

  it('keeps a private item private though Graph hides its subject and location', () => {
    const got = read({ isPrivate: true });
    expect(got?.ok && got.events).toEqual([
      {
        start: new Date('2025-06-10T22:00:00Z'),
        end: new Date('2025-06-10T23:00:00Z'),
        busyType: 'Busy',
        details: {
          isMeeting: false,
          isRecurring: false,
          isException: false,
          isReminderSet: false,
          isPrivate: true,
        },
      },
    ]);
  });

  it('tells nothing more of an item Graph says nothing of, nor in a busy-only view', () => {
    const bare = read({ isPrivate: false });
    expect(bare?.ok && bare.events[0]?.details).toBeUndefined();
    const busyOnly = read({ isPrivate: true, subject: 'Dentist' }, 'busy-only');
    expect(busyOnly?.ok && busyOnly.events[0]?.details).toBeUndefined();
  });

  it('keeps the subject and location Graph gives', () => {
    const got = read({ subject: 'Project sync', location: 'Room 2' });
    expect(got?.ok && got.events[0]?.details).toMatchObject({
      subject: 'Project sync',
      location: 'Room 2',
      isPrivate: false,
    });
  });
});
