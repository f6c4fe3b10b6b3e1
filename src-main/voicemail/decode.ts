/**
 * Decoded audio for the waveform: mono samples in -1..1 and the sample rate. MP3 through
 * mpg123-decoder (WebAssembly), WAV PCM / A-law / μ-law read here, and GSM or WMA from the
 * transcoder's 16-bit PCM. Throws `CorruptAudioError` when the bytes are not what they claim.
 */
import type { AudioFormat } from '../core/contract.js';
import { readWaveLayout } from './format.js';
import { ALAW_TABLE, MULAW_TABLE } from './g711.js';

export class CorruptAudioError extends Error {
  override name = 'CorruptAudioError';
}

export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
}

export function durationOf(audio: DecodedAudio): number {
  return audio.sampleRate > 0 ? audio.samples.length / audio.sampleRate : 0;
}

/** Signed 16-bit little-endian mono (ffmpeg's `-f s16le -ac 1`). */
export function fromS16le(bytes: Uint8Array, sampleRate: number): DecodedAudio {
  const count = Math.floor(bytes.byteLength / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  const samples = new Float32Array(count);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 2, true) / 32768;
  return { samples, sampleRate };
}

function sampleReader(
  view: DataView,
  formatTag: number,
  bits: number,
): ((offset: number) => number) | undefined {
  if (formatTag === 6) return (o) => (ALAW_TABLE[view.getUint8(o)] ?? 0) / 32768;
  if (formatTag === 7) return (o) => (MULAW_TABLE[view.getUint8(o)] ?? 0) / 32768;
  if (formatTag !== 1) return undefined;
  switch (bits) {
    case 8:
      return (o) => (view.getUint8(o) - 128) / 128;
    case 16:
      return (o) => view.getInt16(o, true) / 32768;
    case 24:
      return (o) =>
        (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608;
    case 32:
      return (o) => view.getInt32(o, true) / 2147483648;
    default:
      return undefined;
  }
}

/**
 * The WAVE header checked without reading a sample (PCM, A-law or μ-law, consistent, its data
 * all there): the length in seconds, or `CorruptAudioError`.
 */
export function waveSeconds(bytes: Uint8Array): number {
  const layout = checkedWave(bytes);
  return Math.floor(layout.dataSize / layout.blockAlign) / layout.sampleRate;
}

function checkedWave(bytes: Uint8Array): NonNullable<ReturnType<typeof readWaveLayout>> {
  const layout = readWaveLayout(bytes);
  if (layout === undefined) throw new CorruptAudioError('Not a WAVE file');
  const { formatTag, channels, sampleRate, bitsPerSample, blockAlign, dataOffset, dataSize } =
    layout;
  const bytesPerSample = bitsPerSample / 8;
  if (
    channels < 1 ||
    channels > 8 ||
    sampleRate < 1000 ||
    sampleRate > 384_000 ||
    !Number.isInteger(bytesPerSample) ||
    blockAlign !== bytesPerSample * channels
  )
    throw new CorruptAudioError('The WAVE header is not consistent');
  const available = bytes.byteLength - dataOffset;
  if (dataSize > available) throw new CorruptAudioError('The audio data is cut off');
  const known =
    formatTag === 1 ? [8, 16, 24, 32].includes(bitsPerSample) : formatTag === 6 || formatTag === 7;
  if (!known) throw new CorruptAudioError(`WAVE format ${formatTag} is not decoded here`);
  if (Math.floor(dataSize / blockAlign) === 0)
    throw new CorruptAudioError('The WAVE file has no audio');
  return layout;
}

/** PCM, A-law or μ-law WAV, mixed down to mono. A cut-off data chunk is corrupt. */
export function decodeWave(bytes: Uint8Array): DecodedAudio {
  const { formatTag, channels, sampleRate, bitsPerSample, blockAlign, dataOffset, dataSize } =
    checkedWave(bytes);
  const bytesPerSample = bitsPerSample / 8;
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataOffset, dataSize);
  const read = sampleReader(view, formatTag, bitsPerSample);
  if (read === undefined)
    throw new CorruptAudioError(`WAVE format ${formatTag} is not decoded here`);
  const frames = Math.floor(dataSize / blockAlign);
  if (frames === 0) throw new CorruptAudioError('The WAVE file has no audio');
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(f * blockAlign + c * bytesPerSample);
    samples[f] = sum / channels;
  }
  return { samples, sampleRate };
}

/** MP3 bytes handed to the decoder at a time; between pieces the event loop runs. */
const MP3_PIECE_BYTES = 16 * 1024;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Decodes in pieces and lets the event loop run between them, so a long MP3 does not hold up
 * the audio the shells are serving meanwhile.
 */
export async function decodeMp3(bytes: Uint8Array): Promise<DecodedAudio> {
  const { MPEGDecoder } = await import('mpg123-decoder');
  unpinFirstInstance(MPEGDecoder);
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const pieces: Float32Array[] = [];
    let total = 0;
    let sampleRate = 0;
    for (let from = 0; from < bytes.byteLength; from += MP3_PIECE_BYTES) {
      const result = decoder.decode(bytes.subarray(from, from + MP3_PIECE_BYTES));
      const channels = result.channelData.filter((c) => c.length > 0);
      if (result.samplesDecoded > 0 && channels.length > 0) {
        const piece = new Float32Array(result.samplesDecoded);
        for (let i = 0; i < piece.length; i++) {
          let sum = 0;
          for (const channel of channels) sum += channel[i] ?? 0;
          piece[i] = sum / channels.length;
        }
        pieces.push(piece);
        total += piece.length;
        sampleRate = result.sampleRate;
      }
      await nextTurn();
    }
    if (total === 0 || sampleRate === 0)
      throw new CorruptAudioError('No MP3 audio could be decoded');
    const samples = new Float32Array(total);
    let at = 0;
    for (const piece of pieces) {
      samples.set(piece, at);
      at += piece.length;
    }
    return { samples, sampleRate };
  } finally {
    decoder.free();
    releaseWasm(decoder);
  }
}

/*
 * mpg123-decoder (1.0.x) keeps the first decoder it ever builds reachable until the process ends,
 * and with it that decoder's WebAssembly memory: 16 MB from the first voicemail decoded on. Two
 * closures are made once, on first use, over the objects of that first decoder: the shared
 * helper's static methods (over the helper instance, which holds the WebAssembly instance) and
 * the Emscripten module's `wasm` getter (over the whole Emscripten scope, memory included). The
 * two functions below cut both; the properties are the library's own (its web-worker injection
 * points), and where a version has none they do nothing. A test measures the memory given back.
 */

let unpinned = false;

/**
 * Builds the Emscripten module object once without instantiating it, so that the `wasm` getter
 * closes over a scope with no memory. The library's injection point for the helper class hands
 * the Emscripten constructor to a stand-in helper that never instantiates anything.
 */
function unpinFirstInstance(decoderClass: object): void {
  if (unpinned) return;
  unpinned = true;
  class StandIn {
    instantiate(emscripten: unknown): Promise<never> {
      if (typeof emscripten === 'function')
        Reflect.construct(emscripten as new (common: undefined) => object, [undefined]);
      return new Promise<never>(() => undefined);
    }
  }
  Reflect.set(decoderClass, 'WASMAudioDecoderCommon', StandIn);
  try {
    Reflect.construct(decoderClass as new () => object, []);
  } finally {
    Reflect.deleteProperty(decoderClass, 'WASMAudioDecoderCommon');
  }
}

/** Drops a freed decoder's helper's reference to its WebAssembly instance. */
function releaseWasm(decoder: object): void {
  const common: unknown = Reflect.get(decoder, '_common');
  if (typeof common === 'object' && common !== null && Reflect.has(common, '_wasm'))
    Reflect.set(common, '_wasm', undefined);
}

/** Decodes the formats this process can read itself; undefined for GSM/WMA (the transcoder's). */
export async function decodeNative(
  format: AudioFormat,
  bytes: Uint8Array,
): Promise<DecodedAudio | undefined> {
  if (format === 'mp3') return decodeMp3(bytes);
  if (format === 'wav-pcm' || format === 'wav-alaw' || format === 'wav-mulaw')
    return decodeWave(bytes);
  return undefined;
}
