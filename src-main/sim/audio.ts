/**
 * The voicemail recordings under assets/voicemail (generated once with espeak-ng + sox + lame,
 * see assets/voicemail/README.md). Found relative to this module, walking up, so the same code
 * works from src-main/sim and from a bundled build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface VoicemailClip {
  file: string;
  contentType: 'audio/mpeg' | 'audio/wav';
  durationSeconds: number;
  transcript: string;
}

/** The committed clips; durations are the real lengths (rounded up), transcripts what is said. */
export const CLIPS = {
  megan: {
    file: 'voicemail-1.mp3',
    contentType: 'audio/mpeg',
    durationSeconds: 13,
    transcript:
      "Hi Alex, it's Megan from Contoso. The quarterly review moved to Thursday at ten. Call me back on five five five, zero one four two. Thanks.",
  },
  diego: {
    file: 'voicemail-2.mp3',
    contentType: 'audio/mpeg',
    durationSeconds: 9,
    transcript:
      'Hello, this is Diego. Just checking whether the design files are ready. No rush, talk tomorrow.',
  },
  pharmacy: {
    file: 'voicemail-3.wav',
    contentType: 'audio/wav',
    durationSeconds: 6,
    transcript: 'Hi, pharmacy here. Your prescription is ready for pickup.',
  },
  pharmacyMp3: {
    file: 'voicemail-3.mp3',
    contentType: 'audio/mpeg',
    durationSeconds: 6,
    transcript: 'Hi, pharmacy here. Your prescription is ready for pickup.',
  },
} as const satisfies Record<string, VoicemailClip>;

export type ClipName = keyof typeof CLIPS;

let assetsDir: string | undefined;

export function voicemailAssetsDir(): string {
  if (assetsDir !== undefined) return assetsDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'assets', 'voicemail');
    if (existsSync(join(candidate, CLIPS.megan.file))) {
      assetsDir = candidate;
      return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error('assets/voicemail not found next to the simulator');
}

const cache = new Map<string, Buffer>();

export function readClip(name: ClipName): Buffer {
  const file = CLIPS[name].file;
  let data = cache.get(file);
  if (!data) {
    data = readFileSync(join(voicemailAssetsDir(), file));
    cache.set(file, data);
  }
  return data;
}
