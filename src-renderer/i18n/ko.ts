/**
 * Korean: only the longest strings for now, so that layouts are tested with text that is longer
 * than English and wraps differently; everything else falls back to English.
 */
import { en } from './en.js';
import type { Messages } from './messages.js';

export const ko: Messages = {
  ...en,
  lang: 'ko',
  availability: {
    ...en.availability,
    available: '대화 가능',
    'in-a-meeting': '회의 중',
    'do-not-disturb': '방해 금지',
    'out-of-office': '부재 중',
  },
  keepOpen: '창을 닫지 않고 계속 열어 두기',
  statusMenu: { ...en.statusMenu, button: '상태 변경', reset: '상태를 자동으로 다시 설정' },
  oof: {
    ...en.oof,
    title: '자동 회신 (부재 중 메시지)',
    banner: '자동 회신이 켜져 있습니다. 보낸 사람에게 부재 중 메시지가 자동으로 전송됩니다',
    edit: '자동 회신 설정 편집',
    internalLabel: '조직 내부의 보낸 사람에게 보낼 회신 메시지',
    externalLabel: '조직 외부의 보낸 사람에게 보낼 회신 메시지',
  },
  today: {
    ...en.today,
    title: '오늘의 일정',
    privateAppointment: '비공개 약속',
    empty: '오늘 캘린더에 예정된 일정이 없습니다',
  },
  footer: {
    ...en.footer,
    updated: (time) => `${time}에 Exchange 서버에서 마지막으로 업데이트됨`,
    busyRetrying: (seconds) => `Exchange 서버가 사용 중입니다. ${seconds}초 후에 다시 시도합니다`,
    offline: (time) => `오프라인 — ${time} 기준 데이터를 표시하는 중`,
    refresh: '지금 새로 고침',
    demo: '데모 사서함',
    bridgeDown: 'Beacon에 연결되어 있지 않습니다 — 다시 연결하는 중…',
  },
  settings: {
    button: '설정',
    title: '설정',
    close: '설정 닫기',
    accountTitle: '계정',
    demoAccount: '데모 사서함',
    demoExplained: 'Exchange에 로그인할 때까지 Beacon은 데모 사서함을 표시합니다.',
    signedInAs: (mailbox) => `${mailbox}(으)로 로그인됨`,
    signInTitle: 'Exchange에 로그인',
    mailboxLabel: '전자 메일 주소',
    passwordLabel: '암호',
    ewsUrlLabel: 'EWS URL (선택 사항)',
    ewsUrlHint: '비워 두면 자동 검색(Autodiscover)으로 서버를 찾습니다.',
    signIn: '로그인',
    signingIn: '로그인하는 중…',
    signOut: '로그아웃',
    signingOut: '로그아웃하는 중…',
    presenceTitle: '상태 표시',
    showOffWork: '근무 시간 외에는 근무 시간 아님으로 표시',
    inactiveAfter: '다음 시간 후 비활성으로 표시(분)',
    awayAfter: '다음 시간 후 자리 비움으로 표시(분)',
    minutesHint: (min, max) => `${min}~${max}분`,
    wholeMinutes: (min, max) => `${min}에서 ${max} 사이의 정수(분)를 입력하세요`,
    save: '저장',
    saving: '저장하는 중…',
    saved: '저장됨',
    notSaved: '저장되지 않았습니다:',
  },
};
