/** Other people as the mailbox knows them: their automatic replies and directory entries. */
import type { MailboxError } from './errors.js';

export interface RecipientOof {
  /** The automatic reply as HTML. Untrusted: sanitise before showing. Whitespace kept. */
  message: string;
  /** When the OOF is scheduled. */
  duration?: { start: Date; end: Date };
}

/** What the mailbox tells about sending to one address (Beacon reads the automatic reply). */
export interface RecipientMailTips {
  email: string;
  /** Present only when the recipient has an automatic reply on. */
  oof?: RecipientOof;
  /** The per-recipient failure, if any (the others still have their tips). */
  error?: MailboxError;
  /** The server does not know this address (a typo, or someone who has left). */
  invalidRecipient?: true;
}

export interface ResolvedContact {
  displayName: string;
  givenName?: string;
  surname?: string;
  jobTitle?: string;
  department?: string;
  companyName?: string;
  officeLocation?: string;
  emailAddresses: { key: string; address: string }[];
  phoneNumbers: { key: string; number: string }[];
  /** Where the entry came from, e.g. ActiveDirectory or Store. */
  source?: string;
}

/** One match of a name look-up. */
export interface ResolvedName {
  name: string;
  email: string;
  routingType: string;
  mailboxType?: string;
  /** A personal contact's id. */
  itemId?: string;
  contact?: ResolvedContact;
}

export interface NameQuery {
  /** What the user typed: a name, part of one, or an address. */
  query: string;
  /** Default true: include the directory's contact card. */
  returnFullContactData?: boolean;
  /** The directory only (the user's own entry), or the directory and personal contacts (default). */
  scope?: 'directory' | 'directory-and-contacts';
}
