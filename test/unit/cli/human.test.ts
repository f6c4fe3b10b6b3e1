/** The CLI's words and tables: both catalogues complete, the language chosen, columns aligned. */
import { describe, expect, it } from 'vitest';
import type { CalendarItem } from '../../../src-main/ews/operations/calendar.js';
import {
  activityLine,
  calendarText,
  displayWidth,
  table,
  voicemailText,
} from '../../../src-main/cli/human.js';
import { parseWindowFlag } from '../../../src-main/cli/commands/remote-args.js';
import { chooseLanguage, cliStrings, languageOf } from '../../../src-main/cli/strings.js';

/** Every leaf of a catalogue, functions called with sample arguments. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const call = value as (...args: unknown[]) => string;
    return [
      [path, call('2', '1')],
      [`${path}(text)`, call('A', 'B')],
    ];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    leaves(v, path === '' ? key : `${path}.${key}`),
  );
}

describe('the catalogues', () => {
  it('have the same keys in English and Korean, every one filled', () => {
    const en = leaves(cliStrings('en'));
    const ko = leaves(cliStrings('ko'));
    expect(ko.map(([key]) => key).sort()).toEqual(en.map(([key]) => key).sort());
    for (const [key, text] of [...en, ...ko]) expect(text.trim(), key).not.toBe('');
  });

  it('say every Korean text in Korean (no English word left behind)', () => {
    for (const [key, text] of leaves(cliStrings('ko'))) {
      // Placeholders (A, B, numbers), product names, command lines, flags and their values, and
      // environment variables are allowed.
      const words = text
        .replace(/beacon [a-z]+/g, '')
        .replace(/--[a-z-]+( [a-z]+\b)?/g, '')
        .replace(/\bBEACON_[A-Z_]+/g, '')
        .replace(/\b(A|B|Exchange|Beacon|Outlook|Microsoft Graph|Microsoft)\b/g, '')
        .match(/[A-Za-z]{2,}/g);
      expect(words, `${key}: ${text}`).toBeNull();
    }
  });
});

describe('chooseLanguage', () => {
  it('takes the settings first, then LC_ALL, LC_MESSAGES, LANG, then English', () => {
    expect(chooseLanguage('ko', { LANG: 'en_US.UTF-8' })).toBe('ko');
    expect(chooseLanguage('en-GB', { LC_ALL: 'ko_KR.UTF-8' })).toBe('en');
    expect(chooseLanguage('de', { LANG: 'ko_KR.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, { LC_ALL: 'ko_KR.UTF-8', LANG: 'en_US' })).toBe('ko');
    expect(chooseLanguage(undefined, { LC_MESSAGES: 'ko_KR', LANG: 'en_US' })).toBe('ko');
    expect(chooseLanguage(undefined, { LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(chooseLanguage(undefined, { LANG: 'C.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, {})).toBe('en');
  });

  it('reads BCP 47 and POSIX tags by their language', () => {
    expect(languageOf('ko-KR')).toBe('ko');
    expect(languageOf('ko_KR.UTF-8@euro')).toBe('ko');
    expect(languageOf('EN')).toBe('en');
    expect(languageOf('fr')).toBeUndefined();
  });
});

describe('activityLine', () => {
  const now = new Date('2026-12-03T09:00:00Z');
  const seoul = { locale: 'ko-KR', timeZone: 'Asia/Seoul' };

  it('renders the core instant in the given zone, in either language', () => {
    const meeting = { kind: 'in-a-meeting-until', until: '2026-12-03T10:30:00.000Z' } as const;
    expect(activityLine(meeting, now, cliStrings('en'), { locale: 'en-GB', timeZone: 'UTC' })).toBe(
      'In a meeting until 10:30',
    );
    expect(activityLine(meeting, now, cliStrings('ko'), seoul)).toMatch(
      /^(오후|PM) 7:30까지 회의 중$/,
    );
  });

  it('says busy as "In a meeting until", as PRESENCE.md has busy and in-a-meeting share the line', () => {
    const busy = { kind: 'busy-until', until: '2026-12-03T10:30:00.000Z' } as const;
    expect(activityLine(busy, now, cliStrings('en'), { locale: 'en-GB', timeZone: 'UTC' })).toBe(
      'In a meeting until 10:30',
    );
    expect(activityLine(busy, now, cliStrings('ko'), seoul)).toMatch(
      /^(오후|PM) 7:30까지 회의 중$/,
    );
  });

  it('names the day when the end is not today, and has words for the untimed kinds', () => {
    const oof = { kind: 'oof-until', until: '2026-12-07T08:00:00.000Z' } as const;
    expect(activityLine(oof, now, cliStrings('en'), EN_UTC)).toBe(
      'Out of office until Mon, Dec 7, 8:00 AM',
    );
    expect(activityLine({ kind: 'none' }, now, cliStrings('ko'), seoul)).toBe('');
    expect(activityLine({ kind: 'oof' }, now, cliStrings('ko'), seoul)).toBe('부재 중');
    expect(activityLine({ kind: 'free-rest-of-day' }, now, cliStrings('en'), EN_UTC)).toBe(
      'Free for the rest of the day',
    );
  });
});

describe('statusLine in Korean', () => {
  it('does not repeat an availability the activity already names', async () => {
    const { statusLine } = await import('../../../src-main/cli/commands/status.js');
    const { initialSnapshot } = await import('../../../src-main/core/store.js');
    const { DEFAULT_SETTINGS } = await import('../../../src-main/core/settings.js');
    const base = initialSnapshot({
      account: {
        mode: 'demo',
        mailbox: 'a@b.test',
        displayName: 'Alex Wilber',
        signIn: 'signed-in',
      },
      settings: DEFAULT_SETTINGS,
    });
    const busy = { ...base, presence: { ...base.presence, availability: 'in-a-meeting' as const } };
    const ko = cliStrings('ko');
    expect(statusLine(busy, ko, '오후 3:30까지 회의 중')).toBe(
      '오후 3:30까지 회의 중 — Alex Wilber (데모 사서함)',
    );
    const free = {
      ...base,
      presence: { ...base.presence, availability: 'available' as const, idle: true },
    };
    expect(statusLine(free, ko, '오후 2:00까지 한가함')).toBe(
      '대화 가능 · 오후 2:00까지 한가함 (비활성) — Alex Wilber (데모 사서함)',
    );
  });
});

describe('parseWindowFlag', () => {
  it('reads a bare date as local midnight, and as the end of that day for --to', () => {
    expect(parseWindowFlag('--from', '2026-12-03', 'Asia/Seoul', 'start').toISOString()).toBe(
      '2026-12-02T15:00:00.000Z',
    );
    expect(parseWindowFlag('--to', '2026-12-03', 'Asia/Seoul', 'end').toISOString()).toBe(
      '2026-12-03T15:00:00.000Z',
    );
    expect(
      parseWindowFlag('--from', '2026-12-03', 'America/Los_Angeles', 'start').toISOString(),
    ).toBe('2026-12-03T08:00:00.000Z');
  });

  it('follows daylight saving: a 23-hour day in spring', () => {
    const start = parseWindowFlag('--from', '2026-03-08', 'America/New_York', 'start');
    const end = parseWindowFlag('--to', '2026-03-08', 'America/New_York', 'end');
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(23);
  });

  it('keeps instants with a zone, and refuses local times and impossible dates', () => {
    expect(
      parseWindowFlag('--from', '2026-12-03T09:00:00+09:00', 'UTC', 'start').toISOString(),
    ).toBe('2026-12-03T00:00:00.000Z');
    expect(() => parseWindowFlag('--from', '2026-12-03T09:00', 'UTC', 'start')).toThrow(
      /needs a time zone/,
    );
    expect(() => parseWindowFlag('--to', '2026-02-30', 'UTC', 'end')).toThrow(/not a date/);
  });
});

describe('tables', () => {
  it('count Hangul as two terminal cells', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('회의 중')).toBe(7);
  });

  it('pad columns to the widest cell and trim the line ends', () => {
    expect(
      table([
        ['시간', 'x'],
        ['9:00–10:00', 'yy'],
      ]),
    ).toBe('시간        x\n9:00–10:00  yy');
  });
});

const EN_UTC = { locale: 'en-US', timeZone: 'UTC' };

function item(overrides: Partial<CalendarItem>): CalendarItem {
  return {
    id: 'i',
    subject: 'Sync',
    start: new Date('2026-12-03T09:00:00Z'),
    end: new Date('2026-12-03T09:30:00Z'),
    isAllDay: false,
    freeBusy: 'Busy',
    isMeeting: true,
    isCancelled: false,
    sensitivity: 'Normal',
    isPrivate: false,
    ...overrides,
  };
}

describe('calendarText', () => {
  const window = {
    start: new Date('2026-12-03T00:00:00Z'),
    end: new Date('2026-12-04T00:00:00Z'),
    complete: true,
  };

  it('says so when the window is empty', () => {
    expect(calendarText({ ...window, items: [] }, cliStrings('en'), EN_UTC)).toBe(
      'Nothing in the calendar from Thu, Dec 3, 12:00 AM to Fri, Dec 4, 12:00 AM.',
    );
  });

  it('shows times in the given zone and names cancelled, tentative and untitled items', () => {
    const text = calendarText(
      {
        ...window,
        items: [
          item({ subject: '', location: 'Room 1' }),
          item({ subject: 'Maybe', myResponse: 'Tentative' }),
          item({ subject: 'Gone', isCancelled: true, freeBusy: 'Free' }),
        ],
      },
      cliStrings('en'),
      { locale: 'en-GB', timeZone: 'Europe/Berlin' },
    );
    expect(text).toContain('10:00–10:30  Busy       (no subject)  Room 1');
    expect(text).toMatch(/Tentative\s+Maybe/);
    expect(text).toMatch(/Cancelled\s+Gone/);
  });

  it('warns when the server held back items', () => {
    const text = calendarText(
      { ...window, complete: false, items: [item({})] },
      cliStrings('ko'),
      EN_UTC,
    );
    expect(text.split('\n').at(-1)).toBe(cliStrings('ko').moreOnServer);
  });
});

describe('voicemailText', () => {
  it('names the caller, marks unread and missed calls, and counts', () => {
    const text = voicemailText(
      {
        folder: 'voicemail',
        includesLastItemInRange: true,
        items: [
          {
            id: '1',
            subject: 'v',
            received: new Date('2026-12-03T08:00:00Z'),
            isRead: false,
            itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
            kind: 'voicemail',
            hasAttachments: true,
            durationSeconds: 13,
            from: { name: 'Megan Bowen' },
          },
          {
            id: '2',
            subject: 'm',
            received: new Date('2026-12-02T08:00:00Z'),
            isRead: true,
            itemClass: 'IPM.Note.Microsoft.Missed.Voice',
            kind: 'missed-call',
            hasAttachments: false,
            callerNumber: '+1 555 0100',
          },
        ],
      },
      cliStrings('en'),
      EN_UTC,
    );
    expect(text.split('\n')).toEqual([
      '2 voicemails, 1 unread',
      'From         Received             Length',
      'Megan Bowen  Thu, Dec 3, 8:00 AM  13 s    unread',
      '+1 555 0100  Wed, Dec 2, 8:00 AM          missed call',
    ]);
  });
});
