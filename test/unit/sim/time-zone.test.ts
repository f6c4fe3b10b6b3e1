import { describe, expect, it } from 'vitest';
import {
  formatUnzoned,
  isDaylightAt,
  localToUtc,
  nthWeekdayOfMonth,
  offsetMinutesAt,
  PACIFIC_ZONE,
  parseDateTime,
  utcToLocal,
  UTC_ZONE,
  WEST_EUROPE_ZONE,
  INDIA_ZONE,
  type LegacyTimeZone,
} from '../../../src-main/sim/time-zone.js';

const utc = (iso: string): number => Date.parse(iso);
const local = (iso: string): number => Date.parse(`${iso}Z`);

/** Sydney: DST from the first Sunday of October to the first Sunday of April (southern). */
const SYDNEY: LegacyTimeZone = {
  bias: -600,
  standard: { bias: 0, time: '03:00:00', dayOrder: 1, month: 4, dayOfWeek: 'Sunday' },
  daylight: { bias: -60, time: '02:00:00', dayOrder: 1, month: 10, dayOfWeek: 'Sunday' },
};

describe('transition dates', () => {
  it('finds the nth and the last weekday of a month', () => {
    expect(nthWeekdayOfMonth(2025, 3, 0, 2)).toBe(9); // 2nd Sunday of March 2025
    expect(nthWeekdayOfMonth(2025, 11, 0, 1)).toBe(2); // 1st Sunday of November 2025
    expect(nthWeekdayOfMonth(2025, 3, 0, 5)).toBe(30); // last Sunday of March 2025
    expect(nthWeekdayOfMonth(2025, 10, 0, 5)).toBe(26); // last Sunday of October 2025
    expect(nthWeekdayOfMonth(2024, 2, 4, 5)).toBe(29); // last Thursday of February 2024 (leap)
  });
});

describe('Pacific time', () => {
  it('puts a 16:00Z meeting in June at 09:00 local (daylight time)', () => {
    expect(formatUnzoned(utcToLocal(utc('2025-06-10T16:00:00Z'), PACIFIC_ZONE))).toBe(
      '2025-06-10T09:00:00',
    );
    expect(offsetMinutesAt(utc('2025-06-10T16:00:00Z'), PACIFIC_ZONE)).toBe(420);
  });

  it('puts a 16:00Z meeting in January at 08:00 local (standard time)', () => {
    expect(formatUnzoned(utcToLocal(utc('2025-01-15T16:00:00Z'), PACIFIC_ZONE))).toBe(
      '2025-01-15T08:00:00',
    );
  });

  it('switches to daylight time at 02:00 local standard time on the 2nd Sunday of March', () => {
    expect(isDaylightAt(utc('2025-03-09T09:59:59Z'), PACIFIC_ZONE)).toBe(false);
    expect(isDaylightAt(utc('2025-03-09T10:00:00Z'), PACIFIC_ZONE)).toBe(true);
  });

  it('switches back at 02:00 local daylight time on the 1st Sunday of November', () => {
    expect(isDaylightAt(utc('2025-11-02T08:59:59Z'), PACIFIC_ZONE)).toBe(true);
    expect(isDaylightAt(utc('2025-11-02T09:00:00Z'), PACIFIC_ZONE)).toBe(false);
  });

  it('maps local times back to UTC, including the gap and the overlap', () => {
    expect(localToUtc(local('2025-06-10T09:00:00'), PACIFIC_ZONE)).toBe(
      utc('2025-06-10T16:00:00Z'),
    );
    expect(localToUtc(local('2025-01-15T08:00:00'), PACIFIC_ZONE)).toBe(
      utc('2025-01-15T16:00:00Z'),
    );
    // 02:30 does not exist on 9 March 2025: it is read as 03:30 daylight time.
    expect(localToUtc(local('2025-03-09T02:30:00'), PACIFIC_ZONE)).toBe(
      utc('2025-03-09T10:30:00Z'),
    );
    // 01:30 happens twice on 2 November 2025: the first (daylight) one wins.
    expect(localToUtc(local('2025-11-02T01:30:00'), PACIFIC_ZONE)).toBe(
      utc('2025-11-02T08:30:00Z'),
    );
  });
});

describe('other zones', () => {
  it('Central Europe changes on the last Sunday of March at 02:00 and of October at 03:00', () => {
    expect(isDaylightAt(utc('2025-03-30T00:59:59Z'), WEST_EUROPE_ZONE)).toBe(false);
    expect(isDaylightAt(utc('2025-03-30T01:00:00Z'), WEST_EUROPE_ZONE)).toBe(true);
    expect(isDaylightAt(utc('2025-10-26T00:59:59Z'), WEST_EUROPE_ZONE)).toBe(true);
    expect(isDaylightAt(utc('2025-10-26T01:00:00Z'), WEST_EUROPE_ZONE)).toBe(false);
    expect(formatUnzoned(utcToLocal(utc('2025-07-01T12:00:00Z'), WEST_EUROPE_ZONE))).toBe(
      '2025-07-01T14:00:00',
    );
  });

  it('handles a southern-hemisphere zone whose daylight time spans the new year', () => {
    expect(isDaylightAt(utc('2025-01-15T00:00:00Z'), SYDNEY)).toBe(true);
    expect(isDaylightAt(utc('2025-06-15T00:00:00Z'), SYDNEY)).toBe(false);
    expect(formatUnzoned(utcToLocal(utc('2025-01-15T00:00:00Z'), SYDNEY))).toBe(
      '2025-01-15T11:00:00',
    );
  });

  it('zones without daylight time keep one offset', () => {
    expect(formatUnzoned(utcToLocal(utc('2025-06-10T16:00:00Z'), INDIA_ZONE))).toBe(
      '2025-06-10T21:30:00',
    );
    expect(isDaylightAt(utc('2025-06-10T16:00:00Z'), UTC_ZONE)).toBe(false);
  });
});

describe('parseDateTime', () => {
  it('reads unzoned values in the given zone and zoned values as instants', () => {
    expect(parseDateTime('2025-06-10T09:00:00', PACIFIC_ZONE)).toBe(utc('2025-06-10T16:00:00Z'));
    expect(parseDateTime('2025-06-10T09:00:00Z', PACIFIC_ZONE)).toBe(utc('2025-06-10T09:00:00Z'));
    expect(parseDateTime('2025-06-10T09:00:00-07:00')).toBe(utc('2025-06-10T16:00:00Z'));
    expect(parseDateTime('2025-06-10T09:00:00.250Z')).toBe(utc('2025-06-10T09:00:00.250Z'));
    expect(parseDateTime('not a date')).toBeUndefined();
  });
});
