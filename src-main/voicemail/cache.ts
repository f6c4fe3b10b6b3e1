/**
 * The voicemail audio cache in `<dataDir>/voicemail-cache/` (folder 0700, files 0600): per key
 * the original bytes, the playable conversion when one was made, and a small JSON record (format,
 * peaks, duration, names). Bounded by size, least recently used first; an entry goes when its
 * item is deleted or no longer listed, and everything goes when the account changes.
 */
import { chmod, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AudioFormatSchema, AudioProblemSchema } from '../core/contract.js';
import type { CachedAudio, VoicemailAudioSource } from './audio-source.js';
import { AUDIO_KEY_PATTERN } from './key.js';

export const CACHE_FOLDER = 'voicemail-cache';

const RecordSchema = z.object({
  fileName: z.string().min(1).max(255),
  contentType: z.string().min(1).max(200),
  format: AudioFormatSchema,
  transcoded: z.boolean(),
  /** False when only the original is kept (no transcoder, or it failed): Save still works. */
  playable: z.boolean(),
  /** Why it cannot be played, when `playable` is false. */
  problem: AudioProblemSchema.optional(),
  playableContentType: z.string().min(1).max(200),
  peaks: z.array(z.number().min(0).max(1)).max(512),
  /** Playable already; the peaks (and an MP3's exact length) are still to be computed. */
  peaksPending: z.boolean().optional(),
  durationSeconds: z.number().nonnegative(),
  lastAccess: z.number(),
});
export type CacheRecord = z.infer<typeof CacheRecordInput> & { lastAccess: number };
const CacheRecordInput = RecordSchema.omit({ lastAccess: true });

interface Entry {
  record: CacheRecord;
  size: number;
}

export interface AudioCacheOptions {
  dataDir: string;
  /** The size cap in bytes (settings.voicemail.cacheMegabytes). */
  capBytes: () => number;
  now: () => number;
}

const ORIGINAL = '.orig';
const PLAYABLE = '.play';
const RECORD = '.json';

export class AudioCache implements VoicemailAudioSource {
  readonly dir: string;
  private readonly entries = new Map<string, Entry>();
  private loaded: Promise<void> | undefined;

  constructor(private readonly options: AudioCacheOptions) {
    this.dir = path.join(options.dataDir, CACHE_FOLDER);
  }

  private file(key: string, suffix: string): string {
    return path.join(this.dir, `${key}${suffix}`);
  }

  private async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // An older folder (or a umask) may have left it wider.
    await chmod(this.dir, 0o700);
  }

  /** Reads what an earlier run left; damaged records are removed with their files. */
  load(): Promise<void> {
    this.loaded ??= this.readDisk();
    return this.loaded;
  }

  private async readDisk(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    await this.ensureDir();
    for (const name of names) {
      if (!name.endsWith(RECORD)) continue;
      const key = name.slice(0, -RECORD.length);
      if (!AUDIO_KEY_PATTERN.test(key)) continue;
      try {
        const record = RecordSchema.parse(
          JSON.parse(await readFile(this.file(key, RECORD), 'utf8')),
        );
        const size = await this.sizeOf(key, record.transcoded);
        this.entries.set(key, { record, size });
      } catch {
        await this.removeFiles(key);
      }
    }
  }

  private async sizeOf(key: string, transcoded: boolean): Promise<number> {
    let size = (await stat(this.file(key, ORIGINAL))).size;
    if (transcoded) size += (await stat(this.file(key, PLAYABLE))).size;
    return size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  record(key: string): CacheRecord | undefined {
    return this.entries.get(key)?.record;
  }

  get totalBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.size;
    return total;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Where the original bytes go before the record exists (the transcoder reads them there). */
  originalPath(key: string): string {
    return this.file(key, ORIGINAL);
  }

  playablePath(key: string): string {
    return this.file(key, PLAYABLE);
  }

  async writeOriginal(key: string, bytes: Uint8Array): Promise<string> {
    await this.load();
    await this.ensureDir();
    const file = this.file(key, ORIGINAL);
    await writeFile(file, bytes, { mode: 0o600 });
    await chmod(file, 0o600);
    return file;
  }

  /** The playable file was written by the transcoder: make it private like the rest. */
  async sealPlayable(key: string): Promise<void> {
    await chmod(this.file(key, PLAYABLE), 0o600);
  }

  /** Records a complete entry (original, and the conversion when `transcoded`) and trims. */
  async commit(key: string, input: z.infer<typeof CacheRecordInput>): Promise<void> {
    await this.load();
    const record: CacheRecord = {
      ...CacheRecordInput.parse(input),
      lastAccess: this.options.now(),
    };
    await this.writeRecord(key, record);
    this.entries.set(key, { record, size: await this.sizeOf(key, record.transcoded) });
    await this.trim(key);
  }

  private async writeRecord(key: string, record: CacheRecord): Promise<void> {
    const file = this.file(key, RECORD);
    await writeFile(file, JSON.stringify(record), { mode: 0o600 });
    await chmod(file, 0o600);
  }

  /** Least recently used first, until the cache fits; `keep` (just added) stays. */
  private async trim(keep: string): Promise<void> {
    const cap = this.options.capBytes();
    let total = this.totalBytes;
    if (total <= cap) return;
    const oldest = [...this.entries.entries()]
      .filter(([key]) => key !== keep)
      .sort((a, b) => a[1].record.lastAccess - b[1].record.lastAccess);
    for (const [key, entry] of oldest) {
      if (total <= cap) break;
      total -= entry.size;
      await this.remove(key);
    }
  }

  async open(key: string, variant: 'playable' | 'original'): Promise<CachedAudio | undefined> {
    if (!AUDIO_KEY_PATTERN.test(key)) return undefined;
    await this.load();
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (variant === 'playable' && !entry.record.playable) return undefined;
    const playable = variant === 'playable' && entry.record.transcoded;
    const filePath = this.file(key, playable ? PLAYABLE : ORIGINAL);
    let size: number;
    try {
      size = (await stat(filePath)).size;
    } catch {
      // Removed behind our back: the entry is gone too.
      await this.remove(key);
      return undefined;
    }
    entry.record = { ...entry.record, lastAccess: this.options.now() };
    await this.writeRecord(key, entry.record).catch(() => undefined);
    const fileName = playable
      ? entry.record.fileName.replace(/\.[^.]*$/, '') + '.mp3'
      : entry.record.fileName;
    return {
      filePath,
      contentType:
        variant === 'playable' ? entry.record.playableContentType : entry.record.contentType,
      size,
      fileName,
    };
  }

  private async removeFiles(key: string): Promise<void> {
    await Promise.all(
      [ORIGINAL, PLAYABLE, RECORD, '.pcm'].map((s) => rm(this.file(key, s), { force: true })),
    );
  }

  async remove(key: string): Promise<void> {
    this.entries.delete(key);
    await this.removeFiles(key);
  }

  /** Drops every entry whose key is not in `listed` (deleted or no longer among the newest). */
  async retain(listed: ReadonlySet<string>): Promise<void> {
    await this.load();
    for (const key of this.keys()) if (!listed.has(key)) await this.remove(key);
  }

  /** Sign-out or another account: nothing of the old mailbox's audio stays on disk. */
  async clear(): Promise<void> {
    this.entries.clear();
    this.loaded = Promise.resolve();
    await rm(this.dir, { recursive: true, force: true });
  }
}
