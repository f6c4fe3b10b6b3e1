/** The shape of a message catalogue: every string the window shows, one catalogue per locale. */
import type {
  Activity,
  AudioProblem,
  Availability,
  CommandErrorCode,
  ExternalAudience,
  ManualAvailability,
  ManualExpiry,
  OofState,
} from '../../src-main/core/contract.js';
import type { ChatMessages, ContactsMessages, ImSettingsMessages } from './im-messages.js';
import type { NoticesMessages } from './notices-messages.js';
import type { AccountSetupMessages } from './account-messages.js';
import type { SharingMessages } from './sharing-messages.js';
import type { ProtocolMessages } from './protocol-messages.js';

export interface Messages {
  /** BCP 47 tag of the catalogue, for <html lang>. */
  lang: string;
  appTitle: string;
  loading: string;
  availability: Record<Availability, string>;
  /** The status menu's wording for a manual choice ("Appear away"). */
  manualChoice: Record<ManualAvailability, string>;
  expiry: Record<ManualExpiry, string>;
  avatarLabel: (name: string, availability: string) => string;
  oofMark: string;
  oofMarkLabel: string;
  inactive: string;
  /** The pin button of the desktop window: keep it open when it loses focus. */
  keepOpen: string;
  /** The header's activity line, from the core's activity kind and instant. */
  activity: {
    /** `when` is the Formatter's `until`: "15:30", "Mon 09:00", "Mon 20 Apr 09:00". */
    until: Record<Extract<Activity, { until: string }>['kind'], (when: string) => string>;
    freeRestOfDay: string;
    oof: string;
  };
  statusMenu: {
    button: string;
    dialogLabel: string;
    availabilityGroup: string;
    expiryLabel: string;
    noteLabel: string;
    notePlaceholder: string;
    reset: string;
    close: string;
    /** Sends the expiry and note again with the status already chosen. */
    apply: string;
    /** The panel's first line while presence follows the calendar. */
    automatic: string;
    /** "Do not disturb · until 10:10". */
    manualUntil: (status: string, when: string) => string;
    /** "Do not disturb · until you change it". */
    manualForever: (status: string) => string;
    /** Opens the automatic replies view. */
    oofEntry: string;
  };
  oof: {
    title: string;
    state: Record<OofState, string>;
    scheduled: (start: string, end: string) => string;
    audience: Record<ExternalAudience, string>;
    audienceLabel: string;
    internalLabel: string;
    externalLabel: string;
    emptyMessage: string;
    notLoaded: string;
    edit: string;
    save: string;
    saving: string;
    cancel: string;
    turnOff: string;
    turningOff: string;
    stateLabel: string;
    startLabel: string;
    endLabel: string;
    /** The compact line under the header while replies are on. */
    lineOn: string;
    lineUntil: (when: string) => string;
    dateLabel: (field: string) => string;
    timeLabel: (field: string) => string;
    back: string;
    incomplete: string;
    endBeforeStart: string;
    allInPast: string;
    /** What "Turn off" does to a schedule that has not started yet (the core sets Disabled). */
    confirmTurnOffFuture: (start: string, end: string) => string;
    keepSchedule: string;
  };
  today: {
    title: string;
    timelineLabel: (summary: string) => string;
    timelineSummary: (busy: number, tentative: number, oof: number) => string;
    freeBusy: Record<
      'free' | 'tentative' | 'busy' | 'oof' | 'working-elsewhere' | 'no-data',
      string
    >;
    empty: string;
    allDay: string;
    privateAppointment: string;
    tentative: string;
    cancelled: string;
    join: string;
    joinLabel: (subject: string) => string;
    noTimeline: string;
    /** The agenda's "now" marker. */
    now: (time: string) => string;
    /** The marker when something is still to come today: `relative` is "in 53 minutes". */
    nowNext: (time: string, relative: string) => string;
    /** Read out for the item in progress and the ones that have ended. */
    current: string;
    ended: string;
    /** The lock mark on the user's own private appointments. */
    privateMark: string;
  };
  footer: {
    connecting: string;
    updated: (time: string) => string;
    busyRetrying: (seconds: number) => string;
    busy: string;
    retrying: (seconds: number) => string;
    failed: string;
    offline: (time: string) => string;
    offlineNoData: string;
    authRequired: string;
    /** Exchange answered 403 with X-EWS-Policy-Reason: the tenant blocks EWS for Beacon. */
    ewsBlocked: string;
    /** The OAuth refresh token stopped working: the user must sign in again. */
    signInExpired: string;
    /** Microsoft Graph was chosen for a password account: nothing is read until the user acts. */
    graphNeedsOAuth: string;
    refresh: string;
    refreshing: string;
    demo: string;
    bridgeDown: string;
    authLost: string;
    /** "Updating… 12 s": a refresh has been running this long. */
    updating: (seconds: number) => string;
    /** The server asked for a pause (Retry-After): minutes left, or seconds in the last minute. */
    pausedMinutes: (minutes: number) => string;
    pausedSeconds: (seconds: number) => string;
    /** Why the last refresh failed, in one short sentence (the Failure's reason). */
    why: {
      hostNotFound: (host: string) => string;
      unreachable: (host: string) => string;
      timeout: (seconds: string) => string;
      timeoutNoSeconds: string;
      tlsUntrusted: string;
      /** The certificate's subject and the start of its SHA-256 fingerprint. */
      tlsUntrustedCertificate: (subject: string, fingerprint: string) => string;
      serverError: string;
    };
    /** A reason with the countdown to the next attempt. */
    whyRetrying: (why: string, seconds: number) => string;
    /** The failed Refresh button's line, with the reason. */
    refreshFailed: (why: string) => string;
    /** How changes reach Beacon: Exchange notifies it ("Live"), or it asks every few minutes. */
    live: string;
    checkingEvery: (minutes: number) => string;
  };
  settings: {
    button: string;
    title: string;
    accountTitle: string;
    demoAccount: string;
    demoExplained: string;
    signedInAs: (name: string, mailbox: string) => string;
    signInTitle: string;
    mailboxLabel: string;
    passwordLabel: string;
    ewsUrlLabel: string;
    ewsUrlHint: string;
    signIn: string;
    signingIn: string;
    signOut: string;
    signingOut: string;
    presenceTitle: string;
    showOffWork: string;
    inactiveAfter: string;
    awayAfter: string;
    minutesHint: (min: number, max: number) => string;
    wholeMinutes: (min: number, max: number) => string;
    save: string;
    saving: string;
    saved: string;
    notSaved: string;
    /** The core refused inactive > away: said with the fields' own labels. */
    saveFailed: string;
    signOutKeychain: string;
    inactiveAfterAway: string;
    languageTitle: string;
    /** Follow the system's (or the browser's) language. */
    languageSystem: string;
    back: string;
    signingInAs: (mailbox: string) => string;
    notSignedInAs: (mailbox: string) => string;
    /** Where the password is kept: the keychain, or memory for this run. */
    passwordInKeychain: string;
    passwordInMemory: string;
  };
  /** The tab bar: the window's three places. */
  nav: {
    label: string;
    today: string;
    voicemail: string;
    contacts: string;
  };
  /** Views other than Today, and what they say while they have nothing to show. */
  views: {
    voicemailEmpty: string;
    voicemailWhy: string;
    dismiss: string;
  };
  /** The Voicemail view: the list, the player and what it says when audio cannot play. */
  voicemail: {
    listLabel: string;
    unknownCaller: string;
    unread: string;
    protectedMark: string;
    missedCallMark: string;
    /** The tab's badge, spoken: "2 unread". */
    unreadBadge: (count: number) => string;
    back: string;
    play: string;
    pause: string;
    loadingAudio: string;
    waveformLabel: string;
    /** "0:12 of 0:27". */
    position: (elapsed: string, total: string) => string;
    speedLabel: string;
    /** "1.25×". */
    speed: (rate: number) => string;
    callBack: string;
    markUnread: string;
    markRead: string;
    delete: string;
    save: string;
    openInPlayer: string;
    tryAgain: string;
    transcriptTitle: string;
    noTranscript: string;
    /** The Undo bar while a deleted message can still come back. */
    deleted: (caller: string) => string;
    undo: string;
    missedCallSentence: string;
    problem: Record<AudioProblem, string>;
    /** A voicemail command the core refused. */
    failed: string;
  };
  /** The Snapshot's warnings, one sentence per kind; file names and codes are shown as is. */
  warnings: {
    settingsUnreadable: (code: string) => string;
    settingsDamaged: (keptAs: string) => string;
    secretsRemoved: string;
  };
  /** The header while no mailbox is signed in. */
  header: {
    signingIn: string;
    signedOut: string;
    notSignedIn: string;
  };
  /** The sign-in form's own words: failures as sentences, the keychain, the demo choice. */
  signIn: {
    remember: string;
    /** The disclosure that holds the optional EWS URL. */
    serverDetails: string;
    noKeychain: string;
    signedOutTitle: string;
    signedOutExplained: string;
    useDemo: string;
    usingDemo: string;
    failure: {
      wrongPassword: string;
      ewsBlocked: string;
      accessDenied: string;
      unreachable: (host: string) => string;
      unreachableNoHost: string;
      hostNotFound: (host: string) => string;
      hostNotFoundNoHost: string;
      timeout: (seconds: string) => string;
      tlsUntrusted: (host: string) => string;
      tlsUntrustedNoHost: string;
      /**
       * tlsUntrusted for an account that sends Beacon no password: the demo mailbox (it has none)
       * and a Microsoft sign-in (a token).
       */
      tlsUntrustedNotConnected: (host: string) => string;
      tlsUntrustedNotConnectedNoHost: string;
      /** unreachable and hostNotFound on the demo mailbox: the user typed no address to check. */
      unreachableDemo: (host: string) => string;
      unreachableDemoNoHost: string;
      hostNotFoundDemo: (host: string) => string;
      hostNotFoundDemoNoHost: string;
      /** Added to tlsUntrusted when the core knows which certificate was refused. */
      certificate: (subject: string, fingerprint: string) => string;
      autodiscoverFailed: string;
      noPassword: string;
      keychainUnavailable: string;
      serverBusy: string;
      serverError: string;
      kerberosUnsupported: string;
      signInExpired: string;
      /** Microsoft Graph was chosen for an account that signs in with a password. */
      graphNeedsOAuth: string;
      generic: string;
      invalidAddress: string;
    };
  };
  /** The Contacts tab: roster, requests, the contact card, and the IM line. */
  contacts: ContactsMessages;
  chat: ChatMessages;
  /** Settings: instant messaging and e-mail alerts. */
  imSettings: ImSettingsMessages;
  /** Notices in the window and the browser's notifications. */
  notices: NoticesMessages;
  /** Email-first sign-in and the trusted certificate authority. */
  account: AccountSetupMessages;
  /** Settings › Share presence: the local API (and the webhook and MQTT forms). */
  sharing: SharingMessages;
  /** Settings › Connection to Exchange: EWS or Microsoft Graph, and presence in Teams. */
  protocol: ProtocolMessages;
  commandFailed: (message: string) => string;
  /** A failed command, by its code, when no failure reason says more. */
  actionError: Record<CommandErrorCode, string>;
}
