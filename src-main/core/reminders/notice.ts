/**
 * What the core asks a shell to show as an OS notification. Plain JSON-able data: the shell
 * words it with `noticeText` and, for a joinable meeting, wires its action to the core's
 * `open-join-link` command with `itemId`.
 */

/** A meeting or appointment about to start. */
export interface MeetingSoonNotice {
  kind: 'meeting-soon';
  /** Stable per item and start (`meeting:<itemId>:<start>`): a moved meeting is a new notice. */
  id: string;
  itemId: string;
  /** The agenda's subject; for a private item the core already hides it. */
  subject: string;
  /** ISO-8601 UTC. */
  start: string;
  location?: string;
  /** Whole minutes until the start when the notice became due, at least 1. */
  minutesLeft: number;
  /** Has attendees or another organiser ("Meeting"), or is the user's own ("Appointment"). */
  isMeeting: boolean;
  /** Shown with the localised "Private appointment" instead of the subject. */
  isPrivate: boolean;
  /** It has an https join link, so `open-join-link` will open it. */
  joinable: boolean;
}

/** Automatic replies were found on at sign-in (app start or account change). */
export interface OofStillOnNotice {
  kind: 'oof-still-on';
  /** Stable per account (`oof:<mode>:<mailbox>`). */
  id: string;
  /** ISO-8601 UTC end of a scheduled window; absent when they are simply on. */
  until?: string;
}

/** "Tell me when available": a contact became available (once per transition). */
export interface ContactAvailableNotice {
  kind: 'contact-available';
  /** `available:<address>:<instant>`. */
  id: string;
  address: string;
  name: string;
}

/** An instant message arrived while the window was hidden. */
export interface MessageNotice {
  kind: 'message';
  /** `message:<address>:<message id>`. */
  id: string;
  from: string;
  name: string;
  /** The message as plain text (the shell shows it as text, cut to a line or two). */
  preview: string;
}

/** Do not disturb held these messages; shown, summarised, when it ended (as Lync did). */
export interface HeldMessagesNotice {
  kind: 'held-messages';
  id: string;
  messages: number;
  /** The senders' names, most recent first. */
  names: string[];
}

/** A new voicemail arrived; the shell's Play action shows it in the window and fetches its audio. */
export interface VoicemailNotice {
  kind: 'voicemail';
  /** `voicemail:<itemId>`: once per item. */
  id: string;
  itemId: string;
  callerName?: string;
  callerNumber?: string;
  durationSeconds?: number;
  /** It has audio to play here (not protected): the notice offers Play. */
  playable?: boolean;
}

export type Notice =
  | VoicemailNotice
  | MeetingSoonNotice
  | OofStillOnNotice
  | ContactAvailableNotice
  | MessageNotice
  | HeldMessagesNotice;
