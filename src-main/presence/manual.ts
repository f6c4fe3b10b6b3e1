import type { ExpiryChoice, ManualChoice } from './types.js';
import { zonedStartOfDay, zonedWeekday } from './zoned-time.js';

const MINUTE_MS = 60_000;

/** A manual choice holds until its expiry; at the expiry instant itself it has expired. */
export function manualActiveAt(manual: ManualChoice | undefined, t: number): boolean {
  if (manual === undefined) return false;
  const expires = manual.expiresAt?.getTime();
  return expires === undefined || Number.isNaN(expires) || t < expires;
}

/**
 * The expiry instant of a status-menu choice. "End of today" is the next local midnight in
 * `timeZone`; "end of this week" is the midnight ending the day before `weekStart` (0 = Sunday,
 * default 1 = Monday, so the week ends at the end of Sunday). `never` → undefined.
 */
export function manualExpiry(
  choice: ExpiryChoice,
  now: Date,
  timeZone: string,
  weekStart = 1,
): Date | undefined {
  if (!Number.isInteger(weekStart) || weekStart < 0 || weekStart > 6) {
    throw new RangeError(`weekStart must be 0..6, got ${weekStart}`);
  }
  const t = now.getTime();
  switch (choice) {
    case '30m':
      return new Date(t + 30 * MINUTE_MS);
    case '1h':
      return new Date(t + 60 * MINUTE_MS);
    case '2h':
      return new Date(t + 120 * MINUTE_MS);
    case 'end-of-day':
      return new Date(zonedStartOfDay(timeZone, t, 1));
    case 'end-of-week': {
      const lastDay = (weekStart + 6) % 7;
      const daysLeft = (lastDay - zonedWeekday(timeZone, t) + 7) % 7;
      return new Date(zonedStartOfDay(timeZone, t, daysLeft + 1));
    }
    case 'never':
      return undefined;
  }
}
