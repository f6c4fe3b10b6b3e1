/**
 * The words of the tray icon's tooltip and menu. The main process cannot import the renderer's
 * catalogues, so the same wording is written here again: keep the two in step. The availability
 * names and the activity line are the CLI's too and come from presence-text.ts. Both catalogues
 * are typed by `TrayStrings`, so a key missing in either language does not compile.
 */
import type { ManualAvailability } from '../../core/contract.js';
import { presenceTexts, type PresenceTexts } from '../../presence/presence-text.js';

/** The status line's availability names and activity line (`when` formatted in the zone). */
export interface TrayStrings extends PresenceTexts {
  appName: string;
  /** Shown instead of a status while Exchange has not yet accepted the sign-in. */
  signingIn: string;
  /** Shown instead of a status when no account is signed in (and no demo). */
  signedOut: string;
  /** The status menu's words: "Appear away" rather than "Away", as in the window. */
  manualChoice: Readonly<Record<ManualAvailability, string>>;
  automaticRepliesOn: string;
  /** Shown in parentheses after the app name while the demo mailbox is in use. */
  demoMailbox: string;
  connection: { stale: string; offline: string; authRequired: string };
  resetStatus: string;
  automaticRepliesNotLoaded: string;
  turnOnAutomaticReplies: string;
  turnOffAutomaticReplies: string;
  openWindow: string;
  keepWindowOpen: string;
  startAtLogin: string;
  quit: string;
  /** The tooltip's "2 new voicemails" (unread). */
  newVoicemails: (count: number) => string;
}

const en: TrayStrings = {
  appName: 'Beacon',
  ...presenceTexts('en'),
  signingIn: 'Signing in…',
  signedOut: 'Signed out',
  manualChoice: {
    available: 'Available',
    busy: 'Busy',
    'do-not-disturb': 'Do not disturb',
    'be-right-back': 'Be right back',
    away: 'Appear away',
    'off-work': 'Off work',
    offline: 'Appear offline',
  },
  automaticRepliesOn: 'Automatic replies are on',
  demoMailbox: 'demo mailbox',
  connection: {
    stale: 'Could not update',
    offline: 'Offline',
    authRequired: 'Exchange refused the sign-in',
  },
  resetStatus: 'Reset status',
  automaticRepliesNotLoaded: 'Automatic replies: not loaded yet',
  turnOnAutomaticReplies: 'Turn on automatic replies',
  turnOffAutomaticReplies: 'Turn off automatic replies',
  openWindow: 'Open Beacon',
  keepWindowOpen: 'Keep window open',
  startAtLogin: 'Start Beacon at login',
  quit: 'Quit Beacon',
  newVoicemails: (n) => `${n} new ${n === 1 ? 'voicemail' : 'voicemails'}`,
};

const ko: TrayStrings = {
  appName: 'Beacon',
  ...presenceTexts('ko'),
  signingIn: '로그인 중…',
  signedOut: '로그아웃됨',
  manualChoice: {
    available: '대화 가능',
    busy: '다른 용무 중',
    'do-not-disturb': '방해 금지',
    'be-right-back': '곧 돌아오겠음',
    away: '자리 비움으로 표시',
    'off-work': '업무 시간 외',
    offline: '오프라인으로 표시',
  },
  automaticRepliesOn: '자동 회신이 켜져 있습니다',
  demoMailbox: '데모 사서함',
  connection: {
    stale: '업데이트할 수 없음',
    offline: '오프라인',
    authRequired: 'Exchange에서 로그인을 거부했습니다',
  },
  resetStatus: '상태를 자동으로 다시 설정',
  automaticRepliesNotLoaded: '자동 회신: 아직 불러오지 않음',
  turnOnAutomaticReplies: '자동 회신 켜기',
  turnOffAutomaticReplies: '자동 회신 끄기',
  openWindow: 'Beacon 열기',
  keepWindowOpen: '창을 열어 두기',
  startAtLogin: '로그인할 때 Beacon 시작',
  quit: 'Beacon 종료',
  newVoicemails: (n) => `새 음성 메시지 ${n}개`,
};

/**
 * The catalogue for a BCP 47 tag (`ko-KR`) or a POSIX one (`ko_KR.UTF-8`), by its language;
 * English for anything else or nothing.
 */
export function trayStrings(locale: string | undefined): TrayStrings {
  const language = locale
    ?.trim()
    .toLowerCase()
    .split(/[-_.@]/)[0];
  return language === 'ko' ? ko : en;
}
