/**
 * Every icon file the app ships, rendered in memory from the SVG sources: the tray glyphs for
 * each platform and panel, and the app icon. The same sources always give the same bytes
 * (resvg is pinned), so the committed files can be checked against a fresh rendering.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import {
  TRAY_GLYPH_STATES,
  trayGlyphFile,
  type TrayGlyphState,
  type TrayPanel,
} from '../../src-main/electron/tray/tray-icon.js';
import { composeGlyph, parseBadge, parseGlyph, type BadgeDrawing, type Ink } from './compose.js';
import { encodeIco } from './ico.js';
import { decodeRgba } from './png.js';
import { KNOCKOUT_COLOUR, oofBadgeColour, stateColour } from './palette.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const TRAY_DIR = 'assets/tray';
const TRAY_SOURCE_DIR = `${TRAY_DIR}/src`;

const PANELS: readonly TrayPanel[] = ['light', 'dark'];
/** Linux panels are 22–24 px high; the @2x file serves HiDPI panels. */
const LINUX_SIZE = 24;
/** The sizes Windows asks for at 100 %, 125 %, 150 %, 200 %, 250 % and 300 % scaling. */
const WINDOWS_SIZES = [16, 20, 24, 32, 40, 48];
/** The menu bar's 16 pt; the @2x file serves Retina displays. */
const MACOS_SIZE = 16;
const APP_ICON_PNG_SIZE = 1024;
const APP_ICON_ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256];

export function renderPng(svg: string, size: number): Buffer {
  const options = {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
  } as const;
  return new Resvg(svg, options).render().asPng();
}

function at2x(file: string): string {
  return file.replace(/\.png$/, '@2x.png');
}

/** macOS tints template images itself, so anything but black would be lost or look wrong. */
function assertBlackAndAlphaOnly(png: Buffer, file: string): Buffer {
  const pixels = decodeRgba(png);
  for (let at = 0; at < pixels.length; at += 4) {
    if (pixels.readUInt8(at) + pixels.readUInt8(at + 1) + pixels.readUInt8(at + 2) !== 0) {
      throw new Error(`${file}: a template image may hold black and alpha only`);
    }
  }
  return png;
}

function readSource(root: string, name: string): string {
  return readFileSync(join(root, TRAY_SOURCE_DIR, `${name}.svg`), 'utf8');
}

function colourInk(state: TrayGlyphState, panel: TrayPanel): Ink {
  return {
    kind: 'colour',
    glyph: stateColour(state, panel),
    badge: oofBadgeColour(panel),
    knockout: KNOCKOUT_COLOUR,
  };
}

/** The tray renditions, keyed by path relative to the repository root. */
export function trayRenditions(root: string = REPO_ROOT): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const add = (file: string, bytes: Buffer): void => {
    files.set(`${TRAY_DIR}/${file}`, bytes);
  };
  const badge = parseBadge(readSource(root, 'oof-badge'), 'oof-badge.svg');
  for (const state of TRAY_GLYPH_STATES) {
    const glyph = parseGlyph(readSource(root, state), `${state}.svg`);
    for (const oof of [false, true]) {
      const withBadge: BadgeDrawing | undefined = oof ? badge : undefined;
      for (const panel of PANELS) {
        const svg = composeGlyph(glyph, withBadge, colourInk(state, panel));
        const linux = trayGlyphFile(state, oof, 'linux', panel);
        add(linux, renderPng(svg, LINUX_SIZE));
        add(at2x(linux), renderPng(svg, 2 * LINUX_SIZE));
        const frames = WINDOWS_SIZES.map((size) => renderPng(svg, size));
        add(trayGlyphFile(state, oof, 'win32', panel), encodeIco(frames));
      }
      const template = composeGlyph(glyph, withBadge, { kind: 'template' });
      // The template ignores the panel: macOS picks the tint.
      const macos = trayGlyphFile(state, oof, 'darwin', 'light');
      add(macos, assertBlackAndAlphaOnly(renderPng(template, MACOS_SIZE), macos));
      add(at2x(macos), assertBlackAndAlphaOnly(renderPng(template, 2 * MACOS_SIZE), macos));
    }
  }
  return files;
}

/** The app icon for the packagers, keyed by path relative to the repository root. */
export function appIconRenditions(root: string = REPO_ROOT): Map<string, Buffer> {
  const svg = readFileSync(join(root, 'assets/icon.svg'), 'utf8');
  return new Map([
    ['assets/icon.png', renderPng(svg, APP_ICON_PNG_SIZE)],
    ['assets/icon.ico', encodeIco(APP_ICON_ICO_SIZES.map((size) => renderPng(svg, size)))],
  ]);
}
