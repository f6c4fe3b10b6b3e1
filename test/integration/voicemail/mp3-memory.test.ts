/**
 * The MP3 decoder gives its WebAssembly memory back: mpg123-decoder on its own keeps the first
 * decoder's 16 MB for the life of the process (see decode.ts). A process of its own decodes the
 * demo voicemails twice each; its external memory after a forced GC must end near where it
 * began, and the lengths must match ffprobe's reading of the same files.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const FILES = ['voicemail-1.mp3', 'voicemail-2.mp3', 'voicemail-3.mp3', 'voicemail-8-ko.mp3'].map(
  (name) => path.resolve('assets/voicemail', name),
);

async function ffprobeSeconds(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'csv=p=0',
    file,
  ]);
  return Number(stdout.trim());
}

describe('the MP3 decoder', () => {
  it('keeps no WebAssembly memory once a voicemail is decoded, and the lengths are right', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        path.resolve('test/integration/voicemail/mp3-memory-child.ts'),
        ...FILES,
      ],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      before: number;
      after: number;
      seconds: number[];
    };
    // One decoder's memory is 16 MB; what stays must be far less than one decoder.
    expect(result.after - result.before).toBeLessThan(4 * 1024 * 1024);
    const expected = await Promise.all(FILES.map(ffprobeSeconds));
    expect(result.seconds).toHaveLength(FILES.length);
    result.seconds.forEach((seconds, i) => {
      expect(Math.abs(seconds - (expected[i] ?? 0))).toBeLessThan(0.1);
    });
  }, 60_000);
});
