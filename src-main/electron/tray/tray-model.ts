/**
 * What the tray shows for a Snapshot: the tooltip and the context menu, as plain data. The tray
 * service turns the menu into Electron's Menu and runs the chosen action; every decision about
 * labels, order, enabled and checked states is made here, where it is tested.
 */
import { MANUAL_AVAILABILITIES, type CommandInput, type Snapshot } from '../../core/contract.js';
import { withoutBidiControls } from '../../core/plain-text.js';
import { activityLine } from '../../presence/presence-text.js';
import { unreadVoicemailCount } from '../../voicemail/alerts/plan.js';
import type { TrayStrings } from './tray-strings.js';

export type TrayAction =
  | { kind: 'command'; command: CommandInput }
  | { kind: 'open-window' }
  | { kind: 'toggle-pin' }
  | { kind: 'toggle-autostart' }
  | { kind: 'quit' };

export type TrayMenuItem =
  | { kind: 'item'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'checkbox'; label: string; action: TrayAction; checked: boolean; enabled: boolean }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] };

export interface TrayModel {
  tooltip: string;
  menu: TrayMenuItem[];
}

/** How times are shown: the system's zone, the tray's locale, and now (for "today or not"). */
export interface TrayTime {
  locale: string;
  timeZone: string;
  now: Date;
}

export interface TrayModelOptions {
  strings: TrayStrings;
  time: TrayTime;
  /** The tray window stays open when it loses focus. */
  pinned: boolean;
  /** Start at login is on; undefined where the platform offers no way to set it. */
  autostart: boolean | undefined;
}

/** Windows cuts tray tooltips at 127 characters (128 with the terminating NUL). */
export const MAX_TOOLTIP_LENGTH = 127;

const SEPARATOR: TrayMenuItem = { kind: 'separator' };
const OPEN_WINDOW: TrayAction = { kind: 'open-window' };

export function trayModel(snapshot: Snapshot, options: TrayModelOptions): TrayModel {
  const { strings } = options;
  return {
    tooltip: tooltipFor(snapshot, strings, options.time),
    menu: [
      {
        kind: 'item',
        label: withoutBidiControls(statusLine(snapshot, strings, options.time)),
        action: OPEN_WINDOW,
        enabled: false,
      },
      ...statusItems(snapshot, strings),
      SEPARATOR,
      automaticRepliesItem(snapshot, strings),
      SEPARATOR,
      ...windowItems(options),
      SEPARATOR,
      { kind: 'item', label: strings.quit, action: { kind: 'quit' }, enabled: true },
    ],
  };
}

/**
 * "In a meeting until 15:30" from the core's activity and its instant, formatted here in the
 * tray's language and the system zone; else the availability's name. Before Exchange accepted
 * the sign-in, and when signed out, that is what the line says instead.
 */
function statusLine(snapshot: Snapshot, strings: TrayStrings, time: TrayTime): string {
  const { account, presence } = snapshot;
  if (account.mode === 'signed-out') return strings.signedOut;
  if (account.signIn === 'signing-in') return strings.signingIn;
  const activity = activityLine(presence.activity, strings, (until) => untilText(until, time));
  return activity !== '' ? activity : strings.availability[presence.availability];
}

/**
 * "15:30" today; "Mon 30 Nov, 9:00" when the end is another day (the same options as the
 * notifications use, so both read alike). The sentence around it is presence-text.ts's.
 */
function untilText(until: Date, time: TrayTime): string {
  const zone = { timeZone: time.timeZone };
  const day = new Intl.DateTimeFormat(time.locale, { ...zone, dateStyle: 'short' });
  if (day.format(until) === day.format(time.now))
    return new Intl.DateTimeFormat(time.locale, { ...zone, timeStyle: 'short' }).format(until);
  return new Intl.DateTimeFormat(time.locale, {
    ...zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(until);
}

/** "Beacon (demo mailbox) — Busy · Automatic replies are on · 2 new voicemails · Offline". */
function tooltipFor(snapshot: Snapshot, strings: TrayStrings, time: TrayTime): string {
  const { presence, connection, account } = snapshot;
  const name =
    account.mode === 'demo' ? `${strings.appName} (${strings.demoMailbox})` : strings.appName;
  const parts = [statusLine(snapshot, strings, time)];
  // Out of office already says that replies are on.
  if (presence.oof && presence.availability !== 'out-of-office') {
    parts.push(strings.automaticRepliesOn);
  }
  const unread = unreadVoicemailCount(snapshot);
  if (unread > 0) parts.push(strings.newVoicemails(unread));
  const health = connectionHint(connection.state, strings);
  if (health !== undefined) parts.push(health);
  // A tooltip cannot isolate a note or a subject: no bidirectional control may reorder it.
  return truncate(withoutBidiControls(`${name} — ${parts.join(' · ')}`), MAX_TOOLTIP_LENGTH);
}

function connectionHint(
  state: Snapshot['connection']['state'],
  strings: TrayStrings,
): string | undefined {
  switch (state) {
    case 'stale':
      return strings.connection.stale;
    case 'offline':
      return strings.connection.offline;
    case 'auth-required':
      return strings.connection.authRequired;
    case 'connecting':
    case 'online':
      return undefined;
  }
}

/** Cuts to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Without a signed-in account (or with refused credentials) a status cannot be set. */
function canChangeStatus(snapshot: Snapshot): boolean {
  return snapshot.presence.source !== 'signed-out' && snapshot.connection.state !== 'auth-required';
}

function statusItems(snapshot: Snapshot, strings: TrayStrings): TrayMenuItem[] {
  const enabled = canChangeStatus(snapshot);
  const current = snapshot.presence.source === 'manual' ? snapshot.manual?.availability : undefined;
  const note = snapshot.manual?.note ?? '';
  // Check items, not radio items: a GTK radio group always has one item on, but while presence
  // is automatic no manual status is chosen.
  const choices: TrayMenuItem[] = MANUAL_AVAILABILITIES.map((availability) => ({
    kind: 'checkbox',
    label: strings.manualChoice[availability],
    action: {
      kind: 'command',
      // A status chosen from the tray keeps the note the user wrote in the window.
      command:
        note === ''
          ? { type: 'set-manual-status', availability, expiry: 'never' }
          : { type: 'set-manual-status', availability, note, expiry: 'never' },
    },
    checked: availability === current,
    enabled,
  }));
  return [
    ...choices,
    {
      kind: 'item',
      label: strings.resetStatus,
      action: { kind: 'command', command: { type: 'reset-status' } },
      enabled: enabled && snapshot.manual !== null,
    },
  ];
}

function automaticRepliesItem(snapshot: Snapshot, strings: TrayStrings): TrayMenuItem {
  const { oof } = snapshot;
  if (oof === null) {
    return {
      kind: 'item',
      label: strings.automaticRepliesNotLoaded,
      action: OPEN_WINDOW,
      enabled: false,
    };
  }
  const enabled = canChangeStatus(snapshot);
  if (oof.state === 'disabled') {
    return {
      kind: 'item',
      label: strings.turnOnAutomaticReplies,
      action: {
        kind: 'command',
        command: {
          type: 'set-oof',
          state: 'enabled',
          internalReply: oof.internalReply,
          externalReply: oof.externalReply,
          externalAudience: oof.externalAudience,
        },
      },
      enabled,
    };
  }
  return {
    kind: 'item',
    label: strings.turnOffAutomaticReplies,
    action: { kind: 'command', command: { type: 'turn-oof-off' } },
    enabled,
  };
}

function windowItems(options: TrayModelOptions): TrayMenuItem[] {
  const { strings, pinned, autostart } = options;
  const items: TrayMenuItem[] = [
    { kind: 'item', label: strings.openWindow, action: OPEN_WINDOW, enabled: true },
    {
      kind: 'checkbox',
      label: strings.keepWindowOpen,
      action: { kind: 'toggle-pin' },
      checked: pinned,
      enabled: true,
    },
  ];
  if (autostart !== undefined) {
    items.push({
      kind: 'checkbox',
      label: strings.startAtLogin,
      action: { kind: 'toggle-autostart' },
      checked: autostart,
      enabled: true,
    });
  }
  return items;
}
