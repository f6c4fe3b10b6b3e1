import { describe, expect, it } from 'vitest';
import {
  MANUAL_AVAILABILITIES,
  SnapshotSchema,
  parseCommand,
  type Snapshot,
} from '../../../src-main/core/contract.js';
import {
  MAX_TOOLTIP_LENGTH,
  trayModel,
  type TrayMenuItem,
  type TrayModelOptions,
} from '../../../src-main/electron/tray/tray-model.js';
import { trayStrings } from '../../../src-main/electron/tray/tray-strings.js';

const OOF_REPLIES = {
  externalAudience: 'known',
  internalReply: '<p>Back on Monday</p>',
  externalReply: '<p>Out of office</p>',
} as const;

interface SnapshotParts {
  presence?: Partial<Snapshot['presence']>;
  connection?: Snapshot['connection'];
  account?: Partial<Snapshot['account']>;
  manual?: Snapshot['manual'];
  oof?: Snapshot['oof'];
}

/** A valid Snapshot (checked by the contract's own schema), mid-morning, signed in to Exchange. */
function snapshot(parts: SnapshotParts = {}): Snapshot {
  return SnapshotSchema.parse({
    account: {
      mode: 'exchange',
      mailbox: 'alex@contoso.example',
      displayName: 'Alex Wilber',
      signIn: 'signed-in',
      ...parts.account,
    },
    signInProgress: null,
    trustedCa: null,
    sharing: { api: { state: 'off' }, webhooks: [], mqtt: { state: 'off', hasPassword: false } },
    keychain: 'available',
    connection: parts.connection ?? { state: 'online' },
    presence: {
      availability: 'in-a-meeting',
      idle: false,
      oof: false,
      note: '',
      activity: { kind: 'in-a-meeting-until', until: '2026-11-27T14:30:00.000Z' },
      activityText: 'In a meeting until 15:30',
      source: 'automatic',
      ...parts.presence,
    },
    manual: parts.manual ?? null,
    oof: parts.oof === undefined ? { state: 'disabled', ...OOF_REPLIES } : parts.oof,
    agenda: [],
    timeline: null,
    contacts: [],
    subscriptionRequests: [],
    im: { state: 'off' },
    conversations: [],
    voicemail: [],
    settings: {},
    warnings: [],
  });
}

const manualBusy = (note = ''): Pick<SnapshotParts, 'presence' | 'manual'> => ({
  presence: {
    availability: 'busy',
    activity: { kind: 'none' },
    activityText: '',
    source: 'manual',
    note,
  },
  manual: { availability: 'busy', note },
});

const signedOut: SnapshotParts = {
  presence: {
    availability: 'offline',
    activity: { kind: 'none' },
    activityText: '',
    source: 'signed-out',
  },
  oof: null,
};

/** The system: Berlin (the meeting ends 14:30 UTC = 15:30 there), British English, mid-morning. */
const english: TrayModelOptions = {
  strings: trayStrings('en'),
  time: { locale: 'en-GB', timeZone: 'Europe/Berlin', now: new Date('2026-11-27T09:00:00Z') },
  pinned: false,
  autostart: false,
};

/** The English catalogue with the meeting line replaced, for tests about length. */
function withMeetingLine(text: string): TrayModelOptions {
  const strings = english.strings;
  return {
    ...english,
    strings: {
      ...strings,
      activity: {
        ...strings.activity,
        until: { ...strings.activity.until, 'in-a-meeting-until': () => text },
      },
    },
  };
}

function menuOf(s: Snapshot, options: TrayModelOptions = english): TrayMenuItem[] {
  return trayModel(s, options).menu;
}

function tooltipOf(s: Snapshot, options: TrayModelOptions = english): string {
  return trayModel(s, options).tooltip;
}

function itemLabelled(menu: TrayMenuItem[], label: string): TrayMenuItem {
  const found = menu.find((item) => 'label' in item && item.label === label);
  if (found === undefined) throw new Error(`No menu item "${label}"`);
  return found;
}

function labels(menu: TrayMenuItem[]): string[] {
  return menu.map((item) => ('label' in item ? item.label : '---'));
}

function commandOf(item: TrayMenuItem): unknown {
  if (!('action' in item) || item.action.kind !== 'command') {
    throw new Error('Not a command item');
  }
  return item.action.command;
}

/** The manual status choices: the check items that set a status. */
function statusChoices(menu: TrayMenuItem[]): Extract<TrayMenuItem, { kind: 'checkbox' }>[] {
  return menu.filter(
    (item): item is Extract<TrayMenuItem, { kind: 'checkbox' }> =>
      item.kind === 'checkbox' &&
      item.action.kind === 'command' &&
      item.action.command.type === 'set-manual-status',
  );
}

describe('the tray tooltip', () => {
  it('names the app and what the core says the user is doing, in the system zone', () => {
    expect(tooltipOf(snapshot())).toBe('Beacon — In a meeting until 15:30');
    const seoul = { ...english.time, timeZone: 'Asia/Seoul' };
    expect(tooltipOf(snapshot(), { ...english, time: seoul })).toBe(
      'Beacon — In a meeting until 23:30',
    );
  });

  it('says busy as "In a meeting until", as PRESENCE.md has busy and in-a-meeting share the line', () => {
    const s = snapshot({
      presence: {
        availability: 'busy',
        activity: { kind: 'busy-until', until: '2026-11-27T14:30:00.000Z' },
      },
    });
    expect(tooltipOf(s)).toBe('Beacon — In a meeting until 15:30');
    const korean = {
      ...english,
      strings: trayStrings('ko'),
      time: { ...english.time, locale: 'ko-KR' },
    };
    expect(tooltipOf(s, korean)).toMatch(/^Beacon — (오후|PM) 3:30까지 회의 중$/);
  });

  it('names the day as well when the activity ends on another day', () => {
    const s = snapshot({
      presence: {
        availability: 'out-of-office',
        oof: true,
        activity: { kind: 'oof-until', until: '2026-11-30T08:00:00.000Z' },
      },
    });
    expect(tooltipOf(s)).toBe('Beacon — Out of office until Mon 30 Nov, 9:00');
  });

  it('says "Signing in…" until Exchange accepted the account, and "Signed out" without one', () => {
    expect(tooltipOf(snapshot({ account: { signIn: 'signing-in' } }))).toBe('Beacon — Signing in…');
    expect(
      tooltipOf(
        snapshot({
          ...signedOut,
          account: { mode: 'signed-out', signIn: 'signed-out', mailbox: '' },
        }),
      ),
    ).toBe('Beacon — Signed out');
  });

  it('falls back to the availability when the core gives no activity text', () => {
    expect(tooltipOf(snapshot(manualBusy()))).toBe('Beacon — Busy');
  });

  it('treats blank activity text as none', () => {
    const s = snapshot({
      presence: { availability: 'away', activity: { kind: 'none' }, activityText: '  ' },
    });
    expect(tooltipOf(s)).toBe('Beacon — Away');
  });

  it('says automatic replies are on when they are and the status does not already say so', () => {
    const s = snapshot({ presence: { oof: true } });
    expect(tooltipOf(s)).toBe('Beacon — In a meeting until 15:30 · Automatic replies are on');
  });

  it('does not repeat the replies hint when the status is out of office', () => {
    const s = snapshot({
      presence: {
        availability: 'out-of-office',
        oof: true,
        activity: { kind: 'oof' },
        activityText: '',
      },
    });
    expect(tooltipOf(s)).toBe('Beacon — Out of office');
  });

  it('marks the demo mailbox', () => {
    const s = snapshot({ account: { mode: 'demo' } });
    expect(tooltipOf(s)).toBe('Beacon (demo mailbox) — In a meeting until 15:30');
  });

  it.each([
    ['stale', 'Beacon — In a meeting until 15:30 · Could not update'],
    ['offline', 'Beacon — In a meeting until 15:30 · Offline'],
    ['auth-required', 'Beacon — In a meeting until 15:30 · Exchange refused the sign-in'],
    ['connecting', 'Beacon — In a meeting until 15:30'],
    ['online', 'Beacon — In a meeting until 15:30'],
  ] as const)('connection %s: %s', (state, tooltip) => {
    expect(tooltipOf(snapshot({ connection: { state } }))).toBe(tooltip);
  });

  it('puts every hint together in a fixed order', () => {
    const s = snapshot({
      account: { mode: 'demo' },
      presence: { oof: true },
      connection: { state: 'offline' },
    });
    expect(tooltipOf(s)).toBe(
      'Beacon (demo mailbox) — In a meeting until 15:30 · Automatic replies are on · Offline',
    );
  });

  it('is cut to the Windows limit with an ellipsis', () => {
    const long = `In a meeting until 15:30 in ${'x'.repeat(200)}`;
    const tooltip = tooltipOf(snapshot(), withMeetingLine(long));
    expect(tooltip).toBe(`Beacon — In a meeting until 15:30 in ${'x'.repeat(89)}…`);
    expect(tooltip).toHaveLength(MAX_TOOLTIP_LENGTH);
  });

  it('drops a space left before the ellipsis', () => {
    const room = MAX_TOOLTIP_LENGTH - 1 - 'Beacon — '.length;
    const text = `${'x'.repeat(room - 1)} and more`;
    const tooltip = tooltipOf(snapshot(), withMeetingLine(text));
    expect(tooltip).toBe(`Beacon — ${'x'.repeat(room - 1)}…`);
  });

  it('is left whole at exactly the limit', () => {
    const text = 'x'.repeat(MAX_TOOLTIP_LENGTH - 'Beacon — '.length);
    expect(tooltipOf(snapshot(), withMeetingLine(text))).toBe(`Beacon — ${text}`);
  });

  it('never cuts an emoji in half', () => {
    const room = MAX_TOOLTIP_LENGTH - 1 - 'Beacon — '.length;
    // The cut would fall between the two halves of the emoji.
    const text = `${'x'.repeat(room - 1)}🎉${'y'.repeat(20)}`;
    const tooltip = tooltipOf(snapshot(), withMeetingLine(text));
    expect(tooltip).toBe(`Beacon — ${'x'.repeat(room - 1)}…`);
  });

  it('is in Korean for a Korean locale', () => {
    const s = snapshot({
      ...manualBusy(),
      presence: { ...manualBusy().presence, availability: 'do-not-disturb', oof: true },
      manual: { availability: 'do-not-disturb', note: '' },
      account: { mode: 'demo' },
    });
    const tooltip = tooltipOf(s, { ...english, strings: trayStrings('ko-KR') });
    expect(tooltip).toBe('Beacon (데모 사서함) — 방해 금지 · 자동 회신이 켜져 있습니다');
  });

  it('says the activity in Korean, with the time in the zone and a Korean locale', () => {
    const korean = {
      ...english,
      strings: trayStrings('ko'),
      time: { ...english.time, locale: 'ko' },
    };
    expect(tooltipOf(snapshot(), korean)).toMatch(/^Beacon — (오후|PM) 3:30까지 회의 중$/);
    expect(
      tooltipOf(
        snapshot({
          account: { mode: 'signed-out', signIn: 'signed-out', mailbox: '' },
          ...signedOut,
        }),
        korean,
      ),
    ).toBe('Beacon — 로그아웃됨');
    expect(tooltipOf(snapshot({ account: { signIn: 'signing-in' } }), korean)).toBe(
      'Beacon — 로그인 중…',
    );
  });
});

describe('the tray menu', () => {
  it('has the status line, the statuses, replies, window items and quit, in that order', () => {
    expect(labels(menuOf(snapshot()))).toEqual([
      'In a meeting until 15:30',
      'Available',
      'Busy',
      'Do not disturb',
      'Be right back',
      'Appear away',
      'Off work',
      'Appear offline',
      'Reset status',
      '---',
      'Turn on automatic replies',
      '---',
      'Open Beacon',
      'Keep window open',
      'Start Beacon at login',
      '---',
      'Quit Beacon',
    ]);
  });

  it('starts with the current status as a line that cannot be clicked', () => {
    const [header] = menuOf(snapshot(manualBusy()));
    expect(header).toEqual({
      kind: 'item',
      label: 'Busy',
      action: { kind: 'open-window' },
      enabled: false,
    });
  });

  it('offers every manual status as a check item (GTK radio groups force one on)', () => {
    const items = statusChoices(menuOf(snapshot()));
    expect(items.map((item) => commandOf(item))).toEqual(
      MANUAL_AVAILABILITIES.map((availability) => ({
        type: 'set-manual-status',
        availability,
        expiry: 'never',
      })),
    );
  });

  it('every command in the menu passes the contract', () => {
    const menus = [
      menuOf(snapshot()),
      menuOf(snapshot({ ...manualBusy('Heads down'), oof: { state: 'enabled', ...OOF_REPLIES } })),
      menuOf(
        snapshot({
          oof: {
            state: 'scheduled',
            ...OOF_REPLIES,
            start: '2026-11-27T17:00:00Z',
            end: '2026-11-30T08:00:00Z',
          },
        }),
      ),
    ];
    const commands = menus
      .flat()
      .flatMap((item) =>
        'action' in item && item.action.kind === 'command' ? [item.action.command] : [],
      );
    expect(commands).toHaveLength(3 * (MANUAL_AVAILABILITIES.length + 2));
    for (const command of commands) {
      expect(parseCommand(command)).toMatchObject({ ok: true });
    }
  });

  it('checks no status while presence is automatic', () => {
    expect(statusChoices(menuOf(snapshot())).filter((item) => item.checked)).toEqual([]);
  });

  it('checks the manual status the user chose', () => {
    const checked = statusChoices(menuOf(snapshot(manualBusy()))).filter((item) => item.checked);
    expect(checked.map((item) => item.label)).toEqual(['Busy']);
  });

  it('keeps the note the user wrote when the status is changed from the tray', () => {
    const menu = menuOf(snapshot(manualBusy('Heads down until lunch')));
    expect(commandOf(itemLabelled(menu, 'Do not disturb'))).toEqual({
      type: 'set-manual-status',
      availability: 'do-not-disturb',
      note: 'Heads down until lunch',
      expiry: 'never',
    });
  });

  it('offers Reset status only while a manual status is set', () => {
    expect(itemLabelled(menuOf(snapshot()), 'Reset status')).toMatchObject({ enabled: false });
    const reset = itemLabelled(menuOf(snapshot(manualBusy())), 'Reset status');
    expect(reset).toMatchObject({ enabled: true });
    expect(commandOf(reset)).toEqual({ type: 'reset-status' });
  });

  it('signed out: statuses and reset cannot be chosen', () => {
    const menu = menuOf(snapshot(signedOut));
    const statusItems = [...statusChoices(menu), itemLabelled(menu, 'Reset status')];
    expect(statusItems.map((item) => 'enabled' in item && item.enabled)).toEqual(
      Array<boolean>(MANUAL_AVAILABILITIES.length + 1).fill(false),
    );
  });

  it('credentials refused: statuses and the replies switch cannot be chosen', () => {
    const menu = menuOf(snapshot({ ...manualBusy(), connection: { state: 'auth-required' } }));
    expect(statusChoices(menu).every((item) => !item.enabled)).toBe(true);
    expect(itemLabelled(menu, 'Reset status')).toMatchObject({ enabled: false });
    expect(itemLabelled(menu, 'Turn on automatic replies')).toMatchObject({ enabled: false });
  });

  it('offline: statuses can still be chosen', () => {
    const menu = menuOf(snapshot({ connection: { state: 'offline' } }));
    expect(statusChoices(menu).every((item) => item.enabled)).toBe(true);
  });

  it('automatic replies not loaded yet: a line that cannot be clicked', () => {
    const item = itemLabelled(menuOf(snapshot({ oof: null })), 'Automatic replies: not loaded yet');
    expect(item).toMatchObject({ kind: 'item', enabled: false });
  });

  it('automatic replies off: turning them on keeps the replies and audience', () => {
    const item = itemLabelled(menuOf(snapshot()), 'Turn on automatic replies');
    expect(item).toMatchObject({ enabled: true });
    expect(commandOf(item)).toEqual({
      type: 'set-oof',
      state: 'enabled',
      internalReply: '<p>Back on Monday</p>',
      externalReply: '<p>Out of office</p>',
      externalAudience: 'known',
    });
  });

  it.each([
    ['on', { state: 'enabled', ...OOF_REPLIES }],
    [
      'scheduled',
      {
        state: 'scheduled',
        ...OOF_REPLIES,
        start: '2026-11-27T17:00:00Z',
        end: '2026-11-30T08:00:00Z',
      },
    ],
  ] as const)('automatic replies %s: the menu turns them off', (_state, oof) => {
    const item = itemLabelled(menuOf(snapshot({ oof })), 'Turn off automatic replies');
    expect(item).toMatchObject({ enabled: true });
    expect(commandOf(item)).toEqual({ type: 'turn-oof-off' });
  });

  it('Open Beacon and Quit Beacon are always there', () => {
    const menu = menuOf(snapshot(signedOut));
    expect(itemLabelled(menu, 'Open Beacon')).toEqual({
      kind: 'item',
      label: 'Open Beacon',
      action: { kind: 'open-window' },
      enabled: true,
    });
    expect(menu.at(-1)).toEqual({
      kind: 'item',
      label: 'Quit Beacon',
      action: { kind: 'quit' },
      enabled: true,
    });
  });

  it('Keep window open is ticked while the window is pinned', () => {
    const unpinned = itemLabelled(menuOf(snapshot()), 'Keep window open');
    const pinned = itemLabelled(
      menuOf(snapshot(), { ...english, pinned: true }),
      'Keep window open',
    );
    expect(unpinned).toEqual({
      kind: 'checkbox',
      label: 'Keep window open',
      action: { kind: 'toggle-pin' },
      checked: false,
      enabled: true,
    });
    expect(pinned).toMatchObject({ checked: true });
  });

  it('Start Beacon at login is ticked while it is on', () => {
    const item = itemLabelled(
      menuOf(snapshot(), { ...english, autostart: true }),
      'Start Beacon at login',
    );
    expect(item).toEqual({
      kind: 'checkbox',
      label: 'Start Beacon at login',
      action: { kind: 'toggle-autostart' },
      checked: true,
      enabled: true,
    });
  });

  it('Start Beacon at login is hidden where the platform cannot do it', () => {
    const menu = menuOf(snapshot(), { ...english, autostart: undefined });
    expect(labels(menu)).not.toContain('Start Beacon at login');
    expect(labels(menu).slice(-4)).toEqual([
      'Open Beacon',
      'Keep window open',
      '---',
      'Quit Beacon',
    ]);
  });

  it('is in Korean for a Korean locale', () => {
    const menu = menuOf(snapshot({ ...manualBusy(), oof: { state: 'enabled', ...OOF_REPLIES } }), {
      ...english,
      strings: trayStrings('ko'),
    });
    expect(labels(menu)).toEqual([
      '다른 용무 중',
      '대화 가능',
      '다른 용무 중',
      '방해 금지',
      '곧 돌아오겠음',
      '자리 비움으로 표시',
      '업무 시간 외',
      '오프라인으로 표시',
      '상태를 자동으로 다시 설정',
      '---',
      '자동 회신 끄기',
      '---',
      'Beacon 열기',
      '창을 열어 두기',
      '로그인할 때 Beacon 시작',
      '---',
      'Beacon 종료',
    ]);
  });
});

describe('trayStrings picks the catalogue by language', () => {
  it.each([
    ['ko', '대화 가능'],
    ['ko-KR', '대화 가능'],
    ['KO-kr', '대화 가능'],
    ['ko_KR.UTF-8', '대화 가능'],
    ['en-GB', 'Available'],
    ['fr', 'Available'],
    ['kok', 'Available'],
    ['', 'Available'],
    [undefined, 'Available'],
  ])('%s → %s', (locale, available) => {
    expect(trayStrings(locale).availability.available).toBe(available);
  });

  it('names all nine availabilities and seven manual choices in both languages', () => {
    for (const locale of ['en', 'ko']) {
      const strings = trayStrings(locale);
      expect(Object.values(strings.availability).filter((label) => label !== '')).toHaveLength(9);
      expect(Object.values(strings.manualChoice).filter((label) => label !== '')).toHaveLength(7);
    }
  });
});
