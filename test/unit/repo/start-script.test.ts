import { describe, expect, it } from 'vitest';
import { chooseLauncher, fallbackNotice } from '../../../scripts/launcher.js';

const installed = '/repo/node_modules/electron/dist/electron';

describe('npm start: Electron where it can run, the web shell elsewhere', () => {
  it('launches Electron on Linux with an X11 display', () => {
    expect(
      chooseLauncher({
        electronPath: installed,
        binaryExists: true,
        platform: 'linux',
        env: { DISPLAY: ':0' },
      }),
    ).toEqual({ kind: 'electron', path: installed });
  });

  it('launches Electron on a Wayland session without DISPLAY', () => {
    expect(
      chooseLauncher({
        electronPath: installed,
        binaryExists: true,
        platform: 'linux',
        env: { WAYLAND_DISPLAY: 'wayland-0' },
      }).kind,
    ).toBe('electron');
  });

  it.each(['darwin', 'win32'] as const)(
    'launches Electron on %s without asking for a display',
    (platform) => {
      expect(
        chooseLauncher({ electronPath: installed, binaryExists: true, platform, env: {} }).kind,
      ).toBe('electron');
    },
  );

  it('falls back when the electron package has no binary, naming ELECTRON_SKIP_BINARY_DOWNLOAD when set', () => {
    expect(
      chooseLauncher({
        electronPath: undefined,
        binaryExists: false,
        platform: 'linux',
        env: { DISPLAY: ':0', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      }),
    ).toEqual({
      kind: 'web',
      reason: 'Electron is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD is set)',
    });
  });

  it('falls back when the electron package has no binary for another reason', () => {
    expect(
      chooseLauncher({ electronPath: undefined, binaryExists: false, platform: 'darwin', env: {} }),
    ).toEqual({
      kind: 'web',
      reason: 'Electron is not installed here (its binary was not downloaded)',
    });
  });

  it('falls back when the path the package names does not exist', () => {
    expect(
      chooseLauncher({ electronPath: installed, binaryExists: false, platform: 'win32', env: {} }),
    ).toEqual({ kind: 'web', reason: `The Electron binary is missing (${installed})` });
  });

  it('falls back on Linux with neither DISPLAY nor WAYLAND_DISPLAY', () => {
    expect(
      chooseLauncher({
        electronPath: installed,
        binaryExists: true,
        platform: 'linux',
        env: { DISPLAY: '', HOME: '/root' },
      }),
    ).toEqual({
      kind: 'web',
      reason: 'There is no display (DISPLAY and WAYLAND_DISPLAY are unset)',
    });
  });

  it('says why in one line before starting the web shell', () => {
    const line = fallbackNotice('There is no display (DISPLAY and WAYLAND_DISPLAY are unset)');
    expect(line).toBe(
      'There is no display (DISPLAY and WAYLAND_DISPLAY are unset); starting the web shell instead.',
    );
    expect(line).not.toContain('\n');
  });
});
