/**
 * From what the mailbox gave (the list's summary and, once read, the item's body and attachments) to
 * the Snapshot's `VoicemailItem`. Pure.
 */
import type { VoicemailAudio, VoicemailItem } from '../core/contract.js';
import type { VoicemailDetails, VoicemailSummary } from '../mailbox/voicemail.js';
import { formatFromAttachment } from './format.js';
import type { AudioAttachment } from './prepare.js';
import { plainTranscript } from './transcript.js';

/** What a GetItem added to a summary; read once per item (and change key). */
export interface VoicemailDetail {
  changeKey: string | undefined;
  transcript: string;
  attachment: AudioAttachment | undefined;
}

const AUDIO_EXTENSIONS = /\.(mp3|wav|wma)$/i;

function isAudio(a: { name: string; contentType: string }): boolean {
  return a.contentType.toLowerCase().startsWith('audio/') || AUDIO_EXTENSIONS.test(a.name);
}

/**
 * The recording: the first name in UM's play order (0x6805) that is attached, else the first
 * attachment that looks like audio. Undefined when the message has none.
 */
export function chooseAudioAttachment(
  attachments: VoicemailDetails['attachments'],
  attachmentOrder: string | undefined,
): AudioAttachment | undefined {
  const order = (attachmentOrder ?? '')
    .split(';')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  for (const name of order) {
    const found = attachments.find((a) => a.name.trim().toLowerCase() === name);
    if (found !== undefined) return found;
  }
  return attachments.find(isAudio);
}

export function detailFrom(item: VoicemailDetails): VoicemailDetail {
  return {
    changeKey: item.changeKey,
    transcript: plainTranscript(item.transcription),
    attachment: chooseAudioAttachment(item.attachments, item.attachmentOrder),
  };
}

/** The audio state before any fetch: what the kind and the attachment already tell. */
export function initialAudio(
  summary: Pick<VoicemailSummary, 'kind' | 'hasAttachments'>,
  detail: VoicemailDetail | undefined,
): VoicemailAudio {
  if (summary.kind === 'protected')
    return { state: 'unplayable', problem: 'protected', canSave: false };
  if (summary.kind === 'missed-call' || (detail !== undefined && detail.attachment === undefined))
    return { state: 'unplayable', problem: 'no-audio', canSave: false };
  if (detail?.attachment === undefined) return { state: 'not-loaded' };
  const format = formatFromAttachment(detail.attachment.contentType, detail.attachment.name);
  return format === 'unknown' ? { state: 'not-loaded' } : { state: 'not-loaded', format };
}

function clip(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  const t = text.replace(/\s+/g, ' ').trim();
  if (t === '') return undefined;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function toVoicemailItem(
  summary: VoicemailSummary,
  detail: VoicemailDetail | undefined,
  audio: VoicemailAudio,
): VoicemailItem {
  const item: VoicemailItem = {
    id: summary.id,
    kind: summary.kind,
    receivedAt: summary.received.toISOString(),
    isRead: summary.isRead,
    transcript: detail?.transcript ?? '',
    audio,
  };
  const name = clip(summary.callerName ?? summary.from?.name, 256);
  if (name !== undefined) item.callerName = name;
  const number = clip(summary.callerNumber, 64);
  if (number !== undefined) item.callerNumber = number;
  if (summary.durationSeconds !== undefined) item.durationSeconds = summary.durationSeconds;
  return item;
}

/**
 * The list as a cached Snapshot shows it at start: a fetch that was under way when it was saved
 * is not running now, so its item waits for Play again instead of spinning until a refresh.
 */
export function restoredItems(items: readonly VoicemailItem[]): VoicemailItem[] {
  return items.map((item) =>
    item.audio.state === 'loading'
      ? {
          ...item,
          audio:
            item.audio.format === undefined
              ? { state: 'not-loaded' }
              : { state: 'not-loaded', format: item.audio.format },
        }
      : item,
  );
}
