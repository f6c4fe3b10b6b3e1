/**
 * The companion: the composition root of the core. It wires the settings file, the snapshot
 * cache, the store, the scheduler, the mailbox (demo or Exchange) and the presence resolver, and
 * carries the contract's `Api`. The edges (clock, data folder, zone and locale, the shell's
 * opener, idle state, the demo mailbox, the secret store) are injected, so tests run it whole
 * against the simulator with a fake clock.
 */
import { isDeepStrictEqual } from 'node:util';
import type {
  CalendarItem,
  CalendarResult,
  MailboxFreeBusy,
  WorkingHours,
} from '../../mailbox/calendar.js';
import { MailboxError } from '../../mailbox/errors.js';
import type { OofSettings } from '../../mailbox/oof.js';
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
  ViewerSchema,
  type Account,
  type CommandFailure,
  type AccountSettings,
  type Api,
  type CommandHandlers,
  type CommandOf,
  type CommandResult,
  type Failure,
  type ManualStatus,
  type Settings,
  type SettingsPatch,
  type Snapshot,
  type Viewer,
} from '../contract.js';
import {
  RefreshScheduler,
  systemSchedulerClock,
  type RefreshReason,
  type SchedulerClock,
  type SchedulerStatus,
} from '../scheduler.js';
import { applySettingsUpdate, SettingsFile } from '../settings.js';
import { isOpenableJoinUrl } from '../join-link.js';
import { SnapshotCache } from '../snapshot-cache.js';
import {
  createSnapshotStore,
  initialSnapshot,
  SIGNED_OUT_PRESENCE,
  type SnapshotPatch,
} from '../store.js';
import {
  connectMailbox,
  isSignedOut,
  provisionalAccount,
  verifyAccount,
  type ConnectOptions,
  type DemoMailbox,
  type MailboxConnection,
  type SecretSource,
} from './account.js';
import { passwordAccountDecision } from './backend-choice.js';
import { blockAfter, decideContact, type ContactTrigger } from './credential-gate.js';
import { refreshWindows } from './day-window.js';
import { readCalendarAhead } from './calendar-ahead.js';
import {
  CredentialsMissingError,
  SignInRequiredError,
  commandFailureFrom,
  endsRefresh,
  failedConnection,
  failureFrom,
  isNetworkFailure,
} from './failures.js';
import { readTogether } from './read-together.js';
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
import { createOAuthAccounts } from './oauth-sign-in.js';
import { startTeamsPublishing, type TeamsPublishing } from '../teams/teams-publishing.js';
import { OAuthError } from '../../auth/oauth/errors.js';
import { editedOof, oofTurnedOff } from './oof-edit.js';
import { createImService, type ImProviderFactory } from '../../im/im-service.js';
import type { Notice } from '../reminders/notice.js';
import { withServerPause } from './server-pause.js';
import { transportClockFrom } from './transport-clock.js';
import type { VoicemailAudioSource } from '../../voicemail/audio-source.js';
import { createVoicemailService, restoredItems, voicemailHandlers } from '../../voicemail/index.js';
import { isKeychainRefusal, keychainForgetPlan } from './sign-out-keychain.js';
import { createAccountSetup } from './account-setup.js';
import type { DiscoveryOptions } from './discover-account.js';
import { createSharingService } from '../../sharing/service.js';
import { createPresenceApiPart } from '../../sharing/api/index.js';
import { createWebhookPart } from '../../sharing/webhooks/webhook-part.js';
import { createMqttPart } from '../../sharing/mqtt/mqtt-part.js';
import type { SharingSecrets } from '../../sharing/part.js';
import { createCompanionLive } from '../live/companion-live.js';

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
  /**
   * How long a voicemail waits before its peaks are decoded (PEAKS_DELAY_MS by default, so the
   * ready Snapshot and Play come first); `whenIdle` waits for it, so tests shorten it.
   */
  voicemailPeaksDelayMs?: number;
  /**
   * Connects a password or demo account's mailbox; default `connectMailbox` (account.ts: the
   * demo, or EWS with Autodiscover). Tests run the companion over another backend (Graph) here.
   */
  connectMailbox?: (options: ConnectOptions) => Promise<MailboxConnection>;
  /** Passwords, by mailbox address; only needed with an Exchange account. */
  secrets?: SecretSource;
  /**
   * A private root CA (PEM) for the Exchange server, trusted together with the one the user
   * trusts in Settings (settings.trustedCaPem), for Exchange, XMPP and SMTP alike.
   */
  extraCa?: string;
  /** Where email-first discovery runs Autodiscover (tests); the library's defaults otherwise. */
  discovery?: DiscoveryOptions;
  /** How long one EWS request may take before it fails as a timeout; default 30 s. */
  ewsTimeoutMs?: number;
  /** The EWS scope OAuth asks for when the authority is not Microsoft's (ADFS; tests). */
  oauthEwsScope?: string;
  /** Graph's scopes when the authority names them otherwise (tests). */
  oauthGraphScopes?: readonly string[];
  /** Treat the configured OAuth authority as Entra ID, i.e. Exchange Online (tests). */
  oauthEntraId?: boolean;
  /** Graph's service root (tests: the simulator's `/v1.0`); Microsoft's otherwise. */
  graphUrl?: string;
  /** Opens a file (cached voicemail audio) in the system's default app; absent where it cannot. */
  openPath?: (file: string) => Promise<void> | void;
  /** Creates the XMPP provider for IM sign-in (tests: one on a local Prosody). */
  createImProvider?: ImProviderFactory;
  /** The core's log (never a password). */
  log?: (line: string) => void;
  /** Live updates' stream heartbeat and back-off jitter (tests); the defaults otherwise. */
  liveUpdates?: { heartbeatIntervalMs?: number; random?: () => number };
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
  /**
   * The machine woke, the screen was unlocked or the network came back: a refresh, and live
   * updates re-establish their stream. The desktop and web shells call this (or the three above).
   */
  wake(reason: 'resume' | 'unlock' | 'network-back'): void;
  /** The viewer's zone (validated with ViewerSchema; throws RangeError when invalid). */
  setViewer(viewer: Viewer): void;
  /** Resolves when no refresh (and no keychain probe) runs. */
  whenIdle(): Promise<void>;
  /** The cached voicemail audio the shells serve as `voicemail-audio/<key>`. */
  readonly voicemailAudio: VoicemailAudioSource;
  /** Notices of IM (a contact became available, a message while hidden); returns the unsubscribe. */
  onNotice(listener: (notice: Notice) => void): () => void;
  /** The window was shown or hidden: message notices and the IM client state follow it. */
  setWindowVisible(visible: boolean): void;
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

/** The XMPP provider, loaded only when the user signs in to IM. */
const xmppProvider: ImProviderFactory = async (config) => {
  const { XmppProvider } = await import('../../im/xmpp/xmpp-provider.js');
  return new XmppProvider({
    address: config.address,
    password: config.password,
    directTls: config.directTls,
    ...(config.server === undefined ? {} : { server: config.server }),
    ...(config.port === undefined ? {} : { port: config.port }),
    ...(config.extraCa === undefined ? {} : { caPem: config.extraCa }),
    ...(config.now === undefined ? {} : { now: config.now }),
  });
};

function cachedFor(cached: Snapshot | undefined, settings: Settings): Snapshot | undefined {
  if (cached === undefined) return undefined;
  const want = provisionalAccount(settings.account);
  if (cached.account.mode !== want.mode || want.mode === 'signed-out') return undefined;
  if (
    want.mode === 'exchange' &&
    cached.account.mailbox.toLowerCase() !== want.mailbox.toLowerCase()
  )
    return undefined;
  // The cache shows the last data at once, but whether Exchange still accepts the credentials
  // is only known after the first request of this run.
  const restored: Snapshot = {
    ...cached,
    account: { ...want, displayName: cached.account.displayName },
  };
  // Nothing is in Teams for this run until its connection publishes (teams-publishing.ts).
  delete restored.teams;
  return restored;
}

/** Passwords kept for this run only are looked up case-insensitively, like the keychain's. */
function memoryKey(mailbox: string): string {
  return mailbox.trim().toLowerCase();
}

/** The account settings a sign-in asks for, on top of the current ones. */
function signInSettings(current: AccountSettings, command: CommandOf<'sign-in'>): AccountSettings {
  const next: AccountSettings = {
    mailbox: command.mailbox,
    useAutodiscover: command.ewsUrl === undefined,
    demo: current.demo,
  };
  if (command.ewsUrl !== undefined) next.ewsUrl = command.ewsUrl;
  // The protocol the user chose holds for the new sign-in too (Graph refuses a password).
  if (current.backend !== undefined) next.backend = current.backend;
  return next;
}

export async function createCompanion(deps: CompanionDeps): Promise<Companion> {
  const clock = deps.clock ?? systemSchedulerClock;
  const transportClock = transportClockFrom(clock);
  const startDemoMailbox = deps.startDemoMailbox ?? defaultDemoMailbox(clock);
  const idleSource = deps.idle ?? (() => NOT_IDLE);
  /** The viewer's zone: "today", manual expiries and the activity line follow it. */
  let timeZone = deps.timeZone;

  const settingsFile = new SettingsFile(deps.dataDir, { now: () => new Date(clock.now()) });
  const cache = new SnapshotCache(deps.dataDir);
  const loaded = await settingsFile.load();
  const cached = cachedFor(await cache.load(), loaded.settings);
  // Live updates (core/live): notifications → targeted refreshes; every Snapshot says the mode.
  const liveUpdates = createCompanionLive({
    dataDir: deps.dataDir,
    clock,
    requestRefresh: () => {
      scheduler.notifyChange();
    },
    setPollEvery: (ms) => {
      scheduler.setPollEvery(ms);
    },
    ...(deps.log === undefined ? {} : { log: deps.log }),
    ...deps.liveUpdates,
  });
  const bareStore = createSnapshotStore(
    cached === undefined
      ? initialSnapshot({
          account: provisionalAccount(loaded.settings.account),
          settings: loaded.settings,
          warnings: loaded.warnings,
        })
      : {
          ...cached,
          keychain: 'unknown',
          settings: loaded.settings,
          warnings: loaded.warnings,
          voicemail: restoredItems(cached.voicemail),
        },
  );
  const store = liveUpdates.decorate(bareStore);

  const accountSetup = createAccountSetup({
    store,
    // TLS checks a certificate's dates against the system clock, and so does trust-ca.
    now: () => new Date(),
    shellCa: deps.extraCa,
    saveSettings: async (settings) => {
      await settingsFile.save(settings);
      store.setSettings(settings);
    },
    caChanged: async () => {
      // The next request connects with the new CA list; a blocked account stays blocked.
      await closeConnection();
      if (started && !stopped && blocked === undefined) void scheduler.refreshNow();
    },
    ...(deps.discovery === undefined ? {} : { discovery: deps.discovery }),
  });

  const oauth = createOAuthAccounts({
    secrets: deps.secrets,
    openExternal: deps.openExternal,
    onProgress: (progress) => {
      store.update({ signInProgress: progress });
    },
    extraCa: () => accountSetup.extraCa(),
    clock: transportClock,
    timeoutMs: deps.ewsTimeoutMs,
    ewsScope: deps.oauthEwsScope,
    discovery: deps.discovery,
    graphScopes: deps.oauthGraphScopes,
    entraId: deps.oauthEntraId,
    graphUrl: deps.graphUrl,
  });

  const voicemail = createVoicemailService({
    dataDir: deps.dataDir,
    clock,
    ...(deps.voicemailPeaksDelayMs === undefined
      ? {}
      : { peaksDelayMs: deps.voicemailPeaksDelayMs }),
    maxItems: () => store.getSnapshot().settings.voicemail.maxItems,
    cacheMegabytes: () => store.getSnapshot().settings.voicemail.cacheMegabytes,
    locale: () => store.getSnapshot().settings.locale ?? deps.locale,
    publish: (items) => {
      store.update({ voicemail: items });
    },
    connect: async () => {
      if (signingIn !== undefined) await signingIn;
      const { backend, account } = await ensureConnection('command');
      return { backend, mailbox: account.mailbox };
    },
    failure: commandFailureFrom,
    openExternal: deps.openExternal,
    openPath: deps.openPath,
  });

  let live: LiveData | undefined;
  let lastOof: OofSettings | undefined;
  /** Shown data exists (a cache, or a refresh succeeded): presence can be resolved. */
  let haveData = cached !== undefined;
  let connecting: Promise<MailboxConnection> | undefined;
  let started = false;
  let stopped = false;
  /** Counts account changes, so a late answer for an old account is dropped. */
  let epoch = 0;
  /**
   * Why the current account may not contact Exchange (credentials refused, or the last sign-in
   * failed); only a new sign-in clears it. See credential-gate.ts.
   */
  let blocked: Failure | undefined;
  /** Passwords that live for this run only (no keychain, or "Remember" off), by mailbox. */
  const memoryPasswords = new Map<string, string>();
  /** A sign-in in progress: refreshes wait for it instead of reconnecting the old account. */
  let signingIn: Promise<void> | undefined;
  /** The keychain probe at start; `whenIdle` waits for it too. */
  let probing: Promise<void> = Promise.resolve();

  const passwords: SecretSource = {
    get: async (mailbox) => memoryPasswords.get(memoryKey(mailbox)) ?? deps.secrets?.get(mailbox),
  };

  const storageFor = (mailbox: string): 'memory' | 'keychain' =>
    memoryPasswords.has(memoryKey(mailbox)) ? 'memory' : 'keychain';

  /** Connects, and for Exchange proves the credentials with a first request (the display name). */
  const openConnection = async (
    settings: AccountSettings,
    secrets: SecretSource,
    oauthConnection?: () => Promise<MailboxConnection>,
  ): Promise<MailboxConnection> => {
    // Graph chosen for a password account: nothing is sent; the window says what to do.
    if (oauthConnection === undefined && passwordAccountDecision(settings)?.protocol === null)
      throw new CredentialsMissingError(
        'Microsoft Graph takes only a Microsoft sign-in; this account signs in with a password',
        'graph-needs-oauth',
      );
    const connection =
      oauthConnection !== undefined
        ? await oauthConnection()
        : // An OAuth account reconnects from the keychain's token cache, with no password.
          settings.auth === 'oauth' && settings.mailbox !== undefined
          ? await oauth.reconnect(settings)
          : await (deps.connectMailbox ?? connectMailbox)({
              settings,
              startDemoMailbox,
              secrets,
              clock: transportClock,
              extraCa: accountSetup.extraCa(),
              timeoutMs: deps.ewsTimeoutMs,
              discovery: deps.discovery,
            });
    if (connection.account.mode !== 'exchange') return connection;
    try {
      const displayName = await verifyAccount(connection.backend);
      return {
        ...connection,
        account: { ...connection.account, displayName, signIn: 'signed-in' },
      };
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  };

  /** Beacon's presence in Teams, while the connected backend can publish it (Graph). */
  let teams: TeamsPublishing | undefined;
  const followTeams = (connection: MailboxConnection): void => {
    const publisher = connection.backend.presence;
    if (publisher === undefined || teams !== undefined) return;
    teams = startTeamsPublishing(store, publisher);
  };
  const stopTeams = async (): Promise<void> => {
    const running = teams;
    teams = undefined;
    await running?.stop();
  };

  const ensureConnection = (trigger: ContactTrigger): Promise<MailboxConnection> => {
    const decision = decideContact(blocked, trigger);
    if (decision.kind === 'refuse')
      return Promise.reject(new SignInRequiredError(decision.failure));
    const settings = store.getSnapshot().settings.account;
    connecting ??= openConnection(settings, passwords).then(
      (connection) => {
        if (connection.account.mode === 'exchange' && connection.account.auth !== 'oauth')
          connection.account.passwordStorage = storageFor(connection.account.mailbox);
        store.setAccount(connection.account);
        followTeams(connection);
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
      // Teams stops showing Beacon's presence before the connection goes (sign-out, quit).
      await stopTeams();
      await liveUpdates.disconnect(); // unsubscribes while the client can still send
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
      presence: toContractPresence(resolved, new Date(now), locale, timeZone),
    });
    scheduler.setNextChange(resolved.nextChange);
  };

  /** Nothing of an account is shown any more: presence offline, no agenda, no OOF. */
  const forgetData = (patch: SnapshotPatch = {}): void => {
    live = undefined;
    lastOof = undefined;
    haveData = false;
    // The old account's voicemail list and cached audio go with it.
    void voicemail.forget();
    // One Snapshot: the account change and Offline arrive together, so no listener ever sees
    // the new account with the old account's (or the demo's) presence.
    const idle = store.getSnapshot().presence.idle;
    store.update({
      ...patch,
      agenda: [],
      oof: null,
      timeline: null,
      voicemail: [],
      presence: { ...SIGNED_OUT_PRESENCE, idle },
    });
    recompute();
  };

  /** A failure of the shown Exchange account: credential problems close it until the user acts. */
  const onAccountFailure = (error: unknown): void => {
    const account = store.getSnapshot().account;
    if (account.mode !== 'exchange') return;
    const block = blockAfter(error);
    if (block !== undefined) blocked = block;
    if (block === undefined && !(error instanceof CredentialsMissingError)) return;
    const failure = block ?? failureFrom(error);
    void closeConnection();
    const failed: Account = { ...account, signIn: 'failed' };
    if (failure !== undefined) failed.failure = failure;
    forgetData({ account: failed });
  };

  const readMailbox = async (reason: RefreshReason): Promise<void> => {
    const connection = await ensureConnection('automatic');
    const { account } = connection;
    const windows = refreshWindows(clock.now(), timeZone);
    // What this refresh reads: a notification's targets, or an hourly check (core/live).
    liveUpdates.follow(connection);
    const parts = await liveUpdates.parts(connection, reason, windows.dayStart);
    if (!parts.oof && !parts.calendar && !parts.voicemail) return;
    const backend = liveUpdates.reader(connection, parts, windows.dayStart, lastOof);
    /** The account changed while we were asking: these answers belong to the old one. */
    const replaced = async (): Promise<boolean> =>
      connecting === undefined || (await connecting) !== connection;
    let read: [OofSettings, CalendarResult, MailboxFreeBusy[]];
    try {
      // The first read that fails fails the refresh at once and cancels the others, so a part
      // queued behind a request that never answers is never sent (read-together.ts).
      read = await readTogether<[OofSettings, CalendarResult, MailboxFreeBusy[]]>(
        [
          (signal) => backend.getOofSettings(signal),
          (signal) =>
            backend.getCalendar(
              { start: new Date(windows.dayStart), end: new Date(windows.calendarEnd) },
              signal,
            ),
          (signal) =>
            backend.getAvailability(
              {
                start: new Date(windows.dayStart),
                end: new Date(windows.dayEnd),
                timeZone,
                intervalMinutes: 15,
              },
              signal,
            ),
        ],
        endsRefresh,
      );
    } catch (error) {
      if (await replaced()) return;
      throw error;
    }
    if (await replaced()) return;
    const [oof, calendarRead, availability] = read;
    const self = availability[0];
    if (self === undefined)
      throw new MailboxError('decode', 'No free/busy for the signed-in mailbox', {
        failure: { reason: 'server-error' },
      });
    if (!self.ok) throw self.error;
    // Beyond the end of tomorrow only while the current run or the next busy start lies further.
    const items = await readCalendarAhead(backend, {
      now: clock.now(),
      mailbox: account.mailbox,
      items: calendarRead.items,
      readTo: windows.calendarEnd,
      oof: oofInputFrom(toOofSnapshot(oof)),
    });
    // After the presence reads, on its own: a voicemail failure keeps the last list and never
    // fails the presence refresh (nor puts its busy answer in their way).
    const voicemailListed =
      parts.voicemail &&
      (await voicemail.read(backend, account.mailbox).then(
        () => true,
        () => false,
      ));

    const finishedAt = new Date(clock.now()).toISOString();
    lastOof = oof;
    liveUpdates.remember(connection, windows.dayStart, calendarRead, availability);
    live = {
      mailbox: account.mailbox,
      items,
      workingHours: self.workingHours,
    };
    haveData = true;
    store.update({
      account,
      oof: toOofSnapshot(oof),
      agenda: toAgenda(items, account.mailbox, windows.dayStart, windows.dayEnd),
      timeline: toTimeline(self, windows.dayStart) ?? null,
      voicemail: voicemail.items(),
      ...(voicemailListed ? { voicemailListedAt: finishedAt } : {}),
      connection: { state: 'online', lastSuccessAt: finishedAt },
    });
    if (voicemailListed) voicemail.afterRead(backend);
    recompute();
    try {
      await cache.save(store.getSnapshot());
    } catch {
      // The cache is a convenience: a full disk must not turn a good refresh into a failure.
    }
  };

  const refresh = async (reason: RefreshReason): Promise<void> => {
    // A sign-in decides which account there is; a refresh of the old one would undo it.
    if (signingIn !== undefined) await signingIn;
    if (blocked !== undefined) throw new SignInRequiredError(blocked);
    // Signed out: there is nothing to read, and the demo must not start behind the user's back.
    if (isSignedOut(store.getSnapshot().settings.account)) return;
    const at = epoch;
    const since = markUpdating();
    try {
      await readMailbox(reason);
    } catch (error) {
      if (at === epoch) onAccountFailure(error);
      throw error;
    } finally {
      clearUpdating(since);
    }
  };

  /** "Updating… 12 s": the footer shows a refresh in flight instead of a stale "Updated". */
  const markUpdating = (): string => {
    const since = new Date(clock.now()).toISOString();
    store.setConnection({ ...store.getSnapshot().connection, updatingSince: since });
    return since;
  };

  const clearUpdating = (since: string): void => {
    // A sign-in owns the connection state until it ends (and starts it afresh).
    if (signingIn !== undefined) return;
    const current = store.getSnapshot().connection;
    if (current.updatingSince !== since) return;
    const next = { ...current };
    delete next.updatingSince;
    store.setConnection(next);
  };

  const onStatus = (status: SchedulerStatus): void => {
    if (status.refreshing || status.lastError === undefined || stopped) return;
    // A sign-in owns the connection state until it ends: the old account's failure is not news.
    if (signingIn !== undefined) return;
    // Blocked credentials: the footer already says why, from the moment they were refused.
    if (status.lastError instanceof SignInRequiredError) return;
    const current = store.getSnapshot().connection;
    store.setConnection(
      withServerPause(
        failedConnection(status.lastError, current.lastSuccessAt, status.retryAt),
        status,
      ),
    );
  };

  const scheduler = new RefreshScheduler({
    clock,
    refresh,
    onNextChange: recompute,
    onStatus,
  });

  /** Writes the OOF, then reads back what the server now holds. */
  const saveOof = async (edit: (last: OofSettings) => OofSettings): Promise<CommandResult> => {
    const at = epoch;
    try {
      if (signingIn !== undefined) await signingIn;
      const { backend } = await ensureConnection('command');
      const last = lastOof ?? (await backend.getOofSettings());
      await backend.setOofSettings(edit(last));
      const fresh = await backend.getOofSettings();
      lastOof = fresh;
      store.setOof(toOofSnapshot(fresh));
      if (haveData) recompute();
      return COMMAND_OK;
    } catch (error) {
      if (at === epoch) onAccountFailure(error);
      return commandFailureFrom(error);
    }
  };

  const switchAccount = async (settings: Settings): Promise<void> => {
    epoch += 1;
    blocked = undefined;
    await closeConnection();
    forgetData({
      account: provisionalAccount(settings.account),
      // Signed out has nothing to connect to: it is offline, not "connecting" for ever.
      connection: { state: isSignedOut(settings.account) ? 'offline' : 'connecting' },
    });
    if (started && !stopped && !isSignedOut(settings.account)) void scheduler.refreshNow();
  };

  /** `force` switches even when the settings stay (e.g. leaving a failed sign-in). */
  const updateSettings = async (patch: SettingsPatch, force = false): Promise<CommandResult> => {
    const before = store.getSnapshot().settings;
    const result = applySettingsUpdate(before, patch);
    if (!result.ok) return commandFailure('invalid-command', 'Invalid settings', result.issues);
    await settingsFile.save(result.settings);
    store.setSettings(result.settings);
    if (force || !isDeepStrictEqual(before.account, result.settings.account))
      await switchAccount(result.settings);
    // Thresholds and the locale take effect at once.
    if (haveData) recompute();
    return COMMAND_OK;
  };

  /** Where a verified password goes: the keychain when asked and working, else this run's memory. */
  const keepPassword = async (
    mailbox: string,
    password: string,
    remember: boolean,
  ): Promise<'keychain' | 'memory'> => {
    const key = memoryKey(mailbox);
    if (
      remember &&
      deps.secrets?.set !== undefined &&
      store.getSnapshot().keychain !== 'unavailable'
    ) {
      try {
        await deps.secrets.set(mailbox, password);
        memoryPasswords.delete(key);
        store.update({ keychain: 'available' });
        return 'keychain';
      } catch {
        // No Secret Service (or a locked keyring): sign-in still works, for this run.
        store.update({ keychain: 'unavailable' });
      }
    } else if (!remember && deps.secrets?.delete !== undefined) {
      // "Do not remember" also means an older remembered password must not come back later.
      await deps.secrets.delete(mailbox).catch(() => false);
    }
    memoryPasswords.set(key, password);
    return 'memory';
  };

  /** Exchange (or the authority) refused a new sign-in: the account shows why, and it is not retried. */
  const refusedSignIn = (error: unknown, pending: Account): CommandFailure => {
    const failure = failureFrom(error) ?? { reason: 'server-error' };
    blocked = failure;
    store.update({
      account: { ...pending, signIn: 'failed', failure },
      connection: failedConnection(error, undefined, undefined),
    });
    const result = commandFailureFrom(error);
    result.error.failure = failure;
    return result;
  };

  const signIn = async (command: CommandOf<'sign-in'>, at: number): Promise<CommandResult> => {
    await closeConnection();
    blocked = undefined;
    const pending: Account = {
      mode: 'exchange',
      mailbox: command.mailbox,
      displayName: command.mailbox,
      signIn: 'signing-in',
    };
    if (command.ewsUrl !== undefined) pending.ewsUrl = command.ewsUrl;
    forgetData({ account: pending, connection: { state: 'connecting' } });

    const settings = signInSettings(store.getSnapshot().settings.account, command);
    // The typed password, in memory only, until Exchange has accepted it.
    const typed: SecretSource = { get: () => Promise.resolve(command.password) };
    let connection: MailboxConnection;
    try {
      connection = await openConnection(settings, typed);
    } catch (error) {
      if (at !== epoch)
        return commandFailure('not-allowed', 'Another sign-in or sign-out replaced this one');
      return refusedSignIn(error, pending);
    }
    if (at !== epoch) {
      await connection.close();
      return commandFailure('not-allowed', 'Another sign-in or sign-out replaced this one');
    }
    // Exchange accepted the password: only now does it replace the stored one.
    const passwordStorage = await keepPassword(command.mailbox, command.password, command.remember);
    const patch = {
      account: {
        mailbox: command.mailbox,
        ewsUrl: command.ewsUrl ?? null,
        useAutodiscover: command.ewsUrl === undefined,
        // The method that worked (NTLM or Basic), remembered for the account.
        auth: connection.account.auth ?? null,
      },
    };
    const saved = applySettingsUpdate(store.getSnapshot().settings, patch);
    if (!saved.ok) {
      await connection.close();
      return commandFailure('invalid-command', 'Invalid settings', saved.issues);
    }
    await settingsFile.save(saved.settings);
    store.setSettings(saved.settings);
    const account: Account = { ...connection.account, passwordStorage };
    const verified: MailboxConnection = { ...connection, account };
    connecting = Promise.resolve(verified);
    store.setAccount(account);
    followTeams(verified);
    return COMMAND_OK;
  };

  const signInOAuth = async (
    command: CommandOf<'sign-in-oauth'>,
    at: number,
  ): Promise<CommandResult> => {
    await closeConnection();
    blocked = undefined;
    const pending: Account = {
      mode: 'exchange',
      mailbox: command.mailbox,
      displayName: command.mailbox,
      signIn: 'signing-in',
      auth: 'oauth',
    };
    if (command.ewsUrl !== undefined) pending.ewsUrl = command.ewsUrl;
    forgetData({ account: pending, connection: { state: 'connecting' } });
    const settings = store.getSnapshot().settings.account;
    let connection: MailboxConnection;
    try {
      connection = await openConnection(settings, passwords, () => oauth.signIn(command, settings));
    } catch (error) {
      store.update({ signInProgress: null });
      if (at !== epoch)
        return commandFailure('not-allowed', 'Another sign-in or sign-out replaced this one');
      if (error instanceof OAuthError && error.kind === 'cancelled') {
        // Cancel leaves things as they were: the account of the settings comes back.
        await switchAccount(store.getSnapshot().settings);
        return commandFailure('not-allowed', 'The sign-in was cancelled');
      }
      return refusedSignIn(error, pending);
    }
    if (at !== epoch) {
      await connection.close();
      return commandFailure('not-allowed', 'Another sign-in or sign-out replaced this one');
    }
    const saved = applySettingsUpdate(store.getSnapshot().settings, {
      account: {
        mailbox: command.mailbox,
        ewsUrl: connection.account.ewsUrl ?? null,
        useAutodiscover: false,
        auth: 'oauth',
        ...(connection.account.protocol === undefined
          ? {}
          : { protocol: connection.account.protocol }),
      },
    });
    if (!saved.ok) {
      await connection.close();
      return commandFailure('invalid-command', 'Invalid settings', saved.issues);
    }
    await settingsFile.save(saved.settings);
    store.setSettings(saved.settings);
    connecting = Promise.resolve(connection);
    store.setAccount(connection.account);
    followTeams(connection);
    return COMMAND_OK;
  };

  /** Runs a sign-in as the one that owns the account (refreshes wait for it). */
  const ownSignIn = async (
    attempt: (at: number) => Promise<CommandResult>,
  ): Promise<CommandResult> => {
    epoch += 1;
    const at = epoch;
    const running = attempt(at);
    const gate = running.then(
      () => undefined,
      () => undefined,
    );
    signingIn = gate;
    let result: CommandResult;
    try {
      result = await running;
    } finally {
      if (signingIn === gate) signingIn = undefined;
    }
    // Signed in: the discovery, browser and device-code steps are over.
    if (result.ok && at === epoch) store.update({ signInProgress: null });
    // The normal refresh, with the credentials Exchange just accepted.
    if (result.ok && at === epoch && started && !stopped) await scheduler.refreshNow();
    return result;
  };

  const signOut = async (): Promise<CommandResult> => {
    const mailbox = store.getSnapshot().settings.account.mailbox;
    if (mailbox !== undefined && store.getSnapshot().settings.account.auth === 'oauth') {
      // The token cache and its keychain entry go; the close below ends the session in use.
      await closeConnection();
      try {
        await oauth.forget(mailbox);
      } catch (error) {
        if (isKeychainRefusal(error)) {
          await updateSettings(
            { account: { mailbox: null, ewsUrl: null, useAutodiscover: true, demo: false } },
            true,
          );
          const failure = commandFailure(
            'server-error',
            `Signed out, but the sign-in could not be removed from the keychain: ${errorText(error)}`,
          );
          failure.error.failure = { reason: 'keychain-unavailable' };
          return failure;
        }
      }
    }
    const shown = store.getSnapshot().account;
    const plan = keychainForgetPlan({
      mailbox,
      canDelete: deps.secrets?.delete !== undefined,
      keychain: store.getSnapshot().keychain,
      keptInMemory: mailbox !== undefined && memoryPasswords.has(memoryKey(mailbox)),
    });
    // A password kept in memory is forgotten here, whatever the keychain does.
    for (const address of [mailbox, shown.mode === 'exchange' ? shown.mailbox : undefined])
      if (address !== undefined) memoryPasswords.delete(memoryKey(address));
    let keychainError: unknown;
    if (plan !== 'skip' && mailbox !== undefined && deps.secrets?.delete !== undefined) {
      try {
        await deps.secrets.delete(mailbox);
      } catch (error) {
        if (plan === 'required' && isKeychainRefusal(error)) keychainError = error;
      }
    }
    // Signed out whatever the keychain says: the user asked to leave this account.
    const result = await updateSettings(
      { account: { mailbox: null, ewsUrl: null, useAutodiscover: true, demo: false } },
      true,
    );
    if (!result.ok || keychainError === undefined) return result;
    const failure = commandFailure(
      'server-error',
      `Signed out, but the password could not be removed from the keychain: ${errorText(keychainError)}`,
    );
    failure.error.failure = { reason: 'keychain-unavailable' };
    return failure;
  };

  const im = createImService({
    store,
    clock,
    dataDir: deps.dataDir,
    locale: () => deps.locale,
    timeZone: () => timeZone,
    mailboxBackend: async () => {
      if (isSignedOut(store.getSnapshot().settings.account)) return undefined;
      if (signingIn !== undefined) await signingIn;
      // A refresh under way finds out first whether Exchange answers at all. While its last
      // refresh found no answer (a deadline, no network), contacts keep their last calendar facts
      // rather than queue requests that would each wait out the same deadline, ahead of the
      // user's next Refresh; the next successful refresh lets them ask again.
      await scheduler.whenIdle();
      const { lastError } = scheduler.status;
      if (lastError !== undefined && isNetworkFailure(lastError)) return undefined;
      return (await ensureConnection('automatic')).backend;
    },
    updateSettings: (patch) => updateSettings(patch),
    ...(deps.secrets === undefined ? {} : { secrets: deps.secrets }),
    createProvider: deps.createImProvider ?? xmppProvider,
    demoContacts: async () => (await import('../../sim/seed.js')).DEMO_CONTACTS,
    extraCa: () => accountSetup.extraCa(),
    ...(deps.log === undefined ? {} : { log: deps.log }),
  });

  // Sharing presence with other apps: refused until its service is wired in.
  const sharingNotReady = (): Promise<CommandResult> =>
    Promise.resolve(commandFailure('not-allowed', 'Sharing presence is not available yet'));

  // Presence for other apps (local API, webhooks, MQTT): one service runs them from the settings.
  const sharing = createSharingService({
    store,
    dataDir: deps.dataDir,
    now: () => new Date(clock.now()),
    // Through the same path as the window's commands (validated there).
    execute: (command) => execute(command),
    secrets: sharingSecrets(deps.secrets),
    log: deps.log,
    parts: {
      api: createPresenceApiPart,
      // Lights and brokers are reached with the same trusted CA list as Exchange.
      webhooks: (context) => createWebhookPart(context, { extraCa: () => accountSetup.extraCa() }),
      mqtt: (context) => createMqttPart(context, { extraCa: () => accountSetup.extraCa() }),
    },
  });
  const sharingHandlers = sharing.handlers;
  const sharingCommand = <
    T extends
      | 'regenerate-presence-api-token'
      | 'reveal-presence-api-token'
      | 'set-webhook-secret'
      | 'test-webhook'
      | 'set-mqtt-password',
  >(
    type: T,
  ): CommandHandlers[T] => sharingHandlers[type] ?? sharingNotReady;

  const handlers: CommandHandlers = {
    'regenerate-presence-api-token': sharingCommand('regenerate-presence-api-token'),
    'reveal-presence-api-token': sharingCommand('reveal-presence-api-token'),
    'set-webhook-secret': sharingCommand('set-webhook-secret'),
    'test-webhook': sharingCommand('test-webhook'),
    'set-mqtt-password': sharingCommand('set-mqtt-password'),
    'set-manual-status': (command) => {
      const now = new Date(clock.now());
      const expiresAt = manualExpiry(command.expiry, now, timeZone);
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
      if (signingIn !== undefined) await signingIn;
      // Refused credentials are not sent again, whoever asks (no lockout storms).
      const decision = decideContact(blocked, 'user');
      if (decision.kind === 'refuse')
        return commandFailureFrom(new SignInRequiredError(decision.failure));
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
    'sign-in': (command) => ownSignIn((at) => signIn(command, at)),
    'sign-in-oauth': (command) => {
      accountSetup.cancelDiscovery();
      return ownSignIn((at) => signInOAuth(command, at));
    },
    'sign-out': () => {
      accountSetup.cancelDiscovery();
      oauth.cancel();
      return signOut();
    },
    'use-demo': () =>
      updateSettings(
        { account: { mailbox: null, ewsUrl: null, useAutodiscover: true, demo: true } },
        true,
      ),
    ...voicemailHandlers(voicemail),
    ...im.handlers,
    'open-message-link': async (command) => {
      const conversation = store.getSnapshot().conversations.find((c) => c.with === command.with);
      const message = conversation?.messages.find((m) => m.id === command.messageId);
      if (message === undefined) return commandFailure('not-found', 'No such message');
      if (!message.body.includes(command.url))
        return commandFailure('not-allowed', 'The message does not hold this link');
      if (!isOpenableJoinUrl(command.url))
        return commandFailure('not-allowed', 'Only https links are opened');
      await deps.openExternal(command.url);
      return COMMAND_OK;
    },
    'discover-account': (command) => accountSetup['discover-account'](command),
    'trust-ca': (command) => accountSetup['trust-ca'](command),
    // Discovery's steps, or a browser or device-code sign-in waiting for the user.
    'cancel-sign-in': () => {
      const discovery = accountSetup.cancelDiscovery();
      const oauthFlow = oauth.cancel();
      return Promise.resolve(
        discovery || oauthFlow
          ? COMMAND_OK
          : commandFailure('not-allowed', 'No sign-in is in progress'),
      );
    },
  };

  const setViewer = (viewer: unknown): void => {
    const parsed = ViewerSchema.safeParse(viewer);
    if (!parsed.success) throw new RangeError('Invalid viewer: an IANA time zone is required');
    const zone = parsed.data.timeZone;
    if (zone === timeZone) return;
    const now = clock.now();
    // Another midnight (a new date, or the same date starting at another instant) is another
    // window to read: the agenda, the timeline and the calendar read all start there.
    const dayChanged =
      refreshWindows(now, zone).dayStart !== refreshWindows(now, timeZone).dayStart;
    timeZone = zone;
    // The activity line is formatted in the viewer's zone; "today" may now be another day.
    if (haveData) recompute();
    if (dayChanged && started && !stopped) void scheduler.refreshNow();
  };

  // The keychain's state, asked once at start; a sign-in corrects it if a call fails later.
  const probeKeychain = async (): Promise<void> => {
    const source = deps.secrets;
    let state: 'available' | 'unavailable';
    if (source === undefined || source.set === undefined) state = 'unavailable';
    else if (source.probe === undefined) state = 'available';
    else state = (await source.probe().catch(() => false)) ? 'available' : 'unavailable';
    if (!stopped) store.update({ keychain: state });
  };

  const execute = async (input: unknown): Promise<CommandResult> => {
    const parsed = parseCommand(input);
    if (!parsed.ok) return parsed;
    try {
      return await dispatchCommand(handlers, parsed.command);
    } catch (error) {
      return commandFailure('internal', error instanceof Error ? error.message : String(error));
    }
  };

  return {
    voicemailAudio: voicemail.audio,
    getSnapshot: () => store.getSnapshot(),
    setViewer,
    subscribe: (listener) =>
      store.subscribe((snapshot) => {
        listener(snapshot);
      }),
    execute,
    start: () => {
      if (started || stopped) return;
      started = true;
      probing = probeKeychain();
      if (isSignedOut(store.getSnapshot().settings.account)) {
        store.update({ connection: { state: 'offline' } });
        if (haveData) forgetData();
      }
      scheduler.start();
      im.start();
      sharing.start();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      voicemail.stop();
      await scheduler.whenIdle();
      await voicemail.whenIdle();
      await im.stop();
      await sharing.stop();
      await closeConnection();
    },
    refreshNow: () => scheduler.refreshNow(),
    notifyIdleChanged: () => {
      if (haveData) recompute();
    },
    notifyResume: () => {
      scheduler.notifyResume();
      liveUpdates.wake();
    },
    notifyUnlock: () => {
      scheduler.notifyUnlock();
      liveUpdates.wake();
    },
    notifyNetworkBack: () => {
      scheduler.notifyNetworkBack();
      liveUpdates.wake();
    },
    wake: (reason) => {
      if (reason === 'resume') scheduler.notifyResume();
      else if (reason === 'unlock') scheduler.notifyUnlock();
      else scheduler.notifyNetworkBack();
      liveUpdates.wake();
    },
    whenIdle: async () => {
      await probing;
      await scheduler.whenIdle();
      await voicemail.whenIdle();
      await im.whenIdle();
      await sharing.whenIdle();
    },
    onNotice: (listener) => im.onNotice(listener),
    setWindowVisible: (visible) => {
      im.setWindowVisible(visible);
    },
  };
}

/** The keychain for sharing's secrets (webhook and MQTT), by name; none when it cannot write. */
function sharingSecrets(source: SecretSource | undefined): SharingSecrets | undefined {
  if (source?.set === undefined || source.delete === undefined) return undefined;
  return {
    get: (name) => source.get(name),
    set: (name, secret) => source.set?.(name, secret) ?? Promise.resolve(),
    delete: (name) => source.delete?.(name) ?? Promise.resolve(false),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
