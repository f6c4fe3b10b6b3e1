import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  formatFromAttachment,
  playsNatively,
  readWaveLayout,
  sniffFormat,
} from '../../../src-main/voicemail/format.js';

/** A minimal RIFF/WAVE header with the given format tag and `dataBytes` bytes of data. */
export function wave(formatTag: number, dataBytes: number, bits = 8): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(formatTag, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE((8000 * bits) / 8, 28);
  header.writeUInt16LE(bits / 8, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, Buffer.alloc(dataBytes, 0x55)]);
}

describe('voicemail audio formats', () => {
  it('reads the WAVE format tag: PCM, A-law, μ-law and GSM 6.10', () => {
    expect(sniffFormat(wave(1, 100))).toBe('wav-pcm');
    expect(sniffFormat(wave(6, 100))).toBe('wav-alaw');
    expect(sniffFormat(wave(7, 100))).toBe('wav-mulaw');
    expect(sniffFormat(wave(0x31, 100))).toBe('wav-gsm');
    expect(sniffFormat(wave(0x55, 100))).toBe('unknown');
    expect(readWaveLayout(wave(7, 100))).toMatchObject({
      formatTag: 7,
      channels: 1,
      sampleRate: 8000,
      dataOffset: 44,
      dataSize: 100,
    });
  });

  it('knows MP3 by its ID3 tag or frame sync, and WMA by the ASF header GUID', () => {
    expect(sniffFormat(readFileSync('assets/voicemail/voicemail-1.mp3'))).toBe('mp3');
    expect(sniffFormat(Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0]))).toBe('mp3');
    // A sync word with the reserved bitrate index 15 is not a frame.
    expect(sniffFormat(Buffer.from([0xff, 0xfb, 0xf0, 0x64, 0, 0]))).toBe('unknown');
    const asf = Buffer.concat([
      Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex'),
      Buffer.alloc(40),
    ]);
    expect(sniffFormat(asf)).toBe('wma');
    expect(sniffFormat(Buffer.from('<html>not audio</html>'))).toBe('unknown');
    expect(sniffFormat(Buffer.alloc(0))).toBe('unknown');
  });

  it('guesses from the content type or the file name before the bytes are there', () => {
    expect(formatFromAttachment('audio/mpeg', 'VoiceMail.mp3')).toBe('mp3');
    expect(formatFromAttachment('application/octet-stream', 'VoiceMail.WMA')).toBe('wma');
    expect(formatFromAttachment('audio/x-wav; codec=1', 'x')).toBe('wav-pcm');
    expect(formatFromAttachment('text/plain', 'notes.txt')).toBe('unknown');
  });

  it('plays MP3 and G.711/PCM WAV as stored; GSM and WMA need a transcoder', () => {
    expect(
      ['mp3', 'wav-pcm', 'wav-alaw', 'wav-mulaw'].every((f) => playsNatively(f as never)),
    ).toBe(true);
    expect(playsNatively('wav-gsm')).toBe(false);
    expect(playsNatively('wma')).toBe(false);
  });
});
