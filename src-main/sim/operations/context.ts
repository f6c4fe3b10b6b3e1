import type { XmlFragment } from '../../ews/xml/build.js';
import type { XmlObject } from '../../ews/xml/parse.js';
import type { Mailbox, MailboxStore } from '../model.js';

/** What an operation handler sees: the store, the signed-in mailbox, the clock and the request's headers. */
export interface OperationContext {
  store: MailboxStore;
  user: Mailbox;
  now: () => Date;
  /** The Windows time-zone id of the request's TimeZoneContext header, when it has one. */
  timeZoneId: string | undefined;
}

/**
 * Answers one operation: gets the request's operation element, returns the `m:...Response`
 * element. Throws SoapFault for what Exchange reports as a fault.
 */
export type OperationHandler = (context: OperationContext, request: XmlObject) => XmlFragment;
