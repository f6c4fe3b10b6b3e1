/**
 * The XMPP implementation of the ImProvider seam: one account, one stream (connection.ts), and
 * the protocol around it. Decisions live in pure modules (presence-map, messages, roster, caps,
 * failure, backoff, limits); this file wires them to the stream and owns the timers.
 *
 * - Reconnects with jittered exponential back-off (backoff.ts); a wrong password or an untrusted
 *   certificate fails once and stays failed. A dropped stream resumes (XEP-0198) when the server
 *   still holds the session, so nothing sent meanwhile is lost or repeated.
 * - Liveness: a ping (XEP-0199) to the server every `pingIntervalMs`; no answer drops the
 *   transport, which then resumes or reconnects.
 * - On each new session: roster, carbons (XEP-0280), presence with caps (XEP-0115), the archive
 *   (XEP-0313) when the account advertises urn:xmpp:mam:2, and the client state (XEP-0352).
 * - Untrusted input is bounded (limits.ts) and every drop is reported through `onDrop`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolveSrv } from 'node:dns/promises';
import xml, { type Element } from '@xmpp/xml';
import jid from '@xmpp/jid';
import type {
  ChatState,
  ImConnectionState,
  ImEvents,
  ImFailure,
  ImPresence,
  ImProvider,
  IncomingMessage,
  MyPresence,
  RosterEntry,
} from '../provider.js';
import { AVAILABILITIES } from '../../presence/vocabulary.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { discoInfo } from './caps.js';
import { createXmppConnection, type XmppConnection } from './connection.js';
import { classifyFailure } from './failure.js';
import {
  LatestPerWindow,
  RateLimit,
  realTimers,
  SubscriptionInbox,
  throttledDropLog,
  type DroppedInput,
  type Timers,
} from './limits.js';
import { bareAddress, parseMessage, MAX_BODY_LENGTH } from './messages.js';
import { NS } from './namespaces.js';
import {
  mapMyPresence,
  presenceKey,
  presenceStanza,
  readPresence,
  readPriority,
  type OutboundPresence,
} from './presence-map.js';
import { readRoster } from './roster.js';

export interface XmppProviderOptions {
  /** My bare address, `name@domain`. */
  address: string;
  password: string;
  /** Host to connect to; default: the domain's SRV record, else the domain itself. */
  server?: string;
  port?: number;
  /** Direct TLS (usually 5223) instead of STARTTLS (5222). */
  directTls?: boolean;
  /** A private certificate authority (PEM) to trust besides the public roots. */
  caPem?: string;
  /** Default `beacon-` and four random hex digits. */
  resource?: string;
  pingIntervalMs?: number;
  /** How long a ping may go unanswered before the transport counts as dead. */
  pingTimeoutMs?: number;
  /** A contact's presence reaches the core at most once per this window (latest wins). */
  presenceWindowMs?: number;
  /** Subscription requests kept waiting for an answer. */
  maxPendingSubscriptions?: number;
  backoff?: BackoffPolicy;
  timeoutMs?: number;
  timers?: Timers;
  random?: () => number;
  now?: () => Date;
  /** Every dropped or limited input; default: console warnings, at most one per reason a minute. */
  onDrop?: (drop: DroppedInput) => void;
}

/** The provider is not connected: the operation needs a live session. */
export class ImNotConnectedError extends Error {
  constructor() {
    super('Not connected to the IM server.');
    this.name = 'ImNotConnectedError';
  }
}

/** The server did not confirm (stream management) a stanza in time, or dropped it. */
export class ImSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImSendError';
  }
}

type Listeners = { [K in keyof ImEvents]: Set<ImEvents[K]> };
type Phase = 'idle' | 'connecting' | 'online' | 'failed' | 'stopped';

const MAX_RESOURCES_PER_CONTACT = 10;
const RECENT_IDS = 1_000;
const ACK_TIMEOUT_MS = 60_000;
const STANZA_ERROR = (condition: string): Element =>
  xml(
    'error',
    { type: 'cancel' },
    xml(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
  );

function availabilityRank(p: ImPresence): number {
  return AVAILABILITIES.indexOf(p.availability);
}

export class XmppProvider implements ImProvider {
  readonly resource: string;
  private readonly me: string;
  private readonly domain: string;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly now: () => Date;
  private readonly listeners: Listeners = {
    state: new Set(),
    roster: new Set(),
    presence: new Set(),
    subscriptionRequest: new Set(),
    message: new Set(),
    chatState: new Set(),
    receipt: new Set(),
  };
  private conn: XmppConnection | undefined;
  private service = '';
  private phase: Phase = 'idle';
  private attempts = 0;
  private retryTimer: unknown;
  private pingTimer: unknown;
  private readonly roster = new Map<string, RosterEntry>();
  private readonly resources = new Map<string, Map<string, { p: ImPresence; priority: number }>>();
  private readonly presenceGate: LatestPerWindow<ImPresence | undefined>;
  private readonly chatStateGate: LatestPerWindow<ChatState>;
  private readonly inbox: SubscriptionInbox;
  private readonly report: (drop: DroppedInput) => void;
  /** Live messages from one sender: a burst of 30, then 5 a second. */
  private readonly messageRate: RateLimit;
  private readonly recentIds = new Set<string>();
  private readonly archiveQueries = new Map<
    string,
    { message: IncomingMessage; archiveId?: string }[]
  >();
  /** Per peer, the oldest entry the archive last returned: "earlier than this" pages by its id. */
  private readonly oldestArchived = new Map<string, { at: number; archiveId: string }>();
  private desired: OutboundPresence | undefined;
  private sentKey: string | undefined;
  private idleSince: Date | undefined;
  private clientActive = true;
  private sentClientActive = true;
  private csiSupported = false;
  private mamSupported = false;
  /** Presence stanzas actually sent (coalescing is observable). */
  presenceStanzasSent = 0;
  /** Connection attempts started (reconnect policy is observable). */
  connectionAttempts = 0;

  constructor(private readonly options: XmppProviderOptions) {
    const me = bareAddress(options.address);
    if (!me || options.address.includes('/')) {
      throw new Error(`Not an IM address: ${options.address}`);
    }
    this.me = me;
    this.domain = jid(me).domain;
    this.resource = options.resource ?? `beacon-${randomBytes(2).toString('hex')}`;
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
    const window = options.presenceWindowMs ?? 500;
    this.presenceGate = new LatestPerWindow(
      window,
      (address, p) => {
        this.emit('presence', address, p);
      },
      (address) => {
        this.drop({ reason: 'presence-flood', from: address });
      },
      this.timers,
    );
    this.chatStateGate = new LatestPerWindow(
      window,
      (address, state) => {
        this.emit('chatState', address, state);
      },
      (address) => {
        this.drop({ reason: 'chat-state-flood', from: address });
      },
      this.timers,
    );
    this.inbox = new SubscriptionInbox(options.maxPendingSubscriptions ?? 50);
    this.report = options.onDrop ?? throttledDropLog();
    this.messageRate = new RateLimit(30, 5, () => this.now().getTime());
  }

  on<K extends keyof ImEvents>(event: K, listener: ImEvents[K]): () => void {
    const set = this.listeners[event] as Set<ImEvents[K]>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  private emit<K extends keyof ImEvents>(event: K, ...args: Parameters<ImEvents[K]>): void {
    for (const listener of this.listeners[event] as Set<(...a: Parameters<ImEvents[K]>) => void>) {
      try {
        listener(...args);
      } catch (error) {
        console.warn(`IM listener for ${event} threw`, error);
      }
    }
  }

  private drop(drop: DroppedInput): void {
    this.report(drop);
  }

  /** The phase now (it changes across awaits). */
  private currentPhase(): Phase {
    return this.phase;
  }

  private setState(state: ImConnectionState, failure?: ImFailure, retryAt?: Date): void {
    this.emit('state', state, failure, retryAt);
  }

  // ---------------------------------------------------------------- connection lifecycle

  async connect(): Promise<void> {
    if (this.phase === 'connecting' || this.phase === 'online') return;
    this.phase = 'connecting';
    this.attempts = 0;
    this.service = await this.resolveService();
    const host = this.options.server ?? this.domain;
    this.conn = createXmppConnection({
      service: this.service,
      domain: this.domain,
      username: jid(this.me).local,
      password: this.options.password,
      resource: this.resource,
      ...(this.options.caPem ? { caPem: this.options.caPem } : {}),
      timeoutMs: this.options.timeoutMs ?? 10_000,
    });
    this.wire(this.conn, host);
    await this.attempt(host);
  }

  private async resolveService(): Promise<string> {
    const scheme = this.options.directTls ? 'xmpps' : 'xmpp';
    const defaultPort = this.options.directTls ? 5223 : 5222;
    if (this.options.server) {
      return `${scheme}://${this.options.server}:${this.options.port ?? defaultPort}`;
    }
    try {
      const label = this.options.directTls ? '_xmpps-client' : '_xmpp-client';
      const records = await resolveSrv(`${label}._tcp.${this.domain}`);
      const best = records.sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
      if (best) return `${scheme}://${best.name}:${this.options.port ?? best.port}`;
    } catch {
      // No SRV record: the domain itself.
    }
    return `${scheme}://${this.domain}:${this.options.port ?? defaultPort}`;
  }

  private wire(conn: XmppConnection, host: string): void {
    const { entity, iqCallee, sm } = conn;
    entity.on('error', (error: unknown) => {
      if (this.phase === 'online') console.warn('IM stream error', error);
    });
    entity.on('online', () => {
      if (this.conn === conn) void this.onSession(false);
    });
    sm.on('resumed', () => {
      if (this.conn === conn) void this.onSession(true);
    });
    entity.on('disconnect', () => {
      if (this.conn !== conn || this.phase !== 'online') return;
      this.onDropped(host);
    });
    entity.on('nonza', (el: Element) => {
      if (el.is('features', NS.streams) && el.getChild('csi', NS.csi)) this.csiSupported = true;
    });
    entity.on('stanza', (el: Element) => {
      try {
        if (el.name === 'presence') this.onPresence(el);
        else if (el.name === 'message') this.onMessage(el);
      } catch (error) {
        this.drop({ reason: 'malformed', detail: String(error) });
      }
    });
    iqCallee.get(NS.discoInfo, 'query', (ctx) => {
      return discoInfo(ctx.element.attrs.node) ?? STANZA_ERROR('item-not-found');
    });
    iqCallee.set(NS.roster, 'query', (ctx) => {
      const from = ctx.stanza.attrs.from;
      if (from !== undefined && bareAddress(from) !== this.me) {
        this.drop({ reason: 'spoofed', from, detail: 'roster push' });
        return STANZA_ERROR('service-unavailable');
      }
      this.applyRoster(ctx.element, false);
      return {};
    });
  }

  /** One try at a session; on failure either stop (final) or schedule the next try. */
  private async attempt(host: string): Promise<void> {
    const conn = this.conn;
    if (!conn || (this.phase !== 'connecting' && this.phase !== 'online')) return;
    const { entity, sm } = conn;
    this.phase = 'connecting';
    this.connectionAttempts += 1;
    this.setState('connecting');
    this.csiSupported = false;
    let settle = (): void => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          done();
          reject(Object.assign(new Error('IM sign-in timed out'), { name: 'TimeoutError' }));
        },
        (this.options.timeoutMs ?? 10_000) * 3,
      );
      const onReady = (): void => {
        done();
        resolve();
      };
      const onError = (error: unknown): void => {
        done();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const onClosed = (): void => {
        done();
        reject(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' }));
      };
      const done = (): void => {
        clearTimeout(timer);
        entity.off('online', onReady);
        sm.off('resumed', onReady);
        entity.off('error', onError);
        entity.off('disconnect', onClosed);
      };
      settle = done;
      entity.on('online', onReady);
      sm.on('resumed', onReady);
      entity.on('error', onError);
      entity.on('disconnect', onClosed);
    });
    // Whichever comes first (connect's own rejection or these events) decides; never unhandled.
    ready.catch(() => undefined);
    try {
      await entity.connect(this.service);
      await entity.open({ domain: this.domain });
      await ready;
    } catch (error) {
      settle();
      if (this.conn !== conn || this.currentPhase() !== 'connecting') return;
      this.closeTransport();
      const { failure, retry } = classifyFailure(error, host);
      if (!retry) {
        this.phase = 'failed';
        this.setState('failed', failure);
        return;
      }
      const delay = backoffDelay(
        this.attempts,
        this.random,
        this.options.backoff ?? DEFAULT_BACKOFF,
      );
      this.attempts += 1;
      this.setState('offline', failure, new Date(this.now().getTime() + delay));
      this.retryTimer = this.timers.setTimeout(() => {
        void this.attempt(host);
      }, delay);
    }
  }

  /** A live session dropped: resume or reconnect after a short jittered wait. */
  private onDropped(host: string): void {
    this.phase = 'connecting';
    this.stopPing();
    this.attempts = 0;
    const delay = backoffDelay(0, this.random, this.options.backoff ?? DEFAULT_BACKOFF);
    this.attempts = 1;
    this.setState('connecting', undefined, new Date(this.now().getTime() + delay));
    this.retryTimer = this.timers.setTimeout(() => {
      void this.attempt(host);
    }, delay);
  }

  private async onSession(resumed: boolean): Promise<void> {
    const conn = this.conn;
    if (!conn || this.phase === 'stopped' || this.phase === 'failed') return;
    this.phase = 'online';
    this.attempts = 0;
    if (!resumed) {
      this.sentKey = undefined;
      this.sentClientActive = true;
      this.resources.clear();
      await this.loadRoster(conn);
      await conn.iqCaller.set(xml('enable', { xmlns: NS.carbons })).catch(() => undefined);
    }
    await this.flushPresence(!resumed);
    await this.flushClientState();
    if (!resumed) {
      const info = await conn.iqCaller
        .request(xml('iq', { type: 'get', to: this.me }, xml('query', { xmlns: NS.discoInfo })))
        .catch(() => undefined);
      this.mamSupported =
        info
          ?.getChild('query', NS.discoInfo)
          ?.getChildren('feature')
          .some((f) => f.attrs.var === NS.mam) ?? false;
    }
    this.schedulePing();
    this.setState('online');
  }

  async disconnect(): Promise<void> {
    const conn = this.conn;
    const wasOnline = this.phase === 'online';
    this.phase = 'stopped';
    this.timers.clearTimeout(this.retryTimer);
    this.stopPing();
    this.presenceGate.clear();
    this.chatStateGate.clear();
    if (conn) {
      if (wasOnline) {
        await conn.entity.send(xml('presence', { type: 'unavailable' })).catch(() => undefined);
        await conn.entity.stop().catch(() => undefined);
      } else {
        this.closeTransport();
      }
    }
    this.conn = undefined;
    this.sentKey = undefined;
    this.setState('offline');
  }

  /**
   * Drops the transport as a network failure would (the liveness check's remedy; tests use it
   * to prove resumption). The session then resumes or reconnects.
   */
  interruptTransport(): void {
    const socket = this.conn?.entity.socket as
      { destroy?: () => void; socket?: { destroy(): void } | null } | null | undefined;
    if (!socket) return;
    if (socket.socket) socket.socket.destroy();
    else socket.destroy?.();
  }

  private closeTransport(): void {
    this.interruptTransport();
  }

  private schedulePing(): void {
    this.stopPing();
    const every = this.options.pingIntervalMs ?? 60_000;
    this.pingTimer = this.timers.setTimeout(() => {
      void this.ping();
    }, every);
  }

  private stopPing(): void {
    this.timers.clearTimeout(this.pingTimer);
  }

  private async ping(): Promise<void> {
    const conn = this.conn;
    if (!conn || this.phase !== 'online') return;
    try {
      await conn.iqCaller.request(
        xml('iq', { type: 'get', to: this.domain }, xml('ping', { xmlns: NS.ping })),
        this.options.pingTimeoutMs ?? 10_000,
      );
    } catch (error) {
      // An error reply still proves the server is there; silence does not.
      if ((error as { name?: string }).name !== 'StanzaError') {
        this.interruptTransport();
        return;
      }
    }
    if (this.conn === conn && this.currentPhase() === 'online') this.schedulePing();
  }

  // ---------------------------------------------------------------- presence

  async publish(presence: MyPresence): Promise<void> {
    if (presence.idle) this.idleSince ??= this.now();
    else this.idleSince = undefined;
    this.desired = mapMyPresence(presence, this.idleSince);
    await this.flushPresence(false);
  }

  private async flushPresence(initial: boolean): Promise<void> {
    const conn = this.conn;
    if (!conn || this.phase !== 'online') return;
    const desired =
      this.desired ??
      mapMyPresence(
        {
          availability: 'available',
          statusText: '',
          activityText: '',
          oof: false,
          idle: false,
        },
        undefined,
      );
    const key = presenceKey(desired);
    if (key === this.sentKey && !initial) return;
    this.sentKey = key;
    this.presenceStanzasSent += 1;
    await conn.entity.send(presenceStanza(desired)).catch(() => {
      this.sentKey = undefined;
    });
  }

  async setClientActive(active: boolean): Promise<void> {
    this.clientActive = active;
    await this.flushClientState();
  }

  private async flushClientState(): Promise<void> {
    const conn = this.conn;
    if (!conn || this.phase !== 'online' || !this.csiSupported) return;
    if (this.sentClientActive === this.clientActive) return;
    this.sentClientActive = this.clientActive;
    await conn.entity
      .send(xml(this.clientActive ? 'active' : 'inactive', { xmlns: NS.csi }))
      .catch(() => undefined);
  }

  private onPresence(el: Element): void {
    const fromFull = el.attrs.from;
    const from = bareAddress(fromFull);
    if (!from || !fromFull) {
      this.drop({ reason: 'malformed', detail: 'presence without a valid sender' });
      return;
    }
    const type = el.attrs.type;
    if (type === 'subscribe') {
      this.onSubscribe(from, el);
      return;
    }
    if (type === 'unsubscribe') this.inbox.resolve(from);
    if (type !== undefined && type !== 'unavailable') return;
    if (from === this.me) return;
    if (!this.roster.has(from)) {
      this.drop({ reason: 'stranger', from });
      return;
    }
    const resource = jid(fromFull).resource || '';
    let byResource = this.resources.get(from);
    if (type === 'unavailable') {
      byResource?.delete(resource);
    } else {
      if (!byResource) {
        byResource = new Map();
        this.resources.set(from, byResource);
      }
      if (!byResource.has(resource) && byResource.size >= MAX_RESOURCES_PER_CONTACT) {
        this.drop({ reason: 'too-many-resources', from });
        return;
      }
      byResource.set(resource, { p: readPresence(el), priority: readPriority(el) });
    }
    this.presenceGate.offer(from, this.bestPresence(from));
  }

  private bestPresence(address: string): ImPresence | undefined {
    let best: { p: ImPresence; priority: number } | undefined;
    for (const candidate of this.resources.get(address)?.values() ?? []) {
      if (
        !best ||
        candidate.priority > best.priority ||
        (candidate.priority === best.priority &&
          availabilityRank(candidate.p) < availabilityRank(best.p))
      ) {
        best = candidate;
      }
    }
    return best?.p;
  }

  private onSubscribe(from: string, el: Element): void {
    const known = this.roster.get(from);
    if (known && (known.subscription === 'from' || known.subscription === 'both')) {
      void this.conn?.entity
        .send(xml('presence', { to: from, type: 'subscribed' }))
        .catch(() => undefined);
      return;
    }
    const nick = el.getChildText('nick', NS.nick)?.trim().slice(0, 200) || undefined;
    const verdict = this.inbox.offer(from, nick);
    if (verdict === 'over-cap') this.drop({ reason: 'subscription-cap', from });
    if (verdict === 'new') this.emit('subscriptionRequest', from, nick);
  }

  /** Subscription requests waiting for my answer (bounded). */
  pendingSubscriptions(): string[] {
    return this.inbox.addresses();
  }

  // ---------------------------------------------------------------- roster

  private async loadRoster(conn: XmppConnection): Promise<void> {
    const query = await conn.iqCaller
      .get(xml('query', { xmlns: NS.roster }))
      .catch(() => undefined);
    this.applyRoster(query, true);
  }

  private applyRoster(query: Element | undefined, full: boolean): void {
    if (full) this.roster.clear();
    for (const item of readRoster(query)) {
      if ('removed' in item) {
        this.roster.delete(item.address);
        this.resources.delete(item.address);
      } else {
        this.roster.set(item.address, item);
        if (item.subscription === 'from' || item.subscription === 'both') {
          this.inbox.resolve(item.address);
        }
      }
    }
    this.emit('roster', [...this.roster.values()]);
  }

  private requireOnline(): XmppConnection {
    if (!this.conn || this.phase !== 'online') throw new ImNotConnectedError();
    return this.conn;
  }

  private requireAddress(address: string): string {
    const bare = bareAddress(address);
    if (!bare || address.includes('/')) throw new Error(`Not an IM address: ${address}`);
    return bare;
  }

  async addContact(address: string, name?: string, group?: string): Promise<void> {
    const conn = this.requireOnline();
    const bare = this.requireAddress(address);
    const attrs: Record<string, string> = { jid: bare };
    if (name?.trim()) attrs.name = name.trim();
    await conn.iqCaller.set(
      xml(
        'query',
        { xmlns: NS.roster },
        xml('item', attrs, group?.trim() ? xml('group', {}, group.trim()) : undefined),
      ),
    );
    await conn.entity.send(xml('presence', { to: bare, type: 'subscribe' }));
  }

  async removeContact(address: string): Promise<void> {
    const conn = this.requireOnline();
    const bare = this.requireAddress(address);
    await conn.iqCaller.set(
      xml('query', { xmlns: NS.roster }, xml('item', { jid: bare, subscription: 'remove' })),
    );
  }

  /** Approving also asks to see their presence (unless I already do): contacts are mutual. */
  async answerSubscription(address: string, approve: boolean): Promise<void> {
    const conn = this.requireOnline();
    const bare = this.requireAddress(address);
    this.inbox.resolve(bare);
    await conn.entity.send(
      xml('presence', { to: bare, type: approve ? 'subscribed' : 'unsubscribed' }),
    );
    const entry = this.roster.get(bare);
    const seeing =
      entry && (entry.subscription === 'to' || entry.subscription === 'both' || entry.pendingOut);
    if (approve && !seeing)
      await conn.entity.send(xml('presence', { to: bare, type: 'subscribe' }));
  }

  // ---------------------------------------------------------------- messages

  private onMessage(el: Element): void {
    const parsed = parseMessage(el, {
      me: this.me,
      now: this.now,
      makeId: () => randomUUID(),
    });
    switch (parsed.kind) {
      case 'chat': {
        const { message } = parsed;
        if (message.direction === 'in' && !this.messageRate.allow(message.from)) {
          this.drop({ reason: 'message-flood', from: message.from });
          return;
        }
        if (parsed.truncated) {
          this.drop({
            reason: 'oversize-body',
            from: message.from,
            detail: `cut to ${MAX_BODY_LENGTH}`,
          });
        }
        if (parsed.receiptTo) {
          void this.conn?.entity
            .send(
              xml(
                'message',
                { to: parsed.receiptTo, id: randomUUID() },
                xml('received', { xmlns: NS.receipts, id: message.id }),
              ),
            )
            .catch(() => undefined);
        }
        const key = `${message.direction}\u0000${message.from}\u0000${message.id}`;
        if (this.recentIds.has(key)) return;
        this.recentIds.add(key);
        if (this.recentIds.size > RECENT_IDS) {
          const oldest = this.recentIds.values().next().value;
          if (oldest !== undefined) this.recentIds.delete(oldest);
        }
        this.emit('message', message);
        return;
      }
      case 'archive': {
        const bucket = this.archiveQueries.get(parsed.queryId);
        if (!bucket) {
          this.drop({ reason: 'spoofed', detail: 'archive result for no query' });
          return;
        }
        if (bucket.length < 500) {
          bucket.push(
            parsed.archiveId
              ? { message: parsed.message, archiveId: parsed.archiveId }
              : { message: parsed.message },
          );
        }
        return;
      }
      case 'receipt':
        this.emit('receipt', parsed.from, parsed.id, parsed.receipt);
        return;
      case 'chat-state':
        this.chatStateGate.offer(parsed.from, parsed.state);
        return;
      case 'ignored': {
        if (parsed.reason === 'no-body') return;
        const reason =
          parsed.reason === 'spoofed-carbon' || parsed.reason === 'spoofed-archive'
            ? 'spoofed'
            : parsed.reason === 'malformed'
              ? 'malformed'
              : 'unknown';
        this.drop(
          parsed.from
            ? { reason, from: parsed.from, detail: parsed.reason }
            : { reason, detail: parsed.reason },
        );
        return;
      }
    }
  }

  async send(to: string, body: string): Promise<{ id: string }> {
    const conn = this.requireOnline();
    const peer = this.requireAddress(to);
    if (body.trim() === '' || Array.from(body).length > MAX_BODY_LENGTH) {
      throw new ImSendError('A message must have 1 to 10,000 characters.');
    }
    const id = randomUUID();
    const stanza = xml(
      'message',
      { type: 'chat', to: peer, id },
      xml('body', {}, body),
      xml('active', { xmlns: NS.chatStates }),
      xml('request', { xmlns: NS.receipts }),
      xml('markable', { xmlns: NS.markers }),
      xml('origin-id', { xmlns: NS.sid, id }),
    );
    const { sm, entity } = conn;
    const confirmed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        done();
        reject(new ImSendError('The IM server did not confirm the message.'));
      }, ACK_TIMEOUT_MS);
      const onAck = (s: Element): void => {
        if (s.attrs.id !== id) return;
        done();
        resolve();
      };
      const onFail = (s: Element): void => {
        if (s.attrs.id !== id) return;
        done();
        reject(new ImSendError('The IM server lost the message.'));
      };
      const done = (): void => {
        clearTimeout(timer);
        sm.off('ack', onAck);
        sm.off('fail', onFail);
      };
      sm.on('ack', onAck);
      sm.on('fail', onFail);
    });
    confirmed.catch(() => undefined);
    await entity.send(stanza);
    if (sm.enabled) await confirmed;
    return { id };
  }

  async sendChatState(to: string, state: ChatState): Promise<void> {
    if (!this.conn || this.phase !== 'online') return;
    const peer = this.requireAddress(to);
    await this.conn.entity
      .send(
        xml(
          'message',
          { type: 'chat', to: peer },
          xml(state, { xmlns: NS.chatStates }),
          xml('no-store', { xmlns: NS.hints }),
        ),
      )
      .catch(() => undefined);
  }

  async markDisplayed(to: string, messageId: string): Promise<void> {
    const conn = this.requireOnline();
    const peer = this.requireAddress(to);
    await conn.entity.send(
      xml(
        'message',
        { type: 'chat', to: peer, id: randomUUID() },
        xml('displayed', { xmlns: NS.markers, id: messageId }),
        xml('store', { xmlns: NS.hints }),
      ),
    );
  }

  async history(peer: string, before?: Date, max = 50): Promise<IncomingMessage[]> {
    const conn = this.requireOnline();
    const withAddress = this.requireAddress(peer);
    if (!this.mamSupported) return [];
    const fields = [
      xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS.mam)),
      xml('field', { var: 'with' }, xml('value', {}, withAddress)),
    ];
    // Paging back from the oldest entry the archive gave us goes by its archive id (stamps are
    // whole seconds); any other "before" is a time, inclusive (the core drops what it has).
    const oldest = this.oldestArchived.get(withAddress);
    const byId = before && oldest && oldest.at === before.getTime() ? oldest.archiveId : undefined;
    if (before && !byId) {
      fields.push(xml('field', { var: 'end' }, xml('value', {}, before.toISOString())));
    }
    const limit = Math.max(1, Math.min(Math.floor(max), 200));
    const found: { message: IncomingMessage; archiveId?: string }[] = [];
    let pageBefore = byId ?? '';
    // Receipts and markers share the archive: page back (at most 5 pages) until `limit` messages.
    for (let page = 0; page < 5 && found.length < limit; page += 1) {
      const queryId = randomUUID();
      this.archiveQueries.set(queryId, []);
      try {
        const reply = await conn.iqCaller.request(
          xml(
            'iq',
            { type: 'set' },
            xml(
              'query',
              { xmlns: NS.mam, queryid: queryId },
              xml('x', { xmlns: NS.dataForms, type: 'submit' }, ...fields),
              xml(
                'set',
                { xmlns: NS.rsm },
                xml('max', {}, String(limit)),
                xml('before', {}, pageBefore),
              ),
            ),
          ),
          15_000,
        );
        const entries = (this.archiveQueries.get(queryId) ?? []).filter(
          (e) => e.message.from === withAddress,
        );
        found.unshift(...entries);
        const fin = reply.getChild('fin', NS.mam);
        const first = fin?.getChild('set', NS.rsm)?.getChildText('first');
        if (fin?.attrs.complete === 'true' || !first) break;
        pageBefore = first;
      } finally {
        this.archiveQueries.delete(queryId);
      }
    }
    const kept = found.slice(-limit);
    const oldestKept = kept[0];
    if (oldestKept?.archiveId) {
      this.oldestArchived.set(withAddress, {
        at: oldestKept.message.at.getTime(),
        archiveId: oldestKept.archiveId,
      });
    }
    return kept.map((e) => e.message);
  }
}
