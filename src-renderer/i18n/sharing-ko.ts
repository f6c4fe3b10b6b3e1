/** 한국어: 설정 › 상태 공유. */
import type { SharingMessages } from './sharing-messages.js';
import { mqttKo, sharingProblemsKo, webhooksKo } from './sharing-hooks-ko.js';

export const sharingKo: SharingMessages = {
  title: '상태 공유',
  intro: '이 컴퓨터의 앱과 상태 표시등이 내 상태를 보고 바꿀 수 있게 합니다.',
  apiTitle: '로컬 API',
  apiEnabled: '이 컴퓨터의 앱에 내 상태 제공',
  stateOff: '꺼짐.',
  stateListening: (url) => `켜짐: ${url}`,
  statePortInUse: (port) =>
    `포트 ${port}은(는) 다른 앱이 이미 쓰고 있습니다. 다른 포트를 고른 뒤 저장하세요.`,
  stateFailed: '로컬 API를 시작하지 못했습니다. 껐다가 다시 켜 보세요.',
  port: '포트',
  portHint: (min, max) => `${min}부터 ${max}까지의 숫자.`,
  portInvalid: (min, max) => `포트는 ${min}부터 ${max}까지의 정수여야 합니다.`,
  openRead: '앱이 토큰 없이 내 상태를 읽을 수 있음',
  openReadHint: '상태를 바꾸려면 언제나 토큰이 필요합니다.',
  origins: '읽기를 허용할 웹 페이지',
  originsHint: '한 줄에 주소 하나씩, 예: https://intranet.example. 없으면 비워 두세요.',
  originInvalid: (origin) =>
    `“${origin}”은(는) 웹 페이지 주소가 아닙니다. https://intranet.example처럼 스킴과 호스트만 쓰세요.`,
  originsTooMany: (max) => `웹 페이지 주소는 최대 ${max}개입니다.`,
  tokenTitle: '토큰',
  tokenHint: (hint) => `끝자리 ${hint}`,
  tokenNone: '아직 없습니다. API를 처음 켤 때 만들어집니다.',
  tokenExplained: '앱은 “Authorization: Bearer” 뒤에 토큰을 붙여 보냅니다.',
  show: '보기',
  hide: '숨기기',
  copy: '복사',
  copied: '복사했습니다.',
  copyFailed: '복사하지 못했습니다. 토큰을 선택해 직접 복사하세요.',
  regenerate: '다시 만들기…',
  regenerateConfirm: '지금 토큰을 쓰는 앱은 새 토큰을 받을 때까지 작동하지 않습니다.',
  regenerateNow: '지금 다시 만들기',
  cancel: '취소',
  regenerated: '새 토큰을 쓰고 있습니다.',
  tokenFailed: '토큰을 읽거나 쓰지 못했습니다. 데이터 폴더에 쓸 수 있는지 확인하세요.',
  webhooks: webhooksKo,
  mqtt: mqttKo,
  problems: sharingProblemsKo,
};
