/**
 * The voicemail recordings under assets/voicemail, one per audio format Exchange UM writes
 * (generated once with espeak-ng + sox/ffmpeg/lame, see assets/voicemail/README.md), and the
 * stand-in payload of a protected (rights-managed) voicemail. Found relative to this module, walking up, so the same code
 * works from src-main/sim and from a bundled build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The audio formats Exchange UM records in (the contract's names), one committed clip each. */
export const VOICEMAIL_FORMATS = [
  'mp3',
  'wav-pcm',
  'wav-alaw',
  'wav-mulaw',
  'wav-gsm',
  'wma',
] as const;
export type VoicemailFormat = (typeof VOICEMAIL_FORMATS)[number];

export interface VoicemailClip {
  file: string;
  contentType: 'audio/mpeg' | 'audio/wav' | 'audio/x-ms-wma';
  format: VoicemailFormat;
  durationSeconds: number;
  transcript: string;
}

/** The committed clips; durations are the real lengths (rounded up), transcripts what is said. */
export const CLIPS = {
  megan: {
    file: 'voicemail-1.mp3',
    contentType: 'audio/mpeg',
    format: 'mp3',
    durationSeconds: 13,
    transcript:
      "Hi Alex, it's Megan from Contoso. The quarterly review moved to Thursday at ten. Call me back on five five five, zero one four two. Thanks.",
  },
  diego: {
    file: 'voicemail-2.mp3',
    contentType: 'audio/mpeg',
    format: 'mp3',
    durationSeconds: 9,
    transcript:
      'Hello, this is Diego. Just checking whether the design files are ready. No rush, talk tomorrow.',
  },
  pharmacy: {
    file: 'voicemail-3.wav',
    contentType: 'audio/wav',
    format: 'wav-pcm',
    durationSeconds: 6,
    transcript: 'Hi, pharmacy here. Your prescription is ready for pickup.',
  },
  pharmacyMp3: {
    file: 'voicemail-3.mp3',
    contentType: 'audio/mpeg',
    format: 'mp3',
    durationSeconds: 6,
    transcript: 'Hi, pharmacy here. Your prescription is ready for pickup.',
  },
  adele: {
    file: 'voicemail-4-alaw.wav',
    contentType: 'audio/wav',
    format: 'wav-alaw',
    durationSeconds: 9,
    transcript:
      'Hi Alex, Adele here. The venue for the team offsite is confirmed for Friday. I will send the details by email.',
  },
  lee: {
    file: 'voicemail-5-mulaw.wav',
    contentType: 'audio/wav',
    format: 'wav-mulaw',
    durationSeconds: 8,
    transcript:
      'This is Lee from the IT help desk. Your new laptop is ready. You can collect it at the front desk.',
  },
  isaiah: {
    file: 'voicemail-6-gsm.wav',
    contentType: 'audio/wav',
    format: 'wav-gsm',
    durationSeconds: 9,
    transcript:
      'Hello, this is Isaiah Langer returning your call about the contract renewal. Please ring me back this afternoon.',
  },
  johanna: {
    file: 'voicemail-7.wma',
    contentType: 'audio/x-ms-wma',
    format: 'wma',
    durationSeconds: 9,
    transcript:
      "Hi Alex, it's Johanna. The budget spreadsheet is on the team site. Let me know if the numbers look right.",
  },
  minji: {
    file: 'voicemail-8-ko.mp3',
    contentType: 'audio/mpeg',
    format: 'mp3',
    durationSeconds: 11,
    transcript:
      '안녕하세요, 김민지입니다. 내일 회의가 오후 세 시로 옮겨졌습니다. 확인 부탁드립니다.',
  },
} as const satisfies Record<string, VoicemailClip>;

/** The clip the admin API's `format` names. */
export const CLIP_OF_FORMAT: Readonly<Record<VoicemailFormat, ClipName>> = {
  mp3: 'megan',
  'wav-pcm': 'pharmacy',
  'wav-alaw': 'adele',
  'wav-mulaw': 'lee',
  'wav-gsm': 'isaiah',
  wma: 'johanna',
};

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

/** The first bytes of a compressed rights-managed message (`message.rpmsg`). */
const RPMSG_MAGIC = Buffer.from('76e80460c411e386', 'hex');

/**
 * The `message.rpmsg` of a protected voicemail: the rpmsg signature, then bytes that only the
 * rights-management client could open (deterministic, so runs are repeatable). Nothing in it
 * plays; that is the point.
 */
export function protectedVoicemailPayload(): Buffer {
  const blocks: Buffer[] = [RPMSG_MAGIC];
  let block = createHash('sha256').update('beacon protected voicemail').digest();
  for (let i = 0; i < 64; i++) {
    blocks.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat(blocks);
}
