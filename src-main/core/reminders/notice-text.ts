/**
 * The words of a notice, in English or Korean (the renderer's languages), with times in the
 * user's locale and zone. The renderer's catalogue is not imported: the core never depends on
 * the UI, and a notification has its own short sentences.
 */
import type { Notice } from './notice.js';

export interface NoticeText {
  title: string;
  body: string;
  /** The button of a joinable meeting; the shell runs `open-join-link` with its item id. */
  actionLabel?: string;
}

export interface NoticeTextOptions {
  /** BCP 47 tag (the settings' locale); the system's when undefined. */
  locale: string | undefined;
  /** IANA zone the times are shown in. */
  timeZone: string;
}

/** Typed for both languages: a sentence missing in either does not compile. */
export interface Words {
  meetingIn: (minutes: number) => string;
  appointmentIn: (minutes: number) => string;
  privateAppointment: string;
  /** An item whose subject is empty, so the notification never starts with a bare time. */
  noSubject: string;
  join: string;
  oofTitle: string;
  oofUntil: (when: string) => string;
  oofHint: string;
  contactAvailable: (name: string) => string;
  contactAvailableBody: string;
  messageFrom: (name: string) => string;
  heldTitle: (messages: number) => string;
  heldBody: (names: string) => string;
  /** "Voicemail from Kim Minji (0:27)"; `length` is absent when unknown. */
  voicemailFrom: (caller: string, length: string | undefined) => string;
  unknownCaller: string;
  voicemailBody: string;
  play: string;
}

export const EN: Words = {
  meetingIn: (m) => `Meeting in ${m} ${m === 1 ? 'minute' : 'minutes'}`,
  appointmentIn: (m) => `Appointment in ${m} ${m === 1 ? 'minute' : 'minutes'}`,
  privateAppointment: 'Private appointment',
  noSubject: 'Untitled event',
  join: 'Join',
  oofTitle: 'Automatic replies are still on',
  oofUntil: (when) => `Until ${when}. Turn them off in Beacon.`,
  oofHint: 'Turn them off in Beacon if you are back.',
  contactAvailable: (name) => `${name} is available`,
  contactAvailableBody: 'You asked to be told when they are available.',
  messageFrom: (name) => `Message from ${name}`,
  heldTitle: (n) => `${n} ${n === 1 ? 'message' : 'messages'} while you were in Do not disturb`,
  heldBody: (names) => `From ${names}`,
  voicemailFrom: (caller, length) =>
    length === undefined ? `Voicemail from ${caller}` : `Voicemail from ${caller} (${length})`,
  unknownCaller: 'an unknown caller',
  voicemailBody: 'Play it in Beacon.',
  play: 'Play',
};

export const KO: Words = {
  meetingIn: (m) => `회의 시작 ${m}분 전`,
  appointmentIn: (m) => `약속 ${m}분 전`,
  privateAppointment: '비공개 약속',
  noSubject: '제목 없는 일정',
  join: '참가',
  oofTitle: '자동 회신이 아직 켜져 있습니다',
  oofUntil: (when) => `${when}까지 켜져 있습니다. Beacon에서 끌 수 있습니다.`,
  oofHint: '돌아오셨다면 Beacon에서 끌 수 있습니다.',
  contactAvailable: (name) => `${name} 님이 대화 가능 상태입니다`,
  contactAvailableBody: '대화 가능해지면 알려 달라고 요청하셨습니다.',
  messageFrom: (name) => `${name} 님의 메시지`,
  heldTitle: (n) => `방해 금지 중에 받은 메시지 ${n}개`,
  heldBody: (names) => `보낸 사람: ${names}`,
  voicemailFrom: (caller, length) =>
    length === undefined ? `${caller} 님의 음성 메시지` : `${caller} 님의 음성 메시지 (${length})`,
  unknownCaller: '알 수 없는 발신자',
  voicemailBody: 'Beacon에서 들을 수 있습니다.',
  play: '재생',
};

const SEPARATOR = ' · ';
const PREVIEW_CHARS = 120;

/** A message on one short line: whitespace collapsed, cut with an ellipsis. */
function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= PREVIEW_CHARS
    ? line
    : `${chars.slice(0, PREVIEW_CHARS - 1).join('')}\u2026`;
}

/** "0:27", "12:05": minutes and seconds, as a player shows a length. */
function clockLength(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

function wordsFor(locale: string): Words {
  return new Intl.Locale(locale).language === 'ko' ? KO : EN;
}

export function noticeText(notice: Notice, options: NoticeTextOptions): NoticeText {
  // One resolved tag for words and times, so both follow the same language.
  const locale = new Intl.DateTimeFormat(options.locale).resolvedOptions().locale;
  const words = wordsFor(locale);
  const { timeZone } = options;

  if (notice.kind === 'meeting-soon') {
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(
      Date.parse(notice.start),
    );
    const subject = notice.isPrivate
      ? words.privateAppointment
      : notice.subject.trim() === ''
        ? words.noSubject
        : notice.subject;
    const parts = [subject, time];
    if (notice.location !== undefined) parts.push(notice.location);
    const text: NoticeText = {
      title: (notice.isMeeting ? words.meetingIn : words.appointmentIn)(notice.minutesLeft),
      body: parts.filter((p) => p.trim() !== '').join(SEPARATOR),
    };
    if (notice.joinable) text.actionLabel = words.join;
    return text;
  }

  if (notice.kind === 'voicemail') {
    const caller = notice.callerName ?? notice.callerNumber ?? words.unknownCaller;
    const text: NoticeText = {
      title: words.voicemailFrom(caller, clockLength(notice.durationSeconds)),
      body: words.voicemailBody,
    };
    if (notice.playable === true) text.actionLabel = words.play;
    return text;
  }
  if (notice.kind === 'contact-available')
    return { title: words.contactAvailable(notice.name), body: words.contactAvailableBody };
  if (notice.kind === 'message')
    return { title: words.messageFrom(notice.name), body: preview(notice.preview) };
  if (notice.kind === 'held-messages') {
    const names = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
      notice.names.slice(0, 3),
    );
    return { title: words.heldTitle(notice.messages), body: words.heldBody(names) };
  }

  if (notice.until === undefined) return { title: words.oofTitle, body: words.oofHint };
  // A weekday and date with the time: the end may be days away, and a weekday alone is ambiguous.
  const when = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  }).format(Date.parse(notice.until));
  return { title: words.oofTitle, body: words.oofUntil(when) };
}
