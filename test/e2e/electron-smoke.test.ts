/**
 * Beacon as the desktop app: the real Electron binary, the built main process, preload and
 * window. Runs wherever Electron can (its binary downloaded, a display on Linux); elsewhere, such
 * as our CI which installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1, it says plainly that it did not
 * run and why. Everything it drives is covered without Electron by test/integration/electron.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { BeaconWindowApi } from '../../src-main/electron/ipc/channels.js';
import type { Shell } from '../../src-main/electron/shell.js';
import { chooseLauncher, electronExecutable } from '../../scripts/launcher.js';

const root = path.resolve(import.meta.dirname, '../..');

const electronPath = electronExecutable();
const launcher = chooseLauncher({
  electronPath,
  binaryExists: electronPath !== undefined && existsSync(electronPath),
  platform: process.platform,
  env: process.env,
});
const notRunReason = launcher.kind === 'web' ? launcher.reason : undefined;
if (notRunReason !== undefined)
  console.warn(`The Electron smoke test did NOT run: ${notRunReason}.`);

/** The shell main.ts publishes when BEACON_E2E_HOOKS=1. */
type Hooked = typeof globalThis & { beaconShell?: Shell };

describe.skipIf(notRunReason !== undefined)('Beacon as a desktop app (Electron)', () => {
  it('launches, shows the demo presence, a status change reaches the tray, and quits', async () => {
    if (launcher.kind !== 'electron') throw new Error('unreachable');
    const home = await mkdtemp(path.join(tmpdir(), 'beacon-electron-'));
    const app = await _electron.launch({
      executablePath: launcher.path,
      args: [root],
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        APPDATA: path.join(home, 'AppData'),
        BEACON_E2E_HOOKS: '1',
      },
      timeout: 30_000,
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://beacon/index.html');
      await page.getByText('Demo mailbox').first().waitFor({ timeout: 20_000 });

      // The page is a sandboxed web page: no Node, only the preload's narrow API.
      const globals = await page.evaluate(() => {
        const scope = globalThis as { require?: unknown; process?: unknown; beacon?: object };
        return {
          require: typeof scope.require,
          process: typeof scope.process,
          beacon: Object.keys(scope.beacon ?? {}).sort(),
        };
      });
      expect(globals).toEqual({
        require: 'undefined',
        process: 'undefined',
        beacon: ['execute', 'getSnapshot', 'subscribe', 'windowControls'],
      });

      const tooltip = () =>
        app.evaluate(() => (globalThis as Hooked).beaconShell?.trayView()?.tooltip);
      await expect.poll(tooltip, { timeout: 20_000 }).toMatch(/^Beacon/);

      const result = await page.evaluate(() =>
        (globalThis as { beacon?: BeaconWindowApi }).beacon?.execute({
          type: 'set-manual-status',
          availability: 'do-not-disturb',
          expiry: '1h',
        }),
      );
      expect(result).toEqual({ ok: true });
      await expect.poll(tooltip, { timeout: 10_000 }).toContain('Do not disturb');
      await page.getByText('Do not disturb').first().waitFor({ timeout: 10_000 });

      const closed = app.waitForEvent('close');
      await app.evaluate(({ app: electronApp }) => {
        electronApp.quit();
      });
      await closed;
    } finally {
      await app.close().catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    }
  }, 90_000);
});
