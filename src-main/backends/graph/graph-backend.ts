/**
 * The MailboxBackend over Microsoft Graph (Exchange Online): the Graph library's operations
 * through one GraphRequester, Graph's shapes turned into Beacon's at this edge (mapping.ts) and
 * every failure into a MailboxError (errors.ts), with the same words for the user as over EWS.
 *
 * Cancellation: every request of a call carries the caller's signal (a refresh cancelled) joined
 * with the backend's own, which `close()` fires (sign-out, account switch), so nothing of the
 * old session stays in flight; a cancelled call rejects with a 'transport' MailboxError.
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
} from '../../graph/operations/voicemail.js';
import { GraphError } from '../../graph/errors.js';
import type { GraphRequester } from '../../graph/requester.js';
import { joinSignals, withSignal } from '../../graph/signal-requester.js';
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
import { deleteVoicemailByMove, OwnMoves } from './voicemail-delete.js';
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
  /** Voicemails this session moved to Deleted Items (a later 404 for them means done). */
  private readonly moves = new OwnMoves();
  /** Fired by close(): every call still running is cancelled. */
  private readonly closing = new AbortController();
  private closed = false;

  constructor(options: GraphBackendOptions) {
    this.requester = options.requester;
    this.mailbox = options.mailbox;
    const root = new URL(options.baseUrl);
    this.host = root.hostname;
    this.now = options.now ?? (() => new Date());
    this.presence = options.presence;
    this.teamsPresence = new GraphTeamsPresenceReader({
      call: (run, signal) => this.call(run, signal),
    });
    this.live = createGraphLive({
      requester: this.requester,
      now: this.now,
      serviceRoot: `${root.origin}${root.pathname.replace(/\/+$/, '')}`,
      mapError: (error) => fromGraph(error, this.host),
    });
  }

  /**
   * Runs Graph calls through a requester that puts the caller's signal (joined with close()'s)
   * on each request; a failure leaves as a MailboxError.
   */
  private async call<T>(
    run: (graph: GraphRequester) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    if (this.closed)
      throw new MailboxError('transport', 'The mailbox connection was closed', {
        failure: { reason: 'server-error' },
      });
    const cancel = joinSignals(signal, this.closing.signal);
    try {
      return await run(withSignal(this.requester, cancel.signal));
    } catch (error) {
      throw fromGraph(error, this.host);
    } finally {
      cancel.release();
    }
  }

  displayName(signal?: AbortSignal): Promise<string> {
    return this.call(async (graph) => {
      const me = await getMe(graph);
      const name = (me.displayName ?? '').trim();
      return name === '' ? this.mailbox : name;
    }, signal);
  }

  getOofSettings(signal?: AbortSignal): Promise<OofSettings> {
    return this.call(async (graph) => oofFromGraph(await getAutomaticReplies(graph)), signal);
  }

  setOofSettings(settings: OofSettings, signal?: AbortSignal): Promise<void> {
    return this.call(async (graph) => {
      await setAutomaticReplies(graph, oofToGraph(settings));
    }, signal);
  }

  getCalendar(query: CalendarWindowQuery, signal?: AbortSignal): Promise<CalendarResult> {
    return this.call(async (graph) => {
      const view = await listCalendarView(graph, {
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
    }, signal);
  }

  getAvailability(query: FreeBusyQuery, signal?: AbortSignal): Promise<MailboxFreeBusy[]> {
    return this.call(async (graph) => {
      const mailboxes = query.mailboxes ?? [this.mailbox];
      if (mailboxes.length === 0) return [];
      const intervalMinutes = Math.min(Math.max(query.intervalMinutes ?? 15, 5), 1440);
      const schedules = await getSchedule(graph, {
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
    }, signal);
  }

  getMailTips(recipients: readonly string[], signal?: AbortSignal): Promise<RecipientMailTips[]> {
    return this.call(async (graph) => {
      if (recipients.length === 0) return [];
      const tips = await getMailTips(graph, { addresses: recipients });
      return mailTipsFromGraph(tips, recipients);
    }, signal);
  }

  /**
   * People the user works with (personal contacts included) and the directory; the directory
   * alone for the 'directory' scope. A tenant that refuses directory search leaves the people.
   */
  resolveNames(query: NameQuery, signal?: AbortSignal): Promise<ResolvedName[]> {
    return this.call(async (graph) => {
      const full = query.returnFullContactData ?? true;
      const people =
        query.scope === 'directory'
          ? []
          : (await searchPeople(graph, { text: query.query })).map((p) => nameFromPerson(p, full));
      let users: (ResolvedName | undefined)[] = [];
      try {
        users = (await searchUsers(graph, { text: query.query })).users.map((u) =>
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
    }, signal);
  }

  listVoicemail(args: { maxEntries?: number } = {}, signal?: AbortSignal): Promise<VoicemailList> {
    return this.call(async (graph) => {
      const list = await listVoicemail(graph, {
        ...(args.maxEntries === undefined ? {} : { maxItems: args.maxEntries }),
      });
      return {
        items: list.items.map(voicemailSummaryFromGraph),
        folder: 'inbox',
        includesLastItemInRange: list.complete,
      };
    }, signal);
  }

  getVoicemail(id: string, signal?: AbortSignal): Promise<VoicemailDetails> {
    return this.call(
      async (graph) => voicemailDetailsFromGraph(await getVoicemail(graph, id)),
      signal,
    );
  }

  /** In $batches of 20 (one request for the messages, one for their attachment lists). */
  getVoicemails(ids: readonly string[], signal?: AbortSignal): Promise<VoicemailResult[]> {
    return this.call(async (graph) => {
      if (ids.length === 0) return [];
      const results = await getVoicemails(graph, ids);
      return results.map((r): VoicemailResult =>
        r.ok
          ? { id: r.id, ok: true, item: voicemailDetailsFromGraph(r.item) }
          : { id: r.id, ok: false, error: neutralError(r.error, this.host) },
      );
    }, signal);
  }

  getAttachment(id: string, signal?: AbortSignal): Promise<AttachmentBytes> {
    return this.call(async (graph) => {
      const handle = parseAttachmentHandle(id);
      if (handle === undefined)
        throw new MailboxError('server', 'Not an attachment of this mailbox', {
          failure: { reason: 'server-error' },
          code: 'ErrorInvalidIdMalformed',
        });
      const attachments = await listAttachments(graph, handle.messageId);
      const attachment = attachments.find((a) => a.id === handle.attachmentId);
      if (attachment === undefined)
        throw new MailboxError('server', 'The attachment is no longer there', {
          failure: { reason: 'server-error' },
          code: 'ErrorItemNotFound',
        });
      const bytes = await getAttachmentBytes(graph, {
        messageId: handle.messageId,
        attachment,
      });
      return {
        id,
        name: attachment.name,
        contentType: bytes.contentType,
        content: Buffer.from(bytes.body.buffer, bytes.body.byteOffset, bytes.body.byteLength),
      };
    }, signal);
  }

  markVoicemailRead(ref: ItemRef, isRead: boolean, signal?: AbortSignal): Promise<ItemRef> {
    return this.call((graph) => markRead(graph, { id: ref.id, isRead }), signal);
  }

  /**
   * Moves it to Deleted Items (where the user can still get it back), as the EWS backend does. A
   * move resent after a lost answer, or a second delete, is done on Graph's 404 for an id this
   * session moved; a 404 for any other id stays an error (voicemail-delete.ts).
   */
  deleteVoicemail(id: string, signal?: AbortSignal): Promise<void> {
    return this.call((graph) => deleteVoicemailByMove(graph, id, this.moves), signal);
  }

  saveConversation(entry: ConversationEntry, signal?: AbortSignal): Promise<ItemRef> {
    return this.call(async (graph) => {
      const saved = await saveConversation(graph, {
        subject: entry.subject,
        html: entry.html,
        to: entry.to,
        ...(entry.from === undefined ? {} : { from: entry.from }),
      });
      return { id: saved.id };
    }, signal);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Whatever the session still has in flight is cancelled (sign-out, account switch).
    this.closing.abort(new Error('The mailbox connection was closed'));
    // The Teams session is cleared while the transport can still send.
    await this.presence?.stop();
    await this.requester.close?.();
  }
}
