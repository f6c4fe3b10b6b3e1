/** The header's lines formatted by the window from instants: activity and the manual choice. */
import { describe, expect, it } from 'vitest';
import { activityLine } from '../../../src-renderer/features/header/activity-line.js';
import { manualLine } from '../../../src-renderer/features/header/manual-line.js';
import { createFormatter } from '../../../src-renderer/format/formatter.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

const NOW = Date.parse('2025-06-10T17:07:00Z'); // Tue 10:07 in Los Angeles, Wed 02:07 in Seoul
const la = createFormatter('en-GB', 'America/Los_Angeles');
const seoul = createFormatter('en-GB', 'Asia/Seoul');

describe('activityLine', () => {
  it('says until when, in the viewer zone', () => {
    const meeting = { kind: 'in-a-meeting-until', until: '2025-06-10T22:30:00Z' } as const;
    expect(activityLine(meeting, en, la, NOW)).toBe('In a meeting until 15:30');
    expect(activityLine(meeting, en, seoul, NOW)).toBe('In a meeting until 07:30');
    expect(activityLine({ kind: 'free-until', until: '2025-06-10T20:00:00Z' }, en, la, NOW)).toBe(
      'Free until 13:00',
    );
  });

  it('says busy as "In a meeting until", as PRESENCE.md has busy and in-a-meeting share the line', () => {
    const busy = { kind: 'busy-until', until: '2025-06-10T20:00:00Z' } as const;
    expect(activityLine(busy, en, la, NOW)).toBe('In a meeting until 13:00');
    const koLa = createFormatter('ko', 'America/Los_Angeles');
    expect(activityLine(busy, ko, koLa, NOW)).toBe(
      `${koLa.time('2025-06-10T20:00:00Z')}까지 회의 중`,
    );
  });

  it('names the day of an instant that is not today', () => {
    expect(activityLine({ kind: 'oof-until', until: '2025-06-16T15:00:00Z' }, en, la, NOW)).toBe(
      'Out of office until Mon 08:00',
    );
    expect(
      activityLine({ kind: 'off-work-until', until: '2025-06-11T16:00:00Z' }, en, la, NOW),
    ).toBe('Off work until Wed 09:00');
  });

  it('has words for the lines without an instant, and nothing for none', () => {
    expect(activityLine({ kind: 'free-rest-of-day' }, en, la, NOW)).toBe(
      'Free for the rest of the day',
    );
    expect(activityLine({ kind: 'oof' }, en, la, NOW)).toBe('Out of office');
    expect(activityLine({ kind: 'none' }, en, la, NOW)).toBe('');
  });

  it('speaks Korean with Korean times', () => {
    const koSeoul = createFormatter('ko', 'Asia/Seoul');
    expect(
      activityLine({ kind: 'in-a-meeting-until', until: '2025-06-10T22:30:00Z' }, ko, koSeoul, NOW),
    ).toBe(`${koSeoul.time('2025-06-10T22:30:00Z')}까지 회의 중`);
  });
});

describe('manualLine', () => {
  it('shows the choice with its expiry', () => {
    const manual = {
      availability: 'do-not-disturb',
      note: '',
      expiresAt: '2025-06-10T17:10:00Z',
    } as const;
    expect(manualLine(manual, en, la, NOW)).toBe('Do not disturb · until 10:10');
    const koLa = createFormatter('ko', 'America/Los_Angeles');
    expect(manualLine(manual, ko, koLa, NOW)).toBe(
      `방해 금지 · ${koLa.time('2025-06-10T17:10:00Z')}까지`,
    );
  });

  it('says a choice lasts until changed, and nothing when automatic', () => {
    expect(manualLine({ availability: 'away', note: 'x' }, en, la, NOW)).toBe(
      'Appear away · until you change it',
    );
    expect(manualLine(null, en, la, NOW)).toBeUndefined();
  });
});
