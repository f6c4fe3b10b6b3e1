import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autostartDesktopEntry,
  autostartEntryIsActive,
  autostartExecPath,
  autostartFilePath,
} from '../../../src-main/electron/os/autostart-entry.js';
import { createLinuxAutostart } from '../../../src-main/electron/os/linux-autostart.js';

const BASE = { name: 'Beacon', comment: 'Presence and calendar for Exchange' };

function execLine(content: string): string {
  const line = content.split('\n').find((l) => l.startsWith('Exec='));
  if (line === undefined) throw new Error('No Exec line');
  return line.slice('Exec='.length);
}

/**
 * How a session manager reads Exec back, per the Desktop Entry Specification: undo the string
 * escapes, then the quoting, then turn `%%` into `%`. (Other field codes never appear here.)
 */
function readExec(value: string): string[] {
  const unescaped = value.replace(/\\([sntr\\])/g, (_m, c: string) =>
    c === 's' ? ' ' : c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : '\\',
  );
  const args: string[] = [];
  let current: string | undefined;
  let quoted = false;
  for (let i = 0; i < unescaped.length; i += 1) {
    const c = unescaped.charAt(i);
    if (quoted) {
      if (c === '\\') {
        i += 1;
        current = (current ?? '') + unescaped.charAt(i);
      } else if (c === '"') quoted = false;
      else current = (current ?? '') + c;
    } else if (c === '"') {
      quoted = true;
      current ??= '';
    } else if (c === ' ') {
      if (current !== undefined) args.push(current);
      current = undefined;
    } else current = (current ?? '') + c;
  }
  if (current !== undefined) args.push(current);
  return args.map((arg) => arg.replaceAll('%%', '%'));
}

describe('the autostart .desktop entry', () => {
  it('is a complete XDG autostart entry', () => {
    const content = autostartDesktopEntry({
      ...BASE,
      execPath: '/opt/Beacon/beacon',
      args: ['--hidden'],
      icon: 'beacon',
    });
    expect(content).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Beacon',
        'Comment=Presence and calendar for Exchange',
        'Exec=/opt/Beacon/beacon --hidden',
        'Icon=beacon',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it('leaves out Icon when there is none', () => {
    const content = autostartDesktopEntry({ ...BASE, execPath: '/usr/bin/beacon', args: [] });
    expect(content).not.toContain('Icon=');
    expect(execLine(content)).toBe('/usr/bin/beacon');
  });

  it.each([
    [
      'a path with spaces is quoted',
      '/home/a/My Apps/Beacon.AppImage',
      '"/home/a/My Apps/Beacon.AppImage"',
    ],
    [
      'a double quote takes a backslash inside quotes',
      '/opt/say "hi"/beacon',
      '"/opt/say \\\\"hi\\\\"/beacon"',
    ],
    [
      'a literal backslash is written as four',
      '/opt/back\\slash/beacon',
      '"/opt/back\\\\\\\\slash/beacon"',
    ],
    ['a dollar sign is escaped, not expanded', '/opt/$HOME/beacon', '"/opt/\\\\$HOME/beacon"'],
    ['a backtick is escaped, not run', '/opt/`id`/beacon', '"/opt/\\\\`id\\\\`/beacon"'],
    ['a percent sign is doubled', '/opt/100%/beacon', '/opt/100%%/beacon'],
    ['a single quote forces quoting', "/opt/it's/beacon", '"/opt/it\'s/beacon"'],
    ['a semicolon forces quoting', '/opt/a;b/beacon', '"/opt/a;b/beacon"'],
    ['a tilde forces quoting', '~/beacon', '"~/beacon"'],
    ['an equals sign is plain', '/opt/a=b/beacon', '/opt/a=b/beacon'],
  ])('%s', (_case, execPath, exec) => {
    expect(execLine(autostartDesktopEntry({ ...BASE, execPath, args: [] }))).toBe(exec);
  });

  it('an empty argument survives as ""', () => {
    const content = autostartDesktopEntry({ ...BASE, execPath: '/usr/bin/beacon', args: [''] });
    expect(execLine(content)).toBe('/usr/bin/beacon ""');
  });

  it('any path and arguments read back exactly as written', () => {
    const hostile = [
      '/tmp/a b/c d',
      'we"ird',
      'back\\slash\\\\double',
      '$(rm -rf ~)',
      '`id`',
      '100% %f %U %%',
      'tab\there',
      'new\nline',
      "it's",
      '<>|&;*?#()~',
      '',
      'plain',
    ];
    const content = autostartDesktopEntry({
      ...BASE,
      execPath: '/opt/My App/beacon',
      args: hostile,
    });
    expect(content.split('\n').filter((l) => l.startsWith('Exec='))).toHaveLength(1);
    expect(readExec(execLine(content))).toEqual(['/opt/My App/beacon', ...hostile]);
  });

  it('a newline in the name cannot start a new key', () => {
    const content = autostartDesktopEntry({
      ...BASE,
      name: 'Beacon\nExec=/bin/evil',
      execPath: '/usr/bin/beacon',
      args: [],
    });
    expect(content).toContain('Name=Beacon\\nExec=/bin/evil\n');
    expect(content.split('\n').filter((l) => l.startsWith('Exec='))).toEqual([
      'Exec=/usr/bin/beacon',
    ]);
  });
});

describe('where the entry lives', () => {
  it('under XDG_CONFIG_HOME when it is absolute', () => {
    expect(autostartFilePath({ XDG_CONFIG_HOME: '/data/config' }, '/home/alex')).toBe(
      '/data/config/autostart/beacon.desktop',
    );
  });

  it('under ~/.config when XDG_CONFIG_HOME is unset', () => {
    expect(autostartFilePath({}, '/home/alex')).toBe('/home/alex/.config/autostart/beacon.desktop');
  });

  it('under ~/.config when XDG_CONFIG_HOME is empty', () => {
    expect(autostartFilePath({ XDG_CONFIG_HOME: '' }, '/home/alex')).toBe(
      '/home/alex/.config/autostart/beacon.desktop',
    );
  });

  it('a relative XDG_CONFIG_HOME is ignored, as the spec says', () => {
    expect(autostartFilePath({ XDG_CONFIG_HOME: 'config' }, '/home/alex')).toBe(
      '/home/alex/.config/autostart/beacon.desktop',
    );
  });
});

describe('what the entry starts', () => {
  it('the AppImage file when running from one', () => {
    const env = { APPIMAGE: '/home/alex/Apps/Beacon-0.1.0.AppImage' };
    expect(autostartExecPath(env, '/tmp/.mount_BeaconXyz/beacon')).toBe(
      '/home/alex/Apps/Beacon-0.1.0.AppImage',
    );
  });

  it('the executable itself otherwise', () => {
    expect(autostartExecPath({}, '/opt/Beacon/beacon')).toBe('/opt/Beacon/beacon');
  });

  it('ignores an empty or relative APPIMAGE', () => {
    expect(autostartExecPath({ APPIMAGE: '' }, '/opt/Beacon/beacon')).toBe('/opt/Beacon/beacon');
    expect(autostartExecPath({ APPIMAGE: 'Beacon.AppImage' }, '/opt/Beacon/beacon')).toBe(
      '/opt/Beacon/beacon',
    );
  });
});

describe('an entry switched off in place', () => {
  it.each([
    ['our own entry', autostartDesktopEntry({ ...BASE, execPath: '/b', args: [] }), true],
    ['GNOME switched it off', '[Desktop Entry]\nExec=/b\nX-GNOME-Autostart-enabled=false\n', false],
    [
      'spaces around the equals sign',
      '[Desktop Entry]\nX-GNOME-Autostart-enabled = false\n',
      false,
    ],
    ['hidden means deleted', '[Desktop Entry]\nExec=/b\nHidden=true\n', false],
    ['Hidden=false is still on', '[Desktop Entry]\nExec=/b\nHidden=false\n', true],
    [
      'a key in another group does not count',
      '[Desktop Entry]\nExec=/b\n[Desktop Action x]\nHidden=true\n',
      true,
    ],
    ['Windows line ends', '[Desktop Entry]\r\nHidden=true\r\n', false],
  ])('%s → active %s', (_case, content, active) => {
    expect(autostartEntryIsActive(content)).toBe(active);
  });
});

describe('createLinuxAutostart on a real folder', () => {
  let home: string;
  let filePath: string;
  const content = autostartDesktopEntry({ ...BASE, execPath: '/opt/Beacon/beacon', args: [] });

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'beacon-autostart-'));
    filePath = autostartFilePath({}, home);
  });

  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('is off while there is no entry', async () => {
    expect(await createLinuxAutostart({ filePath, content }).isEnabled()).toBe(false);
  });

  it('turning it on creates the folders and writes the entry', async () => {
    const autostart = createLinuxAutostart({ filePath, content });
    await autostart.setEnabled(true);
    expect(await readFile(filePath, 'utf8')).toBe(content);
    expect(await autostart.isEnabled()).toBe(true);
  });

  it('turning it on leaves no temporary file behind', async () => {
    await createLinuxAutostart({ filePath, content }).setEnabled(true);
    expect(await readdir(join(home, '.config', 'autostart'))).toEqual(['beacon.desktop']);
  });

  it('turning it on replaces an entry switched off in place', async () => {
    await mkdir(join(home, '.config', 'autostart'), { recursive: true });
    await writeFile(filePath, '[Desktop Entry]\nExec=/old/path\nX-GNOME-Autostart-enabled=false\n');
    const autostart = createLinuxAutostart({ filePath, content });
    expect(await autostart.isEnabled()).toBe(false);
    await autostart.setEnabled(true);
    expect(await readFile(filePath, 'utf8')).toBe(content);
    expect(await autostart.isEnabled()).toBe(true);
  });

  it('turning it off removes the entry', async () => {
    const autostart = createLinuxAutostart({ filePath, content });
    await autostart.setEnabled(true);
    await autostart.setEnabled(false);
    expect(await readdir(join(home, '.config', 'autostart'))).toEqual([]);
    expect(await autostart.isEnabled()).toBe(false);
  });

  it('turning it off when it was never on is fine', async () => {
    const autostart = createLinuxAutostart({ filePath, content });
    await expect(autostart.setEnabled(false)).resolves.toBeUndefined();
    expect(await autostart.isEnabled()).toBe(false);
  });

  it('a folder where the entry should be is an error, not "off"', async () => {
    await mkdir(filePath, { recursive: true });
    await expect(createLinuxAutostart({ filePath, content }).isEnabled()).rejects.toMatchObject({
      code: 'EISDIR',
    });
  });
});
