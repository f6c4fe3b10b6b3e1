/**
 * Event subscriptions (pull and streaming) over the change journals: who watches which folders,
 * where each subscription's watermark stands, which streaming connections are open, Exchange
 * Online's limits, expiry, and the opaque tokens (subscription ids, watermarks, SyncState) the
 * simulator hands out. Decisions only; the socket side is notification-stream.ts.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import {
  MAX_EVENTS,
  MailboxJournal,
  type EventType,
  type MailboxEvent,
  type WatchedFolder,
} from './change-journal.js';
import type { Mailbox, MailboxStore } from './model.js';

export interface NotificationSettings {
  /** How often an open stream gets a ConnectionStatus OK envelope when nothing else is sent. */
  heartbeatMs: number;
  /** The length of one ConnectionTimeout minute (tests shorten it; real minutes by default). */
  minuteMs: number;
  /** Subscriptions one account may hold (EWSMaxSubscriptions; Exchange Online: 20). */
  maxSubscriptions: number;
  /** Open streaming connections per account (HangingConnectionLimit; Exchange Online: 10). */
  maxConnections: number;
  /** Subscription ids one GetStreamingEvents may name (Exchange: 200). */
  maxSubscriptionsPerConnection: number;
  /** Minutes a streaming subscription lives after its last connection closed (Exchange: ~30). */
  streamingLifetimeMinutes: number;
  /** Events one GetEvents returns at most; MoreEvents says there are more. */
  maxEventsPerGet: number;
  /** Events a mailbox keeps; a pull subscription further behind gets ErrorMissedNotificationEvents. */
  maxEventsKept: number;
  /**
   * When true, GetStreamingEvents and GetEvents for a subscription made with
   * X-PreferServerAffinity must echo its X-BackEndOverrideCookie, or they get
   * ErrorSubscriptionNotFound (the request reached a server that does not hold it).
   */
  requireAffinityCookie: boolean;
}

/**
 * Exchange does not document the heartbeat interval; the EWS Managed API treats a stream silent
 * for 45 s as dead, so the simulator sends a ConnectionStatus OK every 30 s.
 */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  heartbeatMs: 30_000,
  minuteMs: 60_000,
  maxSubscriptions: 20,
  maxConnections: 10,
  maxSubscriptionsPerConnection: 200,
  streamingLifetimeMinutes: 30,
  maxEventsPerGet: 50,
  maxEventsKept: MAX_EVENTS,
  requireAffinityCookie: false,
};

export interface Subscription {
  id: string;
  kind: 'pull' | 'streaming';
  /** Lower-cased address of the account that made it (and whose mailbox it watches). */
  owner: string;
  folders: ReadonlySet<WatchedFolder>;
  allFolders: boolean;
  eventTypes: ReadonlySet<EventType>;
  /** Seq of the last event handed to the client (pull: the last watermark given out). */
  cursor: number;
  /** Pull: minutes without GetEvents before it expires. */
  timeoutMinutes: number;
  /** Last GetEvents, subscribe, or end of a streaming connection (simulator clock, ms). */
  lastActivity: number;
  /** The open stream carrying it, if any. */
  sink: StreamSink | undefined;
  affinityCookie: string | undefined;
}

/** An open GetStreamingEvents response, as the center sees it. */
export interface StreamSink {
  owner: string;
  subscriptions: Set<string>;
  /** New events may be pending for one of its subscriptions. */
  wake(): void;
  /** The center takes a subscription away (another connection took it, or it was lost). */
  release(subscriptionId: string): void;
  /** End the stream now (reset). */
  close(): void;
}

export type SubscribeResult =
  | { ok: true; subscription: Subscription; watermark: string }
  | { ok: false; code: string; text: string };

/** What the client of a SyncFolderItems holds of one item. */
export interface KnownItem {
  contentSeq: number;
  isRead?: boolean;
}

/** Where a SyncFolderItems client stands: the changes it has seen, the items it holds. */
export interface SyncPosition {
  seq: number;
  known: Map<string, KnownItem>;
}

const sealedSyncState = z.object({
  e: z.string(),
  m: z.string(),
  f: z.string(),
  s: z.number().int().min(0),
  k: z.array(z.tuple([z.string(), z.number().int().min(0), z.boolean().nullable()])),
});

/** What a successful GetStreamingEvents asks the server to keep open. */
export interface StreamPlan {
  owner: string;
  subscriptionIds: string[];
  timeoutMinutes: number;
  /** An injected fault: cut the stream mid-envelope, or keep it open and silent. */
  fault?: 'cut' | 'stall';
}

export const AFFINITY_COOKIE = 'X-BackEndOverrideCookie';

export class NotificationCenter {
  readonly settings: NotificationSettings;
  private journals = new Map<string, MailboxJournal>();
  private subscriptions = new Map<string, Subscription>();
  private sinks = new Set<StreamSink>();
  private epoch = randomBytes(4);
  private readonly key = randomBytes(32);

  constructor(
    private readonly store: () => MailboxStore,
    private readonly now: () => Date,
    settings: Partial<NotificationSettings> = {},
  ) {
    this.settings = { ...DEFAULT_NOTIFICATION_SETTINGS, ...settings };
  }

  /** Everything forgotten (the admin reset): open streams end, tokens from before stop working. */
  reset(): void {
    for (const sink of [...this.sinks]) sink.close();
    this.sinks.clear();
    this.journals.clear();
    this.subscriptions.clear();
    this.epoch = randomBytes(4);
  }

  /** The journal of a mailbox, started now if nothing watched it before. */
  journal(mailbox: Mailbox): MailboxJournal {
    const key = mailbox.email.toLowerCase();
    let journal = this.journals.get(key);
    if (!journal || journal.mailbox !== mailbox) {
      journal = new MailboxJournal(mailbox, this.now().getTime(), this.settings.maxEventsKept);
      this.journals.set(key, journal);
    }
    return journal;
  }

  /** Looks for changes in every watched mailbox; wakes the streams that have something new. */
  observe(): void {
    const at = this.now().getTime();
    for (const [key, journal] of this.journals) {
      const mailbox = this.store().find(key);
      if (mailbox !== journal.mailbox) {
        this.journals.delete(key);
        continue;
      }
      if (journal.observe(at).length === 0) continue;
      for (const sink of this.sinks) if (sink.owner === key) sink.wake();
    }
  }

  subscribe(
    mailbox: Mailbox,
    request: {
      kind: 'pull' | 'streaming';
      folders: WatchedFolder[];
      allFolders: boolean;
      eventTypes: EventType[];
      timeoutMinutes?: number;
      watermark?: string;
      affinity: boolean;
    },
  ): SubscribeResult {
    const owner = mailbox.email.toLowerCase();
    this.expire();
    const held = [...this.subscriptions.values()].filter((s) => s.owner === owner).length;
    if (held >= this.settings.maxSubscriptions) {
      return {
        ok: false,
        code: 'ErrorExceededSubscriptionCount',
        text: `You have exceeded the maximum number of subscriptions (${this.settings.maxSubscriptions}) for this account.`,
      };
    }
    const journal = this.journal(mailbox);
    journal.observe(this.now().getTime());
    let cursor = journal.head;
    if (request.watermark !== undefined) {
      const seq = this.readWatermark(request.watermark);
      if (seq === undefined || seq > journal.head || seq < journal.oldestKept - 1) {
        return {
          ok: false,
          code: 'ErrorInvalidWatermark',
          text: 'The watermark used for creating this subscription was not recognized.',
        };
      }
      cursor = seq;
    }
    const subscription: Subscription = {
      id: randomBytes(24).toString('base64'),
      kind: request.kind,
      owner,
      folders: new Set(request.folders),
      allFolders: request.allFolders,
      eventTypes: new Set(request.eventTypes),
      cursor,
      timeoutMinutes: request.timeoutMinutes ?? 0,
      lastActivity: this.now().getTime(),
      sink: undefined,
      affinityCookie: request.affinity ? this.affinityCookie(owner) : undefined,
    };
    this.subscriptions.set(subscription.id, subscription);
    return { ok: true, subscription, watermark: this.watermark(cursor) };
  }

  private expired(subscription: Subscription, at: number): boolean {
    if (subscription.sink !== undefined) return false;
    const minutes =
      subscription.kind === 'pull'
        ? subscription.timeoutMinutes
        : this.settings.streamingLifetimeMinutes;
    return at - subscription.lastActivity > minutes * 60_000;
  }

  private expire(): void {
    const at = this.now().getTime();
    for (const [id, subscription] of this.subscriptions) {
      if (this.expired(subscription, at)) this.subscriptions.delete(id);
    }
  }

  /** A live subscription of this account (expired ones are gone), or undefined. */
  find(id: string, owner: string): Subscription | undefined {
    this.expire();
    const subscription = this.subscriptions.get(id);
    return subscription?.owner === owner.toLowerCase() ? subscription : undefined;
  }

  unsubscribe(subscription: Subscription): void {
    this.subscriptions.delete(subscription.id);
    subscription.sink?.release(subscription.id);
    subscription.sink = undefined;
  }

  /** The subscription is gone on the server's side (the admin's `subscription-lost` fault). */
  lose(subscription: Subscription): void {
    this.unsubscribe(subscription);
  }

  /** Events after the subscription's cursor that it asked for, oldest first. */
  pending(subscription: Subscription, limit = Infinity): MailboxEvent[] {
    const journal = this.journals.get(subscription.owner);
    if (!journal) return [];
    const out: MailboxEvent[] = [];
    for (const event of journal.events) {
      if (event.seq <= subscription.cursor || !this.wants(subscription, event)) continue;
      out.push(event);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Whether events older than the journal keeps were never delivered (ErrorMissedNotificationEvents). */
  missedEvents(subscription: Subscription): boolean {
    const journal = this.journals.get(subscription.owner);
    return journal !== undefined && subscription.cursor < journal.oldestKept - 1;
  }

  /** The journal's newest seq for this subscription's mailbox. */
  head(subscription: Subscription): number {
    return this.journals.get(subscription.owner)?.head ?? subscription.cursor;
  }

  private wants(subscription: Subscription, event: MailboxEvent): boolean {
    if (!subscription.eventTypes.has(event.type)) return false;
    if (subscription.allFolders) return true;
    return (
      subscription.folders.has(event.folder) ||
      (event.oldFolder !== undefined && subscription.folders.has(event.oldFolder))
    );
  }

  touch(subscription: Subscription): void {
    subscription.lastActivity = this.now().getTime();
  }

  openConnections(owner: string): number {
    return [...this.sinks].filter((s) => s.owner === owner.toLowerCase()).length;
  }

  /** Attaches the subscriptions to a new stream; a stream that held one before gives it up. */
  attach(sink: StreamSink, subscriptions: Subscription[]): void {
    this.sinks.add(sink);
    for (const subscription of subscriptions) {
      const previous = subscription.sink;
      if (previous !== undefined && previous !== sink) previous.release(subscription.id);
      subscription.sink = sink;
      sink.subscriptions.add(subscription.id);
    }
  }

  /** The stream ended: its subscriptions start their ~30 minute countdown. */
  detach(sink: StreamSink): void {
    this.sinks.delete(sink);
    for (const id of sink.subscriptions) {
      const subscription = this.subscriptions.get(id);
      if (subscription?.sink === sink) {
        subscription.sink = undefined;
        this.touch(subscription);
      }
    }
  }

  subscription(id: string): Subscription | undefined {
    return this.subscriptions.get(id);
  }

  /** The back-end server cookie of an account's subscriptions (one server holds them all). */
  affinityCookie(owner: string): string {
    const tag = createHmac('sha256', this.key).update(owner.toLowerCase()).digest('hex');
    return `mbx${tag.slice(0, 6)}.beacon.test~${Number.parseInt(tag.slice(6, 14), 16)}~2`;
  }

  /** An opaque watermark: this simulator run's epoch and an event number, base64 like Exchange's. */
  watermark(seq: number): string {
    const buffer = Buffer.alloc(12);
    this.epoch.copy(buffer, 0);
    buffer.writeBigUInt64BE(BigInt(seq), 4);
    return buffer.toString('base64');
  }

  /** The event number of a watermark this run gave out, or undefined. */
  readWatermark(text: string): number | undefined {
    if (!/^[A-Za-z0-9+/]{16}$/.test(text.trim())) return undefined;
    const buffer = Buffer.from(text.trim(), 'base64');
    if (buffer.length !== 12 || !buffer.subarray(0, 4).equals(this.epoch)) return undefined;
    const seq = Number(buffer.readBigUInt64BE(4));
    return Number.isSafeInteger(seq) ? seq : undefined;
  }

  /**
   * An opaque, tamper-proof SyncState (AES-GCM under a key that lives as long as this run): where
   * the client stands in the folder's changes and what it holds (item, content seq, read flag).
   * Like Exchange's, it grows with the folder.
   */
  syncState(mailbox: string, folder: WatchedFolder, position: SyncPosition): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const known = [...position.known].map(([id, k]) => [id, k.contentSeq, k.isRead ?? null]);
    const plain = gzipSync(
      JSON.stringify({
        e: this.epoch.toString('hex'),
        m: mailbox.toLowerCase(),
        f: folder,
        s: position.seq,
        k: known,
      }),
    );
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  /** What a SyncState stands for, when this run made it for this mailbox and folder. */
  readSyncState(text: string, mailbox: string, folder: WatchedFolder): SyncPosition | undefined {
    const raw = Buffer.from(text.trim(), 'base64');
    if (raw.length < 29) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plain = gunzipSync(
        Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]),
      );
      const state = sealedSyncState.parse(JSON.parse(plain.toString('utf8')));
      if (state.e !== this.epoch.toString('hex')) return undefined;
      if (state.m !== mailbox.toLowerCase() || state.f !== folder) return undefined;
      const known = new Map<string, KnownItem>();
      for (const [id, contentSeq, isRead] of state.k) {
        known.set(id, isRead === null ? { contentSeq } : { contentSeq, isRead });
      }
      return { seq: state.s, known };
    } catch {
      return undefined;
    }
  }
}
