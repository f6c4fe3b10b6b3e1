/**
 * Publishing the user's presence to the mailbox's own presence service (Teams, for an Exchange
 * Online account over Graph), for backends that can. An application may hold one of four
 * availability/activity pairs there; Beacon's presence is mapped to the nearest by the core.
 */

/** The pairs an application's presence session may hold. */
export type PresencePair =
  | { availability: 'Available'; activity: 'Available' }
  | { availability: 'Busy'; activity: 'InACall' }
  | { availability: 'Busy'; activity: 'InAConferenceCall' }
  | { availability: 'Away'; activity: 'Away' };

import type { MailboxFailure } from './errors.js';

export interface PresencePublisherStatus {
  /** What the service holds for us as far as we know; null when nothing. */
  published: PresencePair | null;
  /** When it was last set (ms since epoch), and when it would lapse without a renewal. */
  setAt?: number;
  expiresAt?: number;
  /** The last attempt failed; the last published state is kept and retried after a pause. */
  failing: boolean;
  /** While failing: why, in the neutral terms the core words for the user. */
  failure?: MailboxFailure;
  /** While failing: when the next attempt is due (ms since epoch). */
  retryAt?: number;
}

export interface PresencePublisher {
  /**
   * The presence to show, or null for none (the session is cleared). Returns at once: the
   * publisher sets, renews before the service lets it lapse, and retries with a pause on failure.
   */
  publish(pair: PresencePair | null): void;
  status(): PresencePublisherStatus;
  /** Calls `listener` after every change of the status; returns the unsubscribe function. */
  watch(listener: (status: PresencePublisherStatus) => void): () => void;
  /** Resolves once no request is in flight. */
  settled(): Promise<void>;
  /** Clears what was published (one attempt) and stops renewing; later `publish` calls do nothing. */
  stop(): Promise<void>;
}
