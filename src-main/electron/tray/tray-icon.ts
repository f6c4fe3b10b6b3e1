/**
 * Which tray icon file shows a presence: a pure choice over the renditions that
 * `scripts/icons/generate.ts` draws into `assets/tray` (its README describes the naming).
 */
import { AVAILABILITIES, type Availability } from '../../presence/vocabulary.js';

/**
 * One glyph per availability, plus 'inactive': an idle user who is otherwise available, shown
 * apart as Communicator did. Being idle never hides any other availability.
 */
export type TrayGlyphState = Availability | 'inactive';

export const TRAY_GLYPH_STATES: readonly TrayGlyphState[] = [...AVAILABILITIES, 'inactive'];

/** The colour of the panel the icon sits on; macOS template images adapt by themselves. */
export type TrayPanel = 'light' | 'dark';

/** What the choice reads from the presence (the Snapshot's `presence` fits as it is). */
export interface TrayIconInput {
  readonly availability: Availability;
  readonly idle: boolean;
  /** Automatic replies are on: the glyph carries the OOF badge. */
  readonly oof: boolean;
}

export function trayGlyphState(
  input: Pick<TrayIconInput, 'availability' | 'idle'>,
): TrayGlyphState {
  return input.idle && input.availability === 'available' ? 'inactive' : input.availability;
}

/**
 * The rendition of a glyph for a platform, relative to `assets/tray`. For PNGs this is the 1x
 * file: Electron's nativeImage picks up the `@2x` file beside it by itself.
 */
export function trayGlyphFile(
  state: TrayGlyphState,
  oof: boolean,
  platform: NodeJS.Platform,
  panel: TrayPanel,
): string {
  const glyph = oof ? `${state}-oof` : state;
  switch (platform) {
    case 'darwin':
      // The `Template` suffix makes macOS tint the image for the menu bar's light or dark look.
      return `macos/${glyph}Template.png`;
    case 'win32':
      return `windows/${glyph}-${panel}.ico`;
    default:
      // Linux and the other free desktops take PNGs.
      return `linux/${glyph}-${panel}.png`;
  }
}

/** The tray icon file for a presence, relative to `assets/tray`. */
export function trayIconFile(
  input: TrayIconInput,
  platform: NodeJS.Platform,
  panel: TrayPanel,
): string {
  return trayGlyphFile(trayGlyphState(input), input.oof, platform, panel);
}
