/**
 * The seam between the core and an IM network. The core (contacts, chat, presence publishing)
 * speaks only these types; the XMPP provider (and the demo provider) implement them. Plain Node:
 * nothing here knows Electron, React or a particular protocol's wire format.
 */
import type { Availability } from '../presence/vocabulary.js';

/** Presence as an IM network carries it, in Beacon's vocabulary. */
export interface ImPresence {
  availability: Availability;
  /** Free text the contact (or I) set; plain text. */
  status: string;
  /** Beacon's exact value when the peer is a Beacon client (the namespaced child), else absent. */
  beacon?: {
    availability: Availability;
    activityText: string;
    until?: string;
    oof: boolean;
  };
  /** Idle since (XEP-0319), when the peer says. */
  idleSince?: Date;
}

/** What I publish: my computed presence, mapped per PRESENCE.md by the provider. */
export interface MyPresence {
  availability: Availability;
  /** The note, or the activity line when there is no note. */
  statusText: string;
  activityText: string;
  until?: Date;
  oof: boolean;
  idle: boolean;
}

export type Subscription = 'none' | 'to' | 'from' | 'both';

export interface RosterEntry {
  /** Bare address (`name@domain`), lower-cased. */
  address: string;
  name?: string;
  groups: string[];
  subscription: Subscription;
  /** We asked to see their presence; they have not answered. */
  pendingOut: boolean;
}

export type ChatState = 'active' | 'composing' | 'paused' | 'inactive' | 'gone';

export interface IncomingMessage {
  /** The stanza id (or one the provider made up); used for receipts and de-duplication. */
  id: string;
  from: string;
  body: string;
  at: Date;
  /** A copy of a message I sent from another client (carbons), or one from the archive. */
  direction: 'in' | 'out';
  /** From the server archive (MAM) rather than live. */
  archived: boolean;
}

export type ImConnectionState = 'connecting' | 'online' | 'offline' | 'failed';

/** Why the IM connection failed, in the contract's FailureReason words where they fit. */
export interface ImFailure {
  reason:
    | 'wrong-password'
    | 'unreachable'
    | 'host-not-found'
    | 'timeout'
    | 'tls-untrusted'
    | 'server-error';
  host?: string;
}

export interface ImEvents {
  state: (state: ImConnectionState, failure?: ImFailure, retryAt?: Date) => void;
  roster: (entries: RosterEntry[]) => void;
  presence: (address: string, presence: ImPresence | undefined) => void;
  subscriptionRequest: (address: string, name?: string) => void;
  message: (message: IncomingMessage) => void;
  chatState: (from: string, state: ChatState) => void;
  /** A message of mine reached the peer's client (XEP-0184) or was shown there (XEP-0333). */
  receipt: (from: string, messageId: string, kind: 'delivered' | 'displayed') => void;
}

export interface ImProvider {
  /** Connects and keeps reconnecting (jittered exponential back-off) until `disconnect`. */
  connect(): Promise<void>;
  /** Goes offline (unavailable presence), closes the stream, stops reconnecting. */
  disconnect(): Promise<void>;
  on<K extends keyof ImEvents>(event: K, listener: ImEvents[K]): () => void;
  /** Publishes my presence; the provider coalesces repeats (one stanza per real change). */
  publish(presence: MyPresence): Promise<void>;
  addContact(address: string, name?: string, group?: string): Promise<void>;
  removeContact(address: string): Promise<void>;
  answerSubscription(address: string, approve: boolean): Promise<void>;
  /** Sends a chat message; resolves with its id once the server took it (stream management ack). */
  send(to: string, body: string): Promise<{ id: string }>;
  sendChatState(to: string, state: ChatState): Promise<void>;
  /** Tells the sender I have seen the message (XEP-0333 displayed). */
  markDisplayed(to: string, messageId: string): Promise<void>;
  /** Earlier messages with `peer` from the server archive (XEP-0313), newest last. */
  history(peer: string, before?: Date, max?: number): Promise<IncomingMessage[]>;
  /** Client state indication (XEP-0352): the window is hidden (inactive) or shown (active). */
  setClientActive(active: boolean): Promise<void>;
}
