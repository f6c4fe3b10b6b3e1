/**
 * The mailbox backends as the core sees them: how one is built for an account, and how any
 * backend's own error becomes the neutral MailboxError.
 */
import { fromEws } from './ews/errors.js';
import { fromGraph } from './graph/errors.js';

export {
  createBackend,
  type BackendClock,
  type BackendSpec,
  type EwsBackendSpec,
  type GraphBackendSpec,
} from './create.js';

/** A backend's (or its sign-in's) own error as a MailboxError; anything else as it was. */
export function toMailboxError(error: unknown): unknown {
  return fromGraph(fromEws(error));
}
