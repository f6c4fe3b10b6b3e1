/** Which catalogue the window speaks and which locale formats its times. */
import { describe, expect, it } from 'vitest';
import { chooseLocale } from '../../../src-renderer/store/locale.js';

describe('chooseLocale', () => {
  it('follows the browser without a setting, keeping its own tag for times (en-GB stays 24-hour)', () => {
    const chosen = chooseLocale(undefined, ['en-GB', 'en']);
    expect(chosen.messages.lang).toBe('en');
    expect(chosen.formatLocale).toBe('en-GB');
  });

  it('takes the first browser language it has a catalogue for', () => {
    const chosen = chooseLocale(undefined, ['fr-FR', 'ko-KR', 'en-US']);
    expect(chosen.messages.lang).toBe('ko');
    expect(chosen.formatLocale).toBe('ko-KR');
  });

  it('falls back to English when it knows none of the languages', () => {
    const chosen = chooseLocale(undefined, ['fr-FR', 'de']);
    expect(chosen.messages.lang).toBe('en');
    expect(chosen.formatLocale).toBe('en');
  });

  it('lets the setting win, formatting in the catalogue tag when the browser speaks another language', () => {
    const korean = chooseLocale('ko', ['en-GB']);
    expect(korean.messages.lang).toBe('ko');
    expect(korean.formatLocale).toBe('ko');
    const english = chooseLocale('en', ['ko-KR', 'en-AU']);
    expect(english.messages.lang).toBe('en');
    expect(english.formatLocale).toBe('en-AU');
  });

  it('treats a setting it has no catalogue for as English', () => {
    expect(chooseLocale('ja', ['ja-JP']).messages.lang).toBe('en');
  });

  it('formats a time with the chosen tag: 24-hour for en-GB, 12-hour for en-US', () => {
    const time = (tag: string): string =>
      new Intl.DateTimeFormat(chooseLocale('en', [tag]).formatLocale, {
        timeStyle: 'short',
        timeZone: 'UTC',
      }).format(new Date('2026-12-03T14:05:00Z'));
    expect(time('en-GB')).toBe('14:05');
    expect(time('en-US')).toMatch(/2:05\s?PM/);
  });
});
