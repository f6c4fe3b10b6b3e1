/**
 * The MailboxBackend over Exchange Web Services: the EWS library's client, with EWS shapes turned
 * into Beacon's own at this edge and every EWS error into a MailboxError.
 */
import type { EwsClient } from '../../ews/client.js';
import type { MailboxAvailability } from '../../ews/operations/availability.js';
import { MAX_MAILBOXES_PER_REQUEST } from '../../ews/operations/availability.js';
import {
  MAX_MAILTIPS_RECIPIENTS,
  type RecipientMailTips as EwsMailTips,
} from '../../ews/operations/mailtips.js';
import { SyncStateInvalidError } from '../../ews/operations/notifications-errors.js';
import {
  GET_VOICEMAIL_BATCH,
  type VoicemailResult as EwsVoicemailResult,
} from '../../ews/operations/voicemail.js';
import type {
  BackendLimits,
  CalendarWindowQuery,
  MailboxBackend,
  MailboxLive,
} from '../../mailbox/backend.js';
import type { CalendarResult, FreeBusyQuery, MailboxFreeBusy } from '../../mailbox/calendar.js';
import type {
  ChangeFeedListener,
  ChangeFeedOptions,
  FolderDelta,
} from '../../mailbox/change-feed.js';
import type { ConversationEntry } from '../../mailbox/conversation.js';
import { BookmarkExpiredError, MailboxError } from '../../mailbox/errors.js';
import type { OofSettings } from '../../mailbox/oof.js';
import type { NameQuery, RecipientMailTips, ResolvedName } from '../../mailbox/people.js';
import type {
  AttachmentBytes,
  ItemRef,
  VoicemailDetails,
  VoicemailList,
  VoicemailResult,
} from '../../mailbox/voicemail.js';
import { fromEws, mapped } from './errors.js';
import { EwsChangeFeed } from './live/change-feed.js';

const EWS_LIMITS: BackendLimits = {
  freeBusyMailboxes: MAX_MAILBOXES_PER_REQUEST,
  mailTipsRecipients: MAX_MAILTIPS_RECIPIENTS,
  voicemailDetails: GET_VOICEMAIL_BATCH,
};

/** A per-mailbox or per-item EWS error as the neutral one. */
function neutral(error: unknown): MailboxError {
  const converted = fromEws(error);
  return converted instanceof MailboxError
    ? converted
    : new MailboxError('server', String(error), { failure: { reason: 'server-error' } });
}

export function freeBusyFromEws(results: readonly MailboxAvailability[]): MailboxFreeBusy[] {
  return results.map((r) =>
    r.ok ? r : { mailbox: r.mailbox, ok: false, error: neutral(r.error) },
  );
}

export function mailTipsFromEws(results: readonly EwsMailTips[]): RecipientMailTips[] {
  return results.map((r) => {
    if (r.error === undefined) return r as RecipientMailTips;
    const { error, ...rest } = r;
    return { ...rest, error: neutral(error) };
  });
}

function voicemailResultsFromEws(results: readonly EwsVoicemailResult[]): VoicemailResult[] {
  return results.map((r) => (r.ok ? r : { id: r.id, ok: false, error: neutral(r.error) }));
}

export class EwsBackend implements MailboxBackend {
  readonly limits = EWS_LIMITS;
  readonly live: MailboxLive;

  constructor(readonly client: EwsClient) {
    this.live = {
      createFeed: (listener: ChangeFeedListener, options: ChangeFeedOptions) =>
        new EwsChangeFeed({
          client,
          listener,
          clock: options.clock,
          ...(options.random === undefined ? {} : { random: options.random }),
          ...(options.log === undefined ? {} : { log: options.log }),
          ...(options.heartbeatIntervalMs === undefined
            ? {}
            : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
        }),
      syncFolder: async (args, signal): Promise<FolderDelta> => {
        try {
          const result = await client.syncFolderItems(args, signal);
          return {
            folder: result.folder,
            changeCount: result.changes.length,
            syncState: result.syncState,
            complete: result.includesLastItemInRange,
          };
        } catch (error) {
          if (error instanceof SyncStateInvalidError)
            throw new BookmarkExpiredError(error.message, {
              cause: error,
              code: error.responseCode,
            });
          throw fromEws(error);
        }
      },
    };
  }

  get mailbox(): string {
    return this.client.mailbox;
  }

  /**
   * ResolveNames for the user's own address in the directory; when that fails for another reason
   * than the credentials or the network, the mailbox answering GetUserOofSettings proves the
   * sign-in and the address stands in for the name.
   */
  displayName(signal?: AbortSignal): Promise<string> {
    return mapped(async () => {
      const mailbox = this.client.mailbox;
      try {
        const names = await this.client.resolveNames(
          { query: mailbox, returnFullContactData: true, searchScope: 'ActiveDirectory' },
          signal,
        );
        const me =
          names.find((n) => n.email.toLowerCase() === mailbox.toLowerCase()) ??
          (names.length === 1 ? names[0] : undefined);
        const name = (me?.contact?.displayName ?? me?.name ?? '').trim();
        return name === '' ? mailbox : name;
      } catch (error) {
        const kind = (error as { kind?: unknown }).kind;
        if (kind === 'auth' || kind === 'transport') throw error;
        await this.client.getOofSettings(signal);
        return mailbox;
      }
    });
  }

  getOofSettings(signal?: AbortSignal): Promise<OofSettings> {
    return mapped(() => this.client.getOofSettings(signal));
  }

  setOofSettings(settings: OofSettings, signal?: AbortSignal): Promise<void> {
    return mapped(() => this.client.setOofSettings(settings, signal));
  }

  getCalendar(query: CalendarWindowQuery, signal?: AbortSignal): Promise<CalendarResult> {
    return mapped(() => this.client.getCalendar(query, signal));
  }

  getAvailability(query: FreeBusyQuery, signal?: AbortSignal): Promise<MailboxFreeBusy[]> {
    const { detail, ...rest } = query;
    const view = detail === 'busy-only' ? 'FreeBusy' : 'DetailedMerged';
    return mapped(async () =>
      freeBusyFromEws(await this.client.getAvailability({ ...rest, view }, signal)),
    );
  }

  getMailTips(recipients: readonly string[], signal?: AbortSignal): Promise<RecipientMailTips[]> {
    return mapped(async () => mailTipsFromEws(await this.client.getMailTips(recipients, signal)));
  }

  resolveNames(query: NameQuery, signal?: AbortSignal): Promise<ResolvedName[]> {
    return mapped(() =>
      this.client.resolveNames(
        {
          query: query.query,
          ...(query.returnFullContactData === undefined
            ? {}
            : { returnFullContactData: query.returnFullContactData }),
          ...(query.scope === 'directory' ? { searchScope: 'ActiveDirectory' as const } : {}),
        },
        signal,
      ),
    );
  }

  listVoicemail(args: { maxEntries?: number } = {}, signal?: AbortSignal): Promise<VoicemailList> {
    return mapped(() => this.client.listVoicemail(args, signal));
  }

  getVoicemail(id: string, signal?: AbortSignal): Promise<VoicemailDetails> {
    return mapped(() => this.client.getVoicemail(id, signal));
  }

  getVoicemails(ids: readonly string[], signal?: AbortSignal): Promise<VoicemailResult[]> {
    return mapped(async () =>
      voicemailResultsFromEws(await this.client.getVoicemails(ids, signal)),
    );
  }

  getAttachment(id: string, signal?: AbortSignal): Promise<AttachmentBytes> {
    return mapped(async () => {
      const {
        id: attachmentId,
        name,
        contentType,
        content,
      } = await this.client.getAttachment(id, signal);
      return { id: attachmentId, name, contentType, content };
    });
  }

  markVoicemailRead(ref: ItemRef, isRead: boolean, signal?: AbortSignal): Promise<ItemRef> {
    return mapped(() => this.client.markVoicemailRead(ref, isRead, signal));
  }

  deleteVoicemail(id: string, signal?: AbortSignal): Promise<void> {
    return mapped(() => this.client.deleteVoicemail(id, signal));
  }

  saveConversation(entry: ConversationEntry, signal?: AbortSignal): Promise<ItemRef> {
    return mapped(() => this.client.saveConversation(entry, signal));
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
