import { utcOffsetMinutes } from '../mailbox/time/zone-rule.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The wall clock of an IANA zone at an instant, as milliseconds read as if UTC. */
export function zonedWallMs(zone: string, instantMs: number): number {
  return instantMs + utcOffsetMinutes(zone, instantMs) * MINUTE_MS;
}

/**
 * The instant of a wall-clock time in an IANA zone. A repeated time is its first occurrence; a
 * skipped time (clocks forward) is read with the offset before the change, i.e. just after it.
 */
export function zonedWallToUtc(zone: string, wall: number): number {
  const offsets = new Set(
    [wall - DAY_MS, wall, wall + DAY_MS].map((t) => utcOffsetMinutes(zone, t)),
  );
  const candidates = [...offsets].map((o) => ({ o, t: wall - o * MINUTE_MS }));
  const valid = candidates.filter((c) => utcOffsetMinutes(zone, c.t) === c.o).map((c) => c.t);
  if (valid.length > 0) return Math.min(...valid);
  return Math.max(...candidates.map((c) => c.t));
}

/** Local midnight at the start of the day `days` after the local day of `instantMs`. */
export function zonedStartOfDay(zone: string, instantMs: number, days: number): number {
  const wall = new Date(zonedWallMs(zone, instantMs));
  const midnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + days);
  return zonedWallToUtc(zone, midnight);
}

/** 0 = Sunday … 6 = Saturday, on the local calendar of `zone`. */
export function zonedWeekday(zone: string, instantMs: number): number {
  return new Date(zonedWallMs(zone, instantMs)).getUTCDay();
}

/** Whether two instants fall on the same local calendar day of `zone`. */
export function sameZonedDay(zone: string, a: number, b: number): boolean {
  return Math.floor(zonedWallMs(zone, a) / DAY_MS) === Math.floor(zonedWallMs(zone, b) / DAY_MS);
}
