/**
 * Reads the calendar beyond the refresh's first window only as far as presence needs it: the
 * pure decision (presence/read-ahead.ts) says whether the current run or the next busy start
 * lies beyond what was read, and this reads the next step until it does not (at most 14 days
 * ahead). The first window's items come in already, so a run that ends today costs nothing more.
 */
import type { CalendarItem, CalendarResult } from '../../mailbox/calendar.js';
import type { OofInput } from '../../presence/index.js';
import { readAhead } from '../../presence/index.js';
import { toPresenceEvent } from './mapping.js';

export interface CalendarReader {
  getCalendar(args: { start: Date; end: Date }): Promise<CalendarResult>;
}

export interface CalendarAheadArgs {
  now: number;
  mailbox: string;
  /** The items of the first read, and where it ended. */
  items: readonly CalendarItem[];
  readTo: number;
  oof?: OofInput | undefined;
}

/** The first read's items plus those of every further read, each item once, sorted by start. */
export async function readCalendarAhead(
  client: CalendarReader,
  args: CalendarAheadArgs,
): Promise<CalendarItem[]> {
  const byKey = new Map<string, CalendarItem>();
  const add = (items: readonly CalendarItem[]): void => {
    // An item that crosses a window's edge comes back from both reads.
    for (const item of items) byKey.set(`${item.id}|${item.start.getTime()}`, item);
  };
  add(args.items);
  let readTo = args.readTo;
  for (;;) {
    const decision = readAhead({
      now: args.now,
      readTo,
      events: [...byKey.values()].map((item) => toPresenceEvent(item, args.mailbox)),
      oof: args.oof,
    });
    if (decision.done) break;
    const page = await client.getCalendar({
      start: new Date(decision.from),
      end: new Date(decision.to),
    });
    add(page.items);
    readTo = decision.to;
  }
  return [...byKey.values()].sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime(),
  );
}
