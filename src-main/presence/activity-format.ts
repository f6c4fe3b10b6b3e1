import type { Activity } from './types.js';
import { zonedWallMs } from './zoned-time.js';

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: string,
  timeZone: string,
  style: 'time' | 'weekday' | 'date',
): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}\u0000${style}`;
  let f = formatters.get(key);
  if (f === undefined) {
    const options: Intl.DateTimeFormatOptions =
      style === 'time'
        ? { timeStyle: 'short' }
        : style === 'weekday'
          ? { weekday: 'short' }
          : { weekday: 'short', day: 'numeric', month: 'short' };
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (formatters.size > 64) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/**
 * "15:30" today; "Mon 09:00" within the coming week; "Mon 20 Apr 09:00" further away (a weekday
 * alone would be ambiguous), all in the locale's own time style and the given zone.
 */
function when(until: Date, now: Date, locale: string, timeZone: string): string {
  const time = formatter(locale, timeZone, 'time').format(until);
  const days =
    Math.floor(zonedWallMs(timeZone, until.getTime()) / DAY_MS) -
    Math.floor(zonedWallMs(timeZone, now.getTime()) / DAY_MS);
  if (days === 0) return time;
  const style = days > 0 && days < 7 ? 'weekday' : 'date';
  return `${formatter(locale, timeZone, style).format(until)} ${time}`;
}

/** The activity line for the UI ("In a meeting until 15:30"); empty for `none`. */
export function formatActivity(
  activity: Activity,
  now: Date,
  locale: string,
  timeZone: string,
): string {
  switch (activity.kind) {
    // PRESENCE.md: busy and in-a-meeting share the line, as Communicator's did.
    case 'in-a-meeting-until':
    case 'busy-until':
      return `In a meeting until ${when(activity.until, now, locale, timeZone)}`;
    case 'free-until':
      return `Free until ${when(activity.until, now, locale, timeZone)}`;
    case 'free-rest-of-day':
      return 'Free for the rest of the day';
    case 'oof-until':
      return `Out of office until ${when(activity.until, now, locale, timeZone)}`;
    case 'oof':
      return 'Out of office';
    case 'off-work-until':
      return `Off work until ${when(activity.until, now, locale, timeZone)}`;
    case 'none':
      return '';
  }
}
