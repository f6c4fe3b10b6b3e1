import { describe, expect, it } from 'vitest';
import { statusLine } from '../../../src-main/cli/commands/status.js';
import { initialSnapshot } from '../../../src-main/core/store.js';
import { DEFAULT_SETTINGS } from '../../../src-main/core/settings.js';
import type { Presence, Snapshot } from '../../../src-main/core/contract.js';

function snapshot(presence: Partial<Presence>, mode: 'demo' | 'exchange' = 'demo'): Snapshot {
  const base = initialSnapshot({
    account: { mode, mailbox: 'alex@beacon.test', displayName: 'Alex Wilber', signIn: 'signed-in' },
    settings: DEFAULT_SETTINGS,
  });
  return { ...base, presence: { ...base.presence, source: 'automatic', ...presence } };
}

describe('statusLine', () => {
  it.each([
    [
      { availability: 'in-a-meeting', activityText: 'In a meeting until 15:30' },
      'In a meeting until 15:30 — Alex Wilber (Demo mailbox)',
    ],
    [
      { availability: 'available', activityText: 'Free until 14:00' },
      'Available, free until 14:00 — Alex Wilber (Demo mailbox)',
    ],
    [
      { availability: 'busy', activityText: 'In a meeting until 15:30', idle: true },
      'Busy, in a meeting until 15:30 (inactive) — Alex Wilber (Demo mailbox)',
    ],
    [
      { availability: 'do-not-disturb', activityText: '', oof: true },
      'Do not disturb, automatic replies on — Alex Wilber (Demo mailbox)',
    ],
    [
      { availability: 'out-of-office', activityText: 'Out of office until Mon 09:00', oof: true },
      'Out of office until Mon 09:00 — Alex Wilber (Demo mailbox)',
    ],
  ] as const)('%o', (presence, line) => {
    expect(statusLine(snapshot(presence))).toBe(line);
  });

  it('names an Exchange account without the demo mark', () => {
    expect(statusLine(snapshot({ availability: 'away', activityText: '' }, 'exchange'))).toBe(
      'Away — Alex Wilber',
    );
  });
});
