/**
 * The companion: the composition root of the core. It wires the settings file, the snapshot
 * cache, the store, the scheduler, the mailbox (demo or Exchange) and the presence resolver, and
 * carries the contract's `Api`. The edges (clock, data folder, zone and locale, the shell's
 * opener, idle state, the demo mailbox, the secret store) are injected, so tests run it whole
 * against the simulator with a fake clock.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CalendarItem } from '../../ews/operations/calendar.js';
import type { OofSettings } from '../../ews/operations/oof.js';
import type { WorkingHours } from '../../ews/operations/availability.js';
import { DecodeError, ThrottledError } from '../../ews/errors.js';
import {
  manualExpiry,
  resolvePresence,
  type IdleInput,
  type ManualChoice,
} from '../../presence/index.js';
import {
  COMMAND_OK,
  commandFailure,
  dispatchCommand,
  parseCommand,
  type Api,
  type CommandHandlers,
  type CommandResult,
  type ManualStatus,
  type Settings,
  type SettingsPatch,
  type Snapshot,
} from '../contract.js';
import {
  RefreshScheduler,
  systemSchedulerClock,
  type SchedulerClock,
  type SchedulerStatus,
} from '../scheduler.js';
import { applySettingsUpdate, SettingsFile } from '../settings.js';
import { isOpenableJoinUrl } from '../join-link.js';
import { SnapshotCache } from '../snapshot-cache.js';
import { createSnapshotStore, initialSnapshot } from '../store.js';
import {
  connectMailbox,
  provisionalAccount,
  type DemoMailbox,
  type MailboxConnection,
  type SecretSource,
} from './account.js';
import { refreshWindows } from './day-window.js';
import { commandFailureFrom, failedConnection } from './failures.js';
import {
  eventsFromAgenda,
  oofInputFrom,
  presenceSettingsFrom,
  toAgenda,
  toContractPresence,
  toOofSnapshot,
  toPresenceEvent,
  toTimeline,
} from './mapping.js';
import { editedOof, oofTurnedOff } from './oof-edit.js';
import { transportClockFrom } from './transport-clock.js';

export interface CompanionDeps {
  /** The app data folder: settings and the snapshot cache live here. */
  dataDir: string;
  /** IANA zone of the user: "today", the activity line and manual expiries are in it. */
  timeZone: string;
  /** BCP 47 locale for the activity line, unless the settings name one. */
  locale: string;
  /** The shell's vetted opener; only ever given https join links. */
  openExternal: (url: string) => Promise<void> | void;
  /** Default: the system clock. */
  clock?: SchedulerClock;
  /** The OS idle state; default never idle, never locked. */
  idle?: () => IdleInput;
  /** Starts the demo mailbox; default: the simulator on 127.0.0.1, a free port, demo seed. */
  startDemoMailbox?: () => Promise<DemoMailbox>;
  /** Passwords, by mailbox address; only needed with an Exchange account. */
  secrets?: SecretSource;
  /** A private root CA (PEM) for the Exchange server. */
  extraCa?: string;
}

export interface Companion extends Api {
  /** Starts refreshing (a first refresh at once). */
  start(): void;
  /** Stops every timer, waits for a refresh in flight, closes the mailbox. */
  stop(): Promise<void>;
  /** A refresh now (the user's), resolved when it and any follow-up finished. */
  refreshNow(): Promise<void>;
  /** The idle source changed: presence is recomputed without asking Exchange. */
  notifyIdleChanged(): void;
  notifyResume(): void;
  notifyUnlock(): void;
  notifyNetworkBack(): void;
  /** Resolves when no refresh runs. */
  whenIdle(): Promise<void>;
}

/** What the last successful refresh read; presence is recomputed from it between refreshes. */
interface LiveData {
  mailbox: string;
  items: CalendarItem[];
  workingHours: WorkingHours | undefined;
}

const NOT_IDLE: IdleInput = { idleSeconds: 0, locked: false };

function defaultDemoMailbox(clock: SchedulerClock): () => Promise<DemoMailbox> {
  return async () => {
    // Loaded only for the demo: an Exchange user never pays for the simulator.
    const { startSimulator } = await import('../../sim/index.js');
    return startSimulator({
      host: '127.0.0.1',
      port: 0,
      seed: 'demo',
      strict: false,
      now: () => new Date(clock.now()),
    });
  };
}

function cachedFor(cached: Snapshot | undefined, settings: Settings): Snapshot | undefined {
  if (cached === undefined) return undefined;
  const want = provisionalAccount(settings.account);
  if (cached.account.mode !== want.mode) return undefined;
  if (
    want.mode === 'exchange' &&
    cached.account.mailbox.toLowerCase() !== want.mailbox.toLowerCase()
  )
    return undefined;
  return cached;
}

export async function createCompanion(deps: CompanionDeps): Promise<Companion> {
  const clock = deps.clock ?? systemSchedulerClock;
  const transportClock = transportClockFrom(clock);
  const startDemoMailbox = deps.startDemoMailbox ?? defaultDemoMailbox(clock);
  const idleSource = deps.idle ?? (() => NOT_IDLE);

  const settingsFile = new SettingsFile(deps.dataDir, { now: () => new Date(clock.now()) });
  const cache = new SnapshotCache(deps.dataDir);
  const loaded = await settingsFile.load();
  const cached = cachedFor(await cache.load(), loaded.settings);
  const store = createSnapshotStore(
    cached === undefined
      ? initialSnapshot({
          account: provisionalAccount(loaded.settings.account),
          settings: loaded.settings,
          warnings: loaded.warnings,
        })
      : { ...cached, settings: loaded.settings, warnings: loaded.warnings },
  );

  let live: LiveData | undefined;
  let lastOof: OofSettings | undefined;
  /** Shown data exists (a cache, or a refresh succeeded): presence can be resolved. */
  let haveData = cached !== undefined;
  let connecting: Promise<MailboxConnection> | undefined;
  let started = false;
  let stopped = false;

  const ensureConnection = (): Promise<MailboxConnection> => {
    connecting ??= connectMailbox({
      settings: store.getSnapshot().settings.account,
      startDemoMailbox,
      secrets: deps.secrets,
      clock: transportClock,
      extraCa: deps.extraCa,
    }).then(
      (connection) => {
        store.setAccount(connection.account);
        return connection;
      },
      (error: unknown) => {
        connecting = undefined; // the next attempt starts over
        throw error;
      },
    );
    return connecting;
  };

  const closeConnection = async (): Promise<void> => {
    const pending = connecting;
    connecting = undefined;
    if (pending === undefined) return;
    try {
      await (await pending).close();
    } catch {
      // It never connected, or closing failed: nothing is left to release.
    }
  };

  const recompute = (): void => {
    const now = clock.now();
    const snapshot = store.getSnapshot();
    let manual: ManualStatus | null = snapshot.manual;
    if (manual?.expiresAt !== undefined && Date.parse(manual.expiresAt) <= now) manual = null;
    let choice: ManualChoice | undefined;
    if (manual !== null) {
      choice = { availability: manual.availability };
      if (manual.note !== '') choice.note = manual.note;
      if (manual.expiresAt !== undefined) choice.expiresAt = new Date(manual.expiresAt);
    }
    const resolved = resolvePresence({
      now: new Date(now),
      signedIn: haveData,
      events:
        live === undefined
          ? eventsFromAgenda(snapshot.agenda)
          : live.items.map((item) => toPresenceEvent(item, live?.mailbox ?? '')),
      oof: snapshot.oof === null ? undefined : oofInputFrom(snapshot.oof),
      workingHours: live?.workingHours,
      idle: idleSource(),
      manual: choice,
      settings: presenceSettingsFrom(snapshot.settings.presence),
    });
    const locale = snapshot.settings.locale ?? deps.locale;
    store.update({
      manual,
      presence: toContractPresence(resolved, new Date(now), locale, deps.timeZone),
    });
    scheduler.setNextChange(resolved.nextChange);
  };

  const refresh = async (): Promise<void> => {
    const connection = await ensureConnection();
    const { client, account } = connection;
    const windows = refreshWindows(clock.now(), deps.timeZone);
    const [oofResult, calendarResult, availabilityResult] = await Promise.allSettled([
      client.getOofSettings(),
      client.getCalendar({ start: new Date(windows.dayStart), end: new Date(windows.calendarEnd) }),
      client.getAvailability({
        start: new Date(windows.dayStart),
        end: new Date(windows.dayEnd),
        timeZone: deps.timeZone,
        view: 'DetailedMerged',
        intervalMinutes: 15,
      }),
    ]);
    // The account changed while we were asking: these answers belong to the old one.
    if (connecting === undefined || (await connecting) !== connection) return;
    const failures = [oofResult, calendarResult, availabilityResult].flatMap((r) =>
      r.status === 'rejected' ? [r.reason as unknown] : [],
    );
    // A request that only saw the pause another one caused says less than the cause itself.
    const failure = failures.find((e) => !(e instanceof ThrottledError)) ?? failures[0];
    if (failures.length > 0) throw failure;
    if (
      oofResult.status !== 'fulfilled' ||
      calendarResult.status !== 'fulfilled' ||
      availabilityResult.status !== 'fulfilled'
    )
      return; // unreachable: every rejection threw above
    const self = availabilityResult.value[0];
    if (self === undefined) throw new DecodeError('No free/busy for the signed-in mailbox');
    if (!self.ok) throw self.error;

    lastOof = oofResult.value;
    live = {
      mailbox: account.mailbox,
      items: calendarResult.value.items,
      workingHours: self.workingHours,
    };
    haveData = true;
    store.update({
      account,
      oof: toOofSnapshot(oofResult.value),
      agenda: toAgenda(
        calendarResult.value.items,
        account.mailbox,
        windows.dayStart,
        windows.dayEnd,
      ),
      timeline: toTimeline(self, windows.dayStart) ?? null,
      connection: { state: 'online', lastSuccessAt: new Date(clock.now()).toISOString() },
    });
    recompute();
    try {
      await cache.save(store.getSnapshot());
    } catch {
      // The cache is a convenience: a full disk must not turn a good refresh into a failure.
    }
  };

  const onStatus = (status: SchedulerStatus): void => {
    if (status.refreshing || status.lastError === undefined || stopped) return;
    const current = store.getSnapshot().connection;
    store.setConnection(failedConnection(status.lastError, current.lastSuccessAt, status.retryAt));
  };

  const scheduler = new RefreshScheduler({
    clock,
    refresh,
    onNextChange: recompute,
    onStatus,
  });

  /** Writes the OOF, then reads back what the server now holds. */
  const saveOof = async (edit: (last: OofSettings) => OofSettings): Promise<CommandResult> => {
    try {
      const { client } = await ensureConnection();
      const last = lastOof ?? (await client.getOofSettings());
      await client.setOofSettings(edit(last));
      const fresh = await client.getOofSettings();
      lastOof = fresh;
      store.setOof(toOofSnapshot(fresh));
      if (haveData) recompute();
      return COMMAND_OK;
    } catch (error) {
      return commandFailureFrom(error);
    }
  };

  const switchAccount = async (settings: Settings): Promise<void> => {
    await closeConnection();
    live = undefined;
    lastOof = undefined;
    haveData = false;
    store.update({
      account: provisionalAccount(settings.account),
      agenda: [],
      oof: null,
      timeline: null,
      connection: { state: 'connecting' },
    });
    if (started && !stopped) void scheduler.refreshNow();
  };

  const updateSettings = async (patch: SettingsPatch): Promise<CommandResult> => {
    const before = store.getSnapshot().settings;
    const result = applySettingsUpdate(before, patch);
    if (!result.ok) return commandFailure('invalid-command', 'Invalid settings', result.issues);
    await settingsFile.save(result.settings);
    store.setSettings(result.settings);
    if (!isDeepStrictEqual(before.account, result.settings.account))
      await switchAccount(result.settings);
    // Thresholds and the locale take effect at once.
    if (haveData) recompute();
    return COMMAND_OK;
  };

  const handlers: CommandHandlers = {
    'set-manual-status': (command) => {
      const now = new Date(clock.now());
      const expiresAt = manualExpiry(command.expiry, now, deps.timeZone);
      const manual: ManualStatus = { availability: command.availability, note: command.note };
      if (expiresAt !== undefined) manual.expiresAt = expiresAt.toISOString();
      store.setManual(manual);
      recompute();
      return Promise.resolve(COMMAND_OK);
    },
    'reset-status': () => {
      store.setManual(null);
      recompute();
      return Promise.resolve(COMMAND_OK);
    },
    'set-oof': (command) => saveOof((last) => editedOof(last, command)),
    'turn-oof-off': () => saveOof(oofTurnedOff),
    'refresh-now': async () => {
      if (!started || stopped) return commandFailure('not-allowed', 'The companion is not running');
      await scheduler.refreshNow();
      const error: unknown = scheduler.status.lastError;
      return error === undefined ? COMMAND_OK : commandFailureFrom(error);
    },
    'open-join-link': async (command) => {
      const item = store.getSnapshot().agenda.find((i) => i.id === command.itemId);
      if (item === undefined) return commandFailure('not-found', 'No such item in the agenda');
      if (item.joinUrl === undefined)
        return commandFailure('not-allowed', 'This item has no join link');
      if (!isOpenableJoinUrl(item.joinUrl))
        return commandFailure('not-allowed', 'Only https join links are opened');
      await deps.openExternal(item.joinUrl);
      return COMMAND_OK;
    },
    'update-settings': (command) => updateSettings(command.settings),
    'sign-in': async (command) => {
      if (deps.secrets?.set === undefined)
        return commandFailure('not-allowed', 'No keychain is available to keep the password');
      try {
        await deps.secrets.set(command.mailbox, command.password);
      } catch (error) {
        // The keychain's own message names no secret (core/secrets guarantees it).
        return commandFailure(
          'server-error',
          `The password could not be stored: ${errorText(error)}`,
        );
      }
      const account =
        command.ewsUrl === undefined
          ? { mailbox: command.mailbox, ewsUrl: null, useAutodiscover: true }
          : { mailbox: command.mailbox, ewsUrl: command.ewsUrl, useAutodiscover: false };
      return updateSettings({ account });
    },
    'sign-out': async () => {
      const mailbox = store.getSnapshot().settings.account.mailbox;
      if (mailbox !== undefined && deps.secrets?.delete !== undefined) {
        try {
          await deps.secrets.delete(mailbox);
        } catch (error) {
          return commandFailure(
            'server-error',
            `The password could not be removed: ${errorText(error)}`,
          );
        }
      }
      return updateSettings({
        account: { mailbox: null, ewsUrl: null, useAutodiscover: true, demo: false },
      });
    },
    'use-demo': () =>
      updateSettings({
        account: { mailbox: null, ewsUrl: null, useAutodiscover: true, demo: true },
      }),
  };

  return {
    getSnapshot: () => store.getSnapshot(),
    subscribe: (listener) =>
      store.subscribe((snapshot) => {
        listener(snapshot);
      }),
    execute: async (input) => {
      const parsed = parseCommand(input);
      if (!parsed.ok) return parsed;
      try {
        return await dispatchCommand(handlers, parsed.command);
      } catch (error) {
        return commandFailure('internal', error instanceof Error ? error.message : String(error));
      }
    },
    start: () => {
      if (started || stopped) return;
      started = true;
      scheduler.start();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      await scheduler.whenIdle();
      await closeConnection();
    },
    refreshNow: () => scheduler.refreshNow(),
    notifyIdleChanged: () => {
      if (haveData) recompute();
    },
    notifyResume: () => {
      scheduler.notifyResume();
    },
    notifyUnlock: () => {
      scheduler.notifyUnlock();
    },
    notifyNetworkBack: () => {
      scheduler.notifyNetworkBack();
    },
    whenIdle: () => scheduler.whenIdle(),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
