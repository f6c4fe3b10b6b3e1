/**
 * For mp3-memory.test.ts, in a process of its own (run with --expose-gc): decodes the MP3s named
 * in argv twice each, one after another as the companion does, and prints one JSON line with the
 * external memory after a forced GC before the first decode and after the last, and each file's
 * decoded length in seconds.
 */
import { readFileSync } from 'node:fs';
import { decodeMp3, durationOf } from '../../../src-main/voicemail/decode.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

async function settled(): Promise<number> {
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc?.();
  return process.memoryUsage().external;
}

const files = process.argv.slice(2);
const before = await settled();
const seconds: number[] = [];
for (let round = 0; round < 2; round++)
  for (const file of files) {
    const audio = await decodeMp3(new Uint8Array(readFileSync(file)));
    if (round === 0) seconds.push(durationOf(audio));
  }
const after = await settled();
process.stdout.write(`${JSON.stringify({ before, after, seconds })}\n`);
