import { describe, expect, it } from 'vitest';
import {
  EASTERN_ZONE,
  INDIA_ZONE,
  PACIFIC_ZONE,
  UTC_ZONE,
  WEST_EUROPE_ZONE,
  offsetMinutesAt,
  zoneForWindowsId,
} from '../../../src-main/sim/time-zone.js';
import { windowsZoneIds } from '../../../src-main/sim/windows-time-zone.js';
import { WINDOWS_ZONES } from '../../../src-main/mailbox/time/windows-zones.js';

const JUNE_2025 = Date.parse('2025-06-10T17:07:00Z');

describe('Windows time-zone ids', () => {
  it('knows the whole CLDR windowsZones set (139 ids), and no made-up one', () => {
    expect(windowsZoneIds()).toHaveLength(139);
    for (const id of [
      'Pacific Standard Time',
      'UTC-11',
      'Tonga Standard Time',
      'Nepal Standard Time',
    ])
      expect(zoneForWindowsId(id, JUNE_2025)).toBeDefined();
    expect(zoneForWindowsId('Pacific/Auckland', JUNE_2025)).toBeUndefined();
    expect(zoneForWindowsId('Mars Standard Time', JUNE_2025)).toBeUndefined();
    expect(zoneForWindowsId('constructor', JUNE_2025)).toBeUndefined();
  });

  it('derives the rules Windows writes for the hand-written zones', () => {
    expect(zoneForWindowsId('Pacific Standard Time', JUNE_2025)).toEqual(PACIFIC_ZONE);
    expect(zoneForWindowsId('Eastern Standard Time', JUNE_2025)).toEqual(EASTERN_ZONE);
    expect(zoneForWindowsId('W. Europe Standard Time', JUNE_2025)).toEqual(WEST_EUROPE_ZONE);
    expect(zoneForWindowsId('India Standard Time', JUNE_2025)).toEqual(INDIA_ZONE);
    expect(zoneForWindowsId('UTC', JUNE_2025)).toEqual(UTC_ZONE);
  });

  it('southern zones: daylight time from October to April (Sydney)', () => {
    const sydney = zoneForWindowsId('AUS Eastern Standard Time', JUNE_2025);
    expect(sydney).toEqual({
      bias: -600,
      standard: { bias: 0, time: '03:00:00', dayOrder: 1, month: 4, dayOfWeek: 'Sunday' },
      daylight: { bias: -60, time: '02:00:00', dayOrder: 1, month: 10, dayOfWeek: 'Sunday' },
    });
  });

  it('every id gives the offset ICU gives its IANA zone, in January and in July', () => {
    for (const [id, iana] of Object.entries(WINDOWS_ZONES)) {
      for (const at of [Date.parse('2025-01-15T12:00:00Z'), Date.parse('2025-07-15T12:00:00Z')]) {
        const zone = zoneForWindowsId(id, at);
        if (zone === undefined) throw new Error(id);
        const name = new Intl.DateTimeFormat('en-US', {
          timeZone: iana,
          timeZoneName: 'longOffset',
        })
          .formatToParts(at)
          .find((p) => p.type === 'timeZoneName')?.value;
        const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name ?? '');
        const ahead =
          m?.[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
        expect({ id, offset: 0 - offsetMinutesAt(at, zone) }).toEqual({ id, offset: ahead });
      }
    }
  });
});
