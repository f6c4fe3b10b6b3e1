/** What the live refresh keeps of the owner's free/busy for refreshes that skip the calendar. */
import { describe, expect, it } from 'vitest';
import { toTimeline } from '../../../../src-main/core/companion/mapping.js';
import { freeBusyToKeep } from '../../../../src-main/core/live/last-free-busy.js';
import type { FreeBusyOk, MailboxFreeBusy } from '../../../../src-main/mailbox/calendar.js';
import { MailboxError } from '../../../../src-main/mailbox/errors.js';
import { zoneRuleFor } from '../../../../src-main/mailbox/time/zone-rule.js';

const DAY = Date.parse('2026-12-03T00:00:00Z');

function detailed(events: number): FreeBusyOk {
  return {
    mailbox: 'alex@beacon.test',
    ok: true,
    view: 'DetailedMerged',
    intervalMinutes: 15,
    mergedFreeBusy: '0000222211110000333300004444000055550000222200000000000000000000',
    workingHours: {
      timeZone: zoneRuleFor('Asia/Seoul', new Date(DAY)),
      periods: [{ days: ['Monday', 'Friday'], startMinutes: 540, endMinutes: 1080 }],
    },
    events: Array.from({ length: events }, (_, i) => ({
      start: new Date(DAY + i * 60_000),
      end: new Date(DAY + (i + 30) * 60_000),
      busyType: 'Busy' as const,
      details: {
        id: `item-${String(i)}`,
        subject: `Quarterly review ${String(i)}`,
        location: `Room ${String(i)}`,
        isMeeting: true,
        isRecurring: false,
        isException: false,
        isReminderSet: true,
        isPrivate: false,
      },
    })),
  };
}

describe('freeBusyToKeep', () => {
  it('keeps the merged slots, interval, view and working hours, and no meeting at all', () => {
    const read = detailed(5000);
    const [kept] = freeBusyToKeep([read]);
    expect(kept).toEqual({
      mailbox: 'alex@beacon.test',
      ok: true,
      view: 'DetailedMerged',
      intervalMinutes: 15,
      mergedFreeBusy: read.mergedFreeBusy,
      workingHours: read.workingHours,
      events: [],
    });
    expect(JSON.stringify(kept)).not.toContain('Quarterly review');
    // The read itself is left as it was: the refresh that made it still uses it.
    expect(read.events).toHaveLength(5000);
  });

  it('gives the Snapshot the same timeline as the full answer', () => {
    const read = detailed(12);
    const [kept] = freeBusyToKeep([read]);
    if (kept?.ok !== true) throw new Error('expected an answer');
    expect(toTimeline(kept, DAY)).toEqual(toTimeline(read, DAY));
    expect(toTimeline(kept, DAY)?.slots).toBe(read.mergedFreeBusy);
  });

  it('leaves out what the server did not send and keeps a failed mailbox as it failed', () => {
    const bare: FreeBusyOk = {
      mailbox: 'kim@beacon.test',
      ok: true,
      view: 'FreeBusy',
      intervalMinutes: 30,
      events: detailed(3).events,
    };
    const error = new MailboxError('server', 'No such mailbox');
    const failed: MailboxFreeBusy = { mailbox: 'nobody@beacon.test', ok: false, error };
    const kept = freeBusyToKeep([bare, failed]);
    expect(kept).toHaveLength(2);
    expect(Object.keys(kept[0] ?? {}).sort()).toEqual([
      'events',
      'intervalMinutes',
      'mailbox',
      'ok',
      'view',
    ]);
    expect(kept[1]).toBe(failed);
  });
});
