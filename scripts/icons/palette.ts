/**
 * The tray glyphs' colours. Each hue has a shade for light panels (darker, so it stands out on
 * white) and one for dark panels (brighter, so it stands out on black).
 */
import type { TrayGlyphState, TrayPanel } from '../../src-main/electron/tray/tray-icon.js';

type Shades = Readonly<Record<TrayPanel, string>>;

const GREEN: Shades = { light: '#3f9a1c', dark: '#7cc94a' };
const RED: Shades = { light: '#c4314b', dark: '#f0596f' };
const AMBER: Shades = { light: '#d98a00', dark: '#ffb900' };
const SLATE: Shades = { light: '#4d6494', dark: '#94a9d6' };
const MAGENTA: Shades = { light: '#b4009e', dark: '#e36fd0' };
const GREY: Shades = { light: '#707070', dark: '#a8a8a8' };

const STATE_HUES: Readonly<Record<TrayGlyphState, Shades>> = {
  available: GREEN,
  inactive: AMBER,
  busy: RED,
  'in-a-meeting': RED,
  'do-not-disturb': RED,
  'be-right-back': AMBER,
  away: AMBER,
  'off-work': SLATE,
  'out-of-office': MAGENTA,
  offline: GREY,
};

export function stateColour(state: TrayGlyphState, panel: TrayPanel): string {
  return STATE_HUES[state][panel];
}

export function oofBadgeColour(panel: TrayPanel): string {
  return MAGENTA[panel];
}

/** Marks inside a filled glyph (the check, the bar, the clock hands) are white on every panel. */
export const KNOCKOUT_COLOUR = '#ffffff';
