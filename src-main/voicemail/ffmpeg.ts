/**
 * The system's ffmpeg, for the formats a browser cannot play (GSM 6.10 WAV, WMA): found on PATH,
 * or where BEACON_FFMPEG says. Run with execFile (argument arrays, no shell) and a timeout. One
 * run writes both the playable MP3 (every browser plays it) and 16-bit mono PCM for the peaks.
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

export class TranscoderMissingError extends Error {
  override name = 'TranscoderMissingError';
}

export class TranscodeFailedError extends Error {
  override name = 'TranscodeFailedError';
}

/** The PCM rate for the peaks: voice needs no more, and 200 peaks need far less. */
export const PCM_RATE = 8000;
export const TRANSCODE_TIMEOUT_MS = 60_000;

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The ffmpeg to run, or undefined when there is none. BEACON_FFMPEG wins when set. */
export async function findFfmpeg(
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const chosen = env.BEACON_FFMPEG;
  if (chosen !== undefined && chosen !== '')
    return path.isAbsolute(chosen) && (await executable(chosen)) ? chosen : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '' || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    if (await executable(candidate)) return candidate;
  }
  return undefined;
}

export interface TranscodeResult {
  /** The playable MP3 that was written. */
  playablePath: string;
  /** The raw s16le mono PCM at PCM_RATE that was written. */
  pcmPath: string;
}

export function transcodeArgs(input: string, playable: string, pcm: string): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    input,
    '-vn',
    '-ac',
    '1',
    '-c:a',
    'libmp3lame',
    '-q:a',
    '6',
    '-f',
    'mp3',
    playable,
    '-vn',
    '-ac',
    '1',
    '-ar',
    String(PCM_RATE),
    '-f',
    's16le',
    pcm,
  ];
}

export function transcode(
  ffmpeg: string,
  input: string,
  playable: string,
  pcm: string,
  timeoutMs = TRANSCODE_TIMEOUT_MS,
): Promise<TranscodeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      ffmpeg,
      transcodeArgs(input, playable, pcm),
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024, windowsHide: true },
      (error, _stdout, stderr) => {
        if (error === null) {
          resolve({ playablePath: playable, pcmPath: pcm });
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES') {
          reject(new TranscoderMissingError(`ffmpeg could not be started (${code})`));
          return;
        }
        const detail = stderr.trim().split('\n').slice(-1)[0] ?? '';
        reject(new TranscodeFailedError(`ffmpeg failed: ${detail || error.message}`));
      },
    );
  });
}
