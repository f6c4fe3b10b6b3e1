import { describe, expect, it } from 'vitest';
import {
  formatLocal,
  formatUtc,
  parseDateTime,
  parseInstant,
  type LocalDateTime,
} from '../../../../src-main/ews/time/date-time.js';
import {
  legacyTimeZoneFor,
  localToUtc,
  transitionWallMs,
  utcOffsetMinutes,
  utcToLocal,
  type LegacyTimeZone,
} from '../../../../src-main/ews/time/legacy-time-zone.js';
import { DecodeError } from '../../../../src-main/ews/errors.js';

function local(text: string): LocalDateTime {
  return parseDateTime(text, 'test').local;
}

const at = (iso: string): Date => new Date(iso);
const utc = (tz: LegacyTimeZone, wall: string): string => localToUtc(tz, local(wall)).toISOString();

describe('legacyTimeZoneFor', () => {
  it('derives Europe/Berlin: CET, last Sunday of March 02:00 / last Sunday of October 03:00', () => {
    expect(legacyTimeZoneFor('Europe/Berlin', at('2024-06-01T00:00:00Z'))).toEqual({
      bias: -60,
      standard: { bias: 0, time: '03:00:00', dayOrder: 5, month: 10, dayOfWeek: 'Sunday' },
      daylight: { bias: -60, time: '02:00:00', dayOrder: 5, month: 3, dayOfWeek: 'Sunday' },
    });
  });

  it('derives America/Los_Angeles: second Sunday of March, first Sunday of November', () => {
    expect(legacyTimeZoneFor('America/Los_Angeles', at('2024-01-15T00:00:00Z'))).toEqual({
      bias: 480,
      standard: { bias: 0, time: '02:00:00', dayOrder: 1, month: 11, dayOfWeek: 'Sunday' },
      daylight: { bias: -60, time: '02:00:00', dayOrder: 2, month: 3, dayOfWeek: 'Sunday' },
    });
  });

  it('gives Asia/Kolkata (no DST) equal rules that change nothing', () => {
    const tz = legacyTimeZoneFor('Asia/Kolkata', at('2024-06-01T00:00:00Z'));
    expect(tz.bias).toBe(-330);
    expect(tz.standard).toEqual(tz.daylight);
    expect(tz.standard.bias).toBe(0);
  });

  it('derives Australia/Sydney: daylight time from October to April', () => {
    expect(legacyTimeZoneFor('Australia/Sydney', at('2024-06-01T00:00:00Z'))).toEqual({
      bias: -600,
      standard: { bias: 0, time: '03:00:00', dayOrder: 1, month: 4, dayOfWeek: 'Sunday' },
      daylight: { bias: -60, time: '02:00:00', dayOrder: 1, month: 10, dayOfWeek: 'Sunday' },
    });
  });

  it('rejects an unknown zone name', () => {
    expect(() => legacyTimeZoneFor('Mars/Olympus_Mons', at('2024-01-01T00:00:00Z'))).toThrow(
      RangeError,
    );
  });
});

describe('transitionWallMs', () => {
  it('finds the last Sunday even in months where it is the fourth', () => {
    const berlin = legacyTimeZoneFor('Europe/Berlin', at('2024-06-01T00:00:00Z'));
    // 2026-03-29 is the last (fifth-week) Sunday; 2027-03-28 is the fourth Sunday and also the last.
    expect(new Date(transitionWallMs(berlin.daylight, 2026)).toISOString()).toBe(
      '2026-03-29T02:00:00.000Z',
    );
    expect(new Date(transitionWallMs(berlin.daylight, 2027)).toISOString()).toBe(
      '2027-03-28T02:00:00.000Z',
    );
  });
});

describe('localToUtc around transitions', () => {
  const berlin = legacyTimeZoneFor('Europe/Berlin', at('2024-06-01T00:00:00Z'));
  const la = legacyTimeZoneFor('America/Los_Angeles', at('2024-06-01T00:00:00Z'));
  const sydney = legacyTimeZoneFor('Australia/Sydney', at('2024-06-01T00:00:00Z'));
  const kolkata = legacyTimeZoneFor('Asia/Kolkata', at('2024-06-01T00:00:00Z'));

  it('Berlin: before, in the skipped hour, after; the repeated hour takes its first occurrence', () => {
    expect(utc(berlin, '2024-03-31T01:59:00')).toBe('2024-03-31T00:59:00.000Z');
    // 02:30 does not exist: read with the offset before the change, i.e. 03:30 CEST.
    expect(utc(berlin, '2024-03-31T02:30:00')).toBe('2024-03-31T01:30:00.000Z');
    expect(utc(berlin, '2024-03-31T03:00:00')).toBe('2024-03-31T01:00:00.000Z');
    expect(utc(berlin, '2024-10-27T01:59:00')).toBe('2024-10-26T23:59:00.000Z');
    expect(utc(berlin, '2024-10-27T02:30:00')).toBe('2024-10-27T00:30:00.000Z');
    expect(utc(berlin, '2024-10-27T03:00:00')).toBe('2024-10-27T02:00:00.000Z');
    expect(utc(berlin, '2024-07-01T12:00:00')).toBe('2024-07-01T10:00:00.000Z');
    expect(utc(berlin, '2024-01-01T12:00:00')).toBe('2024-01-01T11:00:00.000Z');
  });

  it('Los Angeles: gap at 02:00 in March, overlap at 01:00 in November', () => {
    expect(utc(la, '2024-03-10T01:59:00')).toBe('2024-03-10T09:59:00.000Z');
    expect(utc(la, '2024-03-10T02:30:00')).toBe('2024-03-10T10:30:00.000Z');
    expect(utc(la, '2024-03-10T03:00:00')).toBe('2024-03-10T10:00:00.000Z');
    expect(utc(la, '2024-11-03T01:30:00')).toBe('2024-11-03T08:30:00.000Z');
    expect(utc(la, '2024-11-03T02:00:00')).toBe('2024-11-03T10:00:00.000Z');
  });

  it('Sydney: daylight time spans the new year', () => {
    expect(utc(sydney, '2024-01-15T09:00:00')).toBe('2024-01-14T22:00:00.000Z');
    expect(utc(sydney, '2024-07-15T09:00:00')).toBe('2024-07-14T23:00:00.000Z');
    expect(utc(sydney, '2024-12-24T09:00:00')).toBe('2024-12-23T22:00:00.000Z');
    // Overlap: 2024-04-07 02:30 occurs twice; the first is still AEDT (+11).
    expect(utc(sydney, '2024-04-07T02:30:00')).toBe('2024-04-06T15:30:00.000Z');
    expect(utc(sydney, '2024-04-07T03:00:00')).toBe('2024-04-06T17:00:00.000Z');
    // Gap: 2024-10-06 02:30 does not exist; read as AEST → 03:30 AEDT.
    expect(utc(sydney, '2024-10-06T02:30:00')).toBe('2024-10-05T16:30:00.000Z');
    expect(utc(sydney, '2024-10-06T03:00:00')).toBe('2024-10-05T16:00:00.000Z');
  });

  it('Kolkata: a fixed offset all year', () => {
    expect(utc(kolkata, '2024-03-31T02:30:00')).toBe('2024-03-30T21:00:00.000Z');
    expect(utc(kolkata, '2024-10-27T02:30:00')).toBe('2024-10-26T21:00:00.000Z');
  });

  it('applies a rule to other years by its weekday pattern', () => {
    expect(utc(berlin, '2025-03-30T03:30:00')).toBe('2025-03-30T01:30:00.000Z');
    expect(utc(berlin, '2025-03-29T03:30:00')).toBe('2025-03-29T02:30:00.000Z');
  });

  it("reads Microsoft's own example rule (old US rules: first Sunday of April, last of October)", () => {
    const pacific2006: LegacyTimeZone = {
      bias: 480,
      standard: { bias: 0, time: '02:00:00', dayOrder: 5, month: 10, dayOfWeek: 'Sunday' },
      daylight: { bias: -60, time: '02:00:00', dayOrder: 1, month: 4, dayOfWeek: 'Sunday' },
    };
    expect(utc(pacific2006, '2006-10-16T06:00:00')).toBe('2006-10-16T13:00:00.000Z');
    expect(utc(pacific2006, '2006-11-16T06:00:00')).toBe('2006-11-16T14:00:00.000Z');
  });
});

describe('utcToLocal agrees with the tz database', () => {
  it.each(['Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Sydney'])(
    '%s, every hour of 2024, and back',
    (zone) => {
      const tz = legacyTimeZoneFor(zone, at('2024-06-01T00:00:00Z'));
      let mismatches = 0;
      for (let t = Date.UTC(2024, 0, 1, 12); t < Date.UTC(2024, 11, 31); t += 3_600_000) {
        const expected = t + utcOffsetMinutes(zone, t) * 60_000;
        const wall = utcToLocal(tz, new Date(t));
        if (Date.parse(`${formatLocal(wall)}Z`) !== expected) mismatches++;
        // Back: every instant's wall time maps to that instant, except the second pass of a repeated hour.
        const back = localToUtc(tz, wall).getTime();
        if (back !== t && back !== t - 3_600_000) mismatches++;
      }
      expect(mismatches).toBe(0);
    },
  );
});

describe('date-time text', () => {
  it('honours Z and offsets, and leaves unzoned values to the caller', () => {
    expect(parseInstant('2006-10-16T06:00:00-07:00', 'p').toISOString()).toBe(
      '2006-10-16T13:00:00.000Z',
    );
    expect(parseInstant('2013-08-21T19:30:00Z', 'p').toISOString()).toBe(
      '2013-08-21T19:30:00.000Z',
    );
    expect(parseInstant('2024-01-01T05:30:00+05:30', 'p').toISOString()).toBe(
      '2024-01-01T00:00:00.000Z',
    );
    expect(parseInstant('2006-11-03T23:00:00', 'p').toISOString()).toBe('2006-11-03T23:00:00.000Z');
    expect(parseInstant('2024-01-01T00:00:00.1234567Z', 'p').toISOString()).toBe(
      '2024-01-01T00:00:00.123Z',
    );
  });

  it.each(['2024-02-30T00:00:00', 'yesterday', '2024-01-01', '2024-01-01T25:00:00Z', ''])(
    'rejects %j with a DecodeError',
    (value) => {
      expect(() => parseInstant(value, 'p')).toThrow(DecodeError);
    },
  );

  it('formats UTC with Z and milliseconds only when present', () => {
    expect(formatUtc(at('2024-03-31T01:00:00Z'))).toBe('2024-03-31T01:00:00Z');
    expect(formatUtc(at('2024-03-31T01:00:00.250Z'))).toBe('2024-03-31T01:00:00.250Z');
    expect(() => formatUtc(new Date(Number.NaN))).toThrow(RangeError);
  });
});
