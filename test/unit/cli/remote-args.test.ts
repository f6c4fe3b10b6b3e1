import { describe, expect, it } from 'vitest';
import {
  applyOofChanges,
  dayWindow,
  parseInstantFlag,
} from '../../../src-main/cli/commands/remote-args.js';
import { UsageError } from '../../../src-main/cli/output.js';
import type { OofSettings } from '../../../src-main/ews/operations/oof.js';

const HOUR = 3_600_000;
const iso = (d: Date): string => d.toISOString();

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parseInstantFlag', () => {
  it('reads Z and offset forms as the same UTC instant', () => {
    expect(iso(parseInstantFlag('--from', '2026-11-27T09:00:00Z'))).toBe(
      '2026-11-27T09:00:00.000Z',
    );
    expect(iso(parseInstantFlag('--from', '2026-11-27T09:00:00+02:00'))).toBe(
      '2026-11-27T07:00:00.000Z',
    );
    expect(iso(parseInstantFlag('--to', '2026-11-27T09:00:00.250-08:00'))).toBe(
      '2026-11-27T17:00:00.250Z',
    );
  });

  it('refuses a bare local time (ambiguous) and names the flag', () => {
    const error = usageError(() => parseInstantFlag('--start', '2026-11-27T09:00:00'));
    expect(error.message).toBe('--start needs a time zone, e.g. 2026-11-27T09:00:00Z');
    expect(usageError(() => parseInstantFlag('--end', '2026-11-27')).message).toContain('--end');
  });

  it('refuses something that only looks zoned', () => {
    expect(usageError(() => parseInstantFlag('--to', 'next friday Z')).message).toBe(
      '--to is not a date: next friday Z',
    );
    expect(usageError(() => parseInstantFlag('--to', '2026-13-45T09:00:00Z')).message).toBe(
      '--to is not a date: 2026-13-45T09:00:00Z',
    );
  });
});

describe('dayWindow: local midnight to midnight, as UTC', () => {
  const window = (now: string, zone: string): [string, string, number] => {
    const { start, end } = dayWindow(new Date(now), zone);
    return [iso(start), iso(end), (end.getTime() - start.getTime()) / HOUR];
  };

  it('an ordinary summer day is 24 hours', () => {
    expect(window('2025-06-10T17:07:00Z', 'America/Los_Angeles')).toEqual([
      '2025-06-10T07:00:00.000Z',
      '2025-06-11T07:00:00.000Z',
      24,
    ]);
    expect(window('2025-06-10T17:07:00Z', 'Europe/Berlin')).toEqual([
      '2025-06-09T22:00:00.000Z',
      '2025-06-10T22:00:00.000Z',
      24,
    ]);
    expect(window('2025-06-10T17:07:00Z', 'UTC')).toEqual([
      '2025-06-10T00:00:00.000Z',
      '2025-06-11T00:00:00.000Z',
      24,
    ]);
  });

  it('takes the day that is local in the zone, not the UTC day', () => {
    // 00:30 on 11 June in Berlin, still 10 June in UTC.
    expect(window('2025-06-10T22:30:00Z', 'Europe/Berlin')[0]).toBe('2025-06-10T22:00:00.000Z');
    // 20:00 on 10 June in Los Angeles, already 11 June in UTC.
    expect(window('2025-06-11T03:00:00Z', 'America/Los_Angeles')[0]).toBe(
      '2025-06-10T07:00:00.000Z',
    );
  });

  it('Europe/Berlin: the spring-forward day has 23 hours, the fall-back day 25', () => {
    expect(window('2025-03-30T12:00:00Z', 'Europe/Berlin')).toEqual([
      '2025-03-29T23:00:00.000Z',
      '2025-03-30T22:00:00.000Z',
      23,
    ]);
    expect(window('2025-10-26T12:00:00Z', 'Europe/Berlin')).toEqual([
      '2025-10-25T22:00:00.000Z',
      '2025-10-26T23:00:00.000Z',
      25,
    ]);
    // Early on the change day, before the switch.
    expect(window('2025-03-30T00:30:00Z', 'Europe/Berlin')[2]).toBe(23);
  });

  it('America/Los_Angeles: the spring-forward day has 23 hours, the fall-back day 25', () => {
    expect(window('2025-03-09T20:00:00Z', 'America/Los_Angeles')).toEqual([
      '2025-03-09T08:00:00.000Z',
      '2025-03-10T07:00:00.000Z',
      23,
    ]);
    expect(window('2025-11-02T20:00:00Z', 'America/Los_Angeles')).toEqual([
      '2025-11-02T07:00:00.000Z',
      '2025-11-03T08:00:00.000Z',
      25,
    ]);
    // The day before each change is an ordinary one.
    expect(window('2025-03-08T20:00:00Z', 'America/Los_Angeles')[2]).toBe(24);
    expect(window('2025-11-01T20:00:00Z', 'America/Los_Angeles')[2]).toBe(24);
  });

  it('the year boundary', () => {
    expect(window('2025-12-31T12:00:00Z', 'Europe/Berlin')).toEqual([
      '2025-12-30T23:00:00.000Z',
      '2025-12-31T23:00:00.000Z',
      24,
    ]);
  });
});

describe('applyOofChanges: only the named fields change', () => {
  const current: OofSettings = {
    state: 'Scheduled',
    externalAudience: 'All',
    duration: { start: new Date('2025-06-16T07:00:00Z'), end: new Date('2025-06-21T07:00:00Z') },
    internalReply: { message: '<p>Internal</p>', lang: 'en-US' },
    externalReply: { message: '<p>External</p>', lang: 'de-DE' },
    declineEventsForScheduledOof: true,
    allowExternalOof: 'Known',
  };
  const snapshot = structuredClone(current);

  it('no changes: an equal copy', () => {
    const next = applyOofChanges(current, {});
    expect(next).toEqual(current);
    expect(next).not.toBe(current);
  });

  it('state and audience from their lower-case flag values', () => {
    const next = applyOofChanges(current, { state: 'enabled', audience: 'known' });
    expect(next).toEqual({ ...current, state: 'Enabled', externalAudience: 'Known' });
    expect(applyOofChanges(current, { state: 'disabled', audience: 'none' })).toMatchObject({
      state: 'Disabled',
      externalAudience: 'None',
    });
    expect(current).toEqual(snapshot);
  });

  it('a reply message keeps its language; the other reply is untouched', () => {
    const next = applyOofChanges(current, { internal: '<p>Away &amp; back</p>' });
    expect(next.internalReply).toEqual({ message: '<p>Away &amp; back</p>', lang: 'en-US' });
    expect(next.externalReply).toBe(current.externalReply);
    expect(applyOofChanges(current, { external: '' }).externalReply).toEqual({
      message: '',
      lang: 'de-DE',
    });
  });

  it('a schedule: both ends, or one end with the current other end', () => {
    const both = applyOofChanges(current, {
      state: 'scheduled',
      start: '2025-07-01T08:00:00+02:00',
      end: '2025-07-04T17:30:00Z',
    });
    expect(both.duration && [iso(both.duration.start), iso(both.duration.end)]).toEqual([
      '2025-07-01T06:00:00.000Z',
      '2025-07-04T17:30:00.000Z',
    ]);
    const endOnly = applyOofChanges(current, { end: '2025-06-30T00:00:00Z' });
    expect(endOnly.duration && [iso(endOnly.duration.start), iso(endOnly.duration.end)]).toEqual([
      '2025-06-16T07:00:00.000Z',
      '2025-06-30T00:00:00.000Z',
    ]);
    expect(current).toEqual(snapshot);
  });

  it('refuses bad values with a usage error', () => {
    expect(usageError(() => applyOofChanges(current, { state: 'on' as 'enabled' })).message).toBe(
      '--state must be enabled, disabled or scheduled',
    );
    expect(
      usageError(() => applyOofChanges(current, { audience: 'everyone' as 'all' })).message,
    ).toBe('--audience must be none, known or all');
    const withoutDuration: OofSettings = { ...current };
    delete withoutDuration.duration;
    expect(
      usageError(() => applyOofChanges(withoutDuration, { start: '2025-07-01T00:00:00Z' })).message,
    ).toBe('A schedule needs both --start and --end');
    expect(
      usageError(() => applyOofChanges(current, { start: '2025-07-01T00:00:00' })).message,
    ).toContain('--start needs a time zone');
  });
});
