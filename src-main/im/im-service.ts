/**
 * The core side of IM: contacts (roster, live or calendar-derived presence, alerts), chat
 * (conversations, receipts, typing, unread), my presence published to the network, finished
 * conversations saved to Exchange, and the missed-message e-mail. It speaks only the ImProvider
 * seam: the demo provider for the demo mailbox, the XMPP provider (from an injected factory)
 * once the user signs in to IM. The companion creates it and hands it the commands.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { MailboxBackend } from '../mailbox/backend.js';
import { writeFileAtomic } from '../core/atomic-file.js';
import {
  COMMAND_OK,
  commandFailure,
  type CommandHandlers,
  type CommandResult,
  type Failure,
  type ImStatus,
  type Presence,
  type Settings,
  type SettingsPatch,
  type Snapshot,
  type SubscriptionRequest,
} from '../core/contract.js';
import type { Notice } from '../core/reminders/notice.js';
import type { SchedulerClock } from '../core/scheduler.js';
import type { SnapshotStore } from '../core/store.js';
import { planContactAlerts } from './contacts/alert-plan.js';
import { CalendarPresenceSource, DEFAULT_CALENDAR_TTL_MS } from './contacts/calendar-source.js';
import type { CalendarFacts } from './contacts/contact-presence.js';
import { buildContacts, mailboxOf, type ContactMeta } from './contacts/contact-list.js';
import { TeamsPresenceSource, type TeamsByMailbox } from './contacts/teams-source.js';
import {
  closed,
  earlier,
  markRead,
  markSaved,
  receipt,
  received,
  sending,
  sendSettled,
  toSnapshotConversations,
  typing,
  unsaved,
  type ConversationState,
} from './chat/conversations.js';
import { isDemoPeer } from './demo/demo-provider.js';
import { HistorySaver } from './chat/history-saver.js';
import { buildTranscript } from './chat/transcript.js';
import {
  conversationRead,
  INITIAL_MISSED,
  markMailed,
  messageArrived,
  planMissed,
  presenceChanged,
  type MissedState,
} from './relay/missed-plan.js';
import { RelayError, sendRelayMail, verifyRelay } from './relay/smtp-relay.js';
import type { DemoContact } from './demo/demo-provider.js';
import type {
  ImConnectionState,
  ImFailure,
  ImPresence,
  ImProvider,
  MyPresence,
  RosterEntry,
} from './provider.js';

/** The commands this service answers. */
export type ImHandlers = Pick<
  CommandHandlers,
  | 'im-sign-in'
  | 'im-sign-out'
  | 'add-contact'
  | 'remove-contact'
  | 'answer-subscription'
  | 'set-contact-alert'
  | 'send-message'
  | 'set-chat-state'
  | 'mark-conversation-read'
  | 'close-conversation'
  | 'load-earlier-messages'
  | 'set-smtp-password'
>;

/** The mailbox calls IM needs. */
export type ImMailbox = Pick<
  MailboxBackend,
  | 'limits'
  | 'getAvailability'
  | 'getMailTips'
  | 'resolveNames'
  | 'saveConversation'
  | 'teamsPresence'
>;

/** What the XMPP provider is created from (the password is handed over, never stored there). */
export interface ImProviderConfig {
  address: string;
  password: string;
  server?: string;
  port?: number;
  directTls: boolean;
  extraCa?: string;
  /**
   * The companion's clock, which stamps a message that arrives without the server's delay stamp
   * (as every live one does); the provider's default is the system clock.
   */
  now?: () => Date;
}

export type ImProviderFactory = (config: ImProviderConfig) => ImProvider | Promise<ImProvider>;

export interface ImSecretSource {
  get(account: string): Promise<string | undefined>;
  set?(account: string, secret: string): Promise<void>;
  delete?(account: string): Promise<boolean>;
}

export interface ImServiceDeps {
  store: SnapshotStore;
  clock: SchedulerClock;
  dataDir: string;
  locale: () => string;
  timeZone: () => string;
  /** The mailbox of the shown account (demo or Exchange), or undefined when there is none. */
  mailboxBackend: () => Promise<ImMailbox | undefined>;
  /** Saves a settings change (the companion's update-settings). */
  updateSettings: (patch: SettingsPatch) => Promise<CommandResult>;
  secrets?: ImSecretSource;
  /** Creates the XMPP provider; absent: IM sign-in is refused as not available. */
  createProvider?: ImProviderFactory;
  /** The demo mailbox's contact list (its seeded colleagues). */
  demoContacts?: () => Promise<readonly DemoContact[]>;
  /**
   * A private root CA (PEM) for the XMPP server and the SMTP relay; a function when it can
   * change while running (the CA the user trusts in Settings).
   */
  extraCa?: string | (() => string | undefined);
  /** How long calendar-derived presence is kept; default 3 minutes. */
  calendarTtlMs?: number;
  /** How long a demo bot types; default 1.2 s. */
  demoReplyDelayMs?: number;
  log?: (line: string) => void;
}

export interface ImService {
  readonly handlers: ImHandlers;
  start(): void;
  stop(): Promise<void>;
  /** Notices for the shell (contact available, a message while hidden, held messages). */
  onNotice(listener: (notice: Notice) => void): () => void;
  /** The window was shown (true) or hidden. */
  setWindowVisible(visible: boolean): void;
  /** Reads calendar-derived presence for the contacts not online on IM (cached). */
  refreshContacts(): Promise<void>;
  whenIdle(): Promise<void>;
}

/** A conversation ends after this much silence and is saved to Conversation History. */
export const CONVERSATION_IDLE_MS = 10 * 60_000;
/** How many earlier messages one `load-earlier-messages` adds. */
export const EARLIER_PAGE = 100;
const SIGN_IN_WAIT_MS = 30_000;

const MetaFileSchema = z.record(
  z.string().max(320),
  z.object({ mailbox: z.string().max(320).optional(), alert: z.boolean().optional() }),
);
const META_FILE = 'im-contacts.json';

export const xmppAccount = (address: string): string => `xmpp:${address.trim().toLowerCase()}`;
export const smtpAccount = (host: string, user: string): string =>
  `smtp:${host.trim().toLowerCase()}:${user.trim()}`;

function imFailure(failure: ImFailure | undefined): Failure {
  if (failure === undefined) return { reason: 'server-error' };
  const out: Failure = { reason: failure.reason };
  if (failure.host !== undefined) out.host = failure.host.slice(0, 253);
  return out;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function bare(address: string): string {
  return address.trim().toLowerCase();
}

function myPresenceOf(p: Presence): MyPresence {
  const out: MyPresence = {
    availability: p.availability,
    statusText: p.note !== '' ? p.note : p.activityText,
    activityText: p.activityText,
    oof: p.oof,
    idle: p.idle,
  };
  if ('until' in p.activity) out.until = new Date(p.activity.until);
  return out;
}

export function createImService(deps: ImServiceDeps): ImService {
  const { store, clock } = deps;
  const log = deps.log ?? (() => undefined);
  /** The CA list now (the user may trust or remove one while running). */
  const currentCa = (): string | undefined =>
    typeof deps.extraCa === 'function' ? deps.extraCa() : deps.extraCa;
  const withCa = (): { extraCa?: string } => {
    const ca = currentCa();
    return ca === undefined ? {} : { extraCa: ca };
  };
  const calendar = new CalendarPresenceSource({
    now: () => clock.now(),
    ttlMs: deps.calendarTtlMs ?? DEFAULT_CALENDAR_TTL_MS,
    timeZone: deps.timeZone,
  });
  const teamsSource = new TeamsPresenceSource({
    now: () => clock.now(),
    ttlMs: deps.calendarTtlMs ?? DEFAULT_CALENDAR_TTL_MS,
  });
  const history = new HistorySaver({
    dataDir: deps.dataDir,
    clock,
    client: deps.mailboxBackend,
    log,
  });
  const noticeListeners = new Set<(notice: Notice) => void>();
  const memoryPasswords = new Map<string, string>();

  let provider: ImProvider | undefined;
  let providerKind: 'demo' | 'xmpp' | undefined;
  /** The demo network while it is the provider: told when the window's language changes. */
  let demoNetwork: { setLocale(locale: string): void } | undefined;
  let unlisten: (() => void)[] = [];
  let roster: RosterEntry[] = [];
  let live = new Map<string, ImPresence>();
  let facts = new Map<string, CalendarFacts>();
  let teams: TeamsByMailbox = new Map();
  let meta: Record<string, ContactMeta> = {};
  let metaLoaded: Promise<void> | undefined;
  let conversations = new Map<string, ConversationState>();
  let requests: SubscriptionRequest[] = [];
  let alertMemory = new Map<string, Presence['availability']>();
  let missed: MissedState = INITIAL_MISSED;
  let windowVisible = false;
  let held: { from: string; name: string }[] = [];
  let lastPublished: string | undefined;
  let publishQueued = false;
  let started = false;
  let stopped = false;
  let refreshTimer: (() => void) | undefined;
  let missedTimer: (() => void) | undefined;
  const idleTimers = new Map<string, () => void>();
  let pending = new Set<Promise<unknown>>();
  let unsubscribeStore: (() => void) | undefined;
  let localSeq = 0;
  /** The last relay failure, for the log and the next set-smtp-password answer. */
  let relayError: RelayError | undefined;

  /** Started and not stopped (a function: awaits in between may change either). */
  const running = (): boolean => started && !stopped;

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => undefined);
    return promise;
  };

  const notify = (notice: Notice): void => {
    for (const listener of noticeListeners) {
      try {
        listener(notice);
      } catch (error) {
        log(`notice: ${errorText(error)}`);
      }
    }
  };

  const context = (): { now: Date; locale: string; timeZone: string } => ({
    now: new Date(clock.now()),
    locale: store.getSnapshot().settings.locale ?? deps.locale(),
    timeZone: deps.timeZone(),
  });

  const nameOf = (address: string): string =>
    store.getSnapshot().contacts.find((c) => c.address === address)?.name ??
    roster.find((r) => r.address === address)?.name ??
    address;

  // ------------------------------------------------------------------------------------------
  // Persistence of per-contact choices

  const loadMeta = (): Promise<void> => {
    metaLoaded ??= (async () => {
      try {
        const parsed = MetaFileSchema.safeParse(
          JSON.parse(await readFile(path.join(deps.dataDir, META_FILE), 'utf8')),
        );
        if (parsed.success) meta = parsed.data;
      } catch {
        // None yet.
      }
    })();
    return metaLoaded;
  };

  const saveMeta = async (): Promise<void> => {
    await writeFileAtomic(path.join(deps.dataDir, META_FILE), JSON.stringify(meta));
  };

  // ------------------------------------------------------------------------------------------
  // The Snapshot

  let contactsQueued = false;

  /** Changes in one turn (a burst of presence) are one rebuild and one Snapshot. */
  const publishContacts = (): void => {
    if (contactsQueued) return;
    contactsQueued = true;
    queueMicrotask(() => {
      contactsQueued = false;
      rebuildContacts();
    });
  };

  const rebuildContacts = (): void => {
    if (stopped) return;
    const contacts = buildContacts({
      roster,
      live,
      facts,
      teams,
      meta,
      isDemoPeer: (address) => providerKind === 'demo' && isDemoPeer(address),
      context: context(),
    });
    store.update({ contacts, subscriptionRequests: requests });
    const plan = planContactAlerts(store.getSnapshot().contacts, alertMemory, clock.now());
    alertMemory = plan.memory;
    for (const notice of plan.due) notify(notice);
  };

  const publishConversations = (): void => {
    if (stopped) return;
    store.update({ conversations: toSnapshotConversations(conversations) });
  };

  const setIm = (im: ImStatus): void => {
    if (!stopped) store.update({ im });
  };

  // ------------------------------------------------------------------------------------------
  // Contacts

  const scheduleRefresh = (): void => {
    refreshTimer?.();
    const ttl = deps.calendarTtlMs ?? DEFAULT_CALENDAR_TTL_MS;
    refreshTimer = clock.setTimer(clock.now() + ttl, () => {
      refreshTimer = undefined;
      void track(refreshContacts());
    });
  };

  let contactsRun: Promise<void> | undefined;
  let contactsAgain = false;
  /** Read through a function: another caller may set it while a read awaits. */
  const again = (): boolean => contactsAgain;

  /** One read at a time; asks made meanwhile become one more read after it (no duplicates). */
  const refreshContacts = (): Promise<void> => {
    if (contactsRun !== undefined) {
      contactsAgain = true;
      return contactsRun;
    }
    contactsRun = (async () => {
      try {
        do {
          contactsAgain = false;
          await readContacts();
        } while (again() && !stopped);
      } finally {
        contactsRun = undefined;
      }
    })();
    return contactsRun;
  };

  const readContacts = async (): Promise<void> => {
    if (stopped) return;
    await loadMeta();
    const demoPeer = (a: string): boolean => providerKind === 'demo' && isDemoPeer(a);
    const everyone = roster
      .map((entry) => mailboxOf(entry, meta, demoPeer))
      .filter((m): m is string => m !== undefined);
    // Everyone's free/busy and automatic reply, cached: IM speaks for those online, and the
    // calendar is ready the moment one goes offline; xa + a known OOF needs the reply anyway.
    if (everyone.length > 0) {
      const client = await deps.mailboxBackend().catch(() => undefined);
      if (client !== undefined) {
        try {
          const read = await calendar.refresh(client, {
            availability: everyone,
            mailTips: everyone,
          });
          facts = new Map([...facts, ...read]);
        } catch (error) {
          log(`contacts: ${errorText(error)}`);
        }
        if (calendar.lastError !== undefined) log(`contacts: ${errorText(calendar.lastError)}`);
        // Teams (Graph accounts): one read for everyone, on the same cadence; EWS has none.
        teams = await teamsSource.refresh(client.teamsPresence, everyone);
        if (teamsSource.lastError !== undefined)
          log(`contacts' Teams presence: ${errorText(teamsSource.lastError)}`);
      }
    }
    publishContacts();
    if (running()) scheduleRefresh();
  };

  // ------------------------------------------------------------------------------------------
  // Conversations

  const armIdleEnd = (peer: string): void => {
    idleTimers.get(peer)?.();
    const c = conversations.get(peer);
    if (c === undefined) return;
    idleTimers.set(
      peer,
      clock.setTimer(c.lastActivity + CONVERSATION_IDLE_MS, () => {
        idleTimers.delete(peer);
        const now = conversations.get(peer);
        if (now === undefined) return;
        // A message came in meanwhile: the conversation goes on.
        if (clock.now() - now.lastActivity < CONVERSATION_IDLE_MS) {
          armIdleEnd(peer);
          return;
        }
        void track(saveSegment(peer));
      }),
    );
  };

  /** Saves the part of the conversation not saved yet, once. */
  const saveSegment = async (peer: string): Promise<void> => {
    const c = conversations.get(peer);
    if (c === undefined) return;
    const segment = unsaved(c);
    if (segment.length === 0) return;
    conversations = markSaved(conversations, peer, new Set(segment.map((m) => m.id)));
    const snapshot = store.getSnapshot();
    if (!snapshot.settings.im.saveHistory) return;
    if (snapshot.account.mode === 'signed-out') return;
    const first = segment[0];
    if (first === undefined) return;
    const peerName = nameOf(peer);
    const myName = snapshot.account.displayName;
    const { locale, timeZone } = context();
    const transcript = buildTranscript({
      peerName,
      peerAddress: peer,
      myName,
      messages: segment,
      locale,
      timeZone,
    });
    const me = snapshot.account.mailbox;
    const to = [{ email: peer, name: peerName }];
    await history.enqueue({
      id: `${peer}|${first.at}|${first.id}`,
      subject: transcript.subject,
      html: transcript.html,
      to,
      ...(me === '' ? {} : { from: { email: me, name: myName } }),
    });
  };

  const onMessage = (message: {
    id: string;
    from: string;
    body: string;
    at: Date;
    direction: 'in' | 'out';
    archived: boolean;
  }): void => {
    const peer = bare(message.from);
    if (peer === '' || message.archived) return;
    const now = clock.now();
    const before = conversations.get(peer);
    conversations = received(conversations, peer, message, now);
    const after = conversations.get(peer);
    // A repeat (same id) changes nothing.
    if (after === undefined || after.messages.length === before?.messages.length) return;
    publishConversations();
    armIdleEnd(peer);
    if (message.direction !== 'in') return;
    const mine = store.getSnapshot().presence.availability;
    if (!windowVisible) {
      const name = nameOf(peer);
      if (mine === 'do-not-disturb') held.push({ from: peer, name });
      else
        notify({
          kind: 'message',
          id: `message:${peer}:${message.id}`,
          from: peer,
          name,
          preview: message.body,
        });
    }
    missed = messageArrived(missed, peer, now);
    planMissedMail();
  };

  // ------------------------------------------------------------------------------------------
  // Missed-message e-mail

  const planMissedMail = (): void => {
    missedTimer?.();
    missedTimer = undefined;
    const settings = store.getSnapshot().settings;
    if (!settings.im.missedMessageEmail || stopped) return;
    const plan = planMissed(missed, clock.now(), settings.im.missedMessageMinutes);
    for (const peer of plan.due) {
      missed = markMailed(missed, peer);
      void track(sendMissedMail(peer));
    }
    if (plan.nextCheckAt !== undefined)
      missedTimer = clock.setTimer(plan.nextCheckAt, () => {
        missedTimer = undefined;
        planMissedMail();
      });
  };

  const relayConfig = async (
    settings: Settings,
    password?: string,
  ): Promise<{ host: string; port: number; user: string; password: string } | undefined> => {
    const { host, user, port } = settings.smtp;
    if (host === undefined || user === undefined) return undefined;
    const secret = password ?? (await passwordFor(smtpAccount(host, user)));
    if (secret === undefined) return undefined;
    return { host, port, user, password: secret };
  };

  const sendMissedMail = async (peer: string): Promise<void> => {
    const snapshot = store.getSnapshot();
    const c = conversations.get(peer);
    if (c === undefined || c.unread === 0) return;
    const to = snapshot.account.mailbox;
    const config = await relayConfig(snapshot.settings);
    if (config === undefined || to === '') {
      log('missed messages: no relay (or no relay password) is set; no e-mail sent');
      return;
    }
    const name = nameOf(peer);
    const unread = c.messages.filter((m) => m.direction === 'in' && m.state !== 'displayed');
    const { locale, timeZone } = context();
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
    const text = [
      `${name} (${peer}) sent you ${unread.length} ${unread.length === 1 ? 'message' : 'messages'} while you were away:`,
      '',
      ...unread.map((m) => `${time.format(Date.parse(m.at))}  ${m.body}`),
    ].join('\n');
    try {
      await sendRelayMail(
        { ...config, ...withCa() },
        {
          from: snapshot.settings.smtp.from ?? to,
          to,
          subject: `Missed messages from ${name}`,
          text,
        },
      );
      relayError = undefined;
    } catch (error) {
      relayError =
        error instanceof RelayError ? error : new RelayError('rejected', errorText(error));
      log(`missed messages: ${relayError.message}`);
    }
  };

  // ------------------------------------------------------------------------------------------
  // Presence publishing and my presence's effects

  const onMyPresence = (snapshot: Snapshot, previous: Snapshot | undefined): void => {
    const now = snapshot.presence;
    const before = previous?.presence;
    if (before !== undefined && before.availability !== now.availability) {
      missed = presenceChanged(missed, now.availability);
      if (before.availability === 'do-not-disturb' && held.length > 0) {
        const names = [...new Set(held.map((h) => h.name).reverse())];
        notify({
          kind: 'held-messages',
          id: `held:${new Date(clock.now()).toISOString()}`,
          messages: held.length,
          names,
        });
        held = [];
      }
      planMissedMail();
    }
    if (before === now) return;
    if (publishQueued) return;
    publishQueued = true;
    // Several store updates in one turn are one change on the network.
    queueMicrotask(() => {
      publishQueued = false;
      const mine = myPresenceOf(store.getSnapshot().presence);
      const key = JSON.stringify(mine);
      if (key === lastPublished || provider === undefined) return;
      lastPublished = key;
      void track(
        provider.publish(mine).catch((error: unknown) => {
          lastPublished = undefined;
          log(`publish: ${errorText(error)}`);
        }),
      );
    });
  };

  // ------------------------------------------------------------------------------------------
  // Providers

  const detach = async (): Promise<void> => {
    for (const off of unlisten) off();
    unlisten = [];
    const old = provider;
    provider = undefined;
    providerKind = undefined;
    demoNetwork = undefined;
    lastPublished = undefined;
    roster = [];
    live = new Map();
    requests = [];
    if (old !== undefined) await old.disconnect().catch(() => undefined);
  };

  const attach = (next: ImProvider, kind: 'demo' | 'xmpp', address?: string): void => {
    provider = next;
    providerKind = kind;
    const own = (): boolean => provider === next;
    unlisten = [
      next.on('state', (state: ImConnectionState, failure?: ImFailure, retryAt?: Date) => {
        if (!own()) return;
        // The demo peers are no IM account: the status stays "off" (not configured).
        const im: ImStatus = kind === 'demo' ? { state: 'off' } : { state };
        if (address !== undefined) im.address = address;
        if (kind === 'xmpp' && state === 'failed') im.failure = imFailure(failure);
        if (kind === 'xmpp' && state === 'offline' && retryAt !== undefined)
          im.retryAt = retryAt.toISOString();
        setIm(im);
        if (state === 'online') {
          lastPublished = undefined;
          onMyPresence(store.getSnapshot(), undefined);
        }
        if (state === 'offline' || state === 'failed') {
          live = new Map();
          void track(refreshContacts());
        }
      }),
      next.on('roster', (entries) => {
        if (!own()) return;
        roster = entries.map((e) => ({ ...e, address: bare(e.address) }));
        void track(refreshContacts());
      }),
      next.on('presence', (address, presence) => {
        if (!own()) return;
        const key = bare(address);
        const wasOnline = live.has(key);
        if (presence === undefined || presence.availability === 'offline') live.delete(key);
        else live.set(key, presence);
        // Going offline on IM: their calendar speaks again (read if not cached).
        if (wasOnline && !live.has(key)) void track(refreshContacts());
        else publishContacts();
      }),
      next.on('subscriptionRequest', (address, name) => {
        if (!own()) return;
        const key = bare(address);
        if (requests.some((r) => r.address === key)) return;
        const request: SubscriptionRequest = { address: key };
        if (name !== undefined) request.name = name.slice(0, 256);
        requests = [...requests, request];
        publishContacts();
      }),
      next.on('message', (message) => {
        if (own()) onMessage(message);
      }),
      next.on('chatState', (from, state) => {
        if (!own()) return;
        conversations = typing(conversations, bare(from), state);
        publishConversations();
      }),
      next.on('receipt', (from, messageId, kind) => {
        if (!own()) return;
        conversations = receipt(conversations, bare(from), messageId, kind);
        publishConversations();
      }),
    ];
    void next.setClientActive(windowVisible).catch(() => undefined);
  };

  const startDemo = async (): Promise<void> => {
    const contacts = (await deps.demoContacts?.()) ?? [];
    const { DemoImProvider } = await import('./demo/demo-provider.js');
    if (stopped) return;
    const demo = new DemoImProvider({
      clock,
      contacts,
      locale: context().locale,
      ...(deps.demoReplyDelayMs === undefined ? {} : { replyDelayMs: deps.demoReplyDelayMs }),
    });
    attach(demo, 'demo');
    demoNetwork = demo;
    await demo.connect();
  };

  const passwordFor = async (account: string): Promise<string | undefined> =>
    memoryPasswords.get(account) ?? (await deps.secrets?.get(account).catch(() => undefined));

  /** Waits for the first online or failed state (or the deadline). */
  const firstOutcome = (
    next: ImProvider,
  ): Promise<{ state: ImConnectionState; failure?: ImFailure }> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve({ state: 'offline' });
      }, SIGN_IN_WAIT_MS);
      timer.unref();
      const off = next.on('state', (state, failure) => {
        if (state !== 'online' && state !== 'failed') return;
        off();
        clearTimeout(timer);
        resolve(failure === undefined ? { state } : { state, failure });
      });
    });

  const connectXmpp = async (
    settings: Settings['im'],
    password: string,
  ): Promise<{ state: ImConnectionState; failure?: ImFailure }> => {
    const address = settings.address;
    if (address === undefined || deps.createProvider === undefined)
      return { state: 'failed', failure: { reason: 'server-error' } };
    await detach();
    const config: ImProviderConfig = {
      address,
      password,
      directTls: settings.directTls,
      now: () => new Date(clock.now()),
    };
    if (settings.server !== undefined) config.server = settings.server;
    if (settings.port !== undefined) config.port = settings.port;
    const ca = currentCa();
    if (ca !== undefined) config.extraCa = ca;
    const next = await deps.createProvider(config);
    setIm({ state: 'connecting', address });
    attach(next, 'xmpp', address);
    const outcome = firstOutcome(next);
    void next.connect().catch((error: unknown) => {
      log(`im: ${errorText(error)}`);
    });
    return await outcome;
  };

  /** The provider the settings and the account call for. */
  const reconcile = async (): Promise<void> => {
    const snapshot = store.getSnapshot();
    const im = snapshot.settings.im;
    if (snapshot.account.mode === 'signed-out') {
      await detach();
      setIm({ state: 'off' });
      publishContacts();
      return;
    }
    if (im.enabled && im.address !== undefined && deps.createProvider !== undefined) {
      if (providerKind === 'xmpp') return;
      const password = await passwordFor(xmppAccount(im.address));
      if (password === undefined) {
        setIm({ state: 'failed', address: im.address, failure: { reason: 'no-password' } });
      } else {
        await connectXmpp(im, password);
        return;
      }
    }
    if (snapshot.account.mode === 'demo') {
      if (providerKind === 'demo') return;
      await detach();
      await startDemo();
      return;
    }
    if (providerKind !== undefined) await detach();
    if (!(im.enabled && im.address !== undefined)) setIm({ state: 'off' });
    publishContacts();
  };

  // ------------------------------------------------------------------------------------------
  // Commands

  const needProvider = (): CommandResult | undefined =>
    provider === undefined
      ? commandFailure('not-allowed', 'Sign in to instant messaging first')
      : undefined;

  const handlers: ImHandlers = {
    'im-sign-in': async (command) => {
      if (deps.createProvider === undefined)
        return commandFailure('not-allowed', 'Instant messaging is not available in this build');
      const address = bare(command.address);
      if (!/^[^@\s]+@[^@\s]+$/.test(address))
        return commandFailure('invalid-command', 'An IM address has the form name@domain', [
          { path: 'address', message: 'name@domain' },
        ]);
      const im: Settings['im'] = {
        ...store.getSnapshot().settings.im,
        enabled: true,
        address,
      };
      if (command.server !== undefined) im.server = command.server;
      else delete im.server;
      if (command.port !== undefined) im.port = command.port;
      else delete im.port;
      const outcome = await connectXmpp(im, command.password);
      if (outcome.state === 'failed') {
        await detach();
        const failure = imFailure(outcome.failure);
        setIm({ state: 'failed', address, failure });
        const result = commandFailure(
          failure.reason === 'wrong-password' ? 'auth-required' : 'server-error',
          `IM sign-in failed: ${failure.reason}`,
        );
        result.error.failure = failure;
        return result;
      }
      // The server took the password (or is retrying): keep it and the settings.
      const account = xmppAccount(address);
      memoryPasswords.delete(account);
      let kept = false;
      if (command.remember && deps.secrets?.set !== undefined) {
        try {
          await deps.secrets.set(account, command.password);
          kept = true;
        } catch (error) {
          log(`im: keychain: ${errorText(error)}`);
        }
      } else if (!command.remember) await deps.secrets?.delete?.(account).catch(() => false);
      if (!kept) memoryPasswords.set(account, command.password);
      return await deps.updateSettings({
        im: {
          enabled: true,
          address,
          server: command.server ?? null,
          port: command.port ?? null,
        },
      });
    },
    'im-sign-out': async () => {
      const address = store.getSnapshot().settings.im.address;
      if (providerKind === 'xmpp') await detach();
      if (address !== undefined) {
        memoryPasswords.delete(xmppAccount(address));
        await deps.secrets?.delete?.(xmppAccount(address)).catch(() => false);
      }
      const result = await deps.updateSettings({ im: { enabled: false } });
      setIm({ state: 'off' });
      await reconcile();
      return result;
    },
    'add-contact': async (command) => {
      const missing = needProvider();
      if (missing !== undefined || provider === undefined) return missing ?? COMMAND_OK;
      await loadMeta();
      const address = bare(command.address);
      let name = command.name;
      let mailbox: string | undefined;
      const client = await deps.mailboxBackend().catch(() => undefined);
      if (client !== undefined) {
        try {
          const found = await client.resolveNames({ query: address, returnFullContactData: true });
          const match =
            found.find((r) => r.email.toLowerCase() === address) ??
            (found.length === 1 ? found[0] : undefined);
          if (match !== undefined) {
            mailbox = match.email.toLowerCase();
            name ??= match.contact?.displayName ?? (match.name === '' ? undefined : match.name);
          }
        } catch (error) {
          log(`add-contact: directory lookup failed: ${errorText(error)}`);
        }
      }
      try {
        await provider.addContact(address, name, command.group);
      } catch (error) {
        return commandFailure(
          'server-error',
          `The contact could not be added: ${errorText(error)}`,
        );
      }
      if (mailbox !== undefined && mailbox !== address) {
        meta = { ...meta, [address]: { ...meta[address], mailbox } };
        await saveMeta();
      }
      await refreshContacts();
      return COMMAND_OK;
    },
    'remove-contact': async (command) => {
      const missing = needProvider();
      if (missing !== undefined || provider === undefined) return missing ?? COMMAND_OK;
      const address = bare(command.address);
      if (!roster.some((r) => r.address === address))
        return commandFailure('not-found', 'No such contact');
      try {
        await provider.removeContact(address);
      } catch (error) {
        return commandFailure(
          'server-error',
          `The contact could not be removed: ${errorText(error)}`,
        );
      }
      await loadMeta();
      if (meta[address] !== undefined) {
        const rest = { ...meta };
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
        delete rest[address];
        meta = rest;
        await saveMeta();
      }
      roster = roster.filter((r) => r.address !== address);
      publishContacts();
      return COMMAND_OK;
    },
    'answer-subscription': async (command) => {
      const missing = needProvider();
      if (missing !== undefined || provider === undefined) return missing ?? COMMAND_OK;
      const address = bare(command.address);
      try {
        await provider.answerSubscription(address, command.approve);
      } catch (error) {
        return commandFailure('server-error', `The answer could not be sent: ${errorText(error)}`);
      }
      requests = requests.filter((r) => r.address !== address);
      publishContacts();
      return COMMAND_OK;
    },
    'set-contact-alert': async (command) => {
      const address = bare(command.address);
      if (!roster.some((r) => r.address === address))
        return commandFailure('not-found', 'No such contact');
      await loadMeta();
      meta = { ...meta, [address]: { ...meta[address], alert: command.on } };
      await saveMeta();
      publishContacts();
      return COMMAND_OK;
    },
    'send-message': async (command) => {
      const missing = needProvider();
      if (missing !== undefined || provider === undefined) return missing ?? COMMAND_OK;
      const to = bare(command.to);
      const now = clock.now();
      localSeq += 1;
      const localId = `local-${now}-${localSeq}`;
      conversations = sending(conversations, to, localId, command.body, now);
      publishConversations();
      armIdleEnd(to);
      try {
        const sent = await provider.send(to, command.body);
        conversations = sendSettled(conversations, to, localId, sent);
        publishConversations();
        return COMMAND_OK;
      } catch (error) {
        conversations = sendSettled(conversations, to, localId, 'failed');
        publishConversations();
        return commandFailure('server-error', `The message was not sent: ${errorText(error)}`);
      }
    },
    'set-chat-state': async (command) => {
      const missing = needProvider();
      if (missing !== undefined || provider === undefined) return missing ?? COMMAND_OK;
      await provider.sendChatState(bare(command.to), command.state).catch(() => undefined);
      return COMMAND_OK;
    },
    'mark-conversation-read': async (command) => {
      const peer = bare(command.with);
      if (!conversations.has(peer)) return commandFailure('not-found', 'No such conversation');
      const result = markRead(conversations, peer);
      conversations = result.conversations;
      missed = conversationRead(missed, peer);
      publishConversations();
      if (result.newest !== undefined && provider !== undefined)
        await provider.markDisplayed(peer, result.newest).catch((error: unknown) => {
          log(`displayed marker: ${errorText(error)}`);
        });
      return COMMAND_OK;
    },
    'close-conversation': async (command) => {
      const peer = bare(command.with);
      if (!conversations.has(peer)) return commandFailure('not-found', 'No such conversation');
      idleTimers.get(peer)?.();
      idleTimers.delete(peer);
      await saveSegment(peer);
      conversations = closed(conversations, peer);
      missed = conversationRead(missed, peer);
      publishConversations();
      if (provider !== undefined) await provider.sendChatState(peer, 'gone').catch(() => undefined);
      return COMMAND_OK;
    },
    'load-earlier-messages': async (command) => {
      const peer = bare(command.with);
      const c = conversations.get(peer);
      if (c === undefined) return commandFailure('not-found', 'No such conversation');
      let archived: Awaited<ReturnType<ImProvider['history']>> = [];
      // The archive is asked only when memory has shown everything it holds.
      if (c.messages.length <= c.window && provider !== undefined) {
        const oldest = c.messages[0];
        try {
          archived = await provider.history(
            peer,
            oldest === undefined ? undefined : new Date(oldest.at),
            EARLIER_PAGE,
          );
        } catch (error) {
          return commandFailure(
            'server-error',
            `Earlier messages could not be loaded: ${errorText(error)}`,
          );
        }
      }
      conversations = earlier(conversations, peer, archived, EARLIER_PAGE, clock.now());
      publishConversations();
      return COMMAND_OK;
    },
    'set-smtp-password': async (command) => {
      const settings = store.getSnapshot().settings;
      const config = await relayConfig(settings, command.password);
      if (config === undefined)
        return commandFailure('not-allowed', 'Set the relay host and user name first');
      try {
        await verifyRelay({
          ...config,
          ...withCa(),
        });
      } catch (error) {
        relayError =
          error instanceof RelayError ? error : new RelayError('rejected', errorText(error));
        log(`relay: ${relayError.message}`);
        const result = commandFailure(
          relayError.reason === 'wrong-password' ? 'auth-required' : 'server-error',
          relayError.message,
        );
        const failure: Failure = {
          reason:
            relayError.reason === 'wrong-password' ||
            relayError.reason === 'tls-untrusted' ||
            relayError.reason === 'unreachable' ||
            relayError.reason === 'timeout'
              ? relayError.reason
              : 'server-error',
          host: config.host,
        };
        result.error.failure = failure;
        return result;
      }
      relayError = undefined;
      const account = smtpAccount(config.host, config.user);
      if (deps.secrets?.set !== undefined) {
        try {
          await deps.secrets.set(account, command.password);
          memoryPasswords.delete(account);
          return COMMAND_OK;
        } catch (error) {
          log(`relay: keychain: ${errorText(error)}`);
        }
      }
      memoryPasswords.set(account, command.password);
      return COMMAND_OK;
    },
  };

  let lastAccountKey = '';
  let lastImKey = '';

  return {
    handlers,
    start() {
      if (started || stopped) return;
      started = true;
      unsubscribeStore = store.subscribe((snapshot, previous) => {
        onMyPresence(snapshot, previous);
        if (snapshot.settings.locale !== previous.settings.locale && providerKind === 'demo')
          demoNetwork?.setLocale(context().locale);
        const accountKey = `${snapshot.account.mode}:${snapshot.account.mailbox}`;
        const im = snapshot.settings.im;
        const imKey = `${String(im.enabled)}:${im.address ?? ''}`;
        if (accountKey !== lastAccountKey) {
          lastAccountKey = accountKey;
          lastImKey = imKey;
          calendar.clear();
          facts = new Map();
          teamsSource.clear();
          teams = new Map();
          void track(reconcile());
        } else if (imKey !== lastImKey) {
          lastImKey = imKey;
          if (!im.enabled) void track(reconcile());
        }
        if (snapshot.account.signIn === 'signed-in' && previous.account.signIn !== 'signed-in')
          void track(history.flush());
      });
      const snapshot = store.getSnapshot();
      lastAccountKey = `${snapshot.account.mode}:${snapshot.account.mailbox}`;
      lastImKey = `${String(snapshot.settings.im.enabled)}:${snapshot.settings.im.address ?? ''}`;
      missed = presenceChanged(missed, snapshot.presence.availability);
      void track(reconcile());
      void track(history.flush());
    },
    async stop() {
      if (stopped) return;
      unsubscribeStore?.();
      refreshTimer?.();
      missedTimer?.();
      for (const cancel of idleTimers.values()) cancel();
      idleTimers.clear();
      history.stop();
      await Promise.allSettled([...pending]);
      await detach();
      stopped = true;
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => {
        noticeListeners.delete(listener);
      };
    },
    setWindowVisible(visible) {
      windowVisible = visible;
      if (provider !== undefined) void provider.setClientActive(visible).catch(() => undefined);
    },
    refreshContacts: () => track(refreshContacts()),
    async whenIdle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
      await history.whenIdle();
      pending = new Set([...pending]);
    },
  };
}
