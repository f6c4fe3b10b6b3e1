/**
 * Voicemail through the Electron shell (the typed Electron fake, the demo mailbox on the real
 * simulator): Open in player hands the cached original to shell.openPath, Call back goes through
 * the vetted opener, and the tray tooltip counts the unread messages.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startShell, type Shell } from '../../../src-main/electron/shell.js';
import { readClip } from '../../../src-main/sim/audio.js';
import { createFakeElectron, type FakeElectron } from '../../support/electron-fake.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';

const NOW = Date.parse('2025-06-10T17:07:00Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<{ shell: Shell; electron: FakeElectron }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-shell-vm-'));
  const rendererDir = path.join(dataDir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Beacon</title>');
  const electron = createFakeElectron('linux');
  const shell = await startShell({
    electron: electron.platform,
    dataDir,
    paths: { preload: '/app/preload.cjs', rendererDir, trayIconsDir: '/icons' },
    timeZone: 'America/Los_Angeles',
    locale: 'en-GB',
    log: () => undefined,
    autostartEntry: {
      filePath: path.join(dataDir, 'autostart', 'beacon.desktop'),
      content: '[Desktop Entry]\nType=Application\nName=Beacon\nExec=beacon\n',
    },
    clock: new FakeSchedulerClock(NOW),
    // No wait before voicemail peaks: whenIdle would sit out the product's second each time.
    companion: { secrets: { get: () => Promise.resolve(undefined) }, voicemailPeaksDelayMs: 0 },
  });
  cleanups.push(async () => {
    await shell.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  await shell.companion.whenIdle();
  return { shell, electron };
}

describe('voicemail in the Electron shell', () => {
  it('opens the cached original in the system player and calls back with tel:', async () => {
    const { shell, electron } = await start();
    const megan = shell.companion
      .getSnapshot()
      .voicemail.find((v) => v.callerName === 'Megan Bowen');
    if (megan === undefined) throw new Error('no voicemail from Megan');
    const open = await shell.companion.execute({ type: 'open-voicemail-audio', id: megan.id });
    expect(open).toEqual({ ok: true });
    expect(electron.openedPaths).toHaveLength(1);
    expect(await readFile(electron.openedPaths[0] ?? '')).toEqual(readClip('megan'));
    await shell.companion.execute({ type: 'call-back', id: megan.id });
    expect(electron.opened).toEqual(['tel:+14255550142']);
  });

  it('counts unread voicemail in the tray tooltip', async () => {
    const { shell, electron } = await start();
    const unread = shell.companion
      .getSnapshot()
      .voicemail.filter((v) => !v.isRead && v.kind !== 'missed-call').length;
    expect(unread).toBeGreaterThan(0);
    expect(electron.trays[0]?.tooltip).toContain(`${unread} new voicemail`);
  });
});
