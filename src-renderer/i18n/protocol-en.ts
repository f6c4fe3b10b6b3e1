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
  needsOAuth:
    'Microsoft Graph works only when you sign in with Microsoft, and this account uses a password. Beacon is not reading your mailbox until you sign in with Microsoft or choose Automatic again.',
  signInWithMicrosoft: 'Sign in with Microsoft',
  useAutomatic: 'Use Automatic',
  teamsOn: 'Teams is showing your Beacon status.',
  teamsNotAllowed:
    'Teams is not accepting Beacon’s status: your organisation has not allowed it. Ask your administrator.',
  teamsSignIn: 'Teams did not accept your Microsoft sign-in for your status.',
  teamsBusy: 'Teams is busy and not taking Beacon’s status right now.',
  teamsUnreachable: 'Teams could not be reached to show your Beacon status.',
  teamsError: 'Teams did not accept Beacon’s status.',
  teamsRetryAt: (time) => `Beacon will try again at ${time}.`,
  teamsRetry: 'Beacon will try again.',
};
