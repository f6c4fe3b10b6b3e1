/**
 * Which audio a voicemail attachment holds: first from what Exchange says (content type, file
 * name), then from the bytes themselves once fetched (RIFF/WAVE format tag, MP3 frame sync or
 * ID3, the ASF header GUID of WMA). Pure functions.
 */
import type { AudioFormat } from '../core/contract.js';

/** WAVE_FORMAT_* tags of the `fmt ` chunk that Exchange UM writes. */
const WAVE_TAGS: Readonly<Record<number, AudioFormat>> = {
  0x0001: 'wav-pcm',
  0x0006: 'wav-alaw',
  0x0007: 'wav-mulaw',
  0x0031: 'wav-gsm',
};

/** The ASF Header Object GUID (75B22630-668E-11CF-A6D9-00AA0062CE6C) as stored on disk. */
const ASF_HEADER = Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex');

/** The format Exchange's description suggests; `unknown` when it says nothing useful. */
export function formatFromAttachment(contentType: string, name: string): AudioFormat {
  const type = contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  const extension = /\.([a-z0-9]{1,5})$/i.exec(name.trim())?.[1]?.toLowerCase();
  if (type === 'audio/mpeg' || type === 'audio/mp3' || extension === 'mp3') return 'mp3';
  if (type === 'audio/x-ms-wma' || type === 'audio/wma' || extension === 'wma') return 'wma';
  // A WAV's codec is only known from its bytes; PCM is the common case until then.
  if (
    type === 'audio/wav' ||
    type === 'audio/x-wav' ||
    type === 'audio/wave' ||
    type === 'audio/vnd.wave' ||
    extension === 'wav'
  )
    return 'wav-pcm';
  return 'unknown';
}

export interface WaveLayout {
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  /** Where the `data` chunk's bytes start, and how many the header promises. */
  dataOffset: number;
  dataSize: number;
}

/** The `fmt ` and `data` chunks of a RIFF/WAVE file; undefined when the bytes are not one. */
export function readWaveLayout(bytes: Uint8Array): WaveLayout | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 12) return undefined;
  if (buffer.toString('latin1', 0, 4) !== 'RIFF' || buffer.toString('latin1', 8, 12) !== 'WAVE')
    return undefined;
  let offset = 12;
  let fmt: Omit<WaveLayout, 'dataOffset' | 'dataSize'> | undefined;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('latin1', offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buffer.length) return undefined;
      fmt = {
        formatTag: buffer.readUInt16LE(body),
        channels: buffer.readUInt16LE(body + 2),
        sampleRate: buffer.readUInt32LE(body + 4),
        blockAlign: buffer.readUInt16LE(body + 12),
        bitsPerSample: buffer.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (fmt === undefined) return undefined;
      return { ...fmt, dataOffset: body, dataSize: size };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}

function isMp3(buffer: Buffer): boolean {
  if (buffer.length >= 10 && buffer.toString('latin1', 0, 3) === 'ID3') return true;
  // MPEG audio frame sync: 11 set bits, a valid version/layer and a bitrate index not 15.
  if (buffer.length < 4) return false;
  const [a = 0, b = 0, c = 0] = buffer;
  const layer = (b >> 1) & 0b11;
  const version = (b >> 3) & 0b11;
  const bitrate = c >> 4;
  const rate = (c >> 2) & 0b11;
  return (
    a === 0xff &&
    (b & 0xe0) === 0xe0 &&
    layer !== 0 &&
    version !== 1 &&
    bitrate !== 15 &&
    rate !== 3
  );
}

/** The format the bytes really are; `unknown` when they are none of the UM formats. */
export function sniffFormat(bytes: Uint8Array): AudioFormat {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wave = readWaveLayout(buffer);
  if (wave !== undefined) return WAVE_TAGS[wave.formatTag] ?? 'unknown';
  if (buffer.length >= 16 && buffer.subarray(0, 16).equals(ASF_HEADER)) return 'wma';
  if (isMp3(buffer)) return 'mp3';
  return 'unknown';
}

/** Formats every shell's audio element plays as stored; the others need a transcoder. */
export function playsNatively(format: AudioFormat): boolean {
  return (
    format === 'mp3' || format === 'wav-pcm' || format === 'wav-alaw' || format === 'wav-mulaw'
  );
}

export function contentTypeOf(format: AudioFormat): string {
  switch (format) {
    case 'mp3':
      return 'audio/mpeg';
    case 'wma':
      return 'audio/x-ms-wma';
    case 'unknown':
      return 'application/octet-stream';
    default:
      return 'audio/wav';
  }
}
