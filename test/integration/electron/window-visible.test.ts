/**
 * The tray window's visibility reaches the core (the typed Electron fake, the demo mailbox on the
 * real simulator, the demo IM peer): while the window is shown the core raises no message notice
 * at all, and once the window is hidden again (by the tray, by losing focus) it does. The core's
 * own notices are watched, not the shell's notifications, which filter shown messages themselves.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../../src-main/core/reminders/notice.js';
import { INVOKE_CHANNELS } from '../../../src-main/electron/ipc/channels.js';
import { startShell, type Shell } from '../../../src-main/electron/shell.js';
import { APP_ENTRY_URL } from '../../../src-main/electron/window/app-protocol.js';
import { DEMO_BOT } from '../../../src-main/im/demo/demo-provider.js';
import {
  createFakeElectron,
  fakeEvent,
  type FakeElectron,
  type FakeWindow,
} from '../../support/electron-fake.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';

const NOW = Date.parse('2025-06-10T17:07:00Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  shell: Shell;
  electron: FakeElectron;
  window: FakeWindow;
  clock: FakeSchedulerClock;
  notices: Notice[];
}

async function start(): Promise<Started> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-shell-visible-'));
  const rendererDir = path.join(dataDir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Beacon</title>');
  const electron = createFakeElectron('linux');
  const clock = new FakeSchedulerClock(NOW);
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
    clock,
    companion: { secrets: { get: () => Promise.resolve(undefined) }, voicemailPeaksDelayMs: 0 },
  });
  const notices: Notice[] = [];
  const stopNotices = shell.companion.onNotice((notice) => {
    notices.push(notice);
  });
  cleanups.push(async () => {
    stopNotices();
    await shell.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  await shell.companion.whenIdle();
  const window = electron.windows[0];
  if (window === undefined) throw new Error('no tray window');
  return { shell, electron, window, clock, notices };
}

/** Says something to the demo peer and waits for its answer; returns the core's new notices. */
async function exchange(s: Started, body: string): Promise<Notice[]> {
  const before = s.notices.length;
  const answersBefore = answers(s);
  expect(await s.shell.companion.execute({ type: 'send-message', to: DEMO_BOT, body })).toEqual({
    ok: true,
  });
  await s.clock.advanceTo(s.clock.now() + 5_000, () => s.shell.companion.whenIdle());
  // The answer did arrive: a notice left out is the window's doing, not a missing message.
  expect(answers(s)).toBe(answersBefore + 1);
  return s.notices.slice(before);
}

function answers(s: Started): number {
  const conversation = s.shell.companion
    .getSnapshot()
    .conversations.find((c) => c.with === DEMO_BOT);
  return conversation?.messages.filter((m) => m.direction === 'in').length ?? 0;
}

const kinds = (notices: Notice[]): string[] => notices.map((n) => n.kind);

describe('the tray window tells the core whether it is shown', () => {
  it('no message notice while shown; one again once it hid by losing focus', async () => {
    const s = await start();
    expect(s.window.visible).toBe(false);

    s.shell.showWindow();
    expect(s.window.visible).toBe(true);
    expect(kinds(await exchange(s, 'Hi'))).toEqual([]);

    // Focus went elsewhere: the unpinned window hides, and the core hears of it.
    s.window.emit('blur', fakeEvent());
    expect(s.window.visible).toBe(false);
    expect(kinds(await exchange(s, 'Still there?'))).toEqual(['message']);
  });

  it('follows the tray icon: a click shows it, the next click hides it', async () => {
    const s = await start();
    const tray = s.electron.trays[0];
    if (tray === undefined) throw new Error('no tray icon');

    tray.emit('click', fakeEvent(), { x: 0, y: 0, width: 24, height: 24 }, { x: 10, y: 10 });
    expect(s.window.visible).toBe(true);
    expect(kinds(await exchange(s, 'Hi'))).toEqual([]);

    tray.emit('click', fakeEvent(), { x: 0, y: 0, width: 24, height: 24 }, { x: 10, y: 10 });
    expect(s.window.visible).toBe(false);
    expect(kinds(await exchange(s, 'Still there?'))).toEqual(['message']);
  });

  it('a pinned window stays shown when it loses focus; the page hiding it (Escape) is heard', async () => {
    const s = await start();
    s.shell.showWindow();
    expect(
      await s.electron.ipcMain.invoke(
        INVOKE_CHANNELS.window,
        { action: 'set-pinned', pinned: true },
        page(s),
      ),
    ).toBe(true);
    s.window.emit('blur', fakeEvent());
    expect(s.window.visible).toBe(true);
    expect(kinds(await exchange(s, 'Hi'))).toEqual([]);

    await s.electron.ipcMain.invoke(INVOKE_CHANNELS.window, { action: 'hide' }, page(s));
    expect(s.window.visible).toBe(false);
    expect(kinds(await exchange(s, 'Still there?'))).toEqual(['message']);
  });
});

/** The tray window's own page, as the IPC handlers check it. */
const page = (s: Started) => ({ contentsId: s.window.webContents.id, url: APP_ENTRY_URL });
