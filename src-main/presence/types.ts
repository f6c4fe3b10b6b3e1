import type { BusyType, WorkingHours } from '../mailbox/calendar.js';
import type { Availability, ManualAvailability } from './vocabulary.js';

export {
  AVAILABILITIES,
  MANUAL_AVAILABILITIES,
  type Availability,
  type ManualAvailability,
} from './vocabulary.js';

export interface PresenceEvent {
  start: Date;
  end: Date;
  freeBusy: BusyType;
  isCancelled?: boolean;
  declined?: boolean;
  /** undefined = the source cannot tell → treat as a meeting */
  isMeeting?: boolean;
  subject?: string;
}

export interface OofInput {
  state: 'Enabled' | 'Disabled' | 'Scheduled';
  start?: Date;
  end?: Date;
  internalReplyHtml?: string;
}

export interface ManualChoice {
  availability: ManualAvailability;
  note?: string;
  /** undefined = never */
  expiresAt?: Date;
}

export interface IdleInput {
  idleSeconds: number;
  locked: boolean;
}

export interface PresenceSettings {
  /** default 900 */
  awayAfterSeconds: number;
  /** default 300 */
  inactiveAfterSeconds: number;
  /** default true */
  showOffWork: boolean;
}

export const DEFAULT_PRESENCE_SETTINGS: PresenceSettings = Object.freeze({
  awayAfterSeconds: 900,
  inactiveAfterSeconds: 300,
  showOffWork: true,
});

export interface PresenceInput {
  now: Date;
  signedIn: boolean;
  events: PresenceEvent[];
  oof?: OofInput;
  workingHours?: WorkingHours;
  idle: IdleInput;
  manual?: ManualChoice;
  settings: PresenceSettings;
}

export type Activity =
  | { kind: 'in-a-meeting-until'; until: Date }
  | { kind: 'busy-until'; until: Date }
  | { kind: 'free-until'; until: Date }
  | { kind: 'free-rest-of-day' }
  | { kind: 'oof-until'; until: Date }
  | { kind: 'oof' }
  | { kind: 'off-work-until'; until: Date }
  | { kind: 'none' };

export interface Presence {
  availability: Availability;
  idle: boolean;
  oof: boolean;
  note: string;
  activity: Activity;
  /** The next instant at which this output would change by itself (idle aside); null = none known. */
  nextChange: Date | null;
  source: 'manual' | 'automatic' | 'signed-out';
}

/** Expiry choices of the status menu. */
export { EXPIRY_CHOICES, type ExpiryChoice } from './vocabulary.js';

/** A half-open span of UTC milliseconds, [start, end); `end` may be Infinity. */
export interface Span {
  start: number;
  end: number;
}
