import type { AvailabilityArgs, MailboxAvailability } from './operations/availability.js';
import { getUserAvailability } from './operations/availability.js';
import {
  findCalendarItems,
  type CalendarResult,
  type CalendarViewArgs,
} from './operations/calendar.js';
import type { ItemRef } from './operations/common.js';
import { saveConversation, type SaveConversationArgs } from './operations/conversation-history.js';
import { getMailTips, type RecipientMailTips } from './operations/mailtips.js';
import {
  getEvents,
  subscribePull,
  subscribeStreaming,
  unsubscribe,
} from './operations/notifications.js';
import { getWatchedFolderIds } from './operations/notifications-folders.js';
import { streamEvents } from './operations/notifications-stream.js';
import type {
  EwsLiveUpdates,
  GetEventsOptions,
  GetEventsResult,
  NotificationStream,
  PullSubscribeArgs,
  StreamOptions,
  SubscribeArgs,
  Subscription,
  SyncFolderArgs,
  SyncResult,
  WatchedFolder,
} from './operations/notifications-types.js';
import { syncFolderItems } from './operations/sync.js';
import { getUserOofSettings, setUserOofSettings, type OofSettings } from './operations/oof.js';
import {
  resolveNames,
  type ResolvedName,
  type ResolveNamesArgs,
} from './operations/resolve-names.js';
import {
  deleteVoicemail,
  findVoicemail,
  getAttachment,
  getVoicemail,
  getVoicemails,
  markRead,
  type AttachmentContent,
  type FindVoicemailArgs,
  type VoicemailItem,
  type VoicemailList,
  type VoicemailResult,
} from './operations/voicemail.js';
import { EwsTransport, type EwsTransportOptions } from './transport/ews-transport.js';

export interface EwsClientOptions extends Omit<EwsTransportOptions, 'anchorMailbox'> {
  /** The signed-in user's primary SMTP address: the default mailbox and the X-AnchorMailbox. */
  mailbox: string;
}

/**
 * One signed-in mailbox on one EWS endpoint. A thin convenience over the operation modules:
 * it holds the transport (and with it credentials, limits and back-off) and the user's address.
 */
export class EwsClient implements EwsLiveUpdates {
  readonly mailbox: string;
  readonly transport: EwsTransport;

  constructor(options: EwsClientOptions) {
    this.mailbox = options.mailbox;
    this.transport = new EwsTransport({ ...options, anchorMailbox: options.mailbox });
  }

  getOofSettings(signal?: AbortSignal): Promise<OofSettings> {
    return getUserOofSettings(this.transport, { mailbox: this.mailbox }, signal);
  }

  setOofSettings(settings: OofSettings, signal?: AbortSignal): Promise<void> {
    return setUserOofSettings(this.transport, { mailbox: this.mailbox, settings }, signal);
  }

  /** Free/busy of the given mailboxes (default: the user's own). */
  getAvailability(
    args: Omit<AvailabilityArgs, 'mailboxes'> & { mailboxes?: readonly string[] },
    signal?: AbortSignal,
  ): Promise<MailboxAvailability[]> {
    return getUserAvailability(
      this.transport,
      { ...args, mailboxes: args.mailboxes ?? [this.mailbox] },
      signal,
    );
  }

  getCalendar(
    args: CalendarViewArgs & { maxRequests?: number },
    signal?: AbortSignal,
  ): Promise<CalendarResult> {
    return findCalendarItems(this.transport, args, signal);
  }

  getMailTips(recipients: readonly string[], signal?: AbortSignal): Promise<RecipientMailTips[]> {
    return getMailTips(this.transport, { sendingAs: this.mailbox, recipients }, signal);
  }

  resolveNames(args: ResolveNamesArgs, signal?: AbortSignal): Promise<ResolvedName[]> {
    return resolveNames(this.transport, args, signal);
  }

  listVoicemail(args: FindVoicemailArgs = {}, signal?: AbortSignal): Promise<VoicemailList> {
    return findVoicemail(this.transport, args, signal);
  }

  getVoicemail(id: string, signal?: AbortSignal): Promise<VoicemailItem> {
    return getVoicemail(this.transport, { id }, signal);
  }

  /** Many voicemails, 50 ids per GetItem; one result per id (each may fail alone). */
  getVoicemails(ids: readonly string[], signal?: AbortSignal): Promise<VoicemailResult[]> {
    return getVoicemails(this.transport, { ids }, signal);
  }

  getAttachment(id: string, signal?: AbortSignal): Promise<AttachmentContent> {
    return getAttachment(this.transport, { id }, signal);
  }

  markVoicemailRead(ref: ItemRef, isRead: boolean, signal?: AbortSignal): Promise<ItemRef> {
    return markRead(this.transport, { ...ref, isRead }, signal);
  }

  deleteVoicemail(id: string, signal?: AbortSignal): Promise<void> {
    return deleteVoicemail(this.transport, { id }, signal);
  }

  saveConversation(args: SaveConversationArgs, signal?: AbortSignal): Promise<ItemRef> {
    return saveConversation(this.transport, args, signal);
  }

  subscribeStreaming(args: SubscribeArgs = {}, signal?: AbortSignal): Promise<Subscription> {
    return subscribeStreaming(this.transport, args, signal);
  }

  subscribePull(args: PullSubscribeArgs = {}, signal?: AbortSignal): Promise<Subscription> {
    return subscribePull(this.transport, args, signal);
  }

  streamEvents(subscription: Subscription, options: StreamOptions = {}): NotificationStream {
    return streamEvents(this.transport, subscription, options);
  }

  getEvents(
    subscription: Subscription,
    options: GetEventsOptions = {},
    signal?: AbortSignal,
  ): Promise<GetEventsResult> {
    return getEvents(this.transport, subscription, options, signal);
  }

  unsubscribe(subscription: Subscription, signal?: AbortSignal): Promise<void> {
    return unsubscribe(this.transport, subscription, {}, signal);
  }

  /**
   * Server folder id → watched folder, to tell which folder a notification's event concerns
   * (GetFolder, IdOnly). A folder the mailbox does not have is absent from the map.
   */
  watchedFolderIds(
    folders?: readonly WatchedFolder[],
    signal?: AbortSignal,
  ): Promise<Map<string, WatchedFolder>> {
    return getWatchedFolderIds(this.transport, folders === undefined ? {} : { folders }, signal);
  }

  syncFolderItems(args: SyncFolderArgs, signal?: AbortSignal): Promise<SyncResult> {
    return syncFolderItems(this.transport, args, signal);
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
