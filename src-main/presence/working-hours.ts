import type { WorkingHours, WorkingPeriod } from '../mailbox/calendar.js';
import { localFromWallMs } from '../mailbox/time/wall-clock.js';
import { localToUtc, utcToLocal, type ZoneRule } from '../mailbox/time/zone-rule.js';
import { mergeSpans } from './spans.js';
import type { Span } from './types.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Whether a period applies on a weekday (0 = Sunday); EWS also writes Day, Weekday, WeekendDay. */
function periodCovers(period: WorkingPeriod, weekday: number): boolean {
  return period.days.some((d) => {
    if (d === 'Day') return true;
    if (d === 'Weekday') return weekday >= 1 && weekday <= 5;
    if (d === 'WeekendDay') return weekday === 0 || weekday === 6;
    return WEEKDAYS[weekday] === d;
  });
}

function wallToUtc(tz: ZoneRule, wall: number): number {
  return localToUtc(tz, localFromWallMs(wall)).getTime();
}

/**
 * The working periods as UTC spans for the local days of the working hours' own zone rule that
 * overlap [fromMs, toMs]. Each wall-clock edge is converted with that rule, so DST shortens or
 * lengthens nothing but the night it happens in. A period whose end is not after its start runs
 * past midnight. Touching periods merge.
 */
export function workingSpans(hours: WorkingHours, fromMs: number, toMs: number): Span[] {
  const tz = hours.timeZone;
  const first = utcToLocal(tz, new Date(fromMs));
  const firstDay = Date.UTC(first.year, first.month - 1, first.day) - DAY_MS;
  const spans: Span[] = [];
  // Wall days run a day before `fromMs` (overnight periods) to a day after `toMs` (zone offset).
  for (let day = firstDay; day <= toMs + 2 * DAY_MS; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    for (const p of hours.periods) {
      if (p.startMinutes === p.endMinutes || !periodCovers(p, weekday)) continue;
      const endMinutes = p.endMinutes > p.startMinutes ? p.endMinutes : p.endMinutes + 1440;
      spans.push({
        start: wallToUtc(tz, day + p.startMinutes * MINUTE_MS),
        end: wallToUtc(tz, day + endMinutes * MINUTE_MS),
      });
    }
  }
  return mergeSpans(spans, 1).filter((s) => s.end > fromMs && s.start <= toMs);
}
