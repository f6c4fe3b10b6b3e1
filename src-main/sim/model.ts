/**
 * The simulator's mailbox model: mailboxes (the directory), their calendars, OOF settings,
 * working hours, messages (voicemail lives in the inbox, as in Exchange) and credentials.
 * Plain data plus a small store with id generation; operations read and change it.
 */
import type { BusyType } from './free-busy.js';
import type { Recurrence } from './recurrence.js';
import type { DayName, LegacyTimeZone } from './time-zone.js';

export type OofState = 'Disabled' | 'Enabled' | 'Scheduled';
export type ExternalAudience = 'None' | 'Known' | 'All';
export type Sensitivity = 'Normal' | 'Personal' | 'Private' | 'Confidential';
export type ResponseType =
  'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';

export interface ReplyBody {
  message: string;
  lang?: string;
}

/** Every field of t:UserOofSettings, kept as set, so a Get returns what a Set stored. */
export interface OofSettings {
  state: OofState;
  externalAudience: ExternalAudience;
  /** UTC instants (ms). */
  duration?: { start: number; end: number };
  internalReply?: ReplyBody;
  externalReply?: ReplyBody;
  declineMeetingReply?: ReplyBody;
  declineEventsForScheduledOof?: boolean;
  declineAllEventsForScheduledOof?: boolean;
  createOofEvent?: boolean;
  oofEventSubject?: string;
  autoDeclineFutureRequestsWhenOof?: boolean;
  oofEventId?: string;
  eventsToDeleteIds?: string[];
}

export interface WorkingHours {
  timeZone: LegacyTimeZone;
  days: DayName[];
  startMinutes: number;
  endMinutes: number;
}

export interface Person {
  name: string;
  email: string;
}

export interface Attendee extends Person {
  response: ResponseType;
}

export interface CalendarItem {
  id: string;
  changeKey: string;
  subject: string;
  location: string;
  body: string;
  /** UTC ms; an all-day item runs from local midnight to local midnight. */
  start: number;
  end: number;
  isAllDay: boolean;
  freeBusy: BusyType;
  sensitivity: Sensitivity;
  isMeeting: boolean;
  organizer: Person;
  requiredAttendees: Attendee[];
  optionalAttendees: Attendee[];
  myResponseType: ResponseType;
  isCancelled: boolean;
  reminderIsSet: boolean;
  reminderMinutesBeforeStart: number;
  joinOnlineMeetingUrl?: string;
  recurrence?: Recurrence;
  created: number;
}

export interface FileAttachment {
  id: string;
  name: string;
  contentType: string;
  content: Buffer;
}

export type FolderName = 'inbox' | 'deleteditems' | 'conversationhistory' | 'drafts' | 'sentitems';

export type ExtendedValue = { type: 'Integer'; value: number } | { type: 'String'; value: string };

export interface MessageItem {
  id: string;
  changeKey: string;
  folder: FolderName;
  itemClass: string;
  subject: string;
  body: { type: 'Text' | 'HTML'; text: string };
  from?: Person;
  to: Person[];
  received: number;
  isRead: boolean;
  /** A draft (Graph creates messages as drafts); absent = false. */
  isDraft?: boolean;
  importance: 'Low' | 'Normal' | 'High';
  attachments: FileAttachment[];
  /** MAPI properties by tag, e.g. 0x6801 (voicemail duration). */
  extended: Map<number, ExtendedValue>;
}

export interface Mailbox {
  email: string;
  displayName: string;
  givenName: string;
  surname: string;
  jobTitle: string;
  department: string;
  office: string;
  phone: string;
  /** Whether Unified Messaging is on: only then does the `voicemail` folder exist. */
  voicemailEnabled: boolean;
  /** False: other people get ErrorNoFreeBusyAccess asking for this mailbox's availability. */
  freeBusyShared: boolean;
  workingHours: WorkingHours;
  oof: OofSettings;
  calendar: CalendarItem[];
  messages: MessageItem[];
  /**
   * Folders this mailbox does not have yet (Exchange makes Conversation History when a client
   * first saves a conversation); the Graph face answers them as missing until POST mailFolders.
   */
  absentFolders?: FolderName[];
  /** Teams presence on the Graph face (graph/presence-sessions.ts); absent = no Teams client. */
  presence?: TeamsPresence;
}

/** One application's presence session (setPresence), times on the simulator's clock (ms). */
export interface PresenceSession {
  sessionId: string;
  availability: string;
  activity: string;
  /** When the app last set it (a call again keeps it alive). */
  setAt: number;
  expirationMs: number;
}

export interface TeamsPresence {
  /** What the user's own Teams clients show (set through the admin API), if any run. */
  client?: { availability: string; activity: string };
  /** setUserPreferredPresence, until it expires. */
  preferred?: { availability: string; activity: string; until: number };
  sessions: PresenceSession[];
  /** Every setPresence/clearPresence call, oldest first, for the admin API. */
  history: {
    at: number;
    call: 'setPresence' | 'clearPresence';
    sessionId: string;
    availability?: string;
    activity?: string;
    expirationMs?: number;
  }[];
}

export interface Credentials {
  email: string;
  password: string;
  token: string;
}

export const VOICEMAIL_CLASS_PREFIX = 'IPM.Note.Microsoft.Voicemail';
/** Rights-managed voicemail: in the voicemail folder too, its audio sealed in `message.rpmsg`. */
export const PROTECTED_VOICEMAIL_CLASS_PREFIX = 'IPM.Note.rpmsg.Microsoft.Voicemail';

/** Whether an ItemClass is a voicemail (compared without case, as Exchange does). */
export function isVoicemailClass(itemClass: string): boolean {
  const lower = itemClass.toLowerCase();
  return [VOICEMAIL_CLASS_PREFIX, PROTECTED_VOICEMAIL_CLASS_PREFIX].some((prefix) =>
    lower.startsWith(prefix.toLowerCase()),
  );
}

/** Mailboxes by lower-cased address, credentials, and the id counters. */
export class MailboxStore {
  readonly mailboxes = new Map<string, Mailbox>();
  readonly credentials: Credentials[] = [];
  private counter = 0;

  add(mailbox: Mailbox): Mailbox {
    this.mailboxes.set(mailbox.email.toLowerCase(), mailbox);
    return mailbox;
  }

  find(email: string): Mailbox | undefined {
    return this.mailboxes.get(
      email
        .trim()
        .toLowerCase()
        .replace(/^smtp:/, ''),
    );
  }

  all(): Mailbox[] {
    return [...this.mailboxes.values()];
  }

  /** A new opaque id that looks like Exchange's (base64), with a kind for decoding. */
  newId(kind: 'item' | 'attachment'): string {
    this.counter += 1;
    return encodeId({ kind, n: this.counter });
  }

  newChangeKey(): string {
    this.counter += 1;
    return Buffer.from(`CQAAABYAAA-beacon-sim-${this.counter}`).toString('base64');
  }
}

export type DecodedId =
  | { kind: 'item' | 'attachment'; n: number }
  | { kind: 'occurrence'; masterId: string; index: number };

const ID_PREFIX = 'beacon-sim:';

export function encodeId(id: DecodedId): string {
  const body =
    id.kind === 'occurrence' ? `occurrence:${id.index}:${id.masterId}` : `${id.kind}:${id.n}`;
  return Buffer.from(`${ID_PREFIX}${body}`).toString('base64');
}

/** Undefined when the text is not an id this simulator made (ErrorInvalidIdMalformed). */
export function decodeId(id: string): DecodedId | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(id)) return undefined;
  const raw = Buffer.from(id, 'base64').toString('utf8');
  if (!raw.startsWith(ID_PREFIX)) return undefined;
  const [kind, a, ...rest] = raw.slice(ID_PREFIX.length).split(':');
  if ((kind === 'item' || kind === 'attachment') && a !== undefined && /^\d+$/.test(a)) {
    return { kind, n: Number(a) };
  }
  if (kind === 'occurrence' && a !== undefined && /^\d+$/.test(a) && rest.length > 0) {
    return { kind, index: Number(a), masterId: rest.join(':') };
  }
  return undefined;
}

/** Where a message is visible: the `voicemail` search folder is inbox voicemail items. */
export function inFolder(message: MessageItem, folder: string): boolean {
  if (folder === 'voicemail') {
    return message.folder === 'inbox' && isVoicemailClass(message.itemClass);
  }
  return message.folder === folder;
}
