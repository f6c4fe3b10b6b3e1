import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src-main/core/contract.js';
import {
  CACHE_FORMAT,
  SNAPSHOT_CACHE_FILE_NAME,
  SnapshotCache,
  markStale,
} from '../../../src-main/core/snapshot-cache.js';
import { sampleSnapshot } from '../../unit/core/sample-snapshot.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beacon-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cachePath = (): string => join(dir, SNAPSHOT_CACHE_FILE_NAME);

function withConnectionTrouble(): Snapshot {
  return {
    ...sampleSnapshot(),
    connection: {
      state: 'offline',
      lastSuccessAt: '2026-11-27T09:02:00.000Z',
      retryAt: '2026-11-27T09:10:00.000Z',
      error: { kind: 'transport', message: 'ECONNRESET' },
    },
    warnings: [
      { kind: 'settings-damaged', keptAs: 'settings.json.corrupt-2026-11-27T09-00-00-000Z' },
    ],
  };
}

describe('snapshot cache', () => {
  it('loads the saved Snapshot marked stale since its last success, without old warnings', async () => {
    const cache = new SnapshotCache(dir);
    const saved = withConnectionTrouble();
    const result = await cache.save(saved);
    expect(result.written).toBe(true);
    expect(await readdir(dir)).toEqual([SNAPSHOT_CACHE_FILE_NAME]);

    const loaded = await new SnapshotCache(dir).load();
    expect(loaded).toEqual({
      ...saved,
      connection: { state: 'stale', lastSuccessAt: '2026-11-27T09:02:00.000Z' },
      warnings: [],
    });
  });

  it('marks a Snapshot without a last success as plainly stale', () => {
    const snapshot = { ...sampleSnapshot(), connection: { state: 'connecting' as const } };
    expect(markStale(snapshot).connection).toEqual({ state: 'stale' });
  });

  it('has nothing to offer when there is no cache', async () => {
    expect(await new SnapshotCache(dir).load()).toBeUndefined();
  });

  it.each([
    ['damaged JSON', '{"format":1,"snapshot":{"acc'],
    ['another format', JSON.stringify({ format: CACHE_FORMAT + 1, snapshot: sampleSnapshot() })],
    [
      'a Snapshot of the wrong shape',
      JSON.stringify({ format: CACHE_FORMAT, snapshot: { presence: 'busy' } }),
    ],
    ['no JSON object', 'null'],
  ])('ignores and deletes a cache with %s', async (_what, content) => {
    await writeFile(cachePath(), content);
    expect(await new SnapshotCache(dir).load()).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('does not show the cache of another mailbox', async () => {
    const cache = new SnapshotCache(dir);
    await cache.save(sampleSnapshot());
    expect(
      await cache.load({ mode: 'exchange', mailbox: 'someone.else@contoso.example' }),
    ).toBeUndefined();
    expect(await cache.load({ mode: 'demo', mailbox: 'alex@contoso.example' })).toBeUndefined();
    expect(
      (await cache.load({ mode: 'exchange', mailbox: 'Alex@Contoso.example' }))?.account
        .displayName,
    ).toBe('Alex Wilber');
  });

  it('stays within its size bound: a too-large Snapshot is not written and the old cache goes', async () => {
    const small = new SnapshotCache(dir, { maxBytes: 4096 });
    expect((await small.save(sampleSnapshot())).written).toBe(true);
    const huge: Snapshot = {
      ...sampleSnapshot(),
      agenda: Array.from({ length: 50 }, (_, i) => ({
        ...(sampleSnapshot().agenda[0] as Snapshot['agenda'][number]),
        id: `item-${i}`,
      })),
    };
    expect(await small.save(huge)).toEqual({ written: false, reason: 'too-large' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('deletes a cache file over the bound instead of reading it', async () => {
    await new SnapshotCache(dir).save(sampleSnapshot());
    expect(await new SnapshotCache(dir, { maxBytes: 100 }).load()).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes only what the contract holds: nothing smuggled onto the Snapshot reaches the disk', async () => {
    const snapshot = sampleSnapshot();
    const tainted = {
      ...snapshot,
      account: { ...snapshot.account, password: 'hunter2' },
      secrets: { token: 'abc' },
    } as Snapshot;
    await new SnapshotCache(dir).save(tainted);
    const onDisk = await readFile(cachePath(), 'utf8');
    expect(onDisk).not.toContain('hunter2');
    expect(onDisk).not.toContain('secrets');
    expect(JSON.parse(onDisk)).toEqual({ format: CACHE_FORMAT, snapshot });
  });
});
