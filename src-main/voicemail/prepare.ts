/**
 * Makes one voicemail's audio playable: fetch the attachment once, check its size and real
 * format, keep the original in the cache, transcode GSM/WMA with ffmpeg when there is one, and
 * compute the peaks from decoded PCM. MP3 and WAV play as stored, so they are ready as soon as
 * the bytes are cached, with no peaks yet; `completeAudio` decodes them afterwards for the
 * peaks (and finds a cut-off MP3). Every failure becomes the item's own `unplayable` problem.
 */
import { readFile, rm } from 'node:fs/promises';
import type { AudioFormat, AudioProblem, VoicemailAudio } from '../core/contract.js';
import type { AudioCache } from './cache.js';
import {
  CorruptAudioError,
  decodeNative,
  durationOf,
  fromS16le,
  waveSeconds,
  type DecodedAudio,
} from './decode.js';
import { PCM_RATE, TranscodeFailedError, TranscoderMissingError, transcode } from './ffmpeg.js';
import { contentTypeOf, formatFromAttachment, playsNatively, sniffFormat } from './format.js';
import { computePeaks } from './peaks.js';

/** No voicemail is this long; a bigger attachment is not fetched (or kept). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface AudioAttachment {
  id: string;
  name: string;
  contentType: string;
  size?: number;
}

export interface FetchedAttachment {
  name: string;
  contentType: string;
  content: Buffer;
}

export interface PrepareDeps {
  cache: AudioCache;
  fetchAttachment: (id: string) => Promise<FetchedAttachment>;
  /** The ffmpeg to run; undefined when this machine has none. */
  findFfmpeg: () => Promise<string | undefined>;
  maxAttachmentBytes?: number;
}

/** `key` of a kept original: Save audio downloads it from the same URL a ready item has. */
export function unplayable(
  problem: AudioProblem,
  canSave: boolean,
  format?: AudioFormat,
  key?: string,
): VoicemailAudio {
  const audio: VoicemailAudio = { state: 'unplayable', problem, canSave };
  if (format !== undefined && format !== 'unknown') audio.format = format;
  if (canSave && key !== undefined) audio.src = `voicemail-audio/${key}`;
  return audio;
}

/** A decoded MP3 far shorter than the length Exchange recorded was cut off on the way. */
export function looksTruncated(
  decodedSeconds: number,
  declaredSeconds: number | undefined,
): boolean {
  if (declaredSeconds === undefined || declaredSeconds <= 0) return false;
  return decodedSeconds < declaredSeconds * 0.5 && declaredSeconds - decodedSeconds > 2;
}

/** The audio state a finished cache record stands for. */
export function readyAudio(key: string, cache: AudioCache): VoicemailAudio | undefined {
  const record = cache.record(key);
  if (record === undefined) return undefined;
  if (!record.playable) return unplayable(record.problem ?? 'corrupt', true, record.format, key);
  return {
    state: 'ready',
    src: `voicemail-audio/${key}`,
    format: record.format,
    transcoded: record.transcoded,
    peaks: record.peaks,
    durationSeconds: record.durationSeconds,
  };
}

function fileNameFor(name: string, format: AudioFormat): string {
  // Only the last path segment, and nothing a header or a file system could trip over.
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[^\p{L}\p{N} ._()-]/gu, '_').trim();
  if (base !== '' && base.length <= 200) return base;
  return `voicemail.${format === 'mp3' ? 'mp3' : format === 'wma' ? 'wma' : 'wav'}`;
}

export async function prepareAudio(
  deps: PrepareDeps,
  key: string,
  attachment: AudioAttachment,
  declaredSeconds: number | undefined,
): Promise<VoicemailAudio> {
  const max = deps.maxAttachmentBytes ?? MAX_ATTACHMENT_BYTES;
  const described = formatFromAttachment(attachment.contentType, attachment.name);
  if (attachment.size !== undefined && attachment.size > max)
    return unplayable('too-large', false, described);

  const existing = readyAudio(key, deps.cache);
  if (existing !== undefined) return existing;

  let fetched: FetchedAttachment;
  try {
    fetched = await deps.fetchAttachment(attachment.id);
  } catch {
    return unplayable('fetch-failed', false, described);
  }
  const bytes = fetched.content;
  if (bytes.length > max) return unplayable('too-large', false, described);
  const format = sniffFormat(bytes);
  if (format === 'unknown') return unplayable('corrupt', false, described);

  const { cache } = deps;
  const originalPath = await cache.writeOriginal(key, bytes);
  const base = {
    fileName: fileNameFor(fetched.name || attachment.name, format),
    contentType: contentTypeOf(format),
    format,
  };
  if (playsNatively(format)) {
    try {
      // Only the header is read now: the decoding for the peaks comes after Play can start.
      const seconds = format === 'mp3' ? (declaredSeconds ?? 0) : waveSeconds(bytes);
      const durationSeconds = Math.round(seconds * 1000) / 1000;
      await cache.commit(key, {
        ...base,
        transcoded: false,
        playable: true,
        playableContentType: base.contentType,
        peaks: [],
        peaksPending: true,
        durationSeconds,
      });
    } catch (error) {
      if (!(error instanceof CorruptAudioError)) throw error;
      await keepOriginalOnly(cache, key, base, 'corrupt');
      return unplayable('corrupt', true, format, key);
    }
    return readyAudio(key, cache) ?? unplayable('corrupt', true, format, key);
  }

  let decoded: DecodedAudio;
  try {
    const ffmpeg = await deps.findFfmpeg();
    if (ffmpeg === undefined) {
      await keepOriginalOnly(cache, key, base, 'format-unsupported');
      return unplayable('format-unsupported', true, format, key);
    }
    const pcmPath = `${cache.playablePath(key)}.pcm`;
    try {
      await transcode(ffmpeg, originalPath, cache.playablePath(key), pcmPath);
      await cache.sealPlayable(key);
      decoded = fromS16le(await readFile(pcmPath), PCM_RATE);
    } finally {
      await rm(pcmPath, { force: true });
    }
    if (decoded.samples.length === 0) throw new TranscodeFailedError('ffmpeg wrote no audio');
  } catch (error) {
    await rm(cache.playablePath(key), { force: true });
    const problem: AudioProblem =
      error instanceof TranscoderMissingError
        ? 'format-unsupported'
        : error instanceof TranscodeFailedError
          ? 'transcode-failed'
          : 'corrupt';
    await keepOriginalOnly(cache, key, base, problem);
    return unplayable(problem, true, format, key);
  }
  const durationSeconds = Math.round(durationOf(decoded) * 1000) / 1000;
  const peaks = computePeaks(decoded.samples);
  await cache.commit(key, {
    ...base,
    transcoded: true,
    playable: true,
    playableContentType: 'audio/mpeg',
    peaks,
    durationSeconds,
  });
  return {
    state: 'ready',
    src: `voicemail-audio/${key}`,
    format,
    transcoded: true,
    peaks,
    durationSeconds,
  };
}

/** A cached MP3 or WAV that is playable but has no peaks yet. */
export function needsPeaks(key: string, cache: AudioCache): boolean {
  const record = cache.record(key);
  return record?.playable === true && record.peaksPending === true;
}

/**
 * The second half for MP3 and WAV: decode the cached original (off the Play path), then the
 * peaks and the exact length, or `corrupt` when it does not decode or an MP3 is cut off. The
 * audio as it is now, or undefined when the entry went meanwhile (deleted, evicted, signed out).
 */
export async function completeAudio(
  cache: AudioCache,
  key: string,
  declaredSeconds: number | undefined,
): Promise<VoicemailAudio | undefined> {
  const record = cache.record(key);
  if (record === undefined) return undefined;
  if (!needsPeaks(key, cache)) return readyAudio(key, cache);
  let bytes: Buffer;
  try {
    bytes = await readFile(cache.originalPath(key));
  } catch {
    return undefined;
  }
  const { fileName, contentType, format } = record;
  let decoded: DecodedAudio;
  try {
    const native = await decodeNative(format, bytes);
    if (native === undefined) throw new CorruptAudioError('Not decodable');
    decoded = native;
    if (format === 'mp3' && looksTruncated(durationOf(decoded), declaredSeconds))
      throw new CorruptAudioError('The MP3 is cut off');
  } catch {
    if (cache.record(key) === undefined) return undefined;
    await keepOriginalOnly(cache, key, { fileName, contentType, format }, 'corrupt');
    return unplayable('corrupt', true, format, key);
  }
  // Removed while decoding: nothing is written back.
  if (cache.record(key) === undefined) return undefined;
  try {
    await cache.commit(key, {
      fileName,
      contentType,
      format,
      transcoded: false,
      playable: true,
      playableContentType: record.playableContentType,
      peaks: computePeaks(decoded.samples),
      durationSeconds: Math.round(durationOf(decoded) * 1000) / 1000,
    });
  } catch {
    // Its files went while the record was written: the entry is gone.
    await cache.remove(key);
    return undefined;
  }
  return readyAudio(key, cache);
}

/** The bytes stay savable (Save audio) though this machine cannot play them. */
async function keepOriginalOnly(
  cache: AudioCache,
  key: string,
  base: { fileName: string; contentType: string; format: AudioFormat },
  problem: AudioProblem,
): Promise<void> {
  await cache.commit(key, {
    ...base,
    problem,
    transcoded: false,
    playable: false,
    playableContentType: base.contentType,
    peaks: [],
    durationSeconds: 0,
  });
}
