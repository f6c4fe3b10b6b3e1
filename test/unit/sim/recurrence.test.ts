import { describe, expect, it } from 'vitest';
import {
  expandSeries,
  occurrenceStarts,
  type Recurrence,
} from '../../../src-main/sim/recurrence.js';
import { PACIFIC_ZONE, UTC_ZONE } from '../../../src-main/sim/time-zone.js';

const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();
const MIN = 60_000;

function series(overrides: Partial<Recurrence> = {}): Recurrence {
  return {
    pattern: { type: 'daily', interval: 1 },
    range: {},
    timeZone: UTC_ZONE,
    deletedOccurrences: [],
    modifiedOccurrences: new Map(),
    ...overrides,
  };
}

describe('daily series', () => {
  const first = t('2025-06-02T09:30:00Z');
  const end = first + 15 * MIN;

  it('yields one occurrence per day overlapping the window, numbered from the first', () => {
    const result = expandSeries(first, end, series(), {
      start: t('2025-06-04T00:00:00Z'),
      end: t('2025-06-06T00:00:00Z'),
    });
    expect(result.map((o) => [o.index, iso(o.start), iso(o.end)])).toEqual([
      [3, '2025-06-04T09:30:00.000Z', '2025-06-04T09:45:00.000Z'],
      [4, '2025-06-05T09:30:00.000Z', '2025-06-05T09:45:00.000Z'],
    ]);
  });

  it('honours the interval, the number of occurrences and the end date', () => {
    const everyOther = occurrenceStarts(
      first,
      series({ pattern: { type: 'daily', interval: 2 }, range: { numberOfOccurrences: 3 } }),
      Infinity,
    );
    expect(everyOther.map(iso)).toEqual([
      '2025-06-02T09:30:00.000Z',
      '2025-06-04T09:30:00.000Z',
      '2025-06-06T09:30:00.000Z',
    ]);
    const untilDate = occurrenceStarts(
      first,
      series({ range: { endDate: '2025-06-04' } }),
      Infinity,
    );
    expect(untilDate).toHaveLength(3);
  });

  it('drops cancelled occurrences and moves modified ones', () => {
    const cancelled = t('2025-06-04T09:30:00Z');
    const moved = t('2025-06-05T09:30:00Z');
    const rec = series({
      deletedOccurrences: [cancelled],
      modifiedOccurrences: new Map([
        [moved, { start: moved + 30 * MIN, end: moved + 45 * MIN, subject: 'Later' }],
      ]),
    });
    const result = expandSeries(first, end, rec, {
      start: t('2025-06-04T00:00:00Z'),
      end: t('2025-06-06T00:00:00Z'),
    });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      index: 4,
      originalStart: moved,
      start: moved + 30 * MIN,
      end: moved + 45 * MIN,
    });
    expect(result[0]?.override?.subject).toBe('Later');
  });

  it('finds an occurrence moved into the window from a later day', () => {
    const later = t('2025-06-10T09:30:00Z');
    const rec = series({
      modifiedOccurrences: new Map([
        [later, { start: t('2025-06-03T15:00:00Z'), end: t('2025-06-03T15:15:00Z') }],
      ]),
    });
    const result = expandSeries(first, end, rec, {
      start: t('2025-06-03T12:00:00Z'),
      end: t('2025-06-03T18:00:00Z'),
    });
    expect(result.map((o) => [o.index, iso(o.start)])).toEqual([[9, '2025-06-03T15:00:00.000Z']]);
  });

  it('keeps the local wall-clock time across a DST change', () => {
    // 09:30 Pacific: 17:30Z in winter, 16:30Z after the switch on 9 March 2025.
    const winter = t('2025-03-07T17:30:00Z');
    const rec = series({ timeZone: PACIFIC_ZONE });
    const starts = occurrenceStarts(winter, rec, t('2025-03-11T00:00:00Z')).map(iso);
    expect(starts).toEqual([
      '2025-03-07T17:30:00.000Z',
      '2025-03-08T17:30:00.000Z',
      '2025-03-09T16:30:00.000Z',
      '2025-03-10T16:30:00.000Z',
    ]);
  });
});

describe('weekly series', () => {
  it('yields the chosen weekdays, every `interval` weeks, from the first occurrence on', () => {
    // Wednesday 4 June 2025 14:00Z; Tuesdays and Thursdays.
    const first = t('2025-06-04T14:00:00Z');
    const rec = series({
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['Tuesday', 'Thursday'] },
      range: { numberOfOccurrences: 4 },
    });
    expect(occurrenceStarts(first, rec, Infinity).map(iso)).toEqual([
      '2025-06-05T14:00:00.000Z',
      '2025-06-10T14:00:00.000Z',
      '2025-06-12T14:00:00.000Z',
      '2025-06-17T14:00:00.000Z',
    ]);
    const biweekly = series({
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['Monday'] },
      range: { numberOfOccurrences: 3 },
    });
    expect(occurrenceStarts(t('2025-06-02T08:00:00Z'), biweekly, Infinity).map(iso)).toEqual([
      '2025-06-02T08:00:00.000Z',
      '2025-06-16T08:00:00.000Z',
      '2025-06-30T08:00:00.000Z',
    ]);
  });

  it('applies exceptions and cancellations to weekly occurrences', () => {
    const first = t('2025-06-03T14:00:00Z'); // a Tuesday
    const rec = series({
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['Tuesday', 'Thursday'] },
      deletedOccurrences: [t('2025-06-05T14:00:00Z')],
      modifiedOccurrences: new Map([
        [
          t('2025-06-10T14:00:00Z'),
          { start: t('2025-06-10T15:00:00Z'), end: t('2025-06-10T15:30:00Z') },
        ],
      ]),
    });
    const result = expandSeries(first, first + 30 * MIN, rec, {
      start: t('2025-06-03T00:00:00Z'),
      end: t('2025-06-13T00:00:00Z'),
    });
    expect(result.map((o) => [o.index, iso(o.start), o.override !== undefined])).toEqual([
      [1, '2025-06-03T14:00:00.000Z', false],
      [3, '2025-06-10T15:00:00.000Z', true],
      [4, '2025-06-12T14:00:00.000Z', false],
    ]);
  });
});
