/**
 * The Electron shell's wiring, end to end except for Electron itself: the real core on the demo
 * mailbox (the simulator over real sockets), the real tray/window/IPC/OS-adapter code, and the
 * typed Electron fake in test/support/electron-fake.ts standing in for the native objects.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretSource } from '../../../src-main/core/companion/index.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { PUSH_CHANNELS } from '../../../src-main/electron/ipc/channels.js';
import { startShell, type Shell } from '../../../src-main/electron/shell.js';
import { trayView } from '../../../src-main/electron/tray/tray-service.js';
import { APP_CONTENT_SECURITY_POLICY } from '../../../src-main/electron/window/csp.js';
import { MAX_RELOADS } from '../../../src-main/electron/window/tray-window.js';
import {
  createFakeElectron,
  fakeEvent,
  type FakeElectron,
  type FakeWindow,
} from '../../support/electron-fake.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';

/** Tuesday 10 June 2025, 10:07 in Los Angeles: the demo's "Design review" runs until 10:45. */
const NOW = Date.parse('2025-06-10T17:07:00Z');
const CUSTOMER_CALL = Date.parse('2025-06-10T19:00:00Z');
const MINUTE = 60_000;
const ICONS = '/icons';
const APP_PAGE = 'app://beacon/index.html';

interface Running {
  shell: Shell;
  electron: FakeElectron;
  clock: FakeSchedulerClock;
  window: FakeWindow;
  dataDir: string;
  logLines: string[];
  advanceTo(at: number): Promise<void>;
  snapshot(): Snapshot;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(
  platform: NodeJS.Platform = 'win32',
  secrets: SecretSource = { get: () => Promise.resolve(undefined) },
): Promise<Running> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-shell-'));
  const rendererDir = path.join(dataDir, 'renderer');
  await import('node:fs/promises').then((fs) => fs.mkdir(rendererDir));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Beacon</title>');
  await writeFile(path.join(dataDir, 'secret.txt'), 'outside the renderer folder');
  const electron = createFakeElectron(platform);
  const clock = new FakeSchedulerClock(NOW);
  const logLines: string[] = [];
  const shell = await startShell({
    electron: electron.platform,
    dataDir,
    paths: { preload: '/app/out/preload/preload.cjs', rendererDir, trayIconsDir: ICONS },
    timeZone: 'America/Los_Angeles',
    locale: 'en-GB',
    log: (line) => {
      logLines.push(line);
    },
    autostartEntry: {
      filePath: path.join(dataDir, 'autostart', 'beacon.desktop'),
      content: '[Desktop Entry]\nType=Application\nName=Beacon\nExec=beacon --hidden\n',
    },
    clock,
    // The voicemail peaks' one-second wait is one that start's whenIdle would sit out each time.
    companion: { secrets, voicemailPeaksDelayMs: 0 },
  });
  cleanups.push(async () => {
    await shell.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  await shell.companion.whenIdle();
  const window = electron.windows[0];
  if (window === undefined) throw new Error('no window was created');
  return {
    shell,
    electron,
    clock,
    window,
    dataDir,
    logLines,
    advanceTo: (at) => clock.advanceTo(at, () => shell.companion.whenIdle()),
    snapshot: () => shell.companion.getSnapshot(),
  };
}

function tray(r: Running) {
  const t = r.electron.trays[0];
  if (t === undefined) throw new Error('no tray was created');
  return t;
}

/** The tray's menu as the user would open it: right-click on Windows/macOS, the set menu on Linux. */
function openMenu(r: Running): MenuItemConstructorOptions[] {
  const t = tray(r);
  if (r.electron.platform.platform !== 'linux') t.emit('right-click', fakeEvent(), t.bounds);
  const menu = r.electron.platform.platform === 'linux' ? t.menu : t.poppedUp;
  if (menu === undefined) throw new Error('the tray has no menu');
  return menu;
}

function clickMenu(r: Running, label: string): void {
  const item = openMenu(r).find((i) => i.label === label);
  if (item?.click === undefined) throw new Error(`no clickable "${label}" in the tray menu`);
  // Electron calls click with (menuItem, window, event); the shell's handlers read none of them.
  (item.click as () => void)();
}

/** What the shell hands the tray: its zone and locale (as given to start) and the clock's now. */
const viewOptions = (r: Running) => ({
  pinned: false,
  autostart: false,
  systemLocale: 'en-GB',
  timeZone: 'America/Los_Angeles',
  now: new Date(r.clock.now()),
});

const trusted = (r: Running) => ({ contentsId: r.window.webContents.id, url: APP_PAGE });

describe('the tray', () => {
  it('shows the demo presence as icon and tooltip: in a meeting until 10:45', async () => {
    const r = await start();
    // Windows' default taskbar is dark while apps are light: the icon follows the taskbar.
    const expected = trayView(r.snapshot(), viewOptions(r), 'win32', true);
    expect(expected.icon).toMatch(/-dark\.ico$/);
    expect(tray(r).tooltip).toBe(expected.tooltip);
    expect(tray(r).tooltip).toContain('In a meeting until 10:45');
    expect(tray(r).image).toBe(path.join(ICONS, expected.icon));
    expect(r.snapshot().presence.availability).toBe('in-a-meeting');
    expect(r.shell.trayView()).toEqual(expected);
  });

  it('a status chosen in the tray menu reaches the core, and the icon follows', async () => {
    const r = await start();
    const before = tray(r).image;
    clickMenu(r, 'Do not disturb');
    await r.shell.companion.whenIdle();
    await waitUntil(() => r.snapshot().manual?.availability === 'do-not-disturb');
    expect(r.snapshot().presence.availability).toBe('do-not-disturb');
    expect(tray(r).image).not.toBe(before);
    const reset = openMenu(r).find((i) => i.label === 'Reset status');
    expect(reset?.enabled).toBe(true);
  });

  it('Linux gets its menu set again after every change (its click event is unreliable)', async () => {
    const r = await start('linux');
    const first = tray(r).menu;
    expect(first?.some((i) => i.label === 'Open Beacon')).toBe(true);
    const result = await r.shell.companion.execute({
      type: 'set-manual-status',
      availability: 'busy',
      expiry: '1h',
    });
    expect(result.ok).toBe(true);
    expect(tray(r).menu).not.toBe(first);
    const busy = tray(r).menu?.find((i) => i.type === 'checkbox' && i.label === 'Busy');
    expect(busy?.checked).toBe(true);
  });

  it('choosing the status already set leaves it ticked (Electron unticks the clicked item)', async () => {
    const r = await start('linux');
    clickMenu(r, 'Busy');
    await waitUntil(() => r.snapshot().manual?.availability === 'busy');
    const before = tray(r).menu;
    const busy = before?.find((i) => i.type === 'checkbox' && i.label === 'Busy');
    expect(busy?.checked).toBe(true);
    // What GTK does to the native item on click, before Beacon hears of it.
    if (busy) busy.checked = false;
    (busy?.click as () => void)();
    await waitUntil(() => tray(r).menu !== before);
    expect(tray(r).menu?.find((i) => i.type === 'checkbox' && i.label === 'Busy')?.checked).toBe(
      true,
    );
  });

  it('the panel turning dark redraws the icon in its dark variant', async () => {
    const r = await start('linux');
    r.electron.nativeTheme.shouldUseDarkColors = true;
    r.electron.nativeTheme.emit('updated');
    const dark = trayView(r.snapshot(), viewOptions(r), 'linux', true);
    expect(tray(r).image).toBe(path.join(ICONS, dark.icon));
  });

  it('Quit asks Electron to quit; stopping tears the tray, window and handlers down', async () => {
    const r = await start();
    clickMenu(r, 'Quit Beacon');
    expect(r.electron.app.quitCalls).toBe(1);
    await r.shell.stop();
    expect(tray(r).destroyed).toBe(true);
    expect(r.window.destroyed).toBe(true);
    expect(r.electron.ipcMain.handlers.size).toBe(0);
    // Nothing brings the icon back afterwards, e.g. the theme changing during shutdown.
    r.electron.nativeTheme.emit('updated');
    expect(r.electron.trays).toHaveLength(1);
  });
});

describe('the tray window', () => {
  it('is created hardened and loads the app page', async () => {
    const r = await start();
    const prefs = r.window.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/out/preload/preload.cjs',
    });
    expect(r.window.options).toMatchObject({ frame: false, show: false, skipTaskbar: true });
    expect(r.window.url).toBe(APP_PAGE);
  });

  it('reloads its page when the page process is gone', async () => {
    const r = await start();
    expect(r.window.loads).toEqual([APP_PAGE]);
    r.window.webContents.emit('render-process-gone', fakeEvent(), {
      reason: 'crashed',
      exitCode: 1,
    });
    expect(r.window.loads).toEqual([APP_PAGE, APP_PAGE]);
  });

  it('does not reload a page that keeps crashing', async () => {
    const r = await start();
    for (let i = 0; i < 6; i++)
      r.window.webContents.emit('render-process-gone', fakeEvent(), {
        reason: 'crashed',
        exitCode: 1,
      });
    expect(r.window.loads.length).toBe(1 + MAX_RELOADS);
  });

  it('refuses navigation, redirects, webviews and new windows', async () => {
    const r = await start();
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = fakeEvent({ url: 'https://evil.example/' });
      r.window.webContents.emit(name, event);
      expect(event.defaultPrevented, name).toBe(true);
    }
    const opened = r.window.webContents.openHandler?.({
      url: 'https://evil.example/',
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: '', policy: 'no-referrer' },
    });
    expect(opened).toEqual({ action: 'deny' });
  });

  it('refuses every permission request', async () => {
    const r = await start();
    expect(r.electron.permissionRequests).toEqual([{ permission: 'media', granted: false }]);
    expect(r.electron.permissionCheck?.()).toBe(false);
  });

  it('a click on the icon opens it next to the icon inside the work area; a second click hides it', async () => {
    const r = await start();
    const t = tray(r);
    t.emit('click', fakeEvent(), t.bounds, { x: 1810, y: 1060 });
    expect(r.window.visible).toBe(true);
    const [x, y] = r.window.position ?? [NaN, NaN];
    expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
    expect(x + 360).toBeLessThanOrEqual(1920);
    expect(y + 560).toBeLessThanOrEqual(1050);
    expect(y).toBeGreaterThanOrEqual(0);
    t.emit('click', fakeEvent(), t.bounds, { x: 1810, y: 1060 });
    expect(r.window.visible).toBe(false);
  });

  it('hides when it loses focus, unless pinned from the window', async () => {
    const r = await start();
    r.shell.showWindow();
    r.window.emit('blur', fakeEvent());
    expect(r.window.visible).toBe(false);

    r.shell.showWindow();
    const pinned = await r.electron.ipcMain.invoke(
      'beacon:window',
      { action: 'set-pinned', pinned: true },
      trusted(r),
    );
    expect(pinned).toBe(true);
    r.window.emit('blur', fakeEvent());
    expect(r.window.visible).toBe(true);
    expect(r.window.webContents.sent.at(-1)).toEqual({
      channel: PUSH_CHANNELS.pinned,
      args: [true],
    });
    const keepOpen = openMenu(r).find((i) => i.label === 'Keep window open');
    expect(keepOpen?.checked).toBe(true);

    await r.electron.ipcMain.invoke('beacon:window', { action: 'hide' }, trusted(r));
    expect(r.window.visible).toBe(false);
  });
});

describe('IPC', () => {
  it('gives the window the Snapshot and pushes every change to it', async () => {
    const r = await start();
    const snapshot = await r.electron.ipcMain.invoke('beacon:get-snapshot', null, trusted(r));
    expect(snapshot).toEqual(r.snapshot());

    const result = await r.electron.ipcMain.invoke(
      'beacon:execute',
      { type: 'set-manual-status', availability: 'be-right-back', expiry: '30m' },
      trusted(r),
    );
    expect(result).toEqual({ ok: true });
    const pushed = r.window.webContents.sent.filter((s) => s.channel === PUSH_CHANNELS.snapshot);
    const last = pushed.at(-1)?.args[0] as Snapshot | undefined;
    expect(last?.presence.availability).toBe('be-right-back');
    expect(tray(r).tooltip).toContain('Be right back');
  });

  it.each([
    [
      'another webContents',
      (r: Running) => ({ contentsId: r.window.webContents.id + 99, url: APP_PAGE }),
    ],
    ['a subframe of the window', (r: Running) => ({ ...trusted(r), isMainFrame: false })],
    ['a page of another origin', (r: Running) => ({ ...trusted(r), url: 'https://evil.example/' })],
    ['a file: page', (r: Running) => ({ ...trusted(r), url: 'file:///tmp/index.html' })],
    [
      'a frame that is gone',
      (r: Running) => ({ contentsId: r.window.webContents.id, frame: null }),
    ],
  ])('refuses %s', async (_name, sender) => {
    const r = await start();
    for (const channel of ['beacon:get-snapshot', 'beacon:execute', 'beacon:window']) {
      await expect(
        r.electron.ipcMain.invoke(channel, { type: 'refresh-now' }, sender(r)),
      ).rejects.toThrow(/not Beacon's window/);
    }
  });

  it('refuses a malformed command before it reaches the core', async () => {
    const r = await start();
    const before = r.snapshot();
    const result = await r.electron.ipcMain.invoke(
      'beacon:execute',
      { type: 'set-manual-status', availability: 'on-fire', expiry: 'never' },
      trusted(r),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect(r.snapshot()).toBe(before);
  });

  it('refuses a malformed window request', async () => {
    const r = await start();
    await expect(
      r.electron.ipcMain.invoke(
        'beacon:window',
        { action: 'set-pinned', pinned: 'yes' },
        trusted(r),
      ),
    ).rejects.toThrow();
    await expect(
      r.electron.ipcMain.invoke('beacon:get-snapshot', { sneaky: true }, trusted(r)),
    ).rejects.toThrow();
  });
});

describe('the log', () => {
  it('records connection changes with their reason, never the password', async () => {
    const stored = new Map<string, string>();
    const r = await start('win32', {
      get: (account) => Promise.resolve(stored.get(account)),
      set: (account, secret) => {
        stored.set(account, secret);
        return Promise.resolve();
      },
      delete: (account) => Promise.resolve(stored.delete(account)),
    });
    expect(r.logLines.some((l) => /^connection: \w[\w-]* → online$/.test(l))).toBe(true);
    const result = await r.shell.companion.execute({
      type: 'sign-in',
      mailbox: 'alex@beacon.test',
      password: 'not-this-one-5f3a',
      ewsUrl: 'https://127.0.0.1:9/EWS/Exchange.asmx',
    });
    // Nothing listens on port 9: sign-in is not claimed before Exchange answered, and says why.
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('127.0.0.1:9');
    expect(r.logLines).toContainEqual(
      expect.stringMatching(/^connection: connecting → offline \(\w+: .+\)$/),
    );
    expect(r.logLines.join('\n')).not.toContain('not-this-one-5f3a');
  });
});

describe('the app protocol', () => {
  it('serves the window with its CSP, and nothing outside the renderer folder', async () => {
    const r = await start();
    const handle = r.electron.protocolHandlers.get('app');
    if (handle === undefined) throw new Error('app protocol not registered');
    const page = await handle(new Request(APP_PAGE));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>Beacon</title>');
    for (const url of [
      'app://beacon/../secret.txt',
      'app://beacon/%2e%2e/secret.txt',
      'app://beacon/..%2fsecret.txt',
    ]) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('outside the renderer');
    }
    expect((await handle(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handle(new Request(APP_PAGE, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it("serves the core's cached voicemail audio with Range, and 404 for a key it does not know", async () => {
    const r = await start();
    const handle = r.electron.protocolHandlers.get('app');
    if (handle === undefined) throw new Error('app protocol not registered');
    const megan = r.snapshot().voicemail.find((v) => v.callerName === 'Megan Bowen');
    if (megan === undefined) throw new Error('no voicemail from Megan');
    const unknown = await handle(new Request(`app://beacon/voicemail-audio/${'u'.repeat(43)}`));
    expect(unknown.status).toBe(404);
    expect(
      (await r.shell.companion.execute({ type: 'prepare-voicemail-audio', id: megan.id })).ok,
    ).toBe(true);
    let audio = r.snapshot().voicemail.find((v) => v.id === megan.id)?.audio;
    for (let i = 0; i < 100 && audio?.state !== 'ready'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await r.shell.companion.whenIdle();
      audio = r.snapshot().voicemail.find((v) => v.id === megan.id)?.audio;
    }
    if (audio?.state !== 'ready') throw new Error(`not ready: ${JSON.stringify(audio)}`);
    const mp3 = await readFile(
      path.join(import.meta.dirname, '../../../assets/voicemail/voicemail-1.mp3'),
    );
    const part = await handle(
      new Request(`app://beacon/${audio.src}`, { headers: { Range: 'bytes=100-1099' } }),
    );
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${mp3.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(mp3.subarray(100, 1100))).toBe(true);
    const saved = await handle(new Request(`app://beacon/${audio.src}?download=1`));
    expect(saved.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    expect(Buffer.from(await saved.arrayBuffer()).equals(mp3)).toBe(true);
  });
});

describe('OS adapters', () => {
  it('tells the core when the user goes idle and when the screen locks', async () => {
    const r = await start();
    expect(r.snapshot().presence.idle).toBe(false);
    r.electron.powerMonitor.idleSeconds = 6 * 60;
    await r.advanceTo(NOW + 10_000);
    expect(r.snapshot().presence.idle).toBe(true);

    r.electron.powerMonitor.idleSeconds = 0;
    await r.advanceTo(NOW + 20_000);
    expect(r.snapshot().presence.idle).toBe(false);

    // Locked counts as idle at once; the running meeting still outranks away (PRESENCE.md).
    r.electron.powerMonitor.emit('lock-screen');
    await r.shell.companion.whenIdle();
    expect(r.snapshot().presence).toMatchObject({ idle: true, availability: 'in-a-meeting' });
    r.electron.powerMonitor.emit('unlock-screen');
    await r.shell.companion.whenIdle();
    expect(r.snapshot().presence.idle).toBe(false);
  });

  it('reminds 5 minutes before a meeting, keeps the notification, and Join opens the meeting', async () => {
    const r = await start();
    await r.advanceTo(CUSTOMER_CALL - 5 * MINUTE);
    const reminder = r.electron.notifications.find((n) =>
      n.options.body?.includes('Customer call: Contoso'),
    );
    expect(reminder?.shown).toBe(true);
    expect(reminder?.options.title).toBe('Meeting in 5 minutes');
    expect(reminder?.options.actions).toEqual([{ type: 'button', text: 'Join' }]);
    expect(reminder?.listenerCount('click')).toBe(1);

    reminder?.emit('action', fakeEvent({ actionIndex: 0, selectionIndex: -1 }));
    await waitUntil(() => r.electron.opened.length > 0);
    expect(r.electron.opened).toEqual([
      expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//),
    ]);
  });

  it('speaks Korean when the language setting says so: tray, tooltip and reminders', async () => {
    const r = await start();
    const result = await r.shell.companion.execute({
      type: 'update-settings',
      settings: { locale: 'ko' },
    });
    expect(result.ok).toBe(true);
    await waitUntil(() => tray(r).tooltip.startsWith('Beacon (데모 사서함)'));
    // The end of the meeting in the system zone (Los Angeles), not the Snapshot's UTC instant.
    expect(tray(r).tooltip).toMatch(
      /^Beacon \(데모 사서함\) — (오전|AM) 10:45까지 회의 중( · 새 음성 메시지 \d+개)?$/,
    );
    expect(openMenu(r).map((i) => i.label)).toContain('Beacon 종료');
    await r.advanceTo(CUSTOMER_CALL - 5 * MINUTE);
    const reminder = r.electron.notifications.find((n) =>
      n.options.body?.includes('Customer call: Contoso'),
    );
    expect(reminder?.options.title).toBe('회의 시작 5분 전');
    expect(reminder?.options.actions).toEqual([{ type: 'button', text: '참가' }]);
  });

  it('opens only vetted links: a join link that is not https never reaches the OS', async () => {
    const r = await start();
    const result = await r.shell.companion.execute({
      type: 'open-join-link',
      itemId: 'no-such-item',
    });
    expect(result.ok).toBe(false);
    expect(r.electron.opened).toEqual([]);
  });

  it('start at login uses the OS login items on Windows', async () => {
    const r = await start('win32');
    await waitUntil(() => openMenu(r).some((i) => i.label === 'Start Beacon at login'));
    clickMenu(r, 'Start Beacon at login');
    await waitUntil(() => r.electron.loginItem.openAtLogin);
    await waitUntil(
      () => openMenu(r).find((i) => i.label === 'Start Beacon at login')?.checked === true,
    );
  });

  it('start at login writes the XDG autostart file on Linux, and removes it again', async () => {
    const r = await start('linux');
    const file = path.join(r.dataDir, 'autostart', 'beacon.desktop');
    const { readFile, access } = await import('node:fs/promises');
    await waitUntil(() => tray(r).menu?.some((i) => i.label === 'Start Beacon at login') === true);
    clickMenu(r, 'Start Beacon at login');
    await waitUntil(
      () => tray(r).menu?.find((i) => i.label === 'Start Beacon at login')?.checked === true,
    );
    expect(await readFile(file, 'utf8')).toContain('Exec=beacon --hidden');
    clickMenu(r, 'Start Beacon at login');
    await waitUntil(
      () => tray(r).menu?.find((i) => i.label === 'Start Beacon at login')?.checked === false,
    );
    await expect(access(file)).rejects.toThrow();
  });
});

/** Polls a condition the shell reaches through promises (real fs, real sockets). */
async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
