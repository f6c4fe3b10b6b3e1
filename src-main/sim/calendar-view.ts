/**
 * A calendar seen through a time window: single items and expanded occurrences of recurring
 * series, each with its own id, sorted by start. Shared by CalendarView and free/busy.
 */
import { encodeId, type CalendarItem } from './model.js';
import { expandSeries, overlaps, type Window } from './recurrence.js';

export type CalendarItemKind = 'Single' | 'Occurrence' | 'Exception' | 'RecurringMaster';

export interface CalendarInstance {
  item: CalendarItem;
  id: string;
  kind: CalendarItemKind;
  start: number;
  end: number;
  subject: string;
  location: string;
  originalStart?: number;
}

export function occurrenceId(masterId: string, index: number): string {
  return encodeId({ kind: 'occurrence', masterId, index });
}

export function calendarInstances(
  items: readonly CalendarItem[],
  window: Window,
): CalendarInstance[] {
  const result: CalendarInstance[] = [];
  for (const item of items) {
    if (!item.recurrence) {
      if (overlaps(item.start, item.end, window)) {
        result.push({
          item,
          id: item.id,
          kind: 'Single',
          start: item.start,
          end: item.end,
          subject: item.subject,
          location: item.location,
        });
      }
      continue;
    }
    for (const occurrence of expandSeries(item.start, item.end, item.recurrence, window)) {
      result.push({
        item,
        id: occurrenceId(item.id, occurrence.index),
        kind: occurrence.override ? 'Exception' : 'Occurrence',
        start: occurrence.start,
        end: occurrence.end,
        subject: occurrence.override?.subject ?? item.subject,
        location: occurrence.override?.location ?? item.location,
        originalStart: occurrence.originalStart,
      });
    }
  }
  return result.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** A stored calendar item as CalendarView shows it before expansion (a series as its master). */
export function singleInstance(item: CalendarItem): CalendarInstance {
  return {
    item,
    id: item.id,
    kind: item.recurrence ? 'RecurringMaster' : 'Single',
    start: item.start,
    end: item.end,
    subject: item.subject,
    location: item.location,
  };
}
