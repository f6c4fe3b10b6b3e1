/**
 * Where "now" falls in today's agenda: which items have ended, which one is in progress, and
 * before which item the "now" marker goes. Pure, so it is tested on values; all-day items are
 * neither past nor current (they frame the day) and the marker always follows them. A cancelled
 * meeting is never "in progress": once its start has passed it counts as gone.
 */
import type { AgendaItem } from '../../../src-main/core/contract.js';

export type ItemTime = 'past' | 'current' | 'upcoming' | 'all-day';

export interface AgendaNow {
  times: ItemTime[];
  /** Index of the item the marker goes before; `items.length` puts it last. */
  markerBefore: number;
}

export function agendaNow(items: readonly AgendaItem[], now: number): AgendaNow {
  const times = items.map((item): ItemTime => {
    if (item.isAllDay) return 'all-day';
    if (Date.parse(item.end) <= now) return 'past';
    if (Date.parse(item.start) <= now) return item.isCancelled ? 'past' : 'current';
    return 'upcoming';
  });
  // Before the first item still to come, after any all-day, past or current ones.
  const firstUpcoming = times.indexOf('upcoming');
  return { times, markerBefore: firstUpcoming === -1 ? items.length : firstUpcoming };
}
