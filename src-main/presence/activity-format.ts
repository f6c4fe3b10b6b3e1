import { activityLine, presenceTexts, type PresenceLanguage } from './presence-text.js';
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

/** The language of the words around the time: Korean for `ko…` locales, else English. */
function languageOf(locale: string): PresenceLanguage {
  return locale.toLowerCase().split('-')[0] === 'ko' ? 'ko' : 'en';
}

/**
 * The activity line for the tray, the CLI and the Snapshot's `activityText` ("In a meeting until
 * 15:30", "15:30까지 회의 중"), in the locale's language; empty for `none`. The window formats
 * its own from the instant, with the same words.
 */
export function formatActivity(
  activity: Activity,
  now: Date,
  locale: string,
  timeZone: string,
): string {
  const structured =
    'until' in activity
      ? { kind: activity.kind, until: activity.until.toISOString() }
      : { kind: activity.kind };
  return activityLine(structured, presenceTexts(languageOf(locale)), (until) =>
    when(until, now, locale, timeZone),
  );
}
