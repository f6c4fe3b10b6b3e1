/** The SyncFolderItems bookmarks on disk: per mailbox, private, and never a reason to fail. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncStateStore, syncStatePath } from '../../../../src-main/core/live/sync-state.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'beacon-sync-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SyncStateStore', () => {
  it('keeps each mailbox its own bookmarks, across instances', async () => {
    await new SyncStateStore(dir).save('Alex@Beacon.test', {
      calendar: { folder: 'calendar', syncState: 'H4sIAAAA-cal' },
      voicemail: { folder: 'inbox', syncState: 'H4sIAAAA-inbox' },
    });
    const again = new SyncStateStore(dir);
    expect(await again.load('alex@beacon.test')).toEqual({
      calendar: { folder: 'calendar', syncState: 'H4sIAAAA-cal' },
      voicemail: { folder: 'inbox', syncState: 'H4sIAAAA-inbox' },
    });
    expect(await again.load('megan@beacon.test')).toEqual({});
  });

  it('writes a private file named by a hash, holding the mailbox and bookmarks only', async () => {
    await new SyncStateStore(dir).save('alex@beacon.test', {
      calendar: { folder: 'calendar', syncState: 'abc' },
    });
    const file = syncStatePath(dir, 'alex@beacon.test');
    expect(path.basename(file)).toMatch(/^[0-9a-f]{32}\.json$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      format: 1,
      mailbox: 'alex@beacon.test',
      calendar: { folder: 'calendar', syncState: 'abc' },
    });
  });

  it('takes a damaged, foreign or oversized file as no bookmark', async () => {
    const store = new SyncStateStore(dir);
    const file = syncStatePath(dir, 'alex@beacon.test');
    await store.save('alex@beacon.test', { calendar: { folder: 'calendar', syncState: 'a' } });
    await writeFile(file, '{"format":1,"mailbox":"alex@beacon.test","calendar":');
    expect(await store.load('alex@beacon.test')).toEqual({});
    await writeFile(
      file,
      JSON.stringify({
        format: 1,
        mailbox: 'megan@beacon.test',
        calendar: { folder: 'calendar', syncState: 'a' },
      }),
    );
    expect(await store.load('alex@beacon.test')).toEqual({});
    await writeFile(
      file,
      JSON.stringify({
        format: 1,
        mailbox: 'alex@beacon.test',
        calendar: { folder: 'calendar', syncState: 'x'.repeat(100_000) },
      }),
    );
    expect(await store.load('alex@beacon.test')).toEqual({});
  });
});
