/** The shape of a message catalogue: every string the window shows, one catalogue per locale. */
import type {
  Availability,
  ExternalAudience,
  ManualAvailability,
  ManualExpiry,
  OofState,
} from '../../src-main/core/contract.js';

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
  manualBadge: string;
  statusMenu: {
    button: string;
    dialogLabel: string;
    availabilityGroup: string;
    expiryLabel: string;
    noteLabel: string;
    notePlaceholder: string;
    reset: string;
    close: string;
  };
  oof: {
    title: string;
    banner: string;
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
    saved: string;
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
    refresh: string;
    refreshing: string;
    demo: string;
    bridgeDown: string;
  };
  settings: {
    button: string;
    title: string;
    close: string;
    accountTitle: string;
    demoAccount: string;
    demoExplained: string;
    signedInAs: (mailbox: string) => string;
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
  };
  commandFailed: (message: string) => string;
  notConnected: string;
}
