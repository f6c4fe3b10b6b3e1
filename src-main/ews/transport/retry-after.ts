/**
 * Retry-After and BackOffMilliseconds as EWS reads them. The rules (no storm, no lock-out) hold
 * for every mailbox backend and live in the neutral mailbox module.
 */
export {
  MAX_SERVER_PAUSE_MS,
  honouredPause,
  parseRetryAfter,
  retryWait,
  waitAfterResponse,
  type RetryWait,
} from '../../mailbox/retry-after.js';
