/**
 * Packaging (`npm run dist`) cannot run here (no Electron binary), so its pieces are checked
 * apart: electron-builder's own loader and schema accept electron-builder.yml with the values the
 * issue asks for, and the afterPack hook flips the fuses of a stand-in binary and reads them back.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

interface Config {
  appId?: string;
  productName?: string;
  asar?: boolean;
  afterPack?: string;
  files?: { filter?: string[] }[];
  extraMetadata?: Record<string, unknown>;
  linux?: {
    target?: string[];
    icon?: string;
    executableArgs?: string[];
    desktop?: { entry?: Record<string, string> };
  };
  deb?: { depends?: string[] };
  win?: { target?: string[]; icon?: string };
  mac?: { target?: string[]; icon?: string; extendInfo?: Record<string, unknown> };
}

let config: Config;

beforeAll(async () => {
  const loaded = await getConfig(root, null, null);
  await validateConfiguration(loaded, new DebugLogger(false));
  config = loaded as Config;
});

describe('electron-builder.yml', () => {
  it('is accepted by electron-builder’s own schema', () => {
    expect(config.appId).toBe('com.beacon.companion');
    expect(config.productName).toBe('Beacon');
  });

  it('packs the built app and the assets it reads at run time into one asar', () => {
    expect(config.asar).toBe(true);
    expect(config.files?.[0]?.filter).toEqual(
      expect.arrayContaining(['out/**', 'package.json', 'assets/tray/**', 'assets/voicemail/**']),
    );
  });

  it('builds an AppImage and a deb that pulls in the tray, keychain and notification libraries', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.deb?.depends).toEqual(
      expect.arrayContaining([
        'libayatana-appindicator3-1 | libappindicator3-1',
        'libsecret-1-0',
        'libnotify4',
      ]),
    );
  });

  it('gives Linux a desktop entry that links the running window to it', () => {
    expect(config.linux?.desktop?.entry).toMatchObject({
      Name: 'Beacon',
      Categories: 'Office;',
      StartupWMClass: 'beacon',
    });
    expect(config.linux?.desktop?.entry?.Comment).toBeTruthy();
    expect(config.extraMetadata?.desktopName).toBe('beacon.desktop');
  });

  it('starts the Linux app with the core’s 1 MB semi-spaces, as the web shell starts its node', () => {
    expect(config.linux?.executableArgs).toEqual(['--js-flags=--max-semi-space-size=1']);
  });

  it('builds an NSIS installer for Windows and a dmg for macOS with no Dock icon', () => {
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.mac?.extendInfo?.LSUIElement).toBe(true);
  });

  it('names app icons that exist', () => {
    const icons = [config.linux?.icon, config.win?.icon, config.mac?.icon];
    expect(icons).toEqual(['assets/icon.png', 'assets/icon.ico', 'assets/icon.png']);
    expect(icons.filter((icon) => !icon || !existsSync(join(root, icon)))).toEqual([]);
  });

  it('has the metadata a deb needs (a homepage and a maintainer with an email)', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      homepage?: string;
      author?: { email?: string };
    };
    expect(pkg.homepage, 'package.json "homepage"').toBeTruthy();
    expect(pkg.author?.email, 'package.json "author": { "name", "email" }').toBeTruthy();
  });
});

describe('the afterPack hook (scripts/after-pack.mjs)', () => {
  interface HookContext {
    appOutDir: string;
    electronPlatformName: string;
    packager: { executableName?: string; appInfo: { productFilename: string } };
  }
  type Hook = (context: HookContext) => Promise<void>;

  const hookPath = join(root, 'scripts/after-pack.mjs');
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

  /** A stand-in for an Electron binary: its fuse wire, all eight fuses in Electron's defaults. */
  async function fakeBinary(path: string): Promise<void> {
    const wire = Buffer.concat([
      Buffer.from('ELF…'),
      Buffer.from(SENTINEL),
      Buffer.from([1, 8]),
      Buffer.from('10111001'),
      Buffer.from('…rest'),
    ]);
    await writeFile(path, wire);
  }

  async function hook(): Promise<Hook> {
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
    const module = (await import(pathToFileURL(hookPath).href)) as { default: Hook };
    return module.default;
  }

  const wanted: [FuseV1Options, number][] = [
    [FuseV1Options.RunAsNode, 0x30],
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable, 0x30],
    [FuseV1Options.EnableNodeCliInspectArguments, 0x30],
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, 0x31],
    [FuseV1Options.OnlyLoadAppFromAsar, 0x31],
    [FuseV1Options.EnableCookieEncryption, 0x31],
    [FuseV1Options.GrantFileProtocolExtraPrivileges, 0x30],
  ];

  it.each([
    ['linux', 'beacon'],
    ['win32', 'Beacon.exe'],
  ])('flips the fuses of the packaged %s binary (%s)', async (platform, file) => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-fuses-'));
    await fakeBinary(join(dir, file));
    await (
      await hook()
    )({
      appOutDir: dir,
      electronPlatformName: platform,
      packager: { executableName: 'beacon', appInfo: { productFilename: 'Beacon' } },
    });
    const wire = await getCurrentFuseWire(join(dir, file));
    expect(wanted.map(([fuse]) => [fuse, wire[fuse]])).toEqual(wanted);
    // A fuse Beacon does not decide keeps Electron's default.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(0x30);
  });

  it('fails the packaging when the binary has no fuse wire', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-fuses-'));
    await writeFile(join(dir, 'beacon'), 'not electron');
    await expect(
      (await hook())({
        appOutDir: dir,
        electronPlatformName: 'linux',
        packager: { executableName: 'beacon', appInfo: { productFilename: 'Beacon' } },
      }),
    ).rejects.toThrow(/sentinel/);
  });
});
