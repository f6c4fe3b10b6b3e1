import { RUN_GAP_MS, contains, runContaining } from './spans.js';
import type { PresenceEvent, Span } from './types.js';

/**
 * A calendar item that can change presence: Busy or OOF, not cancelled, not declined. Tentative,
 * Free, WorkingElsewhere and NoData never change availability, the runs or "free until", so they
 * are dropped here once.
 */
export interface BlockingItem extends Span {
  oof: boolean;
  meeting: boolean;
  /**
   * `end`, stretched to the start of the next blocking item when the gap is under one minute, so
   * that presence does not flicker to available between two items of one run.
   */
  bridgedEnd: number;
}

export function blockingItems(events: readonly PresenceEvent[]): BlockingItem[] {
  const items = events
    .filter((e) => e.isCancelled !== true && e.declined !== true)
    .filter((e) => e.freeBusy === 'Busy' || e.freeBusy === 'OOF')
    .map((e) => ({
      start: e.start.getTime(),
      end: e.end.getTime(),
      oof: e.freeBusy === 'OOF',
      meeting: e.isMeeting !== false,
      bridgedEnd: e.end.getTime(),
    }))
    .filter((i) => Number.isFinite(i.start) && Number.isFinite(i.end) && i.end > i.start)
    .sort((a, b) => a.start - b.start);
  for (const item of items) {
    const covered = items.some((o) => o !== item && o.start <= item.end && o.end > item.end);
    if (covered) continue;
    const next = items.find((o) => o.start > item.end && o.start - item.end < RUN_GAP_MS);
    if (next !== undefined) item.bridgedEnd = next.start;
  }
  return items;
}

const bridged = (i: BlockingItem): Span => ({ start: i.start, end: i.bridgedEnd });

/** What the calendar says at `t`, by precedence OOF > Busy (meeting if any busy item is one). */
export function calendarAt(
  items: readonly BlockingItem[],
  t: number,
): 'oof' | 'meeting' | 'busy' | 'free' {
  const current = items.filter((i) => contains(bridged(i), t));
  if (current.some((i) => i.oof)) return 'oof';
  if (current.length === 0) return 'free';
  return current.some((i) => i.meeting) ? 'meeting' : 'busy';
}

/** End of the run of busy or OOF items that contains `t`. */
export function busyRunEnd(items: readonly BlockingItem[], t: number): number | undefined {
  return runContaining(items.map(bridged), t)?.end;
}

/** The OOF calendar items as spans (for the out-of-office run). */
export function oofItemSpans(items: readonly BlockingItem[]): Span[] {
  return items.filter((i) => i.oof).map(bridged);
}

/** Start of the first busy or OOF item that begins after `t`. */
export function nextBlockingStart(items: readonly BlockingItem[], t: number): number | undefined {
  return items.find((i) => i.start > t)?.start;
}
