/**
 * The committed voicemail clips are what the simulator says they are: each file's own header
 * (RIFF/WAVE format tag, the ASF header GUID, MP3 frame sync) names its format, the length in
 * the header matches the duration the seed reports, and every file stays small.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLIP_OF_FORMAT,
  CLIPS,
  protectedVoicemailPayload,
  VOICEMAIL_FORMATS,
  voicemailAssetsDir,
  type ClipName,
  type VoicemailFormat,
} from '../../../src-main/sim/audio.js';

const bytesOf = (name: ClipName): Buffer =>
  readFileSync(join(voicemailAssetsDir(), CLIPS[name].file));

interface Wave {
  formatTag: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  dataSize: number;
}

/** The `fmt ` and `data` chunks, walked by hand from the RIFF header. */
function readWave(bytes: Buffer): Wave | undefined {
  if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE')
    return undefined;
  expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
  let offset = 12;
  let fmt: Omit<Wave, 'dataSize'> | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ')
      fmt = {
        formatTag: bytes.readUInt16LE(offset + 8),
        channels: bytes.readUInt16LE(offset + 10),
        sampleRate: bytes.readUInt32LE(offset + 12),
        byteRate: bytes.readUInt32LE(offset + 16),
      };
    if (id === 'data') return fmt === undefined ? undefined : { ...fmt, dataSize: size };
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

const ASF_HEADER = '3026b2758e66cf11a6d900aa0062ce6c';
const ASF_FILE_PROPERTIES = 'a1dcab8c47a9cf118ee400c00c205365';
const ASF_STREAM_PROPERTIES = '9107dcb7b7a9cf118ee600c00c205365';

/** The play length (s) and the first stream's codec id (WAVEFORMATEX tag) of an ASF file. */
function readAsf(bytes: Buffer): { seconds: number; codec: number } | undefined {
  if (bytes.subarray(0, 16).toString('hex') !== ASF_HEADER) return undefined;
  const count = bytes.readUInt32LE(24);
  let offset = 30;
  let seconds: number | undefined;
  let codec: number | undefined;
  for (let i = 0; i < count; i++) {
    const guid = bytes.subarray(offset, offset + 16).toString('hex');
    const size = Number(bytes.readBigUInt64LE(offset + 16));
    if (guid === ASF_FILE_PROPERTIES) {
      const playDuration = Number(bytes.readBigUInt64LE(offset + 64)); // 100 ns units
      const preroll = Number(bytes.readBigUInt64LE(offset + 80)); // ms
      seconds = playDuration / 1e7 - preroll / 1000;
    }
    // Stream properties: type-specific data (a WAVEFORMATEX for audio) starts at +78.
    if (guid === ASF_STREAM_PROPERTIES) codec = bytes.readUInt16LE(offset + 78);
    offset += size;
  }
  return seconds === undefined || codec === undefined ? undefined : { seconds, codec };
}

/** The first MPEG audio frame header after an optional ID3v2 tag. */
function mp3FrameAt(bytes: Buffer): number | undefined {
  let offset = 0;
  if (bytes.toString('latin1', 0, 3) === 'ID3') {
    const size =
      ((bytes[6] ?? 0) << 21) | ((bytes[7] ?? 0) << 14) | ((bytes[8] ?? 0) << 7) | (bytes[9] ?? 0);
    offset = 10 + size;
  }
  const first = bytes[offset] ?? 0;
  const second = bytes[offset + 1] ?? 0;
  return first === 0xff && (second & 0xe0) === 0xe0 ? offset : undefined;
}

const WAVE_TAG: Partial<Record<VoicemailFormat, number>> = {
  'wav-pcm': 0x0001,
  'wav-alaw': 0x0006,
  'wav-mulaw': 0x0007,
  'wav-gsm': 0x0031,
};

describe('the committed voicemail clips', () => {
  const names = Object.keys(CLIPS) as ClipName[];

  it.each(names)('%s is under 100 KB', (name) => {
    expect(statSync(join(voicemailAssetsDir(), CLIPS[name].file)).size).toBeLessThan(100 * 1024);
  });

  it.each(names)('%s is the format it claims, as long as it claims', (name) => {
    const clip = CLIPS[name];
    const bytes = bytesOf(name);
    const tag = WAVE_TAG[clip.format];
    if (tag !== undefined) {
      const wave = readWave(bytes);
      expect(wave?.formatTag).toBe(tag);
      expect(wave?.channels).toBe(1);
      expect(wave?.sampleRate).toBe(8000);
      expect(clip.contentType).toBe('audio/wav');
      const seconds = (wave?.dataSize ?? 0) / (wave?.byteRate ?? 1);
      expect(Math.ceil(seconds)).toBe(clip.durationSeconds);
    } else if (clip.format === 'wma') {
      const asf = readAsf(bytes);
      expect(asf?.codec).toBe(0x0161); // Windows Media Audio 9 (wmav2)
      expect(Math.ceil(asf?.seconds ?? 0)).toBe(clip.durationSeconds);
      expect(clip.contentType).toBe('audio/x-ms-wma');
    } else {
      expect(clip.format).toBe('mp3');
      expect(mp3FrameAt(bytes)).toBeDefined();
      expect(readWave(bytes)).toBeUndefined();
      expect(clip.contentType).toBe('audio/mpeg');
    }
  });

  it('has one clip for every format the admin API names', () => {
    expect(Object.keys(CLIP_OF_FORMAT).sort()).toEqual([...VOICEMAIL_FORMATS].sort());
    for (const format of VOICEMAIL_FORMATS)
      expect(CLIPS[CLIP_OF_FORMAT[format]].format).toBe(format);
  });

  it('has a Korean clip with a Korean transcript', () => {
    expect(CLIPS.minji.transcript).toMatch(/^[\uac00-\ud7a3 ,.]+$/);
  });

  it('gives protected voicemail an rpmsg payload that is no audio at all', () => {
    const payload = protectedVoicemailPayload();
    expect(payload.subarray(0, 8).toString('hex')).toBe('76e80460c411e386');
    expect(payload.equals(protectedVoicemailPayload())).toBe(true);
    expect(readWave(payload)).toBeUndefined();
    expect(readAsf(payload)).toBeUndefined();
    expect(mp3FrameAt(payload)).toBeUndefined();
  });
});
