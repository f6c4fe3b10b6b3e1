/** The OS adapters against the typed Electron fake and a fake clock. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Notice } from '../../../src-main/core/reminders/index.js';
import { createFileLog, LOG_ROTATE_BYTES } from '../../../src-main/electron/log-file.js';
import { createIdleMonitor } from '../../../src-main/electron/os/idle-monitor.js';
import {
  createNetworkMonitor,
  NETWORK_POLL_MS,
} from '../../../src-main/electron/os/network-monitor.js';
import { createNotifier } from '../../../src-main/electron/os/notifier.js';
import { createAutostart } from '../../../src-main/electron/os/autostart.js';
import { toMenuTemplate } from '../../../src-main/electron/tray/menu-template.js';
import type { TrayAction } from '../../../src-main/electron/tray/tray-model.js';
import { createFakeElectron, fakeEvent } from '../../support/electron-fake.js';
import { FakeSchedulerClock } from '../core/fake-scheduler-clock.js';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const THRESHOLDS = { awayAfterMinutes: 15, inactiveAfterMinutes: 5 };

const meeting: Notice = {
  kind: 'meeting-soon',
  id: 'meeting:m1:2026-11-27T09:05:00.000Z',
  itemId: 'm1',
  subject: 'Design review',
  start: '2026-11-27T09:05:00.000Z',
  minutesLeft: 5,
  isMeeting: true,
  isPrivate: false,
  joinable: true,
};
const text = () => ({ title: 'Meeting in 5 minutes', body: 'Design review', actionLabel: 'Join' });

describe('notifier', () => {
  function setUp() {
    const electron = createFakeElectron('darwin');
    const opened: string[] = [];
    const joined: string[] = [];
    const notifier = createNotifier({
      electron: electron.platform,
      text,
      onOpen: () => opened.push('window'),
      onJoin: (id) => joined.push(id),
    });
    return { electron, notifier, opened, joined };
  }

  it('keeps each notification referenced until it is clicked or closed', () => {
    const { electron, notifier, opened } = setUp();
    notifier.show(meeting);
    notifier.show({ ...meeting, id: 'other', itemId: 'm2' });
    expect(notifier.liveCount()).toBe(2);
    electron.notifications[0]?.emit('click', fakeEvent());
    expect(opened).toEqual(['window']);
    expect(notifier.liveCount()).toBe(1);
    electron.notifications[1]?.emit('close', fakeEvent());
    expect(notifier.liveCount()).toBe(0);
  });

  it('Join (the first action) opens the meeting by its item id', () => {
    const { electron, notifier, joined } = setUp();
    notifier.show(meeting);
    expect(electron.notifications[0]?.options.actions).toEqual([{ type: 'button', text: 'Join' }]);
    electron.notifications[0]?.emit('action', fakeEvent({ actionIndex: 0, selectionIndex: -1 }));
    expect(joined).toEqual(['m1']);
  });

  it('offers no Join button for a meeting without a usable link', () => {
    const { electron, notifier } = setUp();
    notifier.show({ ...meeting, joinable: false });
    expect(electron.notifications[0]?.options.actions).toBeUndefined();
  });

  it('shows nothing where the OS has no notifications', () => {
    const { electron, notifier } = setUp();
    electron.notificationsSupported.value = false;
    notifier.show(meeting);
    expect(electron.notifications).toEqual([]);
  });

  it('closeAll closes what is on screen', () => {
    const { electron, notifier } = setUp();
    notifier.show(meeting);
    notifier.closeAll();
    expect(electron.notifications[0]?.closed).toBe(true);
    expect(notifier.liveCount()).toBe(0);
  });
});

describe('idle monitor', () => {
  function setUp() {
    const electron = createFakeElectron('win32');
    const clock = new FakeSchedulerClock(T0);
    const calls: string[] = [];
    const monitor = createIdleMonitor({
      powerMonitor: electron.platform.powerMonitor,
      clock,
      thresholds: () => THRESHOLDS,
      onIdleChanged: () => calls.push('idle-changed'),
      onResume: () => calls.push('resume'),
      onUnlock: () => calls.push('unlock'),
    });
    return { electron, clock, calls, monitor };
  }

  it('tells the core only when the idle band changes, not on every poll', async () => {
    const { electron, clock, calls, monitor } = setUp();
    monitor.start();
    await clock.advanceTo(T0 + 60_000);
    expect(calls).toEqual([]);
    electron.powerMonitor.idleSeconds = 5 * 60;
    await clock.advanceTo(T0 + 70_000);
    expect(calls).toEqual(['idle-changed']);
    electron.powerMonitor.idleSeconds = 6 * 60;
    await clock.advanceTo(T0 + 80_000);
    expect(calls).toEqual(['idle-changed']);
    electron.powerMonitor.idleSeconds = 15 * 60;
    await clock.advanceTo(T0 + 90_000);
    expect(calls).toEqual(['idle-changed', 'idle-changed']);
  });

  it('reports the lock at once and the unlock with a refresh', () => {
    const { electron, calls, monitor } = setUp();
    monitor.start();
    electron.powerMonitor.emit('lock-screen');
    expect(monitor.current()).toEqual({ idleSeconds: 0, locked: true });
    electron.powerMonitor.emit('unlock-screen');
    expect(monitor.current().locked).toBe(false);
    expect(calls).toEqual(['idle-changed', 'idle-changed', 'unlock']);
  });

  it('passes resume from sleep on, and nothing once stopped', async () => {
    const { electron, clock, calls, monitor } = setUp();
    monitor.start();
    electron.powerMonitor.emit('resume');
    monitor.stop();
    electron.powerMonitor.emit('resume');
    electron.powerMonitor.idleSeconds = 20 * 60;
    await clock.advanceTo(T0 + 60_000);
    expect(calls).toEqual(['resume']);
    expect(clock.pending()).toEqual([]);
  });

  it('reads a broken idle time as active', () => {
    const { electron, monitor } = setUp();
    electron.powerMonitor.idleSeconds = Number.NaN;
    expect(monitor.current().idleSeconds).toBe(0);
  });
});

describe('network monitor', () => {
  it('calls back once when the network returns, not while it stays up or down', async () => {
    const electron = createFakeElectron('linux');
    const clock = new FakeSchedulerClock(T0);
    let backs = 0;
    const monitor = createNetworkMonitor({
      net: electron.platform.net,
      clock,
      onBack: () => {
        backs += 1;
      },
    });
    monitor.start();
    await clock.advanceTo(T0 + 3 * NETWORK_POLL_MS);
    expect(backs).toBe(0);
    electron.online.value = false;
    await clock.advanceTo(T0 + 6 * NETWORK_POLL_MS);
    expect(backs).toBe(0);
    electron.online.value = true;
    await clock.advanceTo(T0 + 9 * NETWORK_POLL_MS);
    expect(backs).toBe(1);
    monitor.stop();
    expect(clock.pending()).toEqual([]);
  });
});

describe('autostart', () => {
  it('uses the login items on macOS and Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const electron = createFakeElectron(platform);
      const autostart = createAutostart({
        platform,
        app: electron.platform.app,
        linux: { filePath: '/nowhere', content: '' },
      });
      expect(await autostart?.isEnabled()).toBe(false);
      await autostart?.setEnabled(true);
      expect(electron.loginItem.openAtLogin).toBe(true);
      expect(await autostart?.isEnabled()).toBe(true);
    }
  });

  it('is not offered where the OS has neither', () => {
    const electron = createFakeElectron('aix');
    expect(
      createAutostart({
        platform: 'aix',
        app: electron.platform.app,
        linux: { filePath: '/x', content: '' },
      }),
    ).toBeUndefined();
  });
});

describe('menu template', () => {
  it('maps the model to Electron items and every click to its action', () => {
    const ran: TrayAction[] = [];
    const template = toMenuTemplate(
      [
        { kind: 'item', label: 'Open Beacon', action: { kind: 'open-window' }, enabled: true },
        { kind: 'separator' },
        {
          kind: 'checkbox',
          label: 'Busy',
          checked: true,
          enabled: true,
          action: { kind: 'command', command: { type: 'reset-status' } },
        },
        {
          kind: 'submenu',
          label: 'More',
          items: [
            {
              kind: 'checkbox',
              label: 'Pin',
              checked: false,
              enabled: false,
              action: { kind: 'toggle-pin' },
            },
          ],
        },
      ],
      (action) => ran.push(action),
    );
    expect(template.map((i) => [i.type, i.label, i.checked, i.enabled])).toEqual([
      [undefined, 'Open Beacon', undefined, true],
      ['separator', undefined, undefined, undefined],
      ['checkbox', 'Busy', true, true],
      [undefined, 'More', undefined, undefined],
    ]);
    const sub = template[3]?.submenu as { type?: string; enabled?: boolean; click?: () => void }[];
    expect(sub[0]).toMatchObject({ type: 'checkbox', enabled: false });
    (template[0]?.click as () => void)();
    (template[2]?.click as () => void)();
    sub[0]?.click?.();
    expect(ran).toEqual([
      { kind: 'open-window' },
      { kind: 'command', command: { type: 'reset-status' } },
      { kind: 'toggle-pin' },
    ]);
  });
});

describe('log file', () => {
  it('appends one line per event, flattening newlines, and rotates past 1 MB', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'beacon-log-'));
    try {
      const log = createFileLog(path.join(dir, 'logs'), () => new Date(T0));
      log('started');
      log('two\nlines');
      const file = path.join(dir, 'logs', 'main.log');
      expect(await readFile(file, 'utf8')).toBe(
        '2026-11-27T09:00:00.000Z started\n2026-11-27T09:00:00.000Z two lines\n',
      );
      await writeFile(file, 'x'.repeat(LOG_ROTATE_BYTES + 1));
      log('after rotation');
      expect(await readFile(file, 'utf8')).toBe('2026-11-27T09:00:00.000Z after rotation\n');
      expect((await readFile(`${file}.1`, 'utf8')).length).toBe(LOG_ROTATE_BYTES + 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never throws when the folder cannot be written', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'beacon-log-'));
    try {
      // A file where the folder should be: every write fails.
      await writeFile(path.join(dir, 'logs'), 'not a folder');
      const log = createFileLog(path.join(dir, 'logs'));
      expect(() => {
        log('lost');
      }).not.toThrow();
      expect(await readFile(path.join(dir, 'logs'), 'utf8')).toBe('not a folder');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
