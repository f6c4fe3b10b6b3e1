import { describe, expect, it } from 'vitest';
import { formatActivity, type Activity } from '../../../src-main/presence/index.js';
import { NOW } from './fixtures.js';

const until = (iso: string): Date => new Date(iso);
/** ICU may put a narrow no-break space before AM/PM; the words matter here, not the space kind. */
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

interface Row {
  rule: string;
  activity: Activity;
  now?: string;
  expected: string;
}

describe('PRESENCE.md activity line in en-GB (24-hour clock), Europe/London', () => {
  it.each<Row>([
    {
      rule: 'In a meeting until 15:30',
      activity: { kind: 'in-a-meeting-until', until: until('2026-06-09T14:30:00Z') },
      expected: 'In a meeting until 15:30',
    },
    {
      rule: 'busy shares the line: In a meeting until 15:30',
      activity: { kind: 'busy-until', until: until('2026-06-09T14:30:00Z') },
      expected: 'In a meeting until 15:30',
    },
    {
      rule: 'Free until 14:00',
      activity: { kind: 'free-until', until: until('2026-06-09T13:00:00Z') },
      expected: 'Free until 14:00',
    },
    {
      rule: 'Free for the rest of the day',
      activity: { kind: 'free-rest-of-day' },
      expected: 'Free for the rest of the day',
    },
    {
      rule: 'Out of office until Mon 09:00 (another day: with the weekday)',
      activity: { kind: 'oof-until', until: until('2026-06-15T08:00:00Z') },
      expected: 'Out of office until Mon 09:00',
    },
    {
      rule: 'Out of office until a day more than a week away: with the date',
      activity: { kind: 'oof-until', until: until('2026-06-22T08:00:00Z') },
      expected: 'Out of office until Mon 22 Jun 09:00',
    },
    { rule: 'Out of office (no end)', activity: { kind: 'oof' }, expected: 'Out of office' },
    {
      rule: 'Off work until 09:00 tomorrow: with the weekday',
      activity: { kind: 'off-work-until', until: until('2026-06-10T08:00:00Z') },
      expected: 'Off work until Wed 09:00',
    },
    {
      rule: 'Off work until 09:00 the same local day: time only',
      now: '2026-06-09T05:00:00Z',
      activity: { kind: 'off-work-until', until: until('2026-06-09T08:00:00Z') },
      expected: 'Off work until 09:00',
    },
    { rule: 'none → empty', activity: { kind: 'none' }, expected: '' },
  ])('$rule', ({ activity, now, expected }) => {
    expect(formatActivity(activity, now ? new Date(now) : NOW, 'en-GB', 'Europe/London')).toBe(
      expected,
    );
  });
});

describe('PRESENCE.md activity line in en-US (12-hour clock), America/New_York', () => {
  it.each<Row>([
    {
      rule: 'In a meeting until 3:30 PM',
      activity: { kind: 'in-a-meeting-until', until: until('2026-06-09T19:30:00Z') },
      expected: 'In a meeting until 3:30 PM',
    },
    {
      rule: 'Free until 2:00 PM',
      activity: { kind: 'free-until', until: until('2026-06-09T18:00:00Z') },
      expected: 'Free until 2:00 PM',
    },
    {
      rule: 'Out of office until Mon 9:00 AM',
      activity: { kind: 'oof-until', until: until('2026-06-15T13:00:00Z') },
      expected: 'Out of office until Mon 9:00 AM',
    },
    {
      rule: 'Out of office until a day more than a week away',
      activity: { kind: 'oof-until', until: until('2026-06-22T13:00:00Z') },
      expected: 'Out of office until Mon, Jun 22 9:00 AM',
    },
    {
      rule: 'the local day decides: 23:00 EDT is still today although it is tomorrow in UTC',
      activity: { kind: 'free-until', until: until('2026-06-10T03:00:00Z') },
      expected: 'Free until 11:00 PM',
    },
    {
      rule: 'the local day decides: 09:00 EDT tomorrow on the same UTC date is another day',
      now: '2026-06-10T02:00:00Z',
      activity: { kind: 'off-work-until', until: until('2026-06-10T13:00:00Z') },
      expected: 'Off work until Wed 9:00 AM',
    },
  ])('$rule', ({ activity, now, expected }) => {
    expect(
      plain(formatActivity(activity, now ? new Date(now) : NOW, 'en-US', 'America/New_York')),
    ).toBe(expected);
  });
});

describe('activity line in ko-KR, Asia/Seoul', () => {
  it('says it in Korean around the local time of the end (15:30 KST)', () => {
    const line = formatActivity(
      { kind: 'in-a-meeting-until', until: until('2026-06-09T06:30:00Z') },
      until('2026-06-09T03:00:00Z'),
      'ko-KR',
      'Asia/Seoul',
    );
    expect(line.endsWith('까지 회의 중')).toBe(true);
    expect(line).toContain('3:30');
    expect(line).not.toContain('6:30');
    expect(line).not.toMatch(/In a meeting/);
  });

  it('says busy as a meeting too, and the untimed lines in Korean', () => {
    const now = until('2026-06-09T03:00:00Z');
    const busy = formatActivity(
      { kind: 'busy-until', until: until('2026-06-09T06:30:00Z') },
      now,
      'ko',
      'Asia/Seoul',
    );
    expect(busy.endsWith('까지 회의 중')).toBe(true);
    expect(formatActivity({ kind: 'oof' }, now, 'ko-KR', 'Asia/Seoul')).toBe('부재 중');
    expect(formatActivity({ kind: 'free-rest-of-day' }, now, 'ko-KR', 'Asia/Seoul')).toBe(
      '오늘 남은 시간 동안 일정 없음',
    );
  });
});
