/**
 * Beacon's presence as the application presence session Beacon publishes to Teams. setPresence
 * accepts four availability/activity pairs only (Available/Available, Busy/InACall,
 * Busy/InAConferenceCall, Away/Away), so each Beacon value maps to the nearest of them; `exact`
 * says whether Teams will show the same thing Beacon does. Offline publishes nothing: the session
 * is cleared. Idle does not change the pair (an app cannot set AvailableIdle; Beacon turns to
 * away by itself once idle long enough).
 */
import type { SessionPair } from '../../graph/operations/presence.js';
import type { Availability } from '../../presence/types.js';

export interface TeamsPublication {
  /** The session to hold, or null to clear it. */
  session: SessionPair | null;
  /** True when Teams shows what Beacon shows; false when the pair is the nearest one allowed. */
  exact: boolean;
}

const AVAILABLE = { availability: 'Available', activity: 'Available' } as const;
const IN_A_CALL = { availability: 'Busy', activity: 'InACall' } as const;
const IN_A_CONFERENCE_CALL = { availability: 'Busy', activity: 'InAConferenceCall' } as const;
const AWAY = { availability: 'Away', activity: 'Away' } as const;

export const TEAMS_PUBLICATION: Readonly<Record<Availability, TeamsPublication>> = {
  available: { session: AVAILABLE, exact: true },
  // Busy/Busy is a user-preferred pair only; a call is the nearest Busy an app may say.
  busy: { session: IN_A_CALL, exact: false },
  // InAMeeting is not settable; a conference call is what a Teams meeting is.
  'in-a-meeting': { session: IN_A_CONFERENCE_CALL, exact: false },
  // DoNotDisturb is never settable by an app session; Busy is the strongest it may say.
  'do-not-disturb': { session: IN_A_CONFERENCE_CALL, exact: false },
  'be-right-back': { session: AWAY, exact: false },
  away: { session: AWAY, exact: true },
  'off-work': { session: AWAY, exact: false },
  // Teams adds its own out-of-office mark from the mailbox's automatic replies.
  'out-of-office': { session: AWAY, exact: false },
  offline: { session: null, exact: true },
};

export function teamsPublicationFor(availability: Availability): TeamsPublication {
  return TEAMS_PUBLICATION[availability];
}
