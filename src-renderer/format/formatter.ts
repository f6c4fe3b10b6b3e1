/**
 * Every time on screen goes through one Formatter: one locale (the window's language) and one time
 * zone (the viewer's: the browser's in the web shell, the system's in Electron). Components get
 * it from `useFormat()`; nothing else formats an instant.
 */
export interface Formatter {
  readonly locale: string;
  readonly timeZone: string;
  /** "14:02" / "오후 2:02". */
  time(iso: string): string;
  /** "Mon 8 Dec, 09:00". */
  dateTime(iso: string): string;
  /** The hour of the day (0-23) of an instant in the viewer's zone. */
  hour(ms: number): number;
}

export function createFormatter(locale: string, timeZone: string): Formatter {
  const timeFormat = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
  const hourFormat = new Intl.DateTimeFormat('en-US', {
    hour: 'numeric',
    hourCycle: 'h23',
    timeZone,
  });
  return {
    locale,
    timeZone,
    time: (iso) => timeFormat.format(new Date(iso)),
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    hour: (ms) => Number(hourFormat.format(new Date(ms))) % 24,
  };
}

/** The browser's (or Electron's system) zone. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
