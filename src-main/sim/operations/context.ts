import type { XmlFragment } from '../../ews/xml/build.js';
import type { XmlObject } from '../../ews/xml/parse.js';
import type { FaultSpec } from '../faults.js';
import type { Mailbox, MailboxStore } from '../model.js';
import type { NotificationCenter, StreamPlan } from '../subscriptions.js';

/** What an operation handler sees: the store, the signed-in mailbox, the clock and the request's headers. */
export interface OperationContext {
  store: MailboxStore;
  user: Mailbox;
  now: () => Date;
  /** The request body as sent, where the parsed tree loses something (the order of mixed siblings). */
  requestXml?: string | undefined;
  /** The Windows time-zone id of the request's TimeZoneContext header, when it has one. */
  timeZoneId: string | undefined;
  /** Subscriptions and change journals (Subscribe, GetEvents, SyncFolderItems...). */
  notifications?: NotificationCenter | undefined;
  /** The request's HTTP headers (lower-case names). */
  headers?: Readonly<Record<string, string | string[] | undefined>> | undefined;
  /** An injected fault the operation acts on itself (subscription-lost, stream-cut...). */
  fault?: FaultSpec | undefined;
  /** What the operation adds to the HTTP reply: headers, or a stream to keep open. */
  reply?: { headers: Record<string, string | string[]>; stream?: StreamPlan };
}

/**
 * Answers one operation: gets the request's operation element, returns the `m:...Response`
 * element. Throws SoapFault for what Exchange reports as a fault.
 */
export type OperationHandler = (context: OperationContext, request: XmlObject) => XmlFragment;
