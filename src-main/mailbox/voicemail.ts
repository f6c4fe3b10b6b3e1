/** Voicemail as Beacon lists and plays it. */
import type { MailboxError } from './errors.js';

export type VoicemailKind = 'voicemail' | 'protected' | 'missed-call';

/** A person as items carry them. */
export interface Person {
  name?: string;
  email?: string;
  routingType?: string;
}

/** An item's identity; the change key guards against lost updates. */
export interface ItemRef {
  id: string;
  changeKey?: string;
}

export interface VoicemailSummary {
  id: string;
  changeKey?: string;
  subject: string;
  received: Date;
  isRead: boolean;
  itemClass: string;
  /** `protected` audio cannot be played here; a `missed-call` has none. */
  kind: VoicemailKind;
  from?: Person;
  hasAttachments: boolean;
  durationSeconds?: number;
  callerNumber?: string;
  callerName?: string;
  callId?: string;
  /** The audio attachments' names in play order, `;`-separated. */
  attachmentOrder?: string;
}

export interface VoicemailAttachmentInfo {
  id: string;
  name: string;
  contentType: string;
  size?: number;
}

export interface VoicemailDetails extends VoicemailSummary {
  /** The voice-mail preview from the body (plain text, whitespace kept). */
  transcription?: string;
  attachments: VoicemailAttachmentInfo[];
}

export interface VoicemailList {
  items: VoicemailSummary[];
  /** Where they came from: the voicemail folder, or the inbox fallback. */
  folder: 'voicemail' | 'inbox';
  includesLastItemInRange: boolean;
}

/** One voicemail's details, or that id's own failure. */
export type VoicemailResult =
  { id: string; ok: true; item: VoicemailDetails } | { id: string; ok: false; error: MailboxError };

/** An attachment's bytes. */
export interface AttachmentBytes {
  id: string;
  name: string;
  contentType: string;
  content: Buffer;
}
