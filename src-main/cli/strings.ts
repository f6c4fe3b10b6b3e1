/**
 * The words of the CLI's human output, in English and Korean. Each catalogue is typed by
 * `CliStrings`, so a key missing from either fails to compile. Usage text and errors meant for
 * scripts stay English; what a person reads as the answer (status, calendar, availability,
 * voicemail) speaks the user's language.
 */
import type { BusyType } from '../mailbox/calendar.js';
import { presenceTexts, type PresenceTexts } from '../presence/presence-text.js';

export type CliLanguage = 'en' | 'ko';

/** The availability names and activity line are the tray's too: see presence-text.ts. */
export interface CliStrings extends PresenceTexts {
  freeBusy: Readonly<Record<BusyType, string>>;
  /** The availability followed by an activity line that does not already name it. */
  withActivity: (availability: string, activity: string) => string;
  /** Appended to the status line while idle. */
  inactive: string;
  automaticRepliesOn: string;
  demoMailbox: string;
  /** The status command could not reach Exchange. */
  noAnswer: string;
  allDay: string;
  cancelled: string;
  tentative: string;
  privateAppointment: string;
  noSubject: string;
  /** Column headings. */
  columns: {
    time: string;
    subject: string;
    location: string;
    status: string;
    from: string;
    received: string;
    length: string;
    id: string;
  };
  noItems: (from: string, to: string) => string;
  itemCount: (count: number) => string;
  /** One mailbox's heading in `availability`. */
  mailboxHeading: (mailbox: string, count: number) => string;
  mailboxError: (mailbox: string, code: string) => string;
  seconds: (seconds: number) => string;
  unread: string;
  missedCall: string;
  protectedVoicemail: string;
  unknownCaller: string;
  noVoicemail: string;
  voicemailCount: (count: number, unread: number) => string;
  /** More items exist than the server returned. */
  moreOnServer: string;
  noSuchVoicemail: (id: string) => string;
  protectedCannotSave: string;
  noAudio: string;
  fileExists: (file: string) => string;
  savedTo: (file: string, bytes: number) => string;
  markedRead: string;
  markedUnread: string;
  movedToDeletedItems: string;
  /** Graph was asked for with a password, or with no OAuth sign-in at all. */
  graphNeedsOAuth: string;
  /** The window's OAuth sign-in can no longer renew a token. */
  signInAgain: string;
  /** The server refused the OAuth token (expired, or not for this server). */
  tokenRefused: string;
  /** No connection to the server's host. */
  unreachable: (host: string) => string;
}

const en: CliStrings = {
  ...presenceTexts('en'),
  freeBusy: {
    Free: 'Free',
    Tentative: 'Tentative',
    Busy: 'Busy',
    OOF: 'Away',
    WorkingElsewhere: 'Working elsewhere',
    NoData: 'No information',
  },
  withActivity: (availability, activity) =>
    `${availability}, ${activity.charAt(0).toLowerCase()}${activity.slice(1)}`,
  inactive: 'inactive',
  automaticRepliesOn: 'automatic replies on',
  demoMailbox: 'Demo mailbox',
  noAnswer: 'No answer from Exchange',
  allDay: 'All day',
  cancelled: 'Cancelled',
  tentative: 'Tentative',
  privateAppointment: 'Private appointment',
  noSubject: '(no subject)',
  columns: {
    time: 'Time',
    subject: 'Subject',
    location: 'Location',
    status: 'Status',
    from: 'From',
    received: 'Received',
    length: 'Length',
    id: 'ID',
  },
  noItems: (from, to) => `Nothing in the calendar from ${from} to ${to}.`,
  itemCount: (count) => (count === 1 ? '1 item' : `${String(count)} items`),
  mailboxHeading: (mailbox, count) =>
    `${mailbox}: ${count === 1 ? '1 event' : `${String(count)} events`}`,
  mailboxError: (mailbox, code) => `${mailbox}: could not be read (${code})`,
  seconds: (seconds) => `${String(seconds)} s`,
  unread: 'unread',
  missedCall: 'missed call',
  protectedVoicemail: 'protected',
  unknownCaller: 'Unknown caller',
  noVoicemail: 'No voicemail.',
  voicemailCount: (count, unread) =>
    `${count === 1 ? '1 voicemail' : `${String(count)} voicemails`}, ${String(unread)} unread`,
  moreOnServer: 'The server has more items than it returned.',
  noSuchVoicemail: (id) => `No voicemail with the ID ${id}.`,
  protectedCannotSave:
    'This voicemail is protected: only Outlook can open it, so Beacon does not save it.',
  noAudio: 'This message has no recording to save.',
  fileExists: (file) => `${file} already exists; choose another file with --out.`,
  savedTo: (file, bytes) => `Saved ${file} (${String(bytes)} bytes).`,
  markedRead: 'Marked as read.',
  markedUnread: 'Marked as unread.',
  movedToDeletedItems: 'Moved to Deleted Items.',
  graphNeedsOAuth:
    "Microsoft Graph accepts only a Microsoft sign-in, not a password: set BEACON_TOKEN to an access token, sign in with Microsoft in Beacon's window (or beacon signin --device-code), or use --protocol ews.",
  signInAgain:
    "Your Microsoft sign-in has expired: sign in again in Beacon's window or with beacon signin --device-code.",
  tokenRefused:
    'The server did not accept the sign-in token (it has expired or is not for this server): get a new one, or sign in again.',
  unreachable: (host) =>
    `Could not connect to ${host}: check the network and the address (--url or --graph-url).`,
};

const ko: CliStrings = {
  ...presenceTexts('ko'),
  freeBusy: {
    Free: '한가함',
    Tentative: '미정',
    Busy: '바쁨',
    OOF: '부재 중',
    WorkingElsewhere: '다른 곳에서 근무',
    NoData: '정보 없음',
  },
  withActivity: (availability, activity) => `${availability} · ${activity}`,
  inactive: '비활성',
  automaticRepliesOn: '자동 회신 켜짐',
  demoMailbox: '데모 사서함',
  noAnswer: 'Exchange에서 응답이 없습니다',
  allDay: '종일',
  cancelled: '취소됨',
  tentative: '미정',
  privateAppointment: '비공개 약속',
  noSubject: '(제목 없음)',
  columns: {
    time: '시간',
    subject: '제목',
    location: '장소',
    status: '상태',
    from: '보낸 사람',
    received: '받은 시간',
    length: '길이',
    id: '아이디',
  },
  noItems: (from, to) => `${from}부터 ${to}까지 일정이 없습니다.`,
  itemCount: (count) => `${String(count)}개 항목`,
  mailboxHeading: (mailbox, count) => `${mailbox}: 일정 ${String(count)}개`,
  mailboxError: (mailbox, code) => `${mailbox}: 읽을 수 없음 (${code})`,
  seconds: (seconds) => `${String(seconds)}초`,
  unread: '읽지 않음',
  missedCall: '부재중 전화',
  protectedVoicemail: '보호됨',
  unknownCaller: '알 수 없는 발신자',
  noVoicemail: '음성 메일이 없습니다.',
  voicemailCount: (count, unread) => `음성 메일 ${String(count)}개, 읽지 않음 ${String(unread)}개`,
  moreOnServer: '서버에 표시되지 않은 항목이 더 있습니다.',
  noSuchVoicemail: (id) => `아이디가 ${id}인 음성 메일이 없습니다.`,
  protectedCannotSave:
    '보호된 음성 메일입니다. Outlook에서만 열 수 있으므로 Beacon은 저장하지 않습니다.',
  noAudio: '이 메시지에는 저장할 녹음이 없습니다.',
  fileExists: (file) => `${file} 파일이 이미 있습니다. --out으로 다른 파일을 지정하세요.`,
  savedTo: (file, bytes) => `${file}에 저장했습니다 (${String(bytes)}바이트).`,
  markedRead: '읽음으로 표시했습니다.',
  markedUnread: '읽지 않음으로 표시했습니다.',
  movedToDeletedItems: '지운 편지함으로 옮겼습니다.',
  graphNeedsOAuth:
    'Microsoft Graph는 암호가 아닌 Microsoft 로그인만 받습니다. BEACON_TOKEN에 액세스 토큰을 설정하거나, Beacon 창에서 Microsoft로 로그인하거나(또는 beacon signin --device-code), --protocol ews를 사용하세요.',
  signInAgain:
    'Microsoft 로그인이 만료되었습니다. Beacon 창에서 또는 beacon signin --device-code로 다시 로그인하세요.',
  tokenRefused:
    '서버가 로그인 토큰을 받지 않았습니다(만료되었거나 이 서버용이 아닙니다). 새 토큰을 받거나 다시 로그인하세요.',
  unreachable: (host) =>
    `${host}에 연결할 수 없습니다. 네트워크와 주소(--url 또는 --graph-url)를 확인하세요.`,
};

const CATALOGUES: Readonly<Record<CliLanguage, CliStrings>> = { en, ko };

export function cliStrings(language: CliLanguage): CliStrings {
  return CATALOGUES[language];
}

/** The language of a BCP 47 tag (`ko-KR`) or a POSIX locale (`ko_KR.UTF-8`), if one we speak. */
export function languageOf(tag: string | undefined): CliLanguage | undefined {
  const language = tag
    ?.trim()
    .toLowerCase()
    .split(/[-_.@]/)[0];
  return language === 'ko' || language === 'en' ? language : undefined;
}

/**
 * The language of the human output: the settings' `locale` (what the window speaks), else the
 * environment (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them), else English. A
 * language the CLI does not speak means English, not the next variable.
 */
export function chooseLanguage(
  settingsLocale: string | undefined,
  env: NodeJS.ProcessEnv,
): CliLanguage {
  // The window's own choice wins even when it is a language the CLI does not speak.
  if (settingsLocale !== undefined && settingsLocale !== '')
    return languageOf(settingsLocale) ?? 'en';
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    return languageOf(value) ?? 'en';
  }
  return 'en';
}
