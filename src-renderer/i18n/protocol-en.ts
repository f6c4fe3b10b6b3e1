import type { ProtocolMessages } from './protocol-messages.js';

export const protocolEn: ProtocolMessages = {
  title: 'Connection to Exchange',
  label: 'Connect with',
  automatic: 'Automatic (recommended)',
  ews: 'Exchange Web Services',
  graph: 'Microsoft Graph',
  explanation:
    'Microsoft 365 blocks Exchange Web Services by default since 1 October 2026 and switches them off on 1 April 2027, so Beacon uses Microsoft Graph for Microsoft 365 and Exchange Web Services for an Exchange server of your own. Choose Exchange Web Services only if your organisation still allows them.',
  inUse: (protocol) => `Connected with ${protocol}.`,
  ewsName: 'Exchange Web Services',
  graphName: 'Microsoft Graph',
  publishToTeams: 'Show my Beacon status in Teams',
  teamsHint: 'Works with Microsoft 365 accounts connected with Microsoft Graph.',
  saved: 'Saved',
};
