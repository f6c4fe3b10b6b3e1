import { describe, expect, it } from 'vitest';
import {
  refreshWindows,
  type RefreshWindows,
} from '../../../src-main/core/companion/day-window.js';

const iso = (w: RefreshWindows): Record<keyof RefreshWindows, string> => ({
  dayStart: new Date(w.dayStart).toISOString(),
  dayEnd: new Date(w.dayEnd).toISOString(),
  calendarEnd: new Date(w.calendarEnd).toISOString(),
});

describe('refreshWindows', () => {
  it('today and tomorrow in the user’s zone, not UTC', () => {
    // 23:30 UTC on 10 June is still the afternoon of 10 June in Los Angeles.
    expect(iso(refreshWindows(Date.parse('2025-06-10T23:30:00Z'), 'America/Los_Angeles'))).toEqual({
      dayStart: '2025-06-10T07:00:00.000Z',
      dayEnd: '2025-06-11T07:00:00.000Z',
      calendarEnd: '2025-06-12T07:00:00.000Z',
    });
    // …and already 11 June in Tokyo.
    expect(iso(refreshWindows(Date.parse('2025-06-10T23:30:00Z'), 'Asia/Tokyo'))).toEqual({
      dayStart: '2025-06-10T15:00:00.000Z',
      dayEnd: '2025-06-11T15:00:00.000Z',
      calendarEnd: '2025-06-12T15:00:00.000Z',
    });
  });

  it('a spring-forward day is 23 hours long', () => {
    const w = refreshWindows(Date.parse('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(iso(w)).toEqual({
      dayStart: '2026-03-28T23:00:00.000Z',
      dayEnd: '2026-03-29T22:00:00.000Z',
      calendarEnd: '2026-03-30T22:00:00.000Z',
    });
    expect(w.dayEnd - w.dayStart).toBe(23 * 3_600_000);
  });
});
