/**
 * Every time on screen goes through one Formatter: one locale (the window's language) and one time
 * zone (the viewer's: the browser's in the web shell, the system's in Electron). Components get
 * it from `useFormat()`; nothing else formats an instant. Everything here is pure: "now" is
 * always passed in, so the same instant reads the same in the header, the agenda and the footer.
 */
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface Formatter {
  readonly locale: string;
  readonly timeZone: string;
  /** "14:02" / "오후 2:02". */
  time(iso: string): string;
  /** "09:00–10:00" / "오전 9:00~10:00": the locale's own range, sharing what both ends share. */
  timeRange(startIso: string, endIso: string): string;
  /** "Mon 8 Dec, 09:00". */
  dateTime(iso: string): string;
  /** "Mon 8 Dec". */
  date(iso: string): string;
  /**
   * An instant relative to now, as short as is unambiguous: "15:30" today, "Mon 09:00" within
   * the coming week, "Mon 20 Apr 09:00" further away.
   */
  until(iso: string, now: number): string;
  /** "in 5 minutes", "2 hours ago": the locale's own wording (Intl.RelativeTimeFormat). */
  relative(iso: string, now: number): string;
  /** The hour of the day (0-23) of an instant in the viewer's zone. */
  hour(ms: number): number;
  /** Whole days between two instants' calendar days in the viewer's zone (b − a). */
  daysBetween(a: number, b: number): number;
  /** `YYYY-MM-DD` and `HH:mm` of an instant in the viewer's zone, for date and time inputs. */
  inputParts(iso: string): { date: string; time: string };
  /** A date input and a time input (viewer's zone) as an ISO UTC instant; undefined if invalid. */
  fromInputs(date: string, time: string): string | undefined;
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
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
  const dateFormat = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone,
  });
  const weekdayFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  // Wall-clock parts in the zone, read with a fixed numbering system whatever the UI language.
  const partsFormat = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
    timeZone,
  });

  const wall = (ms: number): WallParts => {
    const parts: Record<string, number> = {};
    for (const part of partsFormat.formatToParts(new Date(ms)))
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    return {
      year: parts.year ?? 1970,
      month: parts.month ?? 1,
      day: parts.day ?? 1,
      hour: (parts.hour ?? 0) % 24,
      minute: parts.minute ?? 0,
    };
  };
  const wallAsUtc = (w: WallParts): number =>
    Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const dayNumber = (ms: number): number => Math.floor(wallAsUtc(wall(ms)) / DAY_MS);
  const daysBetween = (a: number, b: number): number => dayNumber(b) - dayNumber(a);
  const pad = (n: number): string => String(n).padStart(2, '0');

  return {
    locale,
    timeZone,
    time: (iso) => timeFormat.format(new Date(iso)),
    timeRange: (startIso, endIso) => timeFormat.formatRange(new Date(startIso), new Date(endIso)),
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    date: (iso) => dateFormat.format(new Date(iso)),
    until: (iso, now) => {
      const at = new Date(iso);
      const days = daysBetween(now, at.getTime());
      const time = timeFormat.format(at);
      if (days === 0) return time;
      // A weekday alone would be ambiguous past the coming week.
      const day = days > 0 && days < 7 ? weekdayFormat.format(at) : dateFormat.format(at);
      return `${day} ${time}`;
    },
    relative: (iso, now) => {
      const minutes = Math.round((Date.parse(iso) - now) / MINUTE_MS);
      if (Math.abs(minutes) < 60) return relativeFormat.format(minutes, 'minute');
      const hours = Math.round(minutes / 60);
      if (Math.abs(hours) < 24) return relativeFormat.format(hours, 'hour');
      return relativeFormat.format(daysBetween(now, Date.parse(iso)), 'day');
    },
    hour: (ms) => wall(ms).hour,
    daysBetween,
    inputParts: (iso) => {
      const w = wall(Date.parse(iso));
      return {
        date: `${String(w.year).padStart(4, '0')}-${pad(w.month)}-${pad(w.day)}`,
        time: `${pad(w.hour)}:${pad(w.minute)}`,
      };
    },
    fromInputs: (date, time) => {
      const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
      const t = /^(\d{2}):(\d{2})/.exec(time);
      if (d === null || t === null) return undefined;
      const wanted: WallParts = {
        year: Number(d[1]),
        month: Number(d[2]),
        day: Number(d[3]),
        hour: Number(t[1]),
        minute: Number(t[2]),
      };
      const target = wallAsUtc(wanted);
      if (Number.isNaN(target)) return undefined;
      // The zone's offset at the guess, then once more at the corrected instant (DST edges).
      let guess = target;
      for (let i = 0; i < 2; i += 1) guess = target - (wallAsUtc(wall(guess)) - guess);
      return new Date(guess).toISOString();
    },
  };
}

/** The browser's (or Electron's system) zone. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
