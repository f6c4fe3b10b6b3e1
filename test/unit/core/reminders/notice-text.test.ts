import { describe, expect, it } from 'vitest';
import type {
  MeetingSoonNotice,
  OofStillOnNotice,
} from '../../../../src-main/core/reminders/notice.js';
import { noticeText } from '../../../../src-main/core/reminders/notice-text.js';

const LONDON = { locale: 'en-GB', timeZone: 'Europe/London' };
const SEOUL_KO = { locale: 'ko-KR', timeZone: 'Asia/Seoul' };

function designReview(extra: Partial<MeetingSoonNotice> = {}): MeetingSoonNotice {
  return {
    kind: 'meeting-soon',
    id: 'meeting:AAMkAD-1:2026-11-27T10:30:00.000Z',
    itemId: 'AAMkAD-1',
    subject: 'Design review',
    start: '2026-11-27T10:30:00.000Z',
    location: 'Room 4',
    minutesLeft: 5,
    isMeeting: true,
    isPrivate: false,
    joinable: true,
    ...extra,
  };
}

const OOF_ON: OofStillOnNotice = { kind: 'oof-still-on', id: 'oof:exchange:alex@contoso.example' };
/** Monday 30 November 2026, 17:00 in London. */
const OOF_UNTIL: OofStillOnNotice = { ...OOF_ON, until: '2026-11-30T17:00:00.000Z' };

/** ICU writes narrow no-break spaces in some times; the words are what these tests check. */
const plain = (text: string): string => text.replace(/[\u202f\u00a0]/g, ' ');

describe('meeting reminder text in English', () => {
  it('says how soon, then subject, time and place, with a Join button', () => {
    expect(noticeText(designReview(), LONDON)).toEqual({
      title: 'Meeting in 5 minutes',
      body: 'Design review · 10:30 · Room 4',
      actionLabel: 'Join',
    });
  });

  it('shows the time in the given zone', () => {
    const { body } = noticeText(designReview(), { locale: 'en-GB', timeZone: 'Asia/Seoul' });
    expect(body).toBe('Design review · 19:30 · Room 4');
  });

  it('says one minute in the singular', () => {
    expect(noticeText(designReview({ minutesLeft: 1 }), LONDON).title).toBe('Meeting in 1 minute');
  });

  it('calls the user’s own items appointments', () => {
    expect(noticeText(designReview({ isMeeting: false }), LONDON).title).toBe(
      'Appointment in 5 minutes',
    );
  });

  it('has no button without a link to open', () => {
    expect(noticeText(designReview({ joinable: false }), LONDON)).toEqual({
      title: 'Meeting in 5 minutes',
      body: 'Design review · 10:30 · Room 4',
    });
  });

  it('leaves the place out when there is none', () => {
    const noPlace = designReview();
    delete noPlace.location;
    expect(noticeText(noPlace, LONDON).body).toBe('Design review · 10:30');
  });

  it('shows a private item as "Private appointment"', () => {
    const hidden = designReview({ subject: 'Private appointment', isPrivate: true });
    expect(noticeText(hidden, LONDON).body).toBe('Private appointment · 10:30 · Room 4');
  });

  it('follows the locale’s own time style', () => {
    const { body } = noticeText(designReview(), { locale: 'en-US', timeZone: 'Europe/London' });
    expect(plain(body)).toBe('Design review · 10:30 AM · Room 4');
  });
});

describe('meeting reminder text in Korean', () => {
  it('says how soon in Korean, with the time in Seoul and a Korean Join button', () => {
    const text = noticeText(designReview(), SEOUL_KO);
    expect(text.title).toBe('회의 시작 5분 전');
    expect(text.actionLabel).toBe('참가');
    // 10:30 UTC is 19:30 in Seoul; the day-period words depend on the ICU build.
    expect(text.body).toMatch(/^Design review · .*7:30 · Room 4$/);
  });

  it('calls a private item 비공개 약속 and an appointment 약속', () => {
    const hidden = designReview({
      subject: 'Private appointment',
      isPrivate: true,
      isMeeting: false,
    });
    const text = noticeText(hidden, SEOUL_KO);
    expect(text.title).toBe('약속 5분 전');
    expect(text.body.startsWith('비공개 약속 · ')).toBe(true);
  });

  it('takes Korean from the language, whatever the region', () => {
    expect(noticeText(designReview(), { locale: 'ko', timeZone: 'UTC' }).title).toBe(
      '회의 시작 5분 전',
    );
  });
});

describe('"automatic replies are still on" text', () => {
  it('without an end, says how to turn them off', () => {
    expect(noticeText(OOF_ON, LONDON)).toEqual({
      title: 'Automatic replies are still on',
      body: 'Turn them off in Beacon if you are back.',
    });
  });

  it('with an end, names the day, date and time in the zone', () => {
    const { title, body } = noticeText(OOF_UNTIL, LONDON);
    expect(title).toBe('Automatic replies are still on');
    expect(body).toMatch(/^Until Mon 30 Nov,? 17:00\. Turn them off in Beacon\.$/);
  });

  it('in Korean, names the date and says they can be turned off in Beacon', () => {
    const { title, body } = noticeText(OOF_UNTIL, SEOUL_KO);
    expect(title).toBe('자동 회신이 아직 켜져 있습니다');
    // 17:00 UTC on the 30th is 02:00 on 1 December in Seoul.
    expect(body).toMatch(
      /^12월 1일 \(화\) .*2:00까지 켜져 있습니다\. Beacon에서 끌 수 있습니다\.$/,
    );
  });

  it('in Korean without an end', () => {
    expect(noticeText(OOF_ON, SEOUL_KO)).toEqual({
      title: '자동 회신이 아직 켜져 있습니다',
      body: '돌아오셨다면 Beacon에서 끌 수 있습니다.',
    });
  });
});

describe('both catalogues', () => {
  it('have the same sentences, and the Korean ones are Korean', async () => {
    const { EN, KO } = await import('../../../../src-main/core/reminders/notice-text.js');
    expect(Object.keys(KO).sort()).toEqual(Object.keys(EN).sort());
    for (const [key, value] of Object.entries(KO) as [string, unknown][]) {
      const text =
        typeof value === 'function' ? (value as (x: unknown) => string)(5) : String(value);
      expect(text.trim(), key).not.toBe('');
      // Beacon is the product's name; nothing else in Latin letters.
      expect(text.replace(/Beacon/g, '').match(/[A-Za-z]{2,}/g), `${key}: ${text}`).toBeNull();
    }
  });

  it('name an untitled item instead of starting with a bare time', () => {
    expect(noticeText(designReview({ subject: '  ' }), LONDON).body).toBe(
      'Untitled event · 10:30 · Room 4',
    );
    expect(noticeText(designReview({ subject: '' }), SEOUL_KO).body).toMatch(/^제목 없는 일정 · /);
  });
});
