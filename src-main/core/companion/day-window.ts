/**
 * The windows one refresh asks for, in the user's time zone: today's agenda and timeline
 * (local midnight to local midnight, so 23 or 25 hours on DST days), and the first calendar
 * read, which reaches to the end of tomorrow. When the current run or the next busy start lies
 * beyond it, calendar-ahead.ts reads further (up to 14 days, presence/read-ahead.ts).
 */
import { zonedStartOfDay } from '../../presence/zoned-time.js';

export interface RefreshWindows {
  /** Local midnight starting today (UTC ms). */
  dayStart: number;
  /** Local midnight ending today. */
  dayEnd: number;
  /** Local midnight ending tomorrow: the end of the first calendar read. */
  calendarEnd: number;
}

export function refreshWindows(now: number, timeZone: string): RefreshWindows {
  return {
    dayStart: zonedStartOfDay(timeZone, now, 0),
    dayEnd: zonedStartOfDay(timeZone, now, 1),
    calendarEnd: zonedStartOfDay(timeZone, now, 2),
  };
}
