/**
 * Out-of-office (automatic replies) settings. Every field the server reports is kept, so that
 * writing back what was read with one field changed leaves the others as they were.
 */

export type OofState = 'Enabled' | 'Disabled' | 'Scheduled';
export type ExternalAudience = 'None' | 'Known' | 'All';

/** An automatic reply. `message` is HTML as the user wrote it (untrusted); whitespace is kept. */
export interface OofReply {
  message: string;
  lang?: string;
}

export interface OofDuration {
  start: Date;
  end: Date;
}

export interface OofSettings {
  state: OofState;
  externalAudience: ExternalAudience;
  /** Only meaningful when `state` is Scheduled; servers keep (and return) the last one anyway. */
  duration?: OofDuration;
  internalReply: OofReply;
  externalReply: OofReply;
  declineMeetingReply?: OofReply;
  declineEventsForScheduledOof?: boolean;
  declineAllEventsForScheduledOof?: boolean;
  createOofEvent?: boolean;
  oofEventSubject?: string;
  autoDeclineFutureRequestsWhenOof?: boolean;
  oofEventId?: string;
  eventsToDeleteIds?: string[];
  /** Read-only: the most the administrator allows for external replies. Never sent. */
  allowExternalOof?: ExternalAudience;
}
