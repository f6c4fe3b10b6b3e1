import type { ExternalAudience, OofSettings, OofState } from '../../mailbox/oof.js';
import { zonedStartOfDay, zonedWallToUtc } from '../../presence/zoned-time.js';
import { UsageError } from '../output.js';

/** An instant from a flag: ISO-8601 with Z or an offset (a bare local time would be ambiguous). */
export function parseInstantFlag(flag: string, value: string): Date {
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(value))
    throw new UsageError(`${flag} needs a time zone, e.g. 2026-11-27T09:00:00Z`);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} is not a date: ${value}`);
  return date;
}

/**
 * A window edge from `--from`/`--to`: an instant with a zone as for parseInstantFlag, or a bare
 * date (`2026-12-03`), which means that day in `timeZone`: local midnight for the start, and the
 * end of the day (the next local midnight) for the end, so `--from D --to D` is all of day D.
 */
export function parseWindowFlag(
  flag: string,
  value: string,
  timeZone: string,
  edge: 'start' | 'end',
): Date {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date === null) {
    if (/^\d{4}-\d{2}-\d{2}T[^Z+-]*$/i.test(value))
      throw new UsageError(
        `${flag} needs a time zone, e.g. 2026-11-27T09:00:00Z, or a date alone, e.g. 2026-11-27`,
      );
    return parseInstantFlag(flag, value);
  }
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const wall = Date.UTC(year, month - 1, day);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    throw new UsageError(`${flag} is not a date: ${value}`);
  return new Date(
    zonedWallToUtc(timeZone, edge === 'start' ? wall : Date.UTC(year, month - 1, day + 1)),
  );
}

/** Midnight to midnight of the local day that contains `now`, in `timeZone`, as UTC instants. */
export function dayWindow(now: Date, timeZone: string): { start: Date; end: Date } {
  return {
    start: new Date(zonedStartOfDay(timeZone, now.getTime(), 0)),
    end: new Date(zonedStartOfDay(timeZone, now.getTime(), 1)),
  };
}

export interface OofChanges {
  state?: Lowercase<OofState> | undefined;
  start?: string | undefined;
  end?: string | undefined;
  internal?: string | undefined;
  external?: string | undefined;
  audience?: Lowercase<ExternalAudience> | undefined;
}

const STATES: Record<string, OofState> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  scheduled: 'Scheduled',
};
const AUDIENCES: Record<string, ExternalAudience> = { none: 'None', known: 'Known', all: 'All' };

/** The settings to send: the current ones with only the named fields changed. */
export function applyOofChanges(current: OofSettings, changes: OofChanges): OofSettings {
  const next: OofSettings = { ...current };
  if (changes.state !== undefined) {
    const state = STATES[changes.state];
    if (!state) throw new UsageError('--state must be enabled, disabled or scheduled');
    next.state = state;
  }
  if (changes.audience !== undefined) {
    const audience = AUDIENCES[changes.audience];
    if (!audience) throw new UsageError('--audience must be none, known or all');
    next.externalAudience = audience;
  }
  if (changes.start !== undefined || changes.end !== undefined) {
    const start =
      changes.start !== undefined
        ? parseInstantFlag('--start', changes.start)
        : current.duration?.start;
    const end =
      changes.end !== undefined ? parseInstantFlag('--end', changes.end) : current.duration?.end;
    if (start === undefined || end === undefined)
      throw new UsageError('A schedule needs both --start and --end');
    next.duration = { start, end };
  }
  if (changes.internal !== undefined)
    next.internalReply = { ...current.internalReply, message: changes.internal };
  if (changes.external !== undefined)
    next.externalReply = { ...current.externalReply, message: changes.external };
  return next;
}
