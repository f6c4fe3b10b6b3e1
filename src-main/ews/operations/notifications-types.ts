/**
 * The public shapes of live updates: subscriptions (streaming, pull), the notifications they
 * deliver, and incremental folder sync. The operations live in notifications.ts, sync.ts and
 * the streaming transport; EwsClient exposes them as `EwsLiveUpdates`.
 */

/** The folders Beacon watches. `voicemail` exists only for voicemail-enabled mailboxes. */
export type WatchedFolder = 'calendar' | 'inbox' | 'voicemail';

/** What happened, as EWS names it (CreatedEvent → created, NewMailEvent → newMail…). */
export type ItemEventKind = 'created' | 'modified' | 'deleted' | 'moved' | 'copied' | 'newMail';

/** A change to an item (or a folder) in a watched folder. */
export interface ItemEvent {
  kind: ItemEventKind;
  /** The folder the item (now) lives in: ParentFolderId/@Id. */
  folderId: string;
  /** The changed item; absent when the event concerns a folder (then `changedFolderId` is set). */
  itemId?: string;
  changedFolderId?: string;
  /** moved/copied: where it was before, and its id there. */
  oldFolderId?: string;
  oldItemId?: string;
  /** The bookmark just after this event (pull subscriptions resume from it). */
  watermark: string;
  timeStamp: Date;
}

/** The server's heartbeat inside a notification: nothing happened (pull/push); carries a watermark. */
export interface StatusEvent {
  kind: 'status';
  watermark?: string;
}

export type NotificationEvent = ItemEvent | StatusEvent;

/**
 * One Notification element: the events of one subscription. From the stream they keep the
 * server's order; from GetEvents they are ordered by TimeStamp (status events last), so the
 * watermark resumed from may repeat an event or two, never skip one.
 */
export interface Notification {
  subscriptionId: string;
  /** The watermark before the first event (PreviousWatermark), when the server says. */
  previousWatermark?: string;
  /** MoreEvents (pull): the server has more queued. */
  moreEvents: boolean;
  events: NotificationEvent[];
}

/** A live subscription. Keep it in memory only: it dies ~30 min after its last connection. */
export interface Subscription {
  id: string;
  mode: 'streaming' | 'pull';
  /** The folders it covers (voicemail left out when the mailbox has no voicemail folder). */
  folders: WatchedFolder[];
  /** Pull: the bookmark to ask GetEvents from (the Subscribe answer's, then each GetEvents'). */
  watermark?: string;
  /**
   * The X-BackEndOverrideCookie the Subscribe answer set (Exchange Online's mailbox server
   * affinity); echoed on GetStreamingEvents, GetEvents and Unsubscribe. A routing hint, not a
   * credential, but not worth persisting: it is only valid for this subscription.
   */
  backEndOverrideCookie?: string;
}

export interface SubscribeArgs {
  /** Default: calendar, inbox and voicemail (voicemail dropped when the mailbox has none). */
  folders?: readonly WatchedFolder[];
}

export interface PullSubscribeArgs extends SubscribeArgs {
  /** Minutes without a GetEvents after which the server drops the subscription (1–1440, default 10). */
  timeoutMinutes?: number;
  /** Resume from this watermark (events since then are replayed while the server has them). */
  watermark?: string;
}

export interface StreamOptions {
  /** ConnectionTimeout: minutes the server keeps the response open (1–30, default 29). */
  connectionTimeoutMinutes?: number;
  /**
   * How often the server sends a heartbeat (an OK ConnectionStatus) on an idle stream.
   * Silence for two of these ends the stream with StreamSilentError. Default 45 s.
   */
  heartbeatIntervalMs?: number;
  /** Largest single SOAP envelope accepted from the stream (default 4 MiB). */
  maxEnvelopeBytes?: number;
  signal?: AbortSignal;
}

/** What a streaming connection delivers, in arrival order. */
export type StreamMessage =
  | { type: 'notifications'; notifications: Notification[] }
  /** OK: the connection is alive (heartbeat or first answer). Closed: the server ended it normally. */
  | { type: 'connection'; status: 'OK' | 'Closed' };

/**
 * An open GetStreamingEvents response. Iterate for messages; the iteration ends after a Closed
 * status (reconnect with the same subscription) and throws on failure: SubscriptionLostError
 * (subscribe again and resync), StreamingRefusedError (use pull), StreamSilentError (heartbeat
 * lost; reconnect), or any EwsError of an ordinary request. `close()` ends it from our side.
 */
export interface NotificationStream extends AsyncIterable<StreamMessage> {
  close(): Promise<void>;
}

export interface GetEventsResult {
  notifications: Notification[];
  /** The watermark to ask from next time. */
  watermark: string;
  /** The bounded MoreEvents loop stopped with events still queued on the server. */
  moreEvents: boolean;
}

export interface GetEventsOptions {
  /** GetEvents calls at most while the server says MoreEvents (default 10). */
  maxRounds?: number;
}

/** Folders SyncFolderItems follows. Voicemail falls back to the inbox when the folder is missing. */
export type SyncFolder = 'calendar' | 'voicemail';

/** The item fields a sync change carries (ItemShape IdOnly plus these). */
export interface SyncedItem {
  id: string;
  changeKey?: string;
  itemClass?: string;
  subject?: string;
  /** Calendar items. */
  start?: Date;
  end?: Date;
  isAllDay?: boolean;
  /** LegacyFreeBusyStatus, verbatim (Free, Tentative, Busy, OOF, WorkingElsewhere, NoData). */
  freeBusy?: string;
  /** Single, Occurrence, Exception, RecurringMaster. */
  calendarItemType?: string;
  /** Messages (voicemail). */
  isRead?: boolean;
  received?: Date;
}

export type SyncChange =
  | { kind: 'create'; item: SyncedItem }
  | { kind: 'update'; item: SyncedItem }
  | { kind: 'delete'; id: string }
  | { kind: 'readFlagChange'; id: string; isRead: boolean };

export interface SyncFolderArgs {
  folder: SyncFolder;
  /** The previous answer's syncState; absent for the first sync (every item arrives as create). */
  syncState?: string;
  /** Per request (1–512, default 100). */
  maxChangesReturned?: number;
  /** Requests at most while IncludesLastItemInRange is false (default 20). */
  maxRounds?: number;
}

export interface SyncResult {
  /** The folder actually synced: `inbox` when the mailbox has no voicemail folder. */
  folder: 'calendar' | 'voicemail' | 'inbox';
  changes: SyncChange[];
  /**
   * Opaque text to persist and send back next time. It holds the server's bookmark only (no
   * credentials); a voicemail sync that fell back to the inbox marks its state as the inbox's,
   * so passing it back with `folder: 'voicemail'` continues the inbox sync.
   */
  syncState: string;
  /** False when the round bound stopped the loop first: call again with `syncState`. */
  includesLastItemInRange: boolean;
}

/** The live-update methods EwsClient offers. */
export interface EwsLiveUpdates {
  /** Subscribe with StreamingSubscriptionRequest (X-PreferServerAffinity; captures the cookie). */
  subscribeStreaming(args?: SubscribeArgs, signal?: AbortSignal): Promise<Subscription>;
  /** Subscribe with PullSubscriptionRequest: the fallback when streaming is refused. */
  subscribePull(args?: PullSubscribeArgs, signal?: AbortSignal): Promise<Subscription>;
  /** Opens GetStreamingEvents on its own connection (never one of the two request slots). */
  streamEvents(subscription: Subscription, options?: StreamOptions): NotificationStream;
  /** GetEvents from the subscription's watermark; loops while MoreEvents, bounded. */
  getEvents(
    subscription: Subscription,
    options?: GetEventsOptions,
    signal?: AbortSignal,
  ): Promise<GetEventsResult>;
  /** Ends a subscription. An already-gone subscription counts as done. */
  unsubscribe(subscription: Subscription, signal?: AbortSignal): Promise<void>;
  /** Incremental changes of the calendar or voicemail folder since `syncState`. */
  syncFolderItems(args: SyncFolderArgs, signal?: AbortSignal): Promise<SyncResult>;
}
