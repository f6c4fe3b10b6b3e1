/**
 * `MailboxBackend`: everything the core, IM and voicemail ask of a mailbox, in Beacon's own
 * types. One implementation per protocol (EWS for on-premises Exchange, Microsoft Graph for
 * Exchange Online); nothing above this interface knows which one runs. Every method rejects
 * with a `MailboxError` (errors.ts) for anything the server or the network did.
 */
import type { CalendarResult, MailboxFreeBusy, FreeBusyQuery } from './calendar.js';
import type {
  ChangeFeed,
  ChangeFeedListener,
  ChangeFeedOptions,
  FolderDelta,
} from './change-feed.js';
import type { SyncedFolder } from './change-feed.js';
import type { ConversationEntry } from './conversation.js';
import type { OofSettings } from './oof.js';
import type { NameQuery, RecipientMailTips, ResolvedName } from './people.js';
import type { PresencePublisher } from './presence.js';
import type { TeamsPresenceReader } from './teams-presence.js';
import type {
  AttachmentBytes,
  ItemRef,
  VoicemailDetails,
  VoicemailList,
  VoicemailResult,
} from './voicemail.js';

/** How many of each a backend asks about in one request (callers batch by these). */
export interface BackendLimits {
  freeBusyMailboxes: number;
  mailTipsRecipients: number;
  voicemailDetails: number;
}

export interface CalendarWindowQuery {
  start: Date;
  end: Date;
  /** Requests at most for one window (a server that pages); the result says when incomplete. */
  maxRequests?: number;
}

/** Live updates, for backends that offer them. */
export interface MailboxLive {
  /** A feed that tells the listener which folders changed; not started yet. */
  createFeed(listener: ChangeFeedListener, options: ChangeFeedOptions): ChangeFeed;
  /**
   * What changed in a folder since `syncState` (from its start without one). Rejects with a
   * `BookmarkExpiredError` when the server no longer knows the bookmark.
   */
  syncFolder(
    args: { folder: SyncedFolder; syncState?: string },
    signal?: AbortSignal,
  ): Promise<FolderDelta>;
}

export interface MailboxBackend {
  /** The signed-in user's primary SMTP address. */
  readonly mailbox: string;
  readonly limits: BackendLimits;
  /** Live updates, when the backend can hear of changes; undefined: poll only. */
  readonly live: MailboxLive | undefined;
  /**
   * Publishing the user's presence to the mailbox's presence service (Teams over Graph), for
   * backends that can; absent otherwise (EWS).
   */
  readonly presence?: PresencePublisher | undefined;
  /**
   * Reading contacts' presence from the mailbox's presence service (Teams over Graph), for
   * backends that can; absent otherwise (EWS).
   */
  readonly teamsPresence?: TeamsPresenceReader | undefined;

  /** The user's name as the directory has it; the address when it has none. */
  displayName(signal?: AbortSignal): Promise<string>;

  getOofSettings(signal?: AbortSignal): Promise<OofSettings>;
  /** Writes every field given; read-only fields are not sent. */
  setOofSettings(settings: OofSettings, signal?: AbortSignal): Promise<void>;

  /** The user's own calendar items in a window, recurrences expanded. */
  getCalendar(query: CalendarWindowQuery, signal?: AbortSignal): Promise<CalendarResult>;
  /** Free/busy (and working hours) of mailboxes, the user's own by default; in input order. */
  getAvailability(query: FreeBusyQuery, signal?: AbortSignal): Promise<MailboxFreeBusy[]>;
  /** Automatic replies of other people, in input order (at most `limits.mailTipsRecipients`). */
  getMailTips(recipients: readonly string[], signal?: AbortSignal): Promise<RecipientMailTips[]>;
  /** Directory (and contacts) matches for a name or address. */
  resolveNames(query: NameQuery, signal?: AbortSignal): Promise<ResolvedName[]>;

  listVoicemail(args?: { maxEntries?: number }, signal?: AbortSignal): Promise<VoicemailList>;
  getVoicemail(id: string, signal?: AbortSignal): Promise<VoicemailDetails>;
  /** Many voicemails' details (at most `limits.voicemailDetails`); each may fail alone. */
  getVoicemails(ids: readonly string[], signal?: AbortSignal): Promise<VoicemailResult[]>;
  getAttachment(id: string, signal?: AbortSignal): Promise<AttachmentBytes>;
  markVoicemailRead(ref: ItemRef, isRead: boolean, signal?: AbortSignal): Promise<ItemRef>;
  deleteVoicemail(id: string, signal?: AbortSignal): Promise<void>;

  /** Saves an IM conversation to the mailbox's Conversation History. */
  saveConversation(entry: ConversationEntry, signal?: AbortSignal): Promise<ItemRef>;

  /** Releases connections; further calls fail. */
  close(): Promise<void>;
}
