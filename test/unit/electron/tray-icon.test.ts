import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AVAILABILITIES } from '../../../src-main/presence/vocabulary.js';
import {
  TRAY_GLYPH_STATES,
  trayGlyphState,
  trayIconFile,
  type TrayIconInput,
  type TrayPanel,
} from '../../../src-main/electron/tray/tray-icon.js';
import { readIco } from '../../../scripts/icons/ico.js';
import { decodeRgba, readPngHeader } from '../../../scripts/icons/png.js';
import {
  REPO_ROOT,
  TRAY_DIR,
  appIconRenditions,
  trayRenditions,
} from '../../../scripts/icons/renditions.js';

const PANELS: readonly TrayPanel[] = ['light', 'dark'];
const PLATFORMS: readonly NodeJS.Platform[] = ['linux', 'win32', 'darwin', 'freebsd'];

const present = (availability: TrayIconInput['availability']): TrayIconInput => ({
  availability,
  idle: false,
  oof: false,
});

/** Every presence the tray can be asked to show. */
const ALL_INPUTS: TrayIconInput[] = AVAILABILITIES.flatMap((availability) =>
  [false, true].flatMap((idle) => [false, true].map((oof) => ({ availability, idle, oof }))),
);

function trayFile(file: string): Buffer {
  return readFileSync(join(REPO_ROOT, TRAY_DIR, file));
}

function at2x(file: string): string {
  return file.replace(/\.png$/, '@2x.png');
}

function pngSide(png: Buffer): number {
  const { width, height } = readPngHeader(png);
  expect(width).toBe(height);
  return width;
}

describe('which tray icon shows a presence', () => {
  it.each(AVAILABILITIES)('%s shows its own glyph', (availability) => {
    expect(trayIconFile(present(availability), 'linux', 'light')).toBe(
      `linux/${availability}-light.png`,
    );
  });

  it('an idle user who is available shows as inactive', () => {
    const idle = { availability: 'available', idle: true, oof: false } as const;
    expect(trayGlyphState(idle)).toBe('inactive');
    expect(trayIconFile(idle, 'linux', 'light')).toBe('linux/inactive-light.png');
  });

  it.each(AVAILABILITIES.filter((availability) => availability !== 'available'))(
    'being idle keeps %s on its own glyph',
    (availability) => {
      expect(trayGlyphState({ availability, idle: true })).toBe(availability);
    },
  );

  it('automatic replies add the OOF badge to whatever glyph shows', () => {
    expect(trayIconFile({ availability: 'busy', idle: false, oof: true }, 'linux', 'dark')).toBe(
      'linux/busy-oof-dark.png',
    );
    expect(
      trayIconFile({ availability: 'available', idle: true, oof: true }, 'linux', 'dark'),
    ).toBe('linux/inactive-oof-dark.png');
  });

  it('out of office shows the badge only while automatic replies are on', () => {
    const outOfOffice = present('out-of-office');
    expect(trayIconFile(outOfOffice, 'win32', 'light')).toBe('windows/out-of-office-light.ico');
    expect(trayIconFile({ ...outOfOffice, oof: true }, 'win32', 'light')).toBe(
      'windows/out-of-office-oof-light.ico',
    );
  });

  it('Windows takes an .ico drawn for the taskbar theme', () => {
    expect(trayIconFile(present('away'), 'win32', 'light')).toBe('windows/away-light.ico');
    expect(trayIconFile(present('away'), 'win32', 'dark')).toBe('windows/away-dark.ico');
  });

  it('Linux and the other free desktops take a PNG drawn for the panel theme', () => {
    expect(trayIconFile(present('offline'), 'linux', 'dark')).toBe('linux/offline-dark.png');
    expect(trayIconFile(present('offline'), 'freebsd', 'light')).toBe('linux/offline-light.png');
  });

  it('macOS takes the same template image on either menu bar', () => {
    const inMeeting = { availability: 'in-a-meeting', idle: false, oof: true } as const;
    expect(trayIconFile(inMeeting, 'darwin', 'light')).toBe('macos/in-a-meeting-oofTemplate.png');
    expect(trayIconFile(inMeeting, 'darwin', 'dark')).toBe('macos/in-a-meeting-oofTemplate.png');
  });

  it('every state, with and without the badge, has a file of its own', () => {
    for (const platform of PLATFORMS) {
      const files = new Set(ALL_INPUTS.map((input) => trayIconFile(input, platform, 'dark')));
      expect(files.size).toBe(TRAY_GLYPH_STATES.length * 2);
    }
  });
});

describe('the committed tray renditions', () => {
  const chosen = new Set(
    ALL_INPUTS.flatMap((input) =>
      PLATFORMS.flatMap((platform) => PANELS.map((panel) => trayIconFile(input, platform, panel))),
    ),
  );
  const pngs = [...chosen].filter((file) => file.startsWith('linux/'));
  const icos = [...chosen].filter((file) => file.startsWith('windows/'));
  const templates = [...chosen].filter((file) => file.startsWith('macos/'));

  it('every file the choice can return exists', () => {
    const missing = [...chosen].filter((file) => !existsSync(join(REPO_ROOT, TRAY_DIR, file)));
    expect(missing).toEqual([]);
    expect(chosen.size).toBe(TRAY_GLYPH_STATES.length * 2 * (2 + 2 + 1));
  });

  it('Linux PNGs are 24 px, with a 48 px @2x beside them', () => {
    for (const file of pngs) {
      expect([file, pngSide(trayFile(file))]).toEqual([file, 24]);
      expect([file, pngSide(trayFile(at2x(file)))]).toEqual([file, 48]);
    }
  });

  it('Windows icons hold PNG frames of 16, 20, 24, 32, 40 and 48 px', () => {
    for (const file of icos) {
      const frames = readIco(trayFile(file));
      expect([file, frames.map((frame) => frame.size)]).toEqual([file, [16, 20, 24, 32, 40, 48]]);
      for (const frame of frames) expect(pngSide(frame.png)).toBe(frame.size);
    }
  });

  it('macOS templates are 16 px, with a 32 px @2x beside them', () => {
    for (const file of templates) {
      expect(file).toMatch(/Template\.png$/);
      expect([file, pngSide(trayFile(file))]).toEqual([file, 16]);
      expect([file, pngSide(trayFile(at2x(file)))]).toEqual([file, 32]);
    }
  });

  it('macOS templates hold black and alpha only, and draw something', () => {
    for (const file of templates.flatMap((template) => [template, at2x(template)])) {
      const pixels = decodeRgba(trayFile(file));
      let coloured = 0;
      let opaque = 0;
      for (let at = 0; at < pixels.length; at += 4) {
        if (pixels.subarray(at, at + 3).some((channel) => channel !== 0)) coloured++;
        if (pixels.readUInt8(at + 3) === 255) opaque++;
      }
      expect([file, coloured]).toEqual([file, 0]);
      expect(opaque).toBeGreaterThan(pixels.length / 4 / 10);
    }
  });

  it('light- and dark-panel renditions are drawn differently', () => {
    const light = trayIconFile(present('away'), 'linux', 'light');
    const dark = trayIconFile(present('away'), 'linux', 'dark');
    expect(trayFile(light).equals(trayFile(dark))).toBe(false);
  });

  it('match a fresh rendering of the SVG sources, with no stale file beside them', () => {
    const fresh = new Map([...trayRenditions(), ...appIconRenditions()]);
    const stale = [...fresh].filter(([file, bytes]) => {
      const path = join(REPO_ROOT, file);
      return !existsSync(path) || !readFileSync(path).equals(bytes);
    });
    expect(stale.map(([file]) => file)).toEqual([]);
    const committed = ['linux', 'windows', 'macos'].flatMap((dir) =>
      readdirSync(join(REPO_ROOT, TRAY_DIR, dir)).map((name) => `${TRAY_DIR}/${dir}/${name}`),
    );
    expect(committed.filter((file) => !fresh.has(file))).toEqual([]);
  });
});

describe('the app icon', () => {
  it('is a 1024 px PNG for the packagers', () => {
    expect(pngSide(readFileSync(join(REPO_ROOT, 'assets/icon.png')))).toBe(1024);
  });

  it('is an .ico with PNG frames from 16 to 256 px for Windows', () => {
    const frames = readIco(readFileSync(join(REPO_ROOT, 'assets/icon.ico')));
    expect(frames.map((frame) => frame.size)).toEqual([16, 20, 24, 32, 40, 48, 64, 128, 256]);
    for (const frame of frames) expect(pngSide(frame.png)).toBe(frame.size);
  });
});
