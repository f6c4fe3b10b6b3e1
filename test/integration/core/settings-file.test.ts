import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/core/atomic-file.js';
import {
  DEFAULT_SETTINGS,
  MAX_SETTINGS_BYTES,
  SettingsFile,
} from '../../../src-main/core/settings.js';

let dir: string;
const fixedNow = new Date(Date.UTC(2026, 10, 27, 9, 0, 0, 0));
const keptAsName = 'settings.json.corrupt-2026-11-27T09-00-00-000Z';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beacon-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function settingsFile(): SettingsFile {
  return new SettingsFile(dir, { now: () => fixedNow });
}

describe('settings file', () => {
  it('uses the defaults without a warning on first run, and writes nothing', async () => {
    const loaded = await settingsFile().load();
    expect(loaded).toEqual({ settings: DEFAULT_SETTINGS, warnings: [] });
    expect(await readdir(dir)).toEqual([]);
  });

  it('saves atomically: only the file remains, private to the user, and it loads back', async () => {
    const file = settingsFile();
    const settings = {
      account: { mailbox: 'alex@contoso.example', useAutodiscover: true, demo: true },
      presence: { awayAfterMinutes: 20, inactiveAfterMinutes: 2, showOffWork: false },
      locale: 'ko-KR',
      voicemail: DEFAULT_SETTINGS.voicemail,
      im: DEFAULT_SETTINGS.im,
      smtp: DEFAULT_SETTINGS.smtp,
      sharing: DEFAULT_SETTINGS.sharing,
    };
    await file.save(settings);
    expect(await readdir(dir)).toEqual(['settings.json']);
    if (process.platform !== 'win32') {
      expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    }
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual(settings);
    expect(await settingsFile().load()).toEqual({ settings, warnings: [] });
  });

  it('creates the app data folder when it is missing', async () => {
    const nested = join(dir, 'deeper', 'beacon');
    await new SettingsFile(nested).save(DEFAULT_SETTINGS);
    expect(await readdir(nested)).toEqual(['settings.json']);
  });

  it('keeps the last of several overlapping saves and leaves no temp file', async () => {
    const file = settingsFile();
    await Promise.all(
      [10, 20, 30, 40].map((away) =>
        file.save({
          ...DEFAULT_SETTINGS,
          presence: { ...DEFAULT_SETTINGS.presence, awayAfterMinutes: away },
        }),
      ),
    );
    expect(await readdir(dir)).toEqual(['settings.json']);
    expect((await settingsFile().load()).settings.presence.awayAfterMinutes).toBe(40);
  });

  it.each([
    ['not JSON', '{"account": {"mailbox": "alex@'],
    ['invalid values', '{"presence": {"awayAfterMinutes": -1}}'],
    ['not an object', '"hello"'],
  ])('keeps a file with %s aside, uses defaults and warns', async (_what, content) => {
    await writeFile(join(dir, 'settings.json'), content);
    const loaded = await settingsFile().load();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.warnings).toEqual([{ kind: 'settings-damaged', keptAs: keptAsName }]);
    expect(await readdir(dir)).toEqual([keptAsName]);
    expect(await readFile(join(dir, keptAsName), 'utf8')).toBe(content);
  });

  it('uses defaults and warns with the error code when the file cannot be read', async () => {
    // A folder where the file should be: stat works, the read fails with EISDIR.
    await mkdir(join(dir, 'settings.json'));
    const loaded = await settingsFile().load();
    expect(loaded).toEqual({
      settings: DEFAULT_SETTINGS,
      warnings: [{ kind: 'settings-unreadable', code: 'EISDIR' }],
    });
  });

  it('keeps an oversized file aside without reading it', async () => {
    await writeFile(join(dir, 'settings.json'), `{"x":"${'a'.repeat(MAX_SETTINGS_BYTES)}"}`);
    const loaded = await settingsFile().load();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(await readdir(dir)).toEqual([keptAsName]);
  });

  it('keeps keys from a newer version when saving a change', async () => {
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({
        account: { mailbox: 'alex@contoso.example', useAutodiscover: true, tenantId: 'c0ffee' },
        presence: {
          awayAfterMinutes: 15,
          inactiveAfterMinutes: 5,
          showOffWork: true,
          dimIcon: true,
        },
        telemetry: { level: 'off' },
      }),
    );
    const file = settingsFile();
    const { settings } = await file.load();
    await file.save({
      ...settings,
      locale: 'de-DE',
      account: { ...settings.account, mailbox: 'a@b.example' },
    });
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual({
      account: { mailbox: 'a@b.example', useAutodiscover: true, demo: true, tenantId: 'c0ffee' },
      presence: { awayAfterMinutes: 15, inactiveAfterMinutes: 5, showOffWork: true, dimIcon: true },
      locale: 'de-DE',
      voicemail: DEFAULT_SETTINGS.voicemail,
      im: DEFAULT_SETTINGS.im,
      smtp: DEFAULT_SETTINGS.smtp,
      sharing: DEFAULT_SETTINGS.sharing,
      telemetry: { level: 'off' },
    });
  });

  it('takes a password found in the file off the disk at once, and warns', async () => {
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({
        account: { mailbox: 'alex@contoso.example', password: 'hunter2', useAutodiscover: false },
        telemetry: { level: 'off' },
      }),
    );
    const loaded = await settingsFile().load();
    expect(loaded.warnings).toEqual([{ kind: 'secrets-removed' }]);
    expect(loaded.settings.account).toEqual({
      mailbox: 'alex@contoso.example',
      useAutodiscover: false,
      demo: true,
    });
    const onDisk = await readFile(join(dir, 'settings.json'), 'utf8');
    expect(onDisk).not.toContain('hunter2');
    expect(JSON.parse(onDisk)).toEqual({
      account: { mailbox: 'alex@contoso.example', useAutodiscover: false, demo: true },
      presence: DEFAULT_SETTINGS.presence,
      voicemail: DEFAULT_SETTINGS.voicemail,
      im: DEFAULT_SETTINGS.im,
      smtp: DEFAULT_SETTINGS.smtp,
      sharing: DEFAULT_SETTINGS.sharing,
      telemetry: { level: 'off' },
    });
    expect(await readdir(dir)).toEqual(['settings.json']);
  });
});

describe('atomic write', () => {
  it('replaces the file whole and leaves no temp file', async () => {
    const path = join(dir, 'f.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['f.json']);
  });

  it('cleans up its temp file when the rename fails, and the target is untouched', async () => {
    const path = join(dir, 'occupied');
    await mkdir(join(path, 'child'), { recursive: true });
    await expect(writeFileAtomic(path, 'data')).rejects.toMatchObject({
      code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/) as unknown,
    });
    expect(await readdir(dir)).toEqual(['occupied']);
    expect(await readdir(path)).toEqual(['child']);
  });
});
