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
};
