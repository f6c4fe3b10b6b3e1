/**
 * What the Voicemail view says, decided without React: a row's words, durations as m:ss, the
 * position a slider reads out, and each audio state as a sentence. Pure, so both catalogues are
 * tested over the same contract-valid items.
 */
import type { VoicemailAudio, VoicemailItem } from '../../../src-main/core/contract.js';
import type { Formatter } from '../../format/formatter.js';
import type { Messages } from '../../i18n/index.js';

/** "0:07", "1:05", "61:40": whole seconds, rounded down, never negative. */
export function durationText(seconds: number): string {
  const whole = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  const minutes = Math.floor(whole / 60);
  return `${String(minutes)}:${String(whole % 60).padStart(2, '0')}`;
}

/** Who called: the name, else the number, else the catalogue's "Unknown caller". */
export function callerText(item: VoicemailItem, t: Messages): string {
  const name = item.callerName?.trim();
  if (name !== undefined && name !== '') return name;
  const number = item.callerNumber?.trim();
  if (number !== undefined && number !== '') return number;
  return t.voicemail.unknownCaller;
}

/** The number under the name, when a name is shown and Exchange gave a number. */
export function numberText(item: VoicemailItem): string | undefined {
  const name = item.callerName?.trim();
  const number = item.callerNumber?.trim();
  if (name === undefined || name === '' || number === undefined || number === '') return undefined;
  return number;
}

/** The transcript's first non-empty line, for the list. */
export function transcriptFirstLine(transcript: string): string {
  for (const line of transcript.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed !== '') return trimmed;
  }
  return '';
}

/**
 * When it came, as short as is clear in the viewer's zone: the time today, the locale's own
 * "yesterday", the date further back (the full date and time are the row's tooltip).
 */
export function receivedText(iso: string, now: number, format: Formatter): string {
  const days = format.daysBetween(Date.parse(iso), now);
  if (days <= 0) return format.time(iso);
  if (days === 1)
    return new Intl.RelativeTimeFormat(format.locale, { numeric: 'auto' }).format(-1, 'day');
  return format.date(iso);
}

/** The length to show: the audio's own when it is known, else what Exchange said. */
export function itemDuration(item: VoicemailItem): number | undefined {
  if (item.audio.state === 'ready') return item.audio.durationSeconds;
  return item.durationSeconds;
}

/** How many of the newest unread voicemails the Voicemail view fetches ahead. */
export const PREFETCH_COUNT = 3;

/**
 * The voicemails the Voicemail view asks the core to fetch as it opens, so Play starts at once:
 * of the newest unread ones, those whose audio is not here yet (protected ones and missed calls
 * have none). The newest are chosen first, so one turning ready does not draw in the next.
 * Nothing is fetched before the view is open: at start the user asked for none of it.
 */
export function prefetchIds(items: readonly VoicemailItem[]): string[] {
  return visibleItems(items)
    .filter((item) => item.kind === 'voicemail' && !item.isRead)
    .slice(0, PREFETCH_COUNT)
    .filter((item) => item.audio.state === 'not-loaded')
    .map((item) => item.id);
}

/** Items still in the list: newest first, the ones being deleted left out. */
export function visibleItems(items: readonly VoicemailItem[]): VoicemailItem[] {
  return items
    .filter((item) => item.deletingUntil === undefined)
    .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
}

/** Items deleted whose Undo time has not run out at `now`. */
export function undoableItems(items: readonly VoicemailItem[], now: number): VoicemailItem[] {
  return items.filter(
    (item) => item.deletingUntil !== undefined && Date.parse(item.deletingUntil) > now,
  );
}

/** How many the Voicemail tab's badge counts: unread and not being deleted. */
export function unreadCount(items: readonly VoicemailItem[]): number {
  return items.filter((item) => !item.isRead && item.deletingUntil === undefined).length;
}

/**
 * Why the audio cannot play, as a sentence; undefined while it can (or may yet). A protected
 * item or a missed call says so whatever the audio state.
 */
export function audioSentence(item: VoicemailItem, t: Messages): string | undefined {
  const v = t.voicemail;
  if (item.kind === 'protected') return v.problem.protected;
  if (item.kind === 'missed-call') return v.missedCallSentence;
  if (item.audio.state !== 'unplayable') return undefined;
  return v.problem[item.audio.problem];
}

/** The slider's spoken value: "0:12 of 0:27". */
export function positionText(seconds: number, total: number, t: Messages): string {
  return t.voicemail.position(durationText(seconds), durationText(total));
}

export const SEEK_STEP_SECONDS = 5;

/** Where a key on the waveform moves the audio; undefined for keys that do not seek. */
export function seekForKey(key: string, current: number, total: number): number | undefined {
  const clamp = (s: number): number => Math.min(Math.max(s, 0), Math.max(total, 0));
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return clamp(current + SEEK_STEP_SECONDS);
    case 'ArrowLeft':
    case 'ArrowDown':
      return clamp(current - SEEK_STEP_SECONDS);
    case 'Home':
      return 0;
    case 'End':
      return clamp(total);
    default:
      return undefined;
  }
}

/** The time under a click at `x` on a waveform `width` wide, for audio `total` long. */
export function seekForClick(x: number, width: number, total: number): number {
  if (width <= 0 || total <= 0) return 0;
  return Math.min(Math.max(x / width, 0), 1) * total;
}

/** Playing past this position marks the message read (with the setting on). */
export const MARK_READ_AFTER_SECONDS = 3;

export function shouldMarkRead(state: {
  position: number;
  ended: boolean;
  isRead: boolean;
  setting: boolean;
  alreadySent: boolean;
}): boolean {
  if (!state.setting || state.isRead || state.alreadySent) return false;
  return state.ended || state.position > MARK_READ_AFTER_SECONDS;
}

/**
 * `count` bar heights (0..1) from the core's peaks: the loudest peak in each bar's stretch, so a
 * short loud word still shows. Fewer peaks than bars give one bar per peak.
 */
export function waveformBars(peaks: readonly number[], count: number): number[] {
  if (peaks.length === 0 || count <= 0) return [];
  if (peaks.length <= count) return peaks.map((p) => Math.min(Math.max(p, 0), 1));
  const bars: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const from = Math.floor((i * peaks.length) / count);
    const to = Math.max(from + 1, Math.floor(((i + 1) * peaks.length) / count));
    let loudest = 0;
    for (let j = from; j < to; j += 1) loudest = Math.max(loudest, peaks[j] ?? 0);
    bars.push(Math.min(loudest, 1));
  }
  return bars;
}

export const PLAYBACK_RATES = [1, 1.25, 1.5, 2] as const;
export type PlaybackRate = (typeof PLAYBACK_RATES)[number];

/**
 * The download link of Save audio (the bytes as Exchange stored them): for a ready recording, and
 * for one that cannot play here but whose original the core kept.
 */
export function downloadHref(audio: VoicemailAudio): string | undefined {
  if (audio.state === 'ready') return `${audio.src}?download=1`;
  if (audio.state === 'unplayable' && audio.canSave && audio.src !== undefined)
    return `${audio.src}?download=1`;
  return undefined;
}
