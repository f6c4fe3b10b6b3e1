/** What one refresh reads, by why it runs and whether notifications arrive. */
import { describe, expect, it } from 'vitest';
import type { RefreshTarget } from '../../../../src-main/core/live/decisions.js';
import {
  FULL_READ,
  planRefresh,
  readsNothing,
} from '../../../../src-main/core/live/refresh-plan.js';

const none = new Set<RefreshTarget>();
const calendar = new Set<RefreshTarget>(['calendar']);
const voicemail = new Set<RefreshTarget>(['voicemail']);

describe('planRefresh', () => {
  it("reads only a notification's targets, never the OOF", () => {
    expect(
      planRefresh({ reason: 'notification', live: true, targets: calendar, dayChanged: false }),
    ).toEqual({
      oof: false,
      calendar: 'read',
      voicemail: 'skip',
    });
    expect(
      planRefresh({ reason: 'notification', live: true, targets: voicemail, dayChanged: false }),
    ).toEqual({
      oof: false,
      calendar: 'skip',
      voicemail: 'read',
    });
  });

  it('reads nothing for a notification whose changes a full read already covered', () => {
    const plan = planRefresh({
      reason: 'notification',
      live: true,
      targets: none,
      dayChanged: false,
    });
    expect(readsNothing(plan)).toBe(true);
  });

  it('reads the calendar for any refresh once the day has changed', () => {
    expect(
      planRefresh({ reason: 'notification', live: true, targets: voicemail, dayChanged: true })
        .calendar,
    ).toBe('read');
    expect(
      planRefresh({ reason: 'quarter-hour', live: true, targets: none, dayChanged: true }).calendar,
    ).toBe('read');
  });

  it('checks first while live: the hourly poll asks whether anything changed', () => {
    expect(
      planRefresh({ reason: 'quarter-hour', live: true, targets: none, dayChanged: false }),
    ).toEqual({
      oof: true,
      calendar: 'if-changed',
      voicemail: 'if-changed',
    });
    expect(
      planRefresh({ reason: 'quarter-hour', live: true, targets: calendar, dayChanged: false })
        .calendar,
    ).toBe('read');
  });

  it('checks first when polling with a backend that answers the folder check (Graph)', () => {
    for (const reason of ['quarter-hour', 'next-change'])
      expect(
        planRefresh({ reason, live: false, folderChecks: true, targets: none, dayChanged: false }),
      ).toEqual({ oof: true, calendar: 'if-changed', voicemail: 'if-changed' });
    // A new day is read whatever the check would say.
    expect(
      planRefresh({
        reason: 'quarter-hour',
        live: false,
        folderChecks: true,
        targets: none,
        dayChanged: true,
      }).calendar,
    ).toBe('read');
  });

  it('reads everything when polling without a folder check, and for start, the user, resume and retries', () => {
    expect(
      planRefresh({ reason: 'quarter-hour', live: false, targets: none, dayChanged: false }),
    ).toEqual(FULL_READ);
    expect(
      planRefresh({
        reason: 'next-change',
        live: false,
        folderChecks: false,
        targets: none,
        dayChanged: false,
      }),
    ).toEqual(FULL_READ);
    for (const reason of ['start', 'user', 'resume', 'unlock', 'network-back', 'retry'])
      for (const folderChecks of [true, false])
        expect(
          planRefresh({ reason, live: true, folderChecks, targets: none, dayChanged: false }),
        ).toEqual(FULL_READ);
  });
});
