/**
 * The Graph face's pure rules: delta tokens evicted past the cap, the directory query forms
 * accepted and refused, and time zones (custom rule ↔ model rule, wall clocks across DST).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeltaStore, MAX_DELTA_TOKENS } from '../../../src-main/sim/graph/delta-store.js';
import {
  filterMatches,
  parseFilter,
  parseSearch,
  searchMatches,
} from '../../../src-main/sim/graph/directory-query.js';
import {
  dateTimeTimeZone,
  graphTimeZone,
  instantOf,
  zoneByName,
  zoneOfGraph,
} from '../../../src-main/sim/graph/zones.js';
import { PACIFIC_ZONE, type LegacyTimeZone } from '../../../src-main/sim/time-zone.js';

describe('delta tokens', () => {
  it('forgets the oldest token past the cap and keeps the newest', () => {
    const store = new DeltaStore();
    const base = { email: 'a@b', window: { start: 0, end: 1 }, state: new Map<string, string>() };
    const first = store.put({ kind: 'delta', ...base });
    let last = first;
    for (let i = 0; i < MAX_DELTA_TOKENS; i++) last = store.put({ kind: 'delta', ...base });
    expect(store.get(first)).toBeUndefined();
    expect(store.get(last)?.kind).toBe('delta');
    expect(store.clear()).toBe(MAX_DELTA_TOKENS);
  });
});

describe('directory query forms', () => {
  it('reads startswith and eq joined by or, and refuses the rest', () => {
    expect(parseFilter("startswith(displayName,'a') or mail eq 'o''neil@x'")).toEqual([
      { property: 'displayName', op: 'startswith', value: 'a' },
      { property: 'mail', op: 'eq', value: "o'neil@x" },
    ]);
    expect(parseFilter("endswith(mail,'x')")).toHaveProperty('error');
    expect(parseFilter("displayName eq 'A'")).toHaveProperty('error');
    expect(parseFilter("startswith(city,'a')")).toHaveProperty('error');
    expect(parseFilter("startswith(displayName,'a') and mail eq 'b'")).toHaveProperty('error');
  });

  it('reads "property:term" search clauses joined by OR', () => {
    expect(parseSearch('"displayName:wa" OR "mail:ad"')).toEqual([
      { property: 'displayName', op: 'startswith', value: 'wa' },
      { property: 'mail', op: 'startswith', value: 'ad' },
    ]);
    expect(parseSearch('wa')).toHaveProperty('error');
    expect(parseSearch('"city:x"')).toHaveProperty('error');
  });

  it('matches $search on the start of any word and $filter on the start of the value', () => {
    const clause = { property: 'displayName', op: 'startswith', value: 'wil' } as const;
    expect(searchMatches('Alex Wilber', clause)).toBe(true);
    expect(filterMatches('Alex Wilber', clause)).toBe(false);
    expect(searchMatches('Megan Bowen', clause)).toBe(false);
  });
});

describe('time zones', () => {
  it('writes the wall clock of a named zone across daylight saving time', () => {
    const pacific = zoneByName('Pacific Standard Time', Date.UTC(2025, 0, 1));
    if (!pacific) throw new Error('no Pacific');
    expect(
      dateTimeTimeZone(Date.UTC(2025, 0, 15, 17), 'Pacific Standard Time', pacific).dateTime,
    ).toBe('2025-01-15T09:00:00.0000000');
    expect(
      dateTimeTimeZone(Date.UTC(2025, 6, 15, 17), 'Pacific Standard Time', pacific).dateTime,
    ).toBe('2025-07-15T10:00:00.0000000');
    expect(instantOf({ dateTime: '2025-07-15T10:00:00', timeZone: 'America/Los_Angeles' }, 0)).toBe(
      Date.UTC(2025, 6, 15, 17),
    );
    expect(instantOf({ dateTime: '2025-07-15T10:00:00', timeZone: 'Nowhere' }, 0)).toBeUndefined();
  });

  it('names a known zone and writes any other as a custom zone that reads back the same', () => {
    expect(graphTimeZone(PACIFIC_ZONE)).toEqual({ name: 'Pacific Standard Time' });
    const day = fc.constantFrom('Sunday', 'Monday', 'Saturday' as const);
    fc.assert(
      fc.property(
        fc.integer({ min: -14 * 60, max: 12 * 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        day,
        (bias, standardMonth, daylightMonth, order, dayOfWeek) => {
          const zone: LegacyTimeZone = {
            bias,
            standard: {
              bias: 0,
              time: '03:00:00',
              dayOrder: order,
              month: standardMonth,
              dayOfWeek,
            },
            daylight: {
              bias: -60,
              time: '02:00:00',
              dayOrder: order,
              month: daylightMonth,
              dayOfWeek,
            },
          };
          const written = graphTimeZone(zone);
          if ('name' in written && !('bias' in written)) return;
          expect(zoneOfGraph(written, 0)).toEqual(zone);
        },
      ),
    );
  });
});
