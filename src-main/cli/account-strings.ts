/**
 * The words of `beacon signin`, `signout` and `account`, in English and Korean, typed so a key
 * missing from either catalogue fails to compile. Failures are worded from the core's typed
 * reason, never from a server's message.
 */
import type { FailureReason } from '../core/contract.js';
import type { CliLanguage } from './strings.js';

export interface AccountStrings {
  lookingUp: (domain: string) => string;
  found: (url: string) => string;
  needsPassword: string;
  notFound: (domain: string) => string;
  online: string;
  deviceCodeUnavailable: string;
  signedIn: (name: string, mailbox: string) => string;
  keptIn: (where: 'keychain' | 'memory') => string;
  signedOut: (mailbox: string) => string;
  notSignedIn: string;
  demo: string;
  labels: {
    mailbox: string;
    server: string;
    method: string;
    secret: string;
    trustedCa: string;
  };
  autodiscover: string;
  methods: Record<'basic' | 'ntlm' | 'oauth' | 'unknown', string>;
  secretIn: Record<'keychain' | 'none' | 'unknown', string>;
  noCa: string;
  ca: (subject: string, fingerprint: string) => string;
  failure: Record<FailureReason, string>;
  generic: string;
}

const en: AccountStrings = {
  lookingUp: (domain) => `Looking up ${domain}…`,
  found: (url) => `Found ${url}`,
  needsPassword: 'The server asks for your password.',
  notFound: (domain) => `No Exchange server was found for ${domain}. Give it with --url.`,
  online: 'This address uses Microsoft 365: sign in with --device-code.',
  deviceCodeUnavailable:
    'Signing in with a code is not available in this version of the command line; use the Beacon window.',
  signedIn: (name, mailbox) => `Signed in as ${name} (${mailbox})`,
  keptIn: (where) =>
    where === 'keychain'
      ? 'Your password is kept in the system keychain.'
      : 'No keychain: your password was not kept.',
  signedOut: (mailbox) => `Signed out of ${mailbox}.`,
  notSignedIn: 'Not signed in.',
  demo: 'Demo mailbox',
  labels: {
    mailbox: 'Mailbox',
    server: 'Server',
    method: 'Sign-in',
    secret: 'Password/token',
    trustedCa: 'Trusted CA',
  },
  autodiscover: 'found with Autodiscover',
  methods: {
    basic: 'password (Basic)',
    ntlm: 'password (NTLM)',
    oauth: 'Microsoft (OAuth)',
    unknown: 'chosen at sign-in',
  },
  secretIn: {
    keychain: 'in the system keychain',
    none: 'not stored',
    unknown: 'keychain not reachable',
  },
  noCa: 'none (the system’s authorities only)',
  ca: (subject, fingerprint) => `${subject}, SHA-256 ${fingerprint}`,
  failure: {
    'wrong-password': 'Exchange did not accept this email address and password.',
    'ews-blocked': 'Your organisation does not allow Beacon to use Exchange Web Services.',
    'access-denied': 'Exchange refused access to this mailbox.',
    unreachable: 'The server could not be reached. Check the address and your network.',
    'host-not-found': "Can't find the server. Check the address and your network.",
    timeout: "Exchange didn't answer in time. Try again later.",
    'tls-untrusted':
      'The server’s certificate is not trusted, so Beacon did not send your password.',
    'autodiscover-failed':
      'Autodiscover found no Exchange server for this address. Give it with --url.',
    'no-password': 'No password is stored for this account. Sign in again.',
    'keychain-unavailable': 'The system keychain could not be reached.',
    'server-busy': 'Exchange is busy. Try again in a few minutes.',
    'server-error': 'Exchange answered with something Beacon could not use. Try again later.',
    'kerberos-unsupported':
      'This server accepts only Kerberos, which Beacon does not support yet. Ask your IT department to allow NTLM.',
    'sign-in-expired': 'Your session expired. Sign in again.',
    'graph-needs-oauth':
      'Microsoft Graph works only with a Microsoft sign-in. Sign in with Microsoft, or set the connection back to automatic.',
  },
  generic: 'Signing in did not work.',
};

const ko: AccountStrings = {
  lookingUp: (domain) => `${domain} 찾는 중…`,
  found: (url) => `찾음: ${url}`,
  needsPassword: '서버가 암호를 요청합니다.',
  notFound: (domain) => `${domain}의 Exchange 서버를 찾지 못했습니다. --url로 지정하세요.`,
  online: '이 주소는 Microsoft 365를 사용합니다. --device-code로 로그인하세요.',
  deviceCodeUnavailable:
    '이 버전의 명령줄에서는 코드로 로그인할 수 없습니다. Beacon 창을 사용하세요.',
  signedIn: (name, mailbox) => `${name}(${mailbox})(으)로 로그인했습니다`,
  keptIn: (where) =>
    where === 'keychain'
      ? '암호는 시스템 키체인에 보관됩니다.'
      : '키체인이 없어 암호를 보관하지 않았습니다.',
  signedOut: (mailbox) => `${mailbox}에서 로그아웃했습니다.`,
  notSignedIn: '로그인하지 않았습니다.',
  demo: '데모 사서함',
  labels: {
    mailbox: '사서함',
    server: '서버',
    method: '로그인 방식',
    secret: '암호/토큰',
    trustedCa: '신뢰하는 인증 기관',
  },
  autodiscover: '자동 검색으로 찾음',
  methods: {
    basic: '암호(Basic)',
    ntlm: '암호(NTLM)',
    oauth: 'Microsoft(OAuth)',
    unknown: '로그인할 때 선택',
  },
  secretIn: {
    keychain: '시스템 키체인에 있음',
    none: '보관하지 않음',
    unknown: '키체인에 연결할 수 없음',
  },
  noCa: '없음(시스템의 인증 기관만)',
  ca: (subject, fingerprint) => `${subject}, SHA-256 ${fingerprint}`,
  failure: {
    'wrong-password': 'Exchange가 이 이메일 주소와 암호를 받아들이지 않았습니다.',
    'ews-blocked': '조직에서 Beacon의 Exchange 웹 서비스 사용을 허용하지 않습니다.',
    'access-denied': 'Exchange가 이 사서함에 대한 액세스를 거부했습니다.',
    unreachable: '서버에 연결할 수 없습니다. 주소와 네트워크를 확인하세요.',
    'host-not-found': '서버를 찾을 수 없습니다. 주소와 네트워크를 확인하세요.',
    timeout: 'Exchange가 제시간에 응답하지 않았습니다. 나중에 다시 시도하세요.',
    'tls-untrusted': '서버의 인증서를 신뢰할 수 없어 암호를 보내지 않았습니다.',
    'autodiscover-failed':
      '자동 검색으로 이 주소의 Exchange 서버를 찾지 못했습니다. --url로 지정하세요.',
    'no-password': '이 계정에 저장된 암호가 없습니다. 다시 로그인하세요.',
    'keychain-unavailable': '시스템 키체인에 연결할 수 없습니다.',
    'server-busy': 'Exchange가 사용 중입니다. 몇 분 후에 다시 시도하세요.',
    'server-error': 'Exchange가 Beacon이 사용할 수 없는 응답을 보냈습니다. 나중에 다시 시도하세요.',
    'kerberos-unsupported':
      '이 서버는 커버로스 로그인만 허용하며, Beacon은 아직 커버로스를 지원하지 않습니다. 전산 부서에 암호 로그인도 허용해 달라고 요청하세요.',
    'sign-in-expired': '로그인이 만료되었습니다. 다시 로그인하세요.',
    'graph-needs-oauth':
      'Microsoft Graph는 Microsoft 로그인으로만 사용할 수 있습니다. Microsoft로 로그인하거나 연결 방식을 다시 자동으로 바꾸세요.',
  },
  generic: '로그인하지 못했습니다.',
};

export function accountStrings(language: CliLanguage): AccountStrings {
  return language === 'ko' ? ko : en;
}
