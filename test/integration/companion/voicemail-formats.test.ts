/**
 * Every audio format UM records in, and attachments that are not what they claim, dropped into
 * the schema-strict simulator and prepared by the companion over real sockets: each plays,
 * is transcoded by the real ffmpeg, or shows its own problem while the rest of the list works.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot, VoicemailAudio } from '../../../src-main/core/contract.js';
import { readClip } from '../../../src-main/sim/audio.js';
import { ALEX, NOW, started, useCompanionHarness, type TestCompanion } from './support.js';

const h = useCompanionHarness();
let dir: string;
const savedFfmpeg = process.env.BEACON_FFMPEG;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'beacon-vm-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  if (savedFfmpeg === undefined) delete process.env.BEACON_FFMPEG;
  else process.env.BEACON_FFMPEG = savedFfmpeg;
});

let minute = 0;
/** Drops one voicemail a minute newer than the last, and returns the caller name to find it by. */
async function drop(caller: string, body: Record<string, unknown>): Promise<string> {
  minute += 1;
  await h.admin.dropVoicemail(ALEX, {
    callerName: caller,
    callerNumber: '+82212345678',
    received: new Date(NOW.getTime() - 3600_000 + minute * 60_000).toISOString(),
    isRead: true,
    ...body,
  });
  return caller;
}

function audioOf(snapshot: Snapshot, caller: string): VoicemailAudio {
  const item = snapshot.voicemail.find((v) => v.callerName === caller);
  if (item === undefined) throw new Error(`no voicemail from ${caller}`);
  return item.audio;
}

async function prepared(callers: string[]): Promise<Snapshot> {
  return (await preparedWith(callers)).companion.getSnapshot();
}

async function preparedWith(callers: string[]): Promise<TestCompanion> {
  const t = await started(await h.companion());
  for (const caller of callers) {
    const item = t.companion.getSnapshot().voicemail.find((v) => v.callerName === caller);
    if (item === undefined) throw new Error(`no voicemail from ${caller}`);
    await t.ok({ type: 'prepare-voicemail-audio', id: item.id });
  }
  return t;
}

const raw = (bytes: Buffer, contentType: string, extra: Record<string, unknown> = {}) => ({
  audio: { base64: bytes.toString('base64'), contentType, ...extra },
});

describe('voicemail formats through the companion', () => {
  it('plays MP3 and G.711/PCM WAV as stored and transcodes GSM and WMA with ffmpeg', async () => {
    const callers = await Promise.all(
      (['mp3', 'wav-pcm', 'wav-alaw', 'wav-mulaw', 'wav-gsm', 'wma'] as const).map((format) =>
        drop(`Format ${format}`, { format }),
      ),
    );
    const t = await preparedWith(callers);
    // Stored formats are ready at once and get their peaks a moment later, one item at a time.
    const withPeaks = async (): Promise<Snapshot> => {
      for (let waited = 0; waited < 30_000; waited += 100) {
        const current = t.companion.getSnapshot();
        const ready = callers.map((caller) => audioOf(current, caller));
        if (ready.every((audio) => audio.state !== 'ready' || audio.peaks.length > 0))
          return current;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the peaks never arrived');
    };
    const snapshot = await withPeaks();
    for (const [format, transcoded] of [
      ['mp3', false],
      ['wav-pcm', false],
      ['wav-alaw', false],
      ['wav-mulaw', false],
      ['wav-gsm', true],
      ['wma', true],
    ] as const) {
      const audio = audioOf(snapshot, `Format ${format}`);
      expect(audio, format).toMatchObject({ state: 'ready', format, transcoded });
      if (audio.state !== 'ready') continue;
      expect(audio.peaks.length, format).toBe(200);
      expect(audio.durationSeconds, format).toBeGreaterThan(3);
    }
  }, 60_000);

  it('without ffmpeg GSM is format-unsupported; a failing ffmpeg is transcode-failed', async () => {
    const script = path.join(dir, 'ffmpeg-that-fails');
    await writeFile(script, '#!/bin/sh\nexit 1\n');
    await chmod(script, 0o755);
    const gsm = await drop('No ffmpeg', { format: 'wav-gsm' });
    process.env.BEACON_FFMPEG = path.join(dir, 'not-there');
    const none = await prepared([gsm]);
    expect(audioOf(none, gsm)).toMatchObject({
      state: 'unplayable',
      problem: 'format-unsupported',
      format: 'wav-gsm',
      canSave: true,
    });
    process.env.BEACON_FFMPEG = script;
    const failing = await prepared([gsm]);
    expect(audioOf(failing, gsm)).toMatchObject({
      state: 'unplayable',
      problem: 'transcode-failed',
      format: 'wav-gsm',
      canSave: true,
    });
  });

  it('corrupt, truncated, mislabelled, huge and empty attachments are each their own problem', async () => {
    const wav = readClip('pharmacy');
    const callers = [
      await drop('Junk', raw(Buffer.from('this is not audio at all '.repeat(50)), 'audio/wav')),
      await drop('Cut WAV', raw(wav.subarray(0, 2000), 'audio/wav', { fileName: 'cut.wav' })),
      await drop('Mislabelled', raw(readClip('megan'), 'audio/wav', { fileName: 'VoiceMail.wav' })),
      await drop(
        'Huge',
        raw(wav.subarray(0, 4096), 'audio/wav', {
          fileName: 'huge.wav',
          sizeBytes: 50 * 1024 * 1024,
        }),
      ),
      await drop('Empty', raw(Buffer.alloc(0), 'audio/mpeg', { fileName: 'empty.mp3' })),
    ];
    // The seed's newest voicemail is asked for after the bad ones (a refresh fetches no audio).
    const snapshot = await prepared([...callers, 'Megan Bowen']);
    expect(audioOf(snapshot, 'Junk')).toMatchObject({ state: 'unplayable', problem: 'corrupt' });
    expect(audioOf(snapshot, 'Cut WAV')).toMatchObject({
      state: 'unplayable',
      problem: 'corrupt',
      format: 'wav-pcm',
    });
    expect(audioOf(snapshot, 'Mislabelled')).toMatchObject({
      state: 'ready',
      format: 'mp3',
      transcoded: false,
    });
    expect(audioOf(snapshot, 'Huge')).toMatchObject({ state: 'unplayable', problem: 'too-large' });
    expect(audioOf(snapshot, 'Empty')).toMatchObject({ state: 'unplayable', problem: 'corrupt' });
    // The bad ones leave the rest of the list untouched: the seed's newest voicemail still plays.
    expect(audioOf(snapshot, 'Megan Bowen').state).toBe('ready');
    expect(snapshot.connection.state).toBe('online');
  });
});
