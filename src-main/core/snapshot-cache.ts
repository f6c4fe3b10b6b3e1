/**
 * The last good Snapshot on disk, so the next start shows presence at once. It is loaded marked
 * stale (the first successful refresh makes it online again). The cache is disposable: anything
 * wrong with it (damaged, from another format, too large) deletes it and start-up goes on
 * without. It holds only what the Snapshot holds, and the Snapshot holds no secrets.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SnapshotSchema, type Account, type Snapshot } from './contract.js';
import { errnoCode, writeFileAtomic } from './atomic-file.js';

export const SNAPSHOT_CACHE_FILE_NAME = 'snapshot-cache.json';
/** A day's agenda and presence is a few KB; a bigger cache is not worth the start-up time. */
export const DEFAULT_MAX_CACHE_BYTES = 512 * 1024;
/** Bumped when the Snapshot changes shape incompatibly; an older cache is then dropped. */
export const CACHE_FORMAT = 1;

const CacheFileSchema = z.object({ format: z.literal(CACHE_FORMAT), snapshot: SnapshotSchema });

/**
 * What a cached Snapshot looks like once loaded: the same data, marked stale since
 * `lastSuccessAt`, without the last run's warnings and errors.
 */
export function markStale(snapshot: Snapshot): Snapshot {
  const { lastSuccessAt } = snapshot.connection;
  return {
    ...snapshot,
    connection:
      lastSuccessAt === undefined ? { state: 'stale' } : { state: 'stale', lastSuccessAt },
    warnings: [],
  };
}

export type CacheSaveResult =
  { written: true; bytes: number } | { written: false; reason: 'too-large' };

export interface SnapshotCacheOptions {
  maxBytes?: number;
}

export class SnapshotCache {
  readonly path: string;
  readonly maxBytes: number;

  constructor(dir: string, options: SnapshotCacheOptions = {}) {
    this.path = join(dir, SNAPSHOT_CACHE_FILE_NAME);
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_CACHE_BYTES;
  }

  /**
   * The cached Snapshot, marked stale; undefined when there is none or it is unusable. With
   * `account`, a cache of another mailbox is not shown (it stays until overwritten).
   */
  async load(account?: Pick<Account, 'mode' | 'mailbox'>): Promise<Snapshot | undefined> {
    let text: string;
    try {
      if ((await stat(this.path)).size > this.maxBytes) {
        await this.discard();
        return undefined;
      }
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') await this.discard();
      return undefined;
    }

    const parsed = CacheFileSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      await this.discard();
      return undefined;
    }
    const { snapshot } = parsed.data;
    if (
      account !== undefined &&
      (snapshot.account.mode !== account.mode ||
        snapshot.account.mailbox.toLowerCase() !== account.mailbox.toLowerCase())
    ) {
      return undefined;
    }
    return markStale(snapshot);
  }

  /** Writes `snapshot` atomically; one over the size bound is not written and the old one goes. */
  async save(snapshot: Snapshot): Promise<CacheSaveResult> {
    const file = { format: CACHE_FORMAT, snapshot: SnapshotSchema.parse(snapshot) };
    const text = JSON.stringify(file);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.maxBytes) {
      await this.clear();
      return { written: false, reason: 'too-large' };
    }
    await writeFileAtomic(this.path, text);
    return { written: true, bytes };
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }

  /** Start-up must not fail because a disposable file could not be deleted. */
  private async discard(): Promise<void> {
    try {
      await this.clear();
    } catch {
      // Left in place; the next successful save replaces it.
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
