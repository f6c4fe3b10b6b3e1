import { describe, expect, it } from 'vitest';
import { mergeFreeBusy, strongest } from '../../../src-main/sim/free-busy.js';

const H = 3_600_000;
const day = Date.parse('2025-06-10T00:00:00Z');

describe('mergeFreeBusy', () => {
  it('writes one digit per interval with the status of the events in it', () => {
    const digits = mergeFreeBusy(
      [
        { start: day + 2 * H, end: day + 3 * H, busyType: 'Busy' },
        { start: day + 4 * H, end: day + 5 * H, busyType: 'Tentative' },
        { start: day + 6 * H, end: day + 7 * H, busyType: 'OOF' },
        { start: day + 8 * H, end: day + 9 * H, busyType: 'WorkingElsewhere' },
      ],
      day,
      day + 10 * H,
      60,
    );
    expect(digits).toBe('0020103040');
  });

  it('lets the strongest status win where events overlap, and marks partly covered slots', () => {
    const digits = mergeFreeBusy(
      [
        { start: day, end: day + 2 * H, busyType: 'Tentative' },
        { start: day + H + 15 * 60_000, end: day + H + 30 * 60_000, busyType: 'Busy' },
      ],
      day,
      day + 3 * H,
      30,
    );
    expect(digits).toBe('112100');
  });

  it('counts a final partial interval (23:59:59 windows give 24 hourly digits)', () => {
    expect(mergeFreeBusy([], day, day + 24 * H - 1000, 60)).toHaveLength(24);
    expect(mergeFreeBusy([], day, day + 90 * 60_000, 60)).toBe('00');
  });

  it('orders statuses OOF > Busy > Tentative > WorkingElsewhere > Free', () => {
    expect(strongest('Busy', 'OOF')).toBe('OOF');
    expect(strongest('Busy', 'Tentative')).toBe('Busy');
    expect(strongest('WorkingElsewhere', 'Tentative')).toBe('Tentative');
    expect(strongest('Free', 'WorkingElsewhere')).toBe('WorkingElsewhere');
  });
});
