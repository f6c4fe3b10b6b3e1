/**
 * The Voicemail view's words, from contract-valid items: who called, when, how long, where the
 * player is, and why a recording cannot play, in English and in Korean.
 */
import { describe, expect, it } from 'vitest';
import {
  VoicemailItemSchema,
  AUDIO_PROBLEMS,
  type VoicemailItem,
} from '../../../src-main/core/contract.js';
import { createFormatter } from '../../../src-renderer/format/formatter.js';
import { en } from '../../../src-renderer/i18n/index.js';
import { ko } from '../../../src-renderer/i18n/ko.js';
import {
  audioSentence,
  callerText,
  downloadHref,
  durationText,
  itemDuration,
  numberText,
  positionText,
  prefetchIds,
  receivedText,
  seekForClick,
  seekForKey,
  shouldMarkRead,
  transcriptFirstLine,
  undoableItems,
  unreadCount,
  visibleItems,
  waveformBars,
} from '../../../src-renderer/features/voicemail/voicemail-text.js';

// Tuesday 10 June 2025, 10:07 in Los Angeles.
const NOW = Date.parse('2025-06-10T17:07:00Z');

function item(over: Partial<VoicemailItem> = {}): VoicemailItem {
  return VoicemailItemSchema.parse({
    id: 'AAMkAD-1',
    kind: 'voicemail',
    receivedAt: '2025-06-10T15:07:00Z',
    isRead: false,
    callerName: 'Megan Bowen',
    callerNumber: '+1 425 555 0142',
    callbackNumber: '+14255550142',
    durationSeconds: 13,
    transcript: "Hi Alex, it's Megan.\nCall me back.",
    audio: { state: 'not-loaded', format: 'mp3' },
    ...over,
  });
}

describe('durationText', () => {
  it('says m:ss with whole seconds, rounded down', () => {
    expect(durationText(0)).toBe('0:00');
    expect(durationText(7.9)).toBe('0:07');
    expect(durationText(65)).toBe('1:05');
    expect(durationText(3700)).toBe('61:40');
  });

  it('never shows a negative or missing length', () => {
    expect(durationText(-3)).toBe('0:00');
    expect(durationText(Number.NaN)).toBe('0:00');
    expect(durationText(Number.POSITIVE_INFINITY)).toBe('0:00');
  });
});

describe('the caller', () => {
  it('is the name, else the number, else "Unknown caller" in the window language', () => {
    expect(callerText(item(), en)).toBe('Megan Bowen');
    const noName = item({ callerName: undefined });
    expect(callerText(noName, en)).toBe('+1 425 555 0142');
    const nobody = item({ callerName: '  ', callerNumber: undefined });
    expect(callerText(nobody, en)).toBe('Unknown caller');
    expect(callerText(nobody, ko)).toBe('알 수 없는 발신자');
  });

  it('shows the number under a name only, never twice', () => {
    expect(numberText(item())).toBe('+1 425 555 0142');
    expect(numberText(item({ callerName: undefined }))).toBeUndefined();
    expect(numberText(item({ callerNumber: undefined }))).toBeUndefined();
  });

  it('keeps markup as the text it is', () => {
    const hostile = item({ callerName: '<img src=x onerror=alert(1)>' });
    expect(callerText(hostile, en)).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('transcriptFirstLine', () => {
  it('is the first line with words', () => {
    expect(transcriptFirstLine("\n  \r\nHi Alex, it's Megan.\nCall me back.")).toBe(
      "Hi Alex, it's Megan.",
    );
    expect(transcriptFirstLine('')).toBe('');
  });
});

describe('receivedText', () => {
  const la = createFormatter('en-GB', 'America/Los_Angeles');
  const laKo = createFormatter('ko', 'America/Los_Angeles');
  const seoul = createFormatter('en-GB', 'Asia/Seoul');

  it('says the time today, "yesterday", then the date, in the viewer zone', () => {
    expect(receivedText('2025-06-10T15:07:00Z', NOW, la)).toBe('08:07');
    expect(receivedText('2025-06-09T15:07:00Z', NOW, la)).toBe('yesterday');
    expect(receivedText('2025-06-02T15:07:00Z', NOW, la)).toBe(la.date('2025-06-02T15:07:00Z'));
    // 07:30 today in Los Angeles is 23:30 of the day before in Seoul, where it is already 02:07.
    expect(receivedText('2025-06-10T14:30:00Z', NOW, la)).toBe('07:30');
    expect(receivedText('2025-06-10T14:30:00Z', NOW, seoul)).toBe('yesterday');
  });

  it('speaks Korean with a Korean formatter', () => {
    const yesterday = receivedText('2025-06-09T15:07:00Z', NOW, laKo);
    expect(yesterday).toBe(
      new Intl.RelativeTimeFormat('ko', { numeric: 'auto' }).format(-1, 'day'),
    );
    expect(yesterday).not.toBe('yesterday');
  });
});

describe('the list', () => {
  const older = item({ id: 'old', receivedAt: '2025-06-08T10:00:00Z', isRead: true });
  const newer = item({ id: 'new', receivedAt: '2025-06-10T16:00:00Z' });
  const going = item({ id: 'going', deletingUntil: '2025-06-10T17:07:05Z' });

  it('shows the newest first and leaves out what is being deleted', () => {
    expect(visibleItems([older, going, newer]).map((i) => i.id)).toEqual(['new', 'old']);
  });

  it('offers Undo until the core stops keeping the item', () => {
    expect(undoableItems([older, going], NOW).map((i) => i.id)).toEqual(['going']);
    expect(undoableItems([older, going], NOW + 5_000)).toEqual([]);
  });

  it('counts unread items for the badge, the deleted ones aside', () => {
    expect(unreadCount([older, newer, going])).toBe(1);
    expect(unreadCount([])).toBe(0);
    expect(en.voicemail.unreadBadge(2)).toBe('2 unread');
    expect(ko.voicemail.unreadBadge(2)).toBe('읽지 않음 2개');
  });

  it('takes the length of the audio once it is known', () => {
    const ready = item({
      audio: {
        state: 'ready',
        src: 'voicemail-audio/abc_DEF-123',
        format: 'mp3',
        transcoded: false,
        peaks: [0.1, 0.5],
        durationSeconds: 12.6,
      },
    });
    expect(itemDuration(item())).toBe(13);
    expect(itemDuration(ready)).toBe(12.6);
    expect(downloadHref(ready.audio)).toBe('voicemail-audio/abc_DEF-123?download=1');
    expect(downloadHref(item().audio)).toBeUndefined();
    expect(
      downloadHref({
        state: 'unplayable',
        problem: 'format-unsupported',
        canSave: true,
        src: 'voicemail-audio/wma_KEY',
      }),
    ).toBe('voicemail-audio/wma_KEY?download=1');
    expect(
      downloadHref({ state: 'unplayable', problem: 'too-large', canSave: false }),
    ).toBeUndefined();
  });
});

describe('audioSentence', () => {
  it('says nothing while the audio can play or may yet', () => {
    expect(audioSentence(item(), en)).toBeUndefined();
    expect(audioSentence(item({ audio: { state: 'loading' } }), en)).toBeUndefined();
  });

  it('words every problem in both languages, each differently', () => {
    for (const t of [en, ko]) {
      const said = AUDIO_PROBLEMS.map((problem) =>
        audioSentence(item({ audio: { state: 'unplayable', problem, canSave: false } }), t),
      );
      expect(said.every((s) => typeof s === 'string' && s.length > 10)).toBe(true);
      expect(new Set(said).size).toBe(AUDIO_PROBLEMS.length);
    }
    const wma = item({
      audio: { state: 'unplayable', problem: 'format-unsupported', canSave: true },
    });
    expect(audioSentence(wma, en)).toBe('This format can’t be played here');
    expect(audioSentence(wma, ko)).toBe('이 형식은 여기에서 재생할 수 없습니다');
  });

  it('names protected items and missed calls whatever the audio says', () => {
    const protectedItem = item({ kind: 'protected', audio: { state: 'not-loaded' } });
    expect(audioSentence(protectedItem, en)).toBe('Protected voicemail — open it in Outlook');
    const missed = item({ kind: 'missed-call', audio: { state: 'not-loaded' } });
    expect(audioSentence(missed, en)).toBe('Missed call — no message was left.');
    expect(audioSentence(missed, ko)).toBe('부재중 전화 — 남긴 메시지가 없습니다.');
  });
});

describe('the waveform slider', () => {
  it('reads its value as "0:12 of 0:27"', () => {
    expect(positionText(12.4, 27, en)).toBe('0:12 of 0:27');
    expect(positionText(12.4, 27, ko)).toBe('0:27 중 0:12');
  });

  it('moves 5 s with the arrows and to the ends with Home/End, inside the audio', () => {
    expect(seekForKey('ArrowRight', 10, 27)).toBe(15);
    expect(seekForKey('ArrowLeft', 10, 27)).toBe(5);
    expect(seekForKey('ArrowLeft', 3, 27)).toBe(0);
    expect(seekForKey('ArrowRight', 25, 27)).toBe(27);
    expect(seekForKey('Home', 10, 27)).toBe(0);
    expect(seekForKey('End', 10, 27)).toBe(27);
    expect(seekForKey('a', 10, 27)).toBeUndefined();
  });

  it('seeks where a click lands', () => {
    expect(seekForClick(75, 300, 20)).toBe(5);
    expect(seekForClick(-4, 300, 20)).toBe(0);
    expect(seekForClick(400, 300, 20)).toBe(20);
    expect(seekForClick(10, 0, 20)).toBe(0);
  });

  it('draws the loudest peak of each stretch', () => {
    expect(waveformBars([0.1, 0.9, 0.2, 0.3], 2)).toEqual([0.9, 0.3]);
    expect(waveformBars([0.1, 0.4], 72)).toEqual([0.1, 0.4]);
    expect(waveformBars([], 72)).toEqual([]);
    const many = Array.from({ length: 512 }, (_, i) => (i === 300 ? 1 : 0.2));
    const bars = waveformBars(many, 72);
    expect(bars).toHaveLength(72);
    expect(bars.filter((b) => b === 1)).toHaveLength(1);
  });
});

describe('shouldMarkRead', () => {
  const base = { position: 0, ended: false, isRead: false, setting: true, alreadySent: false };

  it('marks read past 3 s or at the end, once, with the setting on', () => {
    expect(shouldMarkRead({ ...base, position: 2.9 })).toBe(false);
    expect(shouldMarkRead({ ...base, position: 3.1 })).toBe(true);
    expect(shouldMarkRead({ ...base, position: 1, ended: true })).toBe(true);
    expect(shouldMarkRead({ ...base, position: 5, alreadySent: true })).toBe(false);
    expect(shouldMarkRead({ ...base, position: 5, isRead: true })).toBe(false);
    expect(shouldMarkRead({ ...base, position: 5, setting: false })).toBe(false);
  });
});

describe('prefetchIds', () => {
  const at = (minutesAgo: number): string => new Date(NOW - minutesAgo * 60_000).toISOString();
  it('asks for the three newest unread voicemails whose audio is not here yet', () => {
    const items = [
      item({ id: 'old-unread', receivedAt: at(50) }),
      item({ id: 'read', receivedAt: at(1), isRead: true }),
      item({ id: 'newest', receivedAt: at(2) }),
      item({
        id: 'protected',
        receivedAt: at(3),
        kind: 'protected',
        audio: { state: 'unplayable', problem: 'protected', canSave: false },
      }),
      item({
        id: 'missed',
        receivedAt: at(4),
        kind: 'missed-call',
        audio: { state: 'unplayable', problem: 'no-audio', canSave: false },
      }),
      item({ id: 'second', receivedAt: at(5) }),
      item({ id: 'third', receivedAt: at(6) }),
    ];
    expect(prefetchIds(items)).toEqual(['newest', 'second', 'third']);
  });

  it('does not draw in a fourth when one of the newest is ready or loading', () => {
    const items = [
      item({
        id: 'ready',
        receivedAt: at(1),
        audio: {
          state: 'ready',
          src: 'voicemail-audio/k',
          format: 'mp3',
          transcoded: false,
          durationSeconds: 13,
          peaks: [],
        },
      }),
      item({ id: 'loading', receivedAt: at(2), audio: { state: 'loading' } }),
      item({ id: 'third', receivedAt: at(3) }),
      item({ id: 'fourth', receivedAt: at(4) }),
    ];
    expect(prefetchIds(items)).toEqual(['third']);
  });

  it('leaves out a message being deleted, and asks for nothing when all is read', () => {
    expect(prefetchIds([item({ id: 'going', deletingUntil: at(-1) })])).toEqual([]);
    expect(prefetchIds([item({ isRead: true })])).toEqual([]);
  });
});
