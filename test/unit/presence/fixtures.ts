import type { BusyType, WorkingHours } from '../../../src-main/mailbox/calendar.js';
import type { ZoneRule as LegacyTimeZone } from '../../../src-main/mailbox/time/zone-rule.js';
import {
  DEFAULT_PRESENCE_SETTINGS,
  type PresenceEvent,
  type PresenceInput,
} from '../../../src-main/presence/index.js';

/** Tuesday 9 June 2026, 12:00 UTC: the fixed `now` of the resolver tables. */
export const NOW = new Date('2026-06-09T12:00:00Z');

/** An instant on NOW's UTC day: at('13:30'), at('13:30:45'). */
export function at(hhmm: string): Date {
  return new Date(`2026-06-09T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}Z`);
}

export function ev(
  start: string,
  end: string,
  freeBusy: BusyType = 'Busy',
  extra: Partial<PresenceEvent> = {},
): PresenceEvent {
  const date = (s: string): Date => (s.includes('T') ? new Date(s) : at(s));
  return { start: date(start), end: date(end), freeBusy, ...extra };
}

const NO_CHANGE = {
  bias: 0,
  time: '00:00:00',
  dayOrder: 1,
  month: 0,
  dayOfWeek: 'Sunday',
} as const;

export const UTC_ZONE: LegacyTimeZone = {
  bias: 0,
  standard: { ...NO_CHANGE },
  daylight: { ...NO_CHANGE },
};

/** As Exchange sends them: W. Europe Standard Time and Pacific Standard Time. */
export const BERLIN_ZONE: LegacyTimeZone = {
  bias: -60,
  standard: { bias: 0, time: '03:00:00', dayOrder: 5, month: 10, dayOfWeek: 'Sunday' },
  daylight: { bias: -60, time: '02:00:00', dayOrder: 5, month: 3, dayOfWeek: 'Sunday' },
};

export const LOS_ANGELES_ZONE: LegacyTimeZone = {
  bias: 480,
  standard: { bias: 0, time: '02:00:00', dayOrder: 1, month: 11, dayOfWeek: 'Sunday' },
  daylight: { bias: -60, time: '02:00:00', dayOrder: 2, month: 3, dayOfWeek: 'Sunday' },
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

export function nineToFive(timeZone: LegacyTimeZone, days: string[] = WEEKDAYS): WorkingHours {
  return { timeZone, periods: [{ days, startMinutes: 9 * 60, endMinutes: 17 * 60 }] };
}

export const UTC_HOURS = nineToFive(UTC_ZONE);

export function input(over: Partial<PresenceInput> = {}): PresenceInput {
  return {
    now: NOW,
    signedIn: true,
    events: [],
    workingHours: UTC_HOURS,
    idle: { idleSeconds: 0, locked: false },
    settings: { ...DEFAULT_PRESENCE_SETTINGS },
    ...over,
  };
}

/** An instant as ISO text (or null), so that table rows compare readably. */
export const iso = (d: Date | null | undefined): string | null => d?.toISOString() ?? null;
