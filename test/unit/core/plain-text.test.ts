/**
 * Bidirectional controls never reach a surface that cannot isolate text: the pure function, the
 * notices' words, the OS notification and the tray tooltip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasBidiControls, withoutBidiControls } from '../../../src-main/core/plain-text.js';
import { noticeText } from '../../../src-main/core/reminders/index.js';
import type { MeetingSoonNotice } from '../../../src-main/core/reminders/notice.js';
import { createNotifier } from '../../../src-main/electron/os/notifier.js';
import { trayModel } from '../../../src-main/electron/tray/tray-model.js';
import { trayStrings } from '../../../src-main/electron/tray/tray-strings.js';
import { createFakeElectron } from '../../support/electron-fake.js';
import { sampleSnapshot } from './sample-snapshot.js';

const CONTROLS = [
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
].map((code) => String.fromCodePoint(code));

describe('withoutBidiControls', () => {
  it('removes each of the twelve controls and nothing else', () => {
    for (const control of CONTROLS) {
      expect(withoutBidiControls(`a${control}b`)).toBe('ab');
      expect(hasBidiControls(`a${control}b`)).toBe(true);
    }
    expect(withoutBidiControls('\u202Egnp.exe')).toBe('gnp.exe');
    // Hebrew, Arabic, Korean, emoji and the zero-width joiner stay as they are.
    const text = 'שלום مرحبا 안녕 👩‍💻 a\u200Db';
    expect(withoutBidiControls(text)).toBe(text);
    expect(hasBidiControls(text)).toBe(false);
  });

  it('leaves no control in any string and keeps every other character in order', () => {
    const pieces = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom(...CONTROLS));
    fc.assert(
      fc.property(fc.array(pieces), (parts) => {
        const joined = parts.join('');
        const out = withoutBidiControls(joined);
        expect(hasBidiControls(out)).toBe(false);
        // Code points, not graphemes: a control is one code point wherever it sits.
        expect(out).toBe(
          Array.from(joined)
            .filter((c) => !CONTROLS.includes(c))
            .join(''),
        );
      }),
    );
  });
});

const reversed: MeetingSoonNotice = {
  kind: 'meeting-soon',
  id: 'meeting:m1:2026-11-27T10:30:00.000Z',
  itemId: 'm1',
  subject: 'Invoice \u202Egnp.exe',
  location: '\u2067Room 4\u2069',
  start: '2026-11-27T10:30:00.000Z',
  minutesLeft: 5,
  isMeeting: true,
  isPrivate: false,
  joinable: true,
};

describe('surfaces that cannot isolate text', () => {
  it("a notice's words carry no control", () => {
    expect(noticeText(reversed, { locale: 'en-GB', timeZone: 'UTC' })).toEqual({
      title: 'Meeting in 5 minutes',
      body: 'Invoice gnp.exe · 10:30 · Room 4',
      actionLabel: 'Join',
    });
  });

  it('the OS notification gets none, whatever the words it is given', () => {
    const electron = createFakeElectron('linux');
    const notifier = createNotifier({
      electron: electron.platform,
      text: () => ({ title: '\u202EMessage from Eve', body: 'pay \u202Dnow\u202C' }),
      onOpen: () => undefined,
      onJoin: () => undefined,
    });
    notifier.show(reversed);
    expect(electron.notifications[0]?.options).toMatchObject({
      title: 'Message from Eve',
      body: 'pay now',
    });
  });

  it('the tray tooltip and status line get none', () => {
    const strings = trayStrings('en');
    const model = trayModel(sampleSnapshot(), {
      strings: {
        ...strings,
        activity: {
          ...strings.activity,
          until: { ...strings.activity.until, 'in-a-meeting-until': () => '\u202EIn a meeting' },
        },
      },
      time: { locale: 'en-GB', timeZone: 'UTC', now: new Date('2026-11-27T09:00:00Z') },
      pinned: false,
      autostart: false,
    });
    expect(hasBidiControls(model.tooltip)).toBe(false);
    expect(model.tooltip).toContain('In a meeting');
    const first = model.menu[0];
    expect(first !== undefined && 'label' in first ? first.label : '').toBe('In a meeting');
  });
});
