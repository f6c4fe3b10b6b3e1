/** Builders for mailboxes, calendar items and voicemails, shared by the seeds and the admin API. */
import { CLIPS, protectedVoicemailPayload, readClip, type ClipName } from './audio.js';
import type { BusyType } from './free-busy.js';
import type {
  Attendee,
  CalendarItem,
  ExtendedValue,
  Mailbox,
  MailboxStore,
  MessageItem,
  OofSettings,
  Person,
  ResponseType,
  Sensitivity,
  WorkingHours,
} from './model.js';
import type { Recurrence } from './recurrence.js';
import type { LegacyTimeZone } from './time-zone.js';

export interface MailboxInput {
  email: string;
  displayName: string;
  jobTitle?: string;
  department?: string;
  office?: string;
  phone?: string;
  timeZone: LegacyTimeZone;
  voicemailEnabled?: boolean;
  freeBusyShared?: boolean;
}

export function defaultOof(): OofSettings {
  return {
    state: 'Disabled',
    externalAudience: 'All',
    internalReply: { message: '', lang: 'en-US' },
    externalReply: { message: '', lang: 'en-US' },
  };
}

export function standardWorkingHours(timeZone: LegacyTimeZone): WorkingHours {
  return {
    timeZone,
    days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
    startMinutes: 8 * 60,
    endMinutes: 17 * 60,
  };
}

export function newMailbox(input: MailboxInput): Mailbox {
  const [givenName = input.displayName, ...rest] = input.displayName.split(' ');
  return {
    email: input.email,
    displayName: input.displayName,
    givenName,
    surname: rest.join(' '),
    jobTitle: input.jobTitle ?? '',
    department: input.department ?? '',
    office: input.office ?? '',
    phone: input.phone ?? '',
    voicemailEnabled: input.voicemailEnabled ?? true,
    freeBusyShared: input.freeBusyShared ?? true,
    workingHours: standardWorkingHours(input.timeZone),
    oof: defaultOof(),
    calendar: [],
    messages: [],
  };
}

export const personOf = (m: Mailbox): Person => ({ name: m.displayName, email: m.email });

export interface CalendarItemInput {
  subject: string;
  start: number;
  end: number;
  location?: string;
  body?: string;
  isAllDay?: boolean;
  freeBusy?: BusyType;
  sensitivity?: Sensitivity;
  /** Attendees make it a meeting; the organizer defaults to the owner. */
  organizer?: Person;
  requiredAttendees?: Attendee[];
  optionalAttendees?: Attendee[];
  myResponseType?: ResponseType;
  isCancelled?: boolean;
  reminderMinutesBeforeStart?: number;
  joinOnlineMeetingUrl?: string;
  recurrence?: Recurrence;
}

export function newCalendarItem(
  store: MailboxStore,
  owner: Mailbox,
  input: CalendarItemInput,
  created: number,
): CalendarItem {
  const organizer = input.organizer ?? personOf(owner);
  const required = input.requiredAttendees ?? [];
  const optional = input.optionalAttendees ?? [];
  const isMeeting = required.length + optional.length > 0;
  const ownerOrganizes = organizer.email.toLowerCase() === owner.email.toLowerCase();
  const item: CalendarItem = {
    id: store.newId('item'),
    changeKey: store.newChangeKey(),
    subject: input.subject,
    location: input.location ?? '',
    body: input.body ?? '',
    start: input.start,
    end: input.end,
    isAllDay: input.isAllDay ?? false,
    freeBusy: input.freeBusy ?? 'Busy',
    sensitivity: input.sensitivity ?? 'Normal',
    isMeeting,
    organizer,
    requiredAttendees: required,
    optionalAttendees: optional,
    myResponseType:
      input.myResponseType ?? (ownerOrganizes ? 'Organizer' : isMeeting ? 'Accept' : 'Organizer'),
    isCancelled: input.isCancelled ?? false,
    reminderIsSet: input.reminderMinutesBeforeStart !== undefined,
    reminderMinutesBeforeStart: input.reminderMinutesBeforeStart ?? 15,
    created,
  };
  if (input.joinOnlineMeetingUrl !== undefined)
    item.joinOnlineMeetingUrl = input.joinOnlineMeetingUrl;
  if (input.recurrence) item.recurrence = input.recurrence;
  owner.calendar.push(item);
  return item;
}

/** Audio given as bytes (the admin API's raw drop-in: corrupt, truncated, odd types, huge). */
export interface RawVoicemailAudio {
  content: Buffer;
  contentType: string;
  /** Defaults to `VoiceMail-<digits>.bin`. */
  fileName?: string;
}

export interface VoicemailInput {
  callerName: string;
  callerNumber: string;
  /** One of the committed clips; ignored when `audio` is given or the item is protected. */
  clip?: ClipName;
  audio?: RawVoicemailAudio;
  received: number;
  isRead?: boolean;
  /** Defaults to the clip's own transcript (none for raw audio). */
  transcript?: string;
  /** Defaults to the clip's length; 0x6801. */
  durationSeconds?: number;
  /**
   * Rights-managed: class `IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA` and a `message.rpmsg`
   * attachment instead of audio (the audio is sealed inside it).
   */
  protected?: boolean;
  /** Defaults to `IPM.Note.Microsoft.Voicemail.UM.CA` (the rpmsg class when protected). */
  itemClass?: string;
  callerEmail?: string;
}

/** Exchange UM's MAPI properties on a voicemail message. */
export const PROP = {
  duration: 0x6801,
  callerNumber: 0x6802,
  callerName: 0x6803,
  attachmentOrder: 0x6805,
  callId: 0x6806,
} as const;

export const PROTECTED_VOICEMAIL_CLASS = 'IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA';
export const RPMSG_CONTENT_TYPE = 'application/x-microsoft-rpmsg-message';
/** What the unprotected wrapper of a rights-managed voicemail says (the preview is sealed too). */
export const PROTECTED_VOICEMAIL_BODY =
  'You received a protected voice message. Open it in Outlook to listen to it.';

function extensionOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? 'bin' : file.slice(dot + 1);
}

export function newVoicemail(
  store: MailboxStore,
  owner: Mailbox,
  input: VoicemailInput,
): MessageItem {
  const clip = CLIPS[input.clip ?? 'megan'];
  const digits = input.callerNumber.replace(/\D/g, '');
  const isProtected = input.protected ?? false;
  const attachment: { name: string; contentType: string; content: Buffer } = isProtected
    ? {
        name: 'message.rpmsg',
        contentType: RPMSG_CONTENT_TYPE,
        content: protectedVoicemailPayload(),
      }
    : input.audio !== undefined
      ? {
          name: input.audio.fileName ?? `VoiceMail-${digits}.bin`,
          contentType: input.audio.contentType,
          content: input.audio.content,
        }
      : {
          name: `VoiceMail-${digits}.${extensionOf(clip.file)}`,
          contentType: clip.contentType,
          content: readClip(input.clip ?? 'megan'),
        };
  const duration = input.durationSeconds ?? (input.audio === undefined ? clip.durationSeconds : 0);
  const transcript = isProtected
    ? PROTECTED_VOICEMAIL_BODY
    : (input.transcript ?? (input.audio === undefined ? clip.transcript : ''));
  const messageId = store.newId('item');
  const extended = new Map<number, ExtendedValue>([
    [PROP.duration, { type: 'Integer', value: duration }],
    [PROP.callerNumber, { type: 'String', value: input.callerNumber }],
    [PROP.callerName, { type: 'String', value: input.callerName }],
  ]);
  // The play order names audio files; a sealed message has none to name.
  if (!isProtected)
    extended.set(PROP.attachmentOrder, { type: 'String', value: `${attachment.name};` });
  extended.set(PROP.callId, { type: 'String', value: messageId.slice(-16).toLowerCase() });
  const message: MessageItem = {
    id: messageId,
    changeKey: store.newChangeKey(),
    folder: 'inbox',
    itemClass:
      input.itemClass ??
      (isProtected ? PROTECTED_VOICEMAIL_CLASS : 'IPM.Note.Microsoft.Voicemail.UM.CA'),
    subject: `Voice Mail from ${input.callerName} (${duration} seconds)`,
    body: { type: 'Text', text: transcript },
    from: { name: input.callerName, email: input.callerEmail ?? owner.email },
    to: [personOf(owner)],
    received: input.received,
    isRead: input.isRead ?? false,
    importance: 'Normal',
    attachments: [{ id: store.newId('attachment'), ...attachment }],
    extended,
  };
  owner.messages.push(message);
  return message;
}

export interface MessageInput {
  folder: MessageItem['folder'];
  itemClass?: string;
  subject: string;
  body: string;
  from: Person;
  to: Person[];
  received: number;
  isRead?: boolean;
}

export function newMessage(store: MailboxStore, owner: Mailbox, input: MessageInput): MessageItem {
  const message: MessageItem = {
    id: store.newId('item'),
    changeKey: store.newChangeKey(),
    folder: input.folder,
    itemClass: input.itemClass ?? 'IPM.Note',
    subject: input.subject,
    body: { type: 'Text', text: input.body },
    from: input.from,
    to: input.to,
    received: input.received,
    isRead: input.isRead ?? true,
    importance: 'Normal',
    attachments: [],
    extended: new Map(),
  };
  owner.messages.push(message);
  return message;
}
