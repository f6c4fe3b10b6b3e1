/** The presence resolver: pure functions from (now, calendar, OOF, hours, idle, manual) to presence. */
export { resolvePresence } from './resolve.js';
export { manualExpiry } from './manual.js';
export { formatActivity } from './activity-format.js';
export { htmlToNote, NOTE_MAX_CHARS } from './html-note.js';
export { FREE_UNTIL_HORIZON_MS, LOOKAHEAD_MS } from './state.js';
export { RUN_GAP_MS } from './spans.js';
export {
  readAhead,
  READ_AHEAD_LIMIT_MS,
  READ_AHEAD_STEP_MS,
  type ReadAheadDecision,
  type ReadAheadInput,
} from './read-ahead.js';
export {
  AVAILABILITIES,
  DEFAULT_PRESENCE_SETTINGS,
  EXPIRY_CHOICES,
  MANUAL_AVAILABILITIES,
} from './types.js';
export type {
  Activity,
  Availability,
  ExpiryChoice,
  IdleInput,
  ManualAvailability,
  ManualChoice,
  OofInput,
  Presence,
  PresenceEvent,
  PresenceInput,
  PresenceSettings,
} from './types.js';
