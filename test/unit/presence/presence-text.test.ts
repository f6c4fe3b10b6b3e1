/** The presence words the CLI and the tray share: both languages complete, one activity line. */
import { describe, expect, it } from 'vitest';
import {
  AVAILABILITIES,
  TIMED_ACTIVITY_KINDS,
  type Activity,
} from '../../../src-main/core/contract.js';
import { cliStrings } from '../../../src-main/cli/strings.js';
import { trayStrings } from '../../../src-main/electron/tray/tray-strings.js';
import { activityLine, presenceTexts } from '../../../src-main/presence/presence-text.js';
import { en as windowEn } from '../../../src-renderer/i18n/en.js';
import { ko as windowKo } from '../../../src-renderer/i18n/ko.js';

const en = presenceTexts('en');
const ko = presenceTexts('ko');

/** Stands in for a shell's own date style, so the tests see exactly which instant it was given. */
const iso = (until: Date): string => `<${until.toISOString()}>`;

describe('presenceTexts', () => {
  it('names every availability and every timed activity in English and Korean', () => {
    for (const texts of [en, ko]) {
      for (const availability of AVAILABILITIES)
        expect(texts.availability[availability].trim(), availability).not.toBe('');
      for (const kind of TIMED_ACTIVITY_KINDS)
        expect(texts.activity.until[kind]('W'), kind).toContain('W');
    }
  });

  it('says the Korean texts in Korean', () => {
    const korean = [
      ...Object.values(ko.availability),
      ...TIMED_ACTIVITY_KINDS.map((kind) => ko.activity.until[kind]('')),
      ko.activity.freeRestOfDay,
      ko.activity.oof,
    ];
    for (const text of korean) expect(text, text).not.toMatch(/[A-Za-z]/);
  });

  it('names statuses and activities as the window does, so the tray and the window agree', () => {
    for (const [language, window] of [
      ['en', windowEn],
      ['ko', windowKo],
    ] as const) {
      const texts = presenceTexts(language);
      expect(texts.availability, language).toEqual(window.availability);
      for (const kind of TIMED_ACTIVITY_KINDS)
        expect(texts.activity.until[kind]('W'), `${language} ${kind}`).toBe(
          window.activity.until[kind]('W'),
        );
      expect(texts.activity.freeRestOfDay).toBe(window.activity.freeRestOfDay);
      expect(texts.activity.oof).toBe(window.activity.oof);
      expect(trayStrings(language).manualChoice, language).toEqual(window.manualChoice);
    }
  });

  it('is what the CLI and the tray say, not a copy of it', () => {
    for (const language of ['en', 'ko'] as const) {
      const shared = presenceTexts(language);
      expect(cliStrings(language).availability).toBe(shared.availability);
      expect(cliStrings(language).activity).toBe(shared.activity);
      expect(trayStrings(language).availability).toBe(shared.availability);
      expect(trayStrings(language).activity).toBe(shared.activity);
    }
  });
});

describe('activityLine', () => {
  const until = '2026-12-03T14:30:00.000Z';

  it('puts the shell-formatted instant into the sentence', () => {
    const meeting: Activity = { kind: 'in-a-meeting-until', until };
    expect(activityLine(meeting, en, iso)).toBe(`In a meeting until <${until}>`);
    expect(activityLine(meeting, ko, iso)).toBe(`<${until}>까지 회의 중`);
    expect(activityLine({ kind: 'free-until', until }, en, iso)).toBe(`Free until <${until}>`);
    expect(activityLine({ kind: 'oof-until', until }, en, iso)).toBe(
      `Out of office until <${until}>`,
    );
    expect(activityLine({ kind: 'off-work-until', until }, ko, iso)).toBe(
      `<${until}>까지 업무 시간 외`,
    );
  });

  it('says busy as "In a meeting until", as PRESENCE.md has busy and in-a-meeting share the line', () => {
    expect(activityLine({ kind: 'busy-until', until }, en, iso)).toBe(
      `In a meeting until <${until}>`,
    );
    expect(activityLine({ kind: 'busy-until', until }, ko, iso)).toBe(`<${until}>까지 회의 중`);
  });

  it('has words for the untimed kinds, nothing for none, and formats no instant for them', () => {
    const never = (): string => {
      throw new Error('no instant to format');
    };
    expect(activityLine({ kind: 'free-rest-of-day' }, en, never)).toBe(
      'Free for the rest of the day',
    );
    expect(activityLine({ kind: 'oof' }, ko, never)).toBe('부재 중');
    expect(activityLine({ kind: 'none' }, en, never)).toBe('');
  });
});
