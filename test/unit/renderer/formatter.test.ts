/** The window's Formatter: one zone and one locale for every time on screen. */
import { describe, expect, it } from 'vitest';
import { createFormatter } from '../../../src-renderer/format/formatter.js';

const seoul = createFormatter('en-GB', 'Asia/Seoul');
const la = createFormatter('en-GB', 'America/Los_Angeles');
// Tuesday 10 June 2025, 10:07 in Los Angeles = 02:07 on Wednesday 11 June in Seoul.
const NOW = Date.parse('2025-06-10T17:07:00Z');

describe('createFormatter', () => {
  it('formats the same instant in the viewer zone only', () => {
    expect(seoul.time('2025-06-10T17:07:00Z')).toBe('02:07');
    expect(la.time('2025-06-10T17:07:00Z')).toBe('10:07');
    expect(seoul.hour(NOW)).toBe(2);
    expect(la.hour(NOW)).toBe(10);
  });

  it('speaks the locale it was given', () => {
    // Node's own ICU data may be trimmed, so the expectation is Intl's own Korean, not a literal
    // (the Korean e2e test checks the real text in Chromium).
    const ko = createFormatter('ko', 'Asia/Seoul');
    const iso = '2025-06-10T06:30:00Z';
    const native = new Intl.DateTimeFormat('ko', { timeStyle: 'short', timeZone: 'Asia/Seoul' });
    expect(ko.time(iso)).toBe(native.format(new Date(iso)));
    expect(ko.time(iso)).not.toBe(seoul.time(iso));
    expect(ko.locale).toBe('ko');
  });

  it('says only the time for today, the weekday within a week, the date further away', () => {
    expect(la.until('2025-06-10T22:30:00Z', NOW)).toBe('15:30');
    expect(la.until('2025-06-12T16:00:00Z', NOW)).toBe('Thu 09:00');
    expect(la.until('2025-06-23T16:00:00Z', NOW)).toBe('Mon 23 Jun 09:00');
    // The same instant is "tomorrow" in Seoul: its day is the viewer's day.
    expect(seoul.until('2025-06-10T22:30:00Z', NOW)).toBe('07:30');
    expect(seoul.daysBetween(NOW, Date.parse('2025-06-11T16:00:00Z'))).toBe(1);
  });

  it('says relative times in the locale', () => {
    expect(la.relative('2025-06-10T17:12:00Z', NOW)).toBe('in 5 minutes');
    expect(la.relative('2025-06-10T15:07:00Z', NOW)).toBe('2 hours ago');
    expect(createFormatter('ko', 'Asia/Seoul').relative('2025-06-10T17:12:00Z', NOW)).toBe(
      '5분 후',
    );
  });

  it('turns date and time inputs into an instant in the viewer zone, and back', () => {
    expect(seoul.fromInputs('2025-12-08', '09:00')).toBe('2025-12-08T00:00:00.000Z');
    expect(la.fromInputs('2025-12-08', '09:00')).toBe('2025-12-08T17:00:00.000Z');
    expect(la.fromInputs('2025-06-08', '09:00')).toBe('2025-06-08T16:00:00.000Z');
    expect(la.inputParts('2025-06-08T16:00:00.000Z')).toEqual({
      date: '2025-06-08',
      time: '09:00',
    });
    expect(seoul.inputParts('2025-06-10T17:07:00Z')).toEqual({ date: '2025-06-11', time: '02:07' });
  });

  it('refuses inputs that are empty or malformed', () => {
    expect(la.fromInputs('', '09:00')).toBeUndefined();
    expect(la.fromInputs('2025-12-08', '')).toBeUndefined();
    expect(la.fromInputs('8/12/2025', '09:00')).toBeUndefined();
  });

  it('round-trips every half hour across a daylight-saving change', () => {
    // 9 March 2025: Los Angeles springs forward at 02:00.
    for (
      let ms = Date.parse('2025-03-09T06:00:00Z');
      ms < Date.parse('2025-03-10T06:00:00Z');
      ms += 1_800_000
    ) {
      const { date, time } = la.inputParts(new Date(ms).toISOString());
      expect(la.fromInputs(date, time)).toBe(new Date(ms).toISOString());
    }
  });
});
