/**
 * Retry-After as the Graph transport reads it (429 and 503, also inside a $batch answer). The
 * reading and its two rules (no storm, no lock-out) are the same for every mailbox protocol and
 * live in the neutral mailbox module, the one neighbour the Graph library imports.
 */
export { MAX_SERVER_PAUSE_MS, honouredPause, parseRetryAfter } from '../../mailbox/retry-after.js';
