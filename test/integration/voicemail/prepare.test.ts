/**
 * The audio pipeline with the real ffmpeg and a real cache folder: GSM 6.10 and WMA transcoded
 * (with peaks from ffmpeg's PCM), G.711 decoded here and checked against ffmpeg's own decoding,
 * no ffmpeg, a failing ffmpeg, and bytes that are not what they claim. The attachment arrives
 * through `fetchAttachment`, as GetAttachment would hand it over (the companion tests cover the
 * EWS path end to end).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioCache } from '../../../src-main/voicemail/cache.js';
import { decodeWave, fromS16le } from '../../../src-main/voicemail/decode.js';
import { findFfmpeg } from '../../../src-main/voicemail/ffmpeg.js';
import { audioKey } from '../../../src-main/voicemail/key.js';
import {
  completeAudio,
  needsPeaks,
  prepareAudio,
  type PrepareDeps,
} from '../../../src-main/voicemail/prepare.js';

const SOURCE = path.resolve('assets/voicemail/voicemail-3.wav');
let dir: string;
const bytes: Record<string, Buffer> = {};

function ffmpegTo(out: string, ...args: string[]): Buffer {
  execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', SOURCE, ...args, out]);
  return readFileSync(out);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'beacon-vm-prepare-'));
  bytes.gsm = ffmpegTo(path.join(dir, 'gsm.wav'), '-ar', '8000', '-ac', '1', '-c:a', 'gsm_ms');
  bytes.wma = ffmpegTo(path.join(dir, 'v.wma'), '-c:a', 'wmav2');
  bytes.alaw = ffmpegTo(path.join(dir, 'alaw.wav'), '-c:a', 'pcm_alaw');
  bytes.mulaw = ffmpegTo(path.join(dir, 'mulaw.wav'), '-c:a', 'pcm_mulaw');
  bytes.pcm = await readFile(SOURCE);
  bytes.mp3 = await readFile('assets/voicemail/voicemail-1.mp3');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Setup {
  cache: AudioCache;
  deps: PrepareDeps;
  dataDir: string;
  fetched: string[];
}

async function setup(
  content: Buffer,
  options: {
    ffmpeg?: string | undefined;
    name?: string;
    contentType?: string;
    fail?: boolean;
  } = {},
): Promise<Setup> {
  const dataDir = await mkdtemp(path.join(dir, 'data-'));
  const cache = new AudioCache({ dataDir, capBytes: () => 200 * 1024 * 1024, now: () => 1000 });
  const fetched: string[] = [];
  const env = { PATH: process.env.PATH, BEACON_FFMPEG: options.ffmpeg };
  const deps: PrepareDeps = {
    cache,
    fetchAttachment: (id) => {
      fetched.push(id);
      if (options.fail === true) return Promise.reject(new Error('ErrorAttachmentNotFound'));
      return Promise.resolve({
        name: options.name ?? 'VoiceMail.wav',
        contentType: options.contentType ?? 'audio/wav',
        content,
      });
    },
    findFfmpeg: () => findFfmpeg(options.ffmpeg === undefined ? { PATH: process.env.PATH } : env),
  };
  return { cache, deps, dataDir, fetched };
}

const KEY = audioKey('alex@beacon.test', 'item-1');
const ATTACHMENT = { id: 'att-1', name: 'VoiceMail.wav', contentType: 'audio/wav' };

describe('voicemail audio preparation', () => {
  it('transcodes GSM 6.10 WAV with the real ffmpeg to MP3, with peaks from its PCM', async () => {
    const s = await setup(bytes.gsm ?? Buffer.alloc(0));
    const audio = await prepareAudio(s.deps, KEY, ATTACHMENT, 6);
    if (audio.state !== 'ready') throw new Error(JSON.stringify(audio));
    expect(audio).toMatchObject({
      format: 'wav-gsm',
      transcoded: true,
      src: `voicemail-audio/${KEY}`,
    });
    expect(audio.peaks).toHaveLength(200);
    expect(Math.max(...audio.peaks)).toBe(1);
    expect(audio.peaks.filter((p) => p > 0.1).length).toBeGreaterThan(50);
    expect(audio.durationSeconds).toBeGreaterThan(4.5);
    expect(audio.durationSeconds).toBeLessThan(6.5);
    const playable = await s.cache.open(KEY, 'playable');
    expect(playable).toMatchObject({ contentType: 'audio/mpeg', fileName: 'VoiceMail.mp3' });
    const head = await readFile(playable?.filePath ?? '');
    expect(head.subarray(0, 3).toString('latin1') === 'ID3' || head[0] === 0xff).toBe(true);
    const original = await s.cache.open(KEY, 'original');
    expect(await readFile(original?.filePath ?? '')).toEqual(bytes.gsm);
    expect(original).toMatchObject({ contentType: 'audio/wav', fileName: 'VoiceMail.wav' });
    for (const name of await readdir(s.cache.dir))
      expect((await stat(path.join(s.cache.dir, name))).mode & 0o777).toBe(0o600);
    expect(await readdir(s.cache.dir)).not.toContain(`${KEY}.play.pcm`);
    // A second prepare is served from the cache: no second fetch.
    await prepareAudio(s.deps, KEY, ATTACHMENT, 6);
    expect(s.fetched).toEqual(['att-1']);
  });

  it('transcodes WMA', async () => {
    const s = await setup(bytes.wma ?? Buffer.alloc(0), {
      name: 'VoiceMail.wma',
      contentType: 'audio/x-ms-wma',
    });
    const audio = await prepareAudio(s.deps, KEY, ATTACHMENT, 6);
    expect(audio).toMatchObject({ state: 'ready', format: 'wma', transcoded: true });
  });

  it('decodes A-law and μ-law here as ffmpeg does, and serves them as stored', async () => {
    for (const [name, codec, format] of [
      ['alaw', 'pcm_s16le', 'wav-alaw'],
      ['mulaw', 'pcm_s16le', 'wav-mulaw'],
    ] as const) {
      const file = path.join(dir, `${name}.wav`);
      const reference = fromS16le(
        execFileSync('ffmpeg', [
          '-nostdin',
          '-loglevel',
          'error',
          '-i',
          file,
          '-c:a',
          codec,
          '-f',
          's16le',
          '-',
        ]),
        8000,
      );
      const ours = decodeWave(bytes[name] ?? Buffer.alloc(0));
      expect(ours.samples.length).toBe(reference.samples.length);
      let worst = 0;
      for (let i = 0; i < ours.samples.length; i++)
        worst = Math.max(worst, Math.abs((ours.samples[i] ?? 0) - (reference.samples[i] ?? 0)));
      expect(worst).toBeLessThan(1 / 32768 + 1e-9);

      const s = await setup(bytes[name] ?? Buffer.alloc(0));
      const audio = await prepareAudio(s.deps, KEY, ATTACHMENT, 6);
      expect(audio).toMatchObject({ state: 'ready', format, transcoded: false });
      expect((await s.cache.open(KEY, 'playable'))?.contentType).toBe('audio/wav');
    }
  });

  it('without ffmpeg, GSM is format-unsupported and the original can still be saved', async () => {
    const s = await setup(bytes.gsm ?? Buffer.alloc(0), {
      ffmpeg: path.join(dir, 'no-such-ffmpeg'),
    });
    const audio = await prepareAudio(s.deps, KEY, ATTACHMENT, 6);
    expect(audio).toEqual({
      state: 'unplayable',
      problem: 'format-unsupported',
      format: 'wav-gsm',
      canSave: true,
      src: `voicemail-audio/${KEY}`,
    });
    expect(await s.cache.open(KEY, 'playable')).toBeUndefined();
    const original = await s.cache.open(KEY, 'original');
    expect(await readFile(original?.filePath ?? '')).toEqual(bytes.gsm);
  });

  it('a failing ffmpeg is transcode-failed, and leaves no half-written file', async () => {
    const script = path.join(dir, 'failing-ffmpeg');
    await writeFile(script, '#!/bin/sh\necho "boom" >&2\nexit 1\n');
    await chmod(script, 0o755);
    const s = await setup(bytes.wma ?? Buffer.alloc(0), { ffmpeg: script, name: 'v.wma' });
    const audio = await prepareAudio(s.deps, KEY, ATTACHMENT, 6);
    expect(audio).toEqual({
      state: 'unplayable',
      problem: 'transcode-failed',
      format: 'wma',
      canSave: true,
      src: `voicemail-audio/${KEY}`,
    });
    expect((await readdir(s.cache.dir)).sort()).toEqual([`${KEY}.json`, `${KEY}.orig`]);
  });

  it('bytes that are not audio, a cut-off WAV, a cut-off MP3 are each corrupt', async () => {
    const junk = await setup(Buffer.from('<html>Voice mail</html>'.repeat(40)));
    expect(await prepareAudio(junk.deps, KEY, ATTACHMENT, 6)).toEqual({
      state: 'unplayable',
      problem: 'corrupt',
      format: 'wav-pcm',
      canSave: false,
    });
    const pcm = bytes.pcm ?? Buffer.alloc(0);
    const cut = await setup(pcm.subarray(0, Math.floor(pcm.length / 3)));
    expect(await prepareAudio(cut.deps, KEY, ATTACHMENT, 6)).toMatchObject({
      state: 'unplayable',
      problem: 'corrupt',
      format: 'wav-pcm',
    });
    const mp3 = bytes.mp3 ?? Buffer.alloc(0);
    const cutMp3 = await setup(mp3.subarray(0, Math.floor(mp3.length / 5)), { name: 'v.mp3' });
    // Ready to play at once (only decoding tells it is cut off), corrupt once decoded.
    expect(await prepareAudio(cutMp3.deps, KEY, ATTACHMENT, 13)).toMatchObject({
      state: 'ready',
      format: 'mp3',
      peaks: [],
    });
    expect(await completeAudio(cutMp3.cache, KEY, 13)).toEqual({
      state: 'unplayable',
      problem: 'corrupt',
      format: 'mp3',
      canSave: true,
      src: `voicemail-audio/${KEY}`,
    });
    expect(await cutMp3.cache.open(KEY, 'playable')).toBeUndefined();
  });

  it('an MP3 is ready before it is decoded; the peaks and its exact length come after', async () => {
    const s = await setup(bytes.mp3 ?? Buffer.alloc(0), { name: 'v.mp3' });
    const ready = await prepareAudio(s.deps, KEY, ATTACHMENT, 13);
    expect(ready).toEqual({
      state: 'ready',
      src: `voicemail-audio/${KEY}`,
      format: 'mp3',
      transcoded: false,
      peaks: [],
      // Exchange's length until the decoding has the real one.
      durationSeconds: 13,
    });
    expect(needsPeaks(KEY, s.cache)).toBe(true);
    expect((await s.cache.open(KEY, 'playable'))?.contentType).toBe('audio/mpeg');
    const done = await completeAudio(s.cache, KEY, 13);
    if (done?.state !== 'ready') throw new Error(JSON.stringify(done));
    expect(done.peaks).toHaveLength(200);
    expect(Math.max(...done.peaks)).toBe(1);
    expect(done.durationSeconds).toBeGreaterThan(12);
    expect(done.durationSeconds).toBeLessThan(13.2);
    expect(needsPeaks(KEY, s.cache)).toBe(false);
    // What the record says survives a restart: a new cache reads the peaks back from disk.
    const again = new AudioCache({ dataDir: s.dataDir, capBytes: () => 1e9, now: () => 2000 });
    await again.load();
    expect(again.record(KEY)?.peaks).toEqual(done.peaks);
    expect(again.record(KEY)?.peaksPending).toBeUndefined();
    // Removed while decoding: nothing is written back.
    const gone = await setup(bytes.mp3 ?? Buffer.alloc(0), { name: 'v.mp3' });
    await prepareAudio(gone.deps, KEY, ATTACHMENT, 13);
    const late = completeAudio(gone.cache, KEY, 13);
    await gone.cache.remove(KEY);
    expect(await late).toBeUndefined();
    expect(gone.cache.record(KEY)).toBeUndefined();
    expect(await readdir(gone.cache.dir)).toEqual([]);
  });

  it('a wrong Content-Type does not matter: the bytes decide', async () => {
    const s = await setup(bytes.mp3 ?? Buffer.alloc(0), {
      contentType: 'audio/wav',
      name: 'x.wav',
    });
    const audio = await prepareAudio(s.deps, KEY, ATTACHMENT, 13);
    expect(audio).toMatchObject({ state: 'ready', format: 'mp3', transcoded: false });
    expect((await s.cache.open(KEY, 'playable'))?.contentType).toBe('audio/mpeg');
  });

  it('too large is refused before and after the fetch; a missing attachment is fetch-failed', async () => {
    const big = await setup(Buffer.alloc(10));
    const described = await prepareAudio(
      big.deps,
      KEY,
      { ...ATTACHMENT, size: 50 * 1024 * 1024 },
      6,
    );
    expect(described).toEqual({
      state: 'unplayable',
      problem: 'too-large',
      format: 'wav-pcm',
      canSave: false,
    });
    expect(big.fetched).toEqual([]);
    const fifty = await setup(Buffer.alloc(50 * 1024 * 1024));
    expect(await prepareAudio(fifty.deps, KEY, ATTACHMENT, 6)).toMatchObject({
      problem: 'too-large',
    });
    await expect(readdir(fifty.cache.dir)).rejects.toMatchObject({ code: 'ENOENT' });
    const missing = await setup(Buffer.alloc(0), { fail: true });
    expect(await prepareAudio(missing.deps, KEY, ATTACHMENT, 6)).toMatchObject({
      state: 'unplayable',
      problem: 'fetch-failed',
      canSave: false,
    });
  });
});

describe('voicemail audio cache', () => {
  it('keeps within its cap, least recently used first, and forgets unlisted keys', async () => {
    const dataDir = await mkdtemp(path.join(dir, 'cap-'));
    let now = 0;
    const cache = new AudioCache({ dataDir, capBytes: () => 2500, now: () => now });
    const put = async (key: string): Promise<void> => {
      now += 1;
      await cache.writeOriginal(key, Buffer.alloc(1000, 1));
      await cache.commit(key, {
        fileName: 'v.wav',
        contentType: 'audio/wav',
        format: 'wav-pcm',
        transcoded: false,
        playable: true,
        playableContentType: 'audio/wav',
        peaks: [1],
        durationSeconds: 1,
      });
    };
    const [a, b, c] = ['a', 'b', 'c'].map((k) => audioKey('x@y', k)) as [string, string, string];
    await put(a);
    await put(b);
    now += 1;
    expect(await cache.open(a, 'playable')).toBeDefined(); // a is now newer than b
    await put(c);
    expect(cache.keys().sort()).toEqual([a, c].sort());
    expect(cache.totalBytes).toBe(2000);
    // A new cache on the same folder remembers what was used last.
    const again = new AudioCache({ dataDir, capBytes: () => 2500, now: () => now });
    await again.load();
    expect(again.keys().sort()).toEqual([a, c].sort());
    await again.retain(new Set([c]));
    expect(again.keys()).toEqual([c]);
    expect((await readdir(again.dir)).filter((n) => n.startsWith(a))).toEqual([]);
    await again.clear();
    await expect(readdir(again.dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses keys that are not cache keys', async () => {
    const dataDir = await mkdtemp(path.join(dir, 'keys-'));
    const cache = new AudioCache({ dataDir, capBytes: () => 1e9, now: () => 0 });
    expect(await cache.open('../../etc/passwd', 'original')).toBeUndefined();
    expect(await cache.open('', 'playable')).toBeUndefined();
  });
});
