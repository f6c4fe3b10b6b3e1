/**
 * Beacon's own mailbox vocabulary, the same whichever backend (EWS, Microsoft Graph) reads it:
 * domain types, the `MailboxBackend` interface, the neutral errors, and the time-zone rule
 * arithmetic working hours need. No protocol, no UI.
 */
export * from './backend.js';
export * from './calendar.js';
export * from './change-feed.js';
export * from './conversation.js';
export * from './errors.js';
export * from './oof.js';
export * from './people.js';
export * from './presence.js';
export * from './teams-presence.js';
export * from './voicemail.js';
export * from './time/wall-clock.js';
export * from './time/zone-rule.js';
