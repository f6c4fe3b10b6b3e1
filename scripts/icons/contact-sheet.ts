/**
 * A contact sheet of every tray glyph, for a designer to look at (not committed):
 *   npx tsx scripts/icons/contact-sheet.ts [out.png] [zoom]
 * Each row is one glyph, plain then with the OOF badge. The columns show it as a panel would,
 * at real size on light and dark panels (Linux 24 and 48 px, Windows 16 and 32 px, the macOS
 * template tinted both ways), then the 16 and 24 px files magnified so pixels can be judged.
 */
import { writeFileSync } from 'node:fs';
import {
  TRAY_GLYPH_STATES,
  trayGlyphFile,
  type TrayGlyphState,
  type TrayPanel,
} from '../../src-main/electron/tray/tray-icon.js';
import { readIco } from './ico.js';
import { TRAY_DIR, renderPng, trayRenditions } from './renditions.js';

const [, , out = '/tmp/beacon-tray-sheet.png', zoom = '1'] = process.argv;
const LIGHT = '#f3f3f3';
const DARK = '#202020';
const MENU_BAR_LIGHT = '#e6e6e6';
const MENU_BAR_DARK = '#2b2b2b';
const MAGNIFY = 3;
const CELL = 24 * MAGNIFY + 8;

/** Picks one rendition's PNG for a glyph. */
type Pick = (state: TrayGlyphState, oof: boolean) => Buffer;

interface Column {
  readonly pick: Pick;
  readonly side: number;
  readonly background: string;
  /** Draws a template white, as macOS does on a dark menu bar. */
  readonly whitened?: boolean;
}

const files = trayRenditions();

function file(path: string): Buffer {
  const bytes = files.get(`${TRAY_DIR}/${path}`);
  if (bytes === undefined) throw new Error(`no rendition ${path}`);
  return bytes;
}

const linux =
  (panel: TrayPanel, suffix = ''): Pick =>
  (state, oof) =>
    file(trayGlyphFile(state, oof, 'linux', panel).replace(/\.png$/, `${suffix}.png`));

const windows =
  (panel: TrayPanel, size: number): Pick =>
  (state, oof) => {
    const path = trayGlyphFile(state, oof, 'win32', panel);
    const frame = readIco(file(path)).find((candidate) => candidate.size === size);
    if (frame === undefined) throw new Error(`${path} has no ${size} px frame`);
    return frame.png;
  };

const macos: Pick = (state, oof) => file(trayGlyphFile(state, oof, 'darwin', 'light'));

const columns: Column[] = [
  { pick: linux('light'), side: 24, background: LIGHT },
  { pick: linux('dark'), side: 24, background: DARK },
  { pick: linux('light', '@2x'), side: 48, background: LIGHT },
  { pick: linux('dark', '@2x'), side: 48, background: DARK },
  { pick: windows('light', 16), side: 16, background: LIGHT },
  { pick: windows('dark', 16), side: 16, background: DARK },
  { pick: windows('light', 32), side: 32, background: LIGHT },
  { pick: windows('dark', 32), side: 32, background: DARK },
  { pick: macos, side: 16, background: MENU_BAR_LIGHT },
  { pick: macos, side: 16, background: MENU_BAR_DARK, whitened: true },
  { pick: windows('light', 16), side: 16 * MAGNIFY, background: LIGHT },
  { pick: windows('dark', 16), side: 16 * MAGNIFY, background: DARK },
  { pick: linux('light'), side: 24 * MAGNIFY, background: LIGHT },
  { pick: linux('dark'), side: 24 * MAGNIFY, background: DARK },
  { pick: macos, side: 16 * MAGNIFY, background: MENU_BAR_LIGHT },
];

const rows = TRAY_GLYPH_STATES.flatMap((state) => [false, true].map((oof) => ({ state, oof })));
const width = columns.length * CELL;
const height = rows.length * CELL;
const parts = columns.flatMap((column, index) => {
  const left = index * CELL;
  const inset = (CELL - column.side) / 2;
  const filter = column.whitened === true ? ' filter="url(#white)"' : '';
  return [
    `<rect x="${left}" y="0" width="${CELL}" height="${height}" fill="${column.background}"/>`,
    ...rows.map((row, rowIndex) => {
      const href = `data:image/png;base64,${column.pick(row.state, row.oof).toString('base64')}`;
      // Nearest-neighbour scaling, so magnified cells show the real pixels.
      return (
        `<image href="${href}" x="${left + inset}" y="${rowIndex * CELL + inset}" ` +
        `width="${column.side}" height="${column.side}" image-rendering="optimizeSpeed"${filter}/>`
      );
    }),
  ];
});
const whiten = '0 0 0 0 1 0 0 0 0 1 0 0 0 0 1 0 0 0 1 0';
const sheet =
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
  `<defs><filter id="white"><feColorMatrix type="matrix" values="${whiten}"/></filter></defs>` +
  `${parts.join('')}</svg>`;
writeFileSync(out, renderPng(sheet, width * Number(zoom)));
console.log(`${out}: rows ${rows.map((row) => `${row.state}${row.oof ? '+oof' : ''}`).join(', ')}`);
