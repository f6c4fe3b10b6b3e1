/**
 * The MailboxBackend over Microsoft Graph (Exchange Online): the Graph library's operations
 * through one GraphRequester, Graph's shapes turned into Beacon's at this edge (mapping.ts) and
 * every failure into a MailboxError (errors.ts), with the same words for the user as over EWS.
 */
import type { PresencePublisher } from '../../mailbox/presence.js';
import { getMe, searchPeople, searchUsers } from '../../graph/operations/directory.js';
import { listCalendarView } from '../../graph/operations/events.js';
import { getMailTips } from '../../graph/operations/mail-tips.js';
import {
  getAutomaticReplies,
  setAutomaticReplies,
} from '../../graph/operations/mailbox-settings.js';
import { getSchedule, MAX_SCHEDULES_PER_REQUEST } from '../../graph/operations/schedule.js';
import { saveConversation } from '../../graph/operations/conversation-history.js';
import {
  getAttachmentBytes,
  getVoicemail,
  getVoicemails,
  listAttachments,
  listVoicemail,
  markRead,
  moveToDeletedItems,
} from '../../graph/operations/voicemail.js';
import { GraphError } from '../../graph/errors.js';
import type { GraphRequester } from '../../graph/requester.js';
import type {
  BackendLimits,
  CalendarWindowQuery,
  MailboxBackend,
  MailboxLive,
} from '../../mailbox/backend.js';
import type { CalendarResult, FreeBusyQuery, MailboxFreeBusy } from '../../mailbox/calendar.js';
import type { ConversationEntry } from '../../mailbox/conversation.js';
import { MailboxError } from '../../mailbox/errors.js';
import type { OofSettings } from '../../mailbox/oof.js';
import type { NameQuery, RecipientMailTips, ResolvedName } from '../../mailbox/people.js';
import type {
  AttachmentBytes,
  ItemRef,
  VoicemailDetails,
  VoicemailList,
  VoicemailResult,
} from '../../mailbox/voicemail.js';
import { fromGraph, neutralError } from './errors.js';
import { createGraphLive } from './live.js';
import { GraphTeamsPresenceReader } from './teams-presence-reader.js';
import {
  calendarItemFromGraph,
  freeBusyFromGraph,
  mailTipsFromGraph,
  mergeNames,
  nameFromPerson,
  nameFromUser,
  oofFromGraph,
  oofToGraph,
  parseAttachmentHandle,
  sortedItems,
  voicemailDetailsFromGraph,
  voicemailSummaryFromGraph,
} from './mapping.js';

/**
 * Per call: getSchedule takes 20 schedules (more go out as a $batch); getMailTips states no
 * limit (Beacon keeps EWS's 50); voicemail details are one message and its attachment list each.
 */
export const GRAPH_LIMITS: BackendLimits = {
  freeBusyMailboxes: MAX_SCHEDULES_PER_REQUEST * 5,
  mailTipsRecipients: 50,
  voicemailDetails: 20,
};

/** Calendar events per calendarView page (Graph allows up to 1000). */
const CALENDAR_PAGE_SIZE = 250;

export interface GraphBackendOptions {
  requester: GraphRequester & { close?: () => Promise<void> };
  /** The signed-in user's primary SMTP address. */
  mailbox: string;
  /** Graph's service root (the bookmark check and the user's words name its host). */
  baseUrl: string;
  /** Now, for the delta window and the working hours' year; default the system clock. */
  now?: () => Date;
  /** Beacon's presence published to Teams (presence-publisher.ts); none when absent. */
  presence?: PresencePublisher | undefined;
}

export class GraphBackend implements MailboxBackend {
  readonly limits = GRAPH_LIMITS;
  readonly live: MailboxLive;
  readonly presence: PresencePublisher | undefined;
  /** Contacts' Teams presence (getPresencesByUserId), ids looked up once per address. */
  readonly teamsPresence: GraphTeamsPresenceReader;
  readonly mailbox: string;
  private readonly requester: GraphBackendOptions['requester'];
  private readonly host: string;
  private readonly now: () => Date;
  private closed = false;

  constructor(options: GraphBackendOptions) {
    this.requester = options.requester;
    this.mailbox = options.mailbox;
    const root = new URL(options.baseUrl);
    this.host = root.hostname;
    this.now = options.now ?? (() => new Date());
    this.presence = options.presence;
    this.teamsPresence = new GraphTeamsPresenceReader({
      requester: this.requester,
      call: (run) => this.call(run),
    });
    this.live = createGraphLive({
      requester: this.requester,
      now: this.now,
      serviceRoot: `${root.origin}${root.pathname.replace(/\/+$/, '')}`,
      mapError: (error) => fromGraph(error, this.host),
    });
  }

  /** Runs Graph calls; a failure leaves as a MailboxError. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed)
      throw new MailboxError('transport', 'The mailbox connection was closed', {
        failure: { reason: 'server-error' },
      });
    try {
      return await run();
    } catch (error) {
      throw fromGraph(error, this.host);
    }
  }

  displayName(): Promise<string> {
    return this.call(async () => {
      const me = await getMe(this.requester);
      const name = (me.displayName ?? '').trim();
      return name === '' ? this.mailbox : name;
    });
  }

  getOofSettings(): Promise<OofSettings> {
    return this.call(async () => oofFromGraph(await getAutomaticReplies(this.requester)));
  }

  setOofSettings(settings: OofSettings): Promise<void> {
    return this.call(async () => {
      await setAutomaticReplies(this.requester, oofToGraph(settings));
    });
  }

  getCalendar(query: CalendarWindowQuery): Promise<CalendarResult> {
    return this.call(async () => {
      const view = await listCalendarView(this.requester, {
        start: query.start,
        end: query.end,
        pageSize: CALENDAR_PAGE_SIZE,
        ...(query.maxRequests === undefined ? {} : { maxPages: query.maxRequests }),
      });
      const items = view.events.flatMap((e) => {
        const item = calendarItemFromGraph(e);
        return item === undefined ? [] : [item];
      });
      return { items: sortedItems(items), complete: view.complete };
    });
  }

  getAvailability(query: FreeBusyQuery): Promise<MailboxFreeBusy[]> {
    return this.call(async () => {
      const mailboxes = query.mailboxes ?? [this.mailbox];
      if (mailboxes.length === 0) return [];
      const intervalMinutes = Math.min(Math.max(query.intervalMinutes ?? 15, 5), 1440);
      const schedules = await getSchedule(this.requester, {
        schedules: mailboxes,
        start: query.start,
        end: query.end,
        intervalMinutes,
      });
      return freeBusyFromGraph(schedules, mailboxes, {
        detail: query.detail ?? 'detailed',
        intervalMinutes,
        at: query.start,
      });
    });
  }

  getMailTips(recipients: readonly string[]): Promise<RecipientMailTips[]> {
    return this.call(async () => {
      if (recipients.length === 0) return [];
      const tips = await getMailTips(this.requester, { addresses: recipients });
      return mailTipsFromGraph(tips, recipients);
    });
  }

  /**
   * People the user works with (personal contacts included) and the directory; the directory
   * alone for the 'directory' scope. A tenant that refuses directory search leaves the people.
   */
  resolveNames(query: NameQuery): Promise<ResolvedName[]> {
    return this.call(async () => {
      const full = query.returnFullContactData ?? true;
      const people =
        query.scope === 'directory'
          ? []
          : (await searchPeople(this.requester, { text: query.query })).map((p) =>
              nameFromPerson(p, full),
            );
      let users: (ResolvedName | undefined)[] = [];
      try {
        users = (await searchUsers(this.requester, { text: query.query })).users.map((u) =>
          nameFromUser(u, full),
        );
      } catch (error) {
        if (
          !(error instanceof GraphError && error.kind === 'forbidden') ||
          query.scope === 'directory'
        )
          throw error;
      }
      return query.scope === 'directory' ? mergeNames([users]) : mergeNames([users, people]);
    });
  }

  listVoicemail(args: { maxEntries?: number } = {}): Promise<VoicemailList> {
    return this.call(async () => {
      const list = await listVoicemail(this.requester, {
        ...(args.maxEntries === undefined ? {} : { maxItems: args.maxEntries }),
      });
      return {
        items: list.items.map(voicemailSummaryFromGraph),
        folder: 'inbox',
        includesLastItemInRange: list.complete,
      };
    });
  }

  getVoicemail(id: string): Promise<VoicemailDetails> {
    return this.call(async () => voicemailDetailsFromGraph(await getVoicemail(this.requester, id)));
  }

  /** In $batches of 20 (one request for the messages, one for their attachment lists). */
  getVoicemails(ids: readonly string[]): Promise<VoicemailResult[]> {
    return this.call(async () => {
      if (ids.length === 0) return [];
      const results = await getVoicemails(this.requester, ids);
      return results.map((r): VoicemailResult =>
        r.ok
          ? { id: r.id, ok: true, item: voicemailDetailsFromGraph(r.item) }
          : { id: r.id, ok: false, error: neutralError(r.error, this.host) },
      );
    });
  }

  getAttachment(id: string): Promise<AttachmentBytes> {
    return this.call(async () => {
      const handle = parseAttachmentHandle(id);
      if (handle === undefined)
        throw new MailboxError('server', 'Not an attachment of this mailbox', {
          failure: { reason: 'server-error' },
          code: 'ErrorInvalidIdMalformed',
        });
      const attachments = await listAttachments(this.requester, handle.messageId);
      const attachment = attachments.find((a) => a.id === handle.attachmentId);
      if (attachment === undefined)
        throw new MailboxError('server', 'The attachment is no longer there', {
          failure: { reason: 'server-error' },
          code: 'ErrorItemNotFound',
        });
      const bytes = await getAttachmentBytes(this.requester, {
        messageId: handle.messageId,
        attachment,
      });
      return {
        id,
        name: attachment.name,
        contentType: bytes.contentType,
        content: Buffer.from(bytes.body.buffer, bytes.body.byteOffset, bytes.body.byteLength),
      };
    });
  }

  markVoicemailRead(ref: ItemRef, isRead: boolean): Promise<ItemRef> {
    return this.call(() => markRead(this.requester, { id: ref.id, isRead }));
  }

  /** Moves it to Deleted Items (where the user can still get it back), as the EWS backend does. */
  deleteVoicemail(id: string): Promise<void> {
    return this.call(async () => {
      await moveToDeletedItems(this.requester, id);
    });
  }

  saveConversation(entry: ConversationEntry): Promise<ItemRef> {
    return this.call(async () => {
      const saved = await saveConversation(this.requester, {
        subject: entry.subject,
        html: entry.html,
        to: entry.to,
        ...(entry.from === undefined ? {} : { from: entry.from }),
      });
      return { id: saved.id };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The Teams session is cleared while the transport can still send.
    await this.presence?.stop();
    await this.requester.close?.();
  }
}
