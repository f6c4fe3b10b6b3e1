/**
 * The MergedFreeBusy string of GetUserAvailability: one digit per interval of the time window,
 * the "strongest" status of any event overlapping that interval.
 */

export type BusyType = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';

export interface BusyInterval {
  start: number;
  end: number;
  busyType: BusyType;
}

/** The digit EWS uses for each status. */
export const BUSY_DIGIT: Readonly<Record<BusyType, string>> = {
  Free: '0',
  Tentative: '1',
  Busy: '2',
  OOF: '3',
  WorkingElsewhere: '4',
  NoData: '5',
};

/** Which status wins when events overlap: OOF over Busy over Tentative over WorkingElsewhere. */
const STRENGTH: Readonly<Record<BusyType, number>> = {
  NoData: 0,
  Free: 1,
  WorkingElsewhere: 2,
  Tentative: 3,
  Busy: 4,
  OOF: 5,
};

export function strongest(a: BusyType, b: BusyType): BusyType {
  return STRENGTH[b] > STRENGTH[a] ? b : a;
}

/**
 * Digits for [windowStart, windowEnd) in steps of `intervalMinutes` (the last step may be
 * partial). An interval with no event is Free.
 */
export function mergeFreeBusy(
  events: readonly BusyInterval[],
  windowStart: number,
  windowEnd: number,
  intervalMinutes: number,
): string {
  const step = Math.max(1, intervalMinutes) * 60_000;
  const slots = Math.max(0, Math.ceil((windowEnd - windowStart) / step));
  let digits = '';
  for (let i = 0; i < slots; i++) {
    const slotStart = windowStart + i * step;
    const slotEnd = Math.min(slotStart + step, windowEnd);
    let status: BusyType = 'Free';
    for (const event of events) {
      if (event.start < slotEnd && event.end > slotStart)
        status = strongest(status, event.busyType);
    }
    digits += BUSY_DIGIT[status];
  }
  return digits;
}
