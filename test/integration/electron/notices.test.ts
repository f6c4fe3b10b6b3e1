/**
 * IM notices through the Electron shell (the typed Electron fake, the demo mailbox on the real
 * simulator, the demo IM peer): an answer that arrives while the window is hidden becomes an OS
 * notification through the notifier, and clicking it shows the window and pushes `open-view` with
 * that conversation, checked against its schema.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenViewSchema } from '../../../src-main/core/notices/open-view.js';
import { startShell, type Shell } from '../../../src-main/electron/shell.js';
import { DEMO_BOT } from '../../../src-main/im/demo/demo-provider.js';
import { createFakeElectron, fakeEvent, type FakeElectron } from '../../support/electron-fake.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';

const NOW = Date.parse('2025-06-10T17:07:00Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<{
  shell: Shell;
  electron: FakeElectron;
  clock: FakeSchedulerClock;
}> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-shell-notice-'));
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
    // No wait before voicemail peaks: whenIdle would sit out the product's second each time.
    companion: { secrets: { get: () => Promise.resolve(undefined) }, voicemailPeaksDelayMs: 0 },
  });
  cleanups.push(async () => {
    await shell.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  await shell.companion.whenIdle();
  return { shell, electron, clock };
}

describe('IM notices in the Electron shell', () => {
  it('shows a message that arrives while the window is hidden; its click opens that conversation', async () => {
    const { shell, electron, clock } = await start();
    const window = electron.windows[0];
    if (window === undefined) throw new Error('no tray window');
    expect(window.visible).toBe(false);
    const before = electron.notifications.length;

    const sent = await shell.companion.execute({ type: 'send-message', to: DEMO_BOT, body: 'Hi' });
    expect(sent).toEqual({ ok: true });
    await clock.advanceTo(clock.now() + 5_000, () => shell.companion.whenIdle());

    const added = electron.notifications.slice(before);
    expect(added.map((n) => n.options.title)).toEqual(['Message from Beacon Demo Bot']);
    const notification = added[0];
    if (notification === undefined) throw new Error('no notification');
    expect(notification.shown).toBe(true);
    expect(notification.options.body).not.toBe('');

    const pushesBefore = window.webContents.sent.filter((s) => s.channel === 'beacon:open-view');
    expect(pushesBefore).toEqual([]);
    notification.emit('click', fakeEvent());
    expect(window.visible).toBe(true);
    const pushes = window.webContents.sent.filter((s) => s.channel === 'beacon:open-view');
    expect(pushes.map((p) => p.args)).toEqual([[{ view: 'conversation', with: DEMO_BOT }]]);
    expect(OpenViewSchema.safeParse(pushes[0]?.args[0]).success).toBe(true);
  });

  it('gives no message notification while the window is open', async () => {
    const { shell, electron, clock } = await start();
    shell.showWindow();
    const before = electron.notifications.length;
    await shell.companion.execute({ type: 'send-message', to: DEMO_BOT, body: 'Hi' });
    await clock.advanceTo(clock.now() + 5_000, () => shell.companion.whenIdle());
    expect(electron.notifications.slice(before).map((n) => n.options.title)).toEqual([]);
    expect(
      shell.companion.getSnapshot().conversations.find((c) => c.with === DEMO_BOT)?.unread,
    ).toBe(1);
  });
});
