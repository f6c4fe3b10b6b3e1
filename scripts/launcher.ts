/**
 * Which shell `npm start` runs: Electron where it can run, else the web shell, with the reason in
 * one line so nobody wonders why a browser URL appeared instead of a tray icon.
 */
import { createRequire } from 'node:module';

export interface LauncherFacts {
  /** What `require('electron')` returned; undefined when it threw (the binary was never fetched). */
  electronPath: string | undefined;
  /** Whether that path exists on disk. */
  binaryExists: boolean;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
}

export type Launcher = { kind: 'electron'; path: string } | { kind: 'web'; reason: string };

/** The path the electron package exports, or undefined when its binary was never downloaded. */
export function electronExecutable(): string | undefined {
  try {
    const exported: unknown = createRequire(import.meta.url)('electron');
    return typeof exported === 'string' ? exported : undefined;
  } catch {
    // "Electron failed to install correctly": the package is there, its binary is not.
    return undefined;
  }
}

/** Platforms where a window needs an X11 or Wayland display (macOS and Windows always have one). */
function needsDisplayServer(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin' && platform !== 'win32';
}

export function chooseLauncher(facts: LauncherFacts): Launcher {
  const { electronPath, binaryExists, platform, env } = facts;
  if (electronPath === undefined) {
    const why = env.ELECTRON_SKIP_BINARY_DOWNLOAD
      ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set'
      : 'its binary was not downloaded';
    return { kind: 'web', reason: `Electron is not installed here (${why})` };
  }
  if (!binaryExists) {
    return { kind: 'web', reason: `The Electron binary is missing (${electronPath})` };
  }
  if (needsDisplayServer(platform) && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { kind: 'web', reason: 'There is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { kind: 'electron', path: electronPath };
}

/** The one line `npm start` prints before falling back. */
export function fallbackNotice(reason: string): string {
  return `${reason}; starting the web shell instead.`;
}
