import type { ProtocolMessages } from './protocol-messages.js';

export const protocolKo: ProtocolMessages = {
  title: 'Exchange 연결',
  label: '연결 방식',
  automatic: '자동(권장)',
  ews: 'Exchange 웹 서비스',
  graph: 'Microsoft Graph 연결',
  explanation:
    'Microsoft 365는 2026년 10월 1일부터 Exchange 웹 서비스를 기본적으로 차단하며 2027년 4월 1일에 완전히 중단합니다. 그래서 Beacon은 Microsoft 365에는 Microsoft Graph를, 자체 Exchange 서버에는 Exchange 웹 서비스를 사용합니다. 조직에서 아직 허용하는 경우에만 Exchange 웹 서비스를 선택하세요.',
  inUse: (protocol) => `${protocol}(으)로 연결되어 있습니다.`,
  ewsName: 'Exchange 웹 서비스',
  graphName: 'Microsoft Graph 방식',
  publishToTeams: 'Teams에 Beacon 상태 표시',
  teamsHint: 'Microsoft Graph로 연결된 Microsoft 365 계정에서 사용할 수 있습니다.',
  saved: '저장됨',
  needsOAuth:
    'Microsoft Graph는 Microsoft 로그인으로만 사용할 수 있는데, 이 계정은 암호로 로그인합니다. Microsoft로 로그인하거나 다시 자동으로 선택할 때까지 Beacon은 사서함을 읽지 않습니다.',
  signInWithMicrosoft: 'Microsoft로 로그인',
  useAutomatic: '자동으로 되돌리기',
  teamsOn: 'Teams에 Beacon 상태가 표시되고 있습니다.',
  teamsNotAllowed:
    'Teams가 Beacon의 상태를 받지 않습니다. 조직에서 허용하지 않았습니다. 관리자에게 문의하세요.',
  teamsSignIn: 'Teams가 상태 표시를 위한 Microsoft 로그인을 받아들이지 않았습니다.',
  teamsBusy: 'Teams가 사용 중이어서 지금은 Beacon의 상태를 받지 않습니다.',
  teamsUnreachable: 'Beacon 상태를 표시하려고 했지만 Teams에 연결할 수 없습니다.',
  teamsError: 'Teams가 Beacon의 상태를 받아들이지 않았습니다.',
  teamsRetryAt: (time) => `${time}에 다시 시도합니다.`,
  teamsRetry: '잠시 후 다시 시도합니다.',
};
