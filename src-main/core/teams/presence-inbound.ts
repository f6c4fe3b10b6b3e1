/**
 * A contact's Teams presence (getPresencesByUserId) in Beacon's words, by PRESENCE.md's inbound
 * rules. Values are compared in any case; a value Beacon does not know, Offline and
 * PresenceUnknown give null: the caller then derives the contact's presence from Exchange, as
 * for an IM contact who is not online.
 */
import type { Availability } from '../../presence/types.js';

export interface TeamsContactPresence {
  availability: Availability;
  /** Shown as "Inactive" on top of available, busy and in-a-meeting. */
  idle: boolean;
}

const MEETING_ACTIVITIES = new Set(['inacall', 'inaconferencecall', 'inameeting', 'presenting']);
const IDLE_ACTIVITIES = new Set(['inactive', 'availableinactive']);

export function beaconPresenceFromTeams(teams: {
  availability: string;
  activity: string;
}): TeamsContactPresence | null {
  const availability = teams.availability.trim().toLowerCase();
  const activity = teams.activity.trim().toLowerCase();
  const idle = availability.endsWith('idle') || IDLE_ACTIVITIES.has(activity);
  switch (availability) {
    case 'available':
    case 'availableidle':
      return { availability: 'available', idle };
    case 'busy':
    case 'busyidle':
      return { availability: MEETING_ACTIVITIES.has(activity) ? 'in-a-meeting' : 'busy', idle };
    case 'donotdisturb':
      return { availability: 'do-not-disturb', idle: false };
    case 'berightback':
      return { availability: 'be-right-back', idle: false };
    case 'away':
      return {
        availability:
          activity === 'outofoffice'
            ? 'out-of-office'
            : activity === 'offwork'
              ? 'off-work'
              : 'away',
        idle: false,
      };
    default:
      return null;
  }
}
