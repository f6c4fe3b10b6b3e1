/** Korean: email-first sign-in and the trusted certificate authority. */
import type { AccountSetupMessages } from './account-messages.js';

export const accountKo: AccountSetupMessages = {
  continue: '계속',
  cancel: '취소',
  otherAddress: '다른 주소 사용',
  lookingUp: (domain) => `${domain} 찾는 중…`,
  foundServer: (host) => `Exchange 서버를 찾았습니다: ${host}.`,
  needsPassword: 'Exchange 서버가 암호를 요청합니다.',
  online: '이 주소는 Microsoft 365를 사용합니다.',
  signInMicrosoft: 'Microsoft로 로그인',
  useCode: '대신 코드 사용',
  notFound: (domain) =>
    `${domain}의 Exchange 서버를 찾지 못했습니다. IT 부서에서 받은 서버 주소를 입력하세요.`,
  serverLabel: '서버 주소(EWS URL)',
  browser: '브라우저에서 계속한 다음 여기로 돌아오세요.',
  openSignInPage: '로그인 페이지 열기',
  deviceCode: (code, url) => `아무 기기에서나 ${url}을(를) 열고 코드 ${code}을(를) 입력하세요.`,
  verifying: 'Exchange에서 확인하는 중…',
  trustCaButton: '이 인증 기관 신뢰…',
  trustTitle: '신뢰하는 인증 기관',
  trustExplained:
    '조직에서 직접 발급한 인증서를 쓰는 서버용입니다. 인증 기관의 인증서(PEM 파일)를 선택하세요. Exchange, 채팅, 이메일 알림에 사용됩니다.',
  trustFileLabel: '인증 기관(PEM 파일)',
  trustNone: '없음: 시스템이 신뢰하는 인증 기관만 사용합니다.',
  trustSubject: (subject) => `발급 대상 ${subject}`,
  trustFingerprint: (fingerprint) => `SHA-256 지문 ${fingerprint}`,
  trustUntil: (date) => `${date}까지 유효`,
  trustRemove: '제거',
  trustChecking: '인증서 확인 중…',
  trustTooLarge: '인증서라고 하기에는 파일이 너무 큽니다.',
  trustRefused: {
    'not-a-certificate': '이 파일은 인증서가 아닙니다(PEM 파일이어야 합니다).',
    'not-a-ca':
      '이 인증서는 인증 기관이 아니라 서버의 인증서입니다. 인증 기관의 인증서를 선택하세요.',
    expired: '이 인증 기관은 만료되었습니다.',
    'not-yet-valid': '이 인증 기관은 아직 유효하지 않습니다. 컴퓨터의 시계를 확인하세요.',
  },
};
