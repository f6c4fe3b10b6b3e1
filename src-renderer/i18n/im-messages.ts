/**
 * The catalogue's sections for contacts, chat and the instant-messaging and e-mail-alert settings:
 * part of `Messages` (messages.ts), kept in their own file so the rest of the catalogue stays short.
 */
import type { CommandErrorCode, ChatMessage } from '../../src-main/core/contract.js';

export interface ImFailureMessages {
  wrongPassword: string;
  unreachable: (host: string) => string;
  unreachableNoHost: string;
  hostNotFound: (host: string) => string;
  hostNotFoundNoHost: string;
  timeout: string;
  tlsUntrusted: (host: string) => string;
  tlsUntrustedNoHost: string;
  noPassword: string;
  keychainUnavailable: string;
  serverError: string;
}

export interface ContactsMessages {
  title: string;
  searchLabel: string;
  searchPlaceholder: string;
  noMatch: string;
  empty: string;
  emptyWhy: string;
  /** The heading of contacts in no group. */
  otherGroup: string;
  /**
   * The groups the demo mailbox's chat network comes with (Beacon's words, not the user's):
   * its demo peers, and the colleagues as a newcomer's IM client would group them.
   */
  demoGroups: { demoPeers: string; myTeam: string; colleagues: string };
  /** Read with the group's toggle: "Team, 4 contacts". */
  groupCount: (count: number) => string;
  fromCalendar: string;
  fromCalendarLabel: string;
  /** A contact whose presence comes from Teams (Graph accounts): the tag, and what it means. */
  fromTeams: string;
  fromTeamsLabel: string;
  demo: string;
  demoLabel: string;
  pendingOut: string;
  unread: (count: number) => string;
  add: string;
  addTitle: string;
  addressLabel: string;
  addressHint: string;
  adding: string;
  cancel: string;
  added: (address: string) => string;
  requestsTitle: string;
  requestFrom: (name: string) => string;
  approve: string;
  deny: string;
  /** The IM line above the list. */
  imOff: string;
  signInToChat: string;
  imConnecting: string;
  imOfflineAt: (time: string) => string;
  imOffline: string;
  failure: ImFailureMessages;
  /** A failed contact, chat or IM command, by the core's code. */
  actionError: Record<CommandErrorCode, string>;
  /** The contact card. */
  back: string;
  automaticReply: string;
  alertWhenAvailable: string;
  sendMessage: string;
  remove: string;
  removeConfirm: (name: string) => string;
  keep: string;
  removing: string;
  address: string;
  lastUpdated: (when: string) => string;
}

export interface ChatMessages {
  title: (name: string) => string;
  back: string;
  messagesLabel: string;
  empty: string;
  loadEarlier: string;
  loadingEarlier: string;
  composerLabel: string;
  composerPlaceholder: string;
  send: string;
  typing: (name: string) => string;
  you: string;
  /** Read with each message: "You, 14:02, Read". */
  state: Record<ChatMessage['state'], string>;
  sendFailed: string;
  notOnline: string;
  tooLong: (max: number) => string;
  openLink: (url: string) => string;
}

export interface ImSettingsMessages {
  title: string;
  explained: string;
  addressLabel: string;
  addressHint: string;
  passwordLabel: string;
  serverDetails: string;
  serverLabel: string;
  portLabel: string;
  signIn: string;
  signingIn: string;
  signOut: string;
  signingOut: string;
  state: {
    off: string;
    connecting: (address: string) => string;
    online: (address: string) => string;
    offline: string;
    failed: string;
    /** The demo mailbox: its demo peers are online without an account. */
    demo: string;
  };
  /** im-sign-in refused as not possible here (no chat network in this build). */
  notAvailable: string;
  badAddress: string;
  badPort: string;
  saveHistory: string;
  alertsTitle: string;
  alertsExplained: string;
  missedEmail: string;
  missedMinutes: string;
  relayHost: string;
  relayPort: string;
  relayUser: string;
  relayFrom: string;
  relayPassword: string;
  setPassword: string;
  passwordSaved: string;
  save: string;
  saved: string;
  badMinutes: (min: number, max: number) => string;
  badFrom: string;
}
