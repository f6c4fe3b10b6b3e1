/**
 * What changed in a mailbox, and when: the simulator's mailbox model is plain data that admin
 * calls and EWS writes change in place, so the journal compares each watched mailbox with what it
 * saw last (after every request) and turns the difference into Exchange's item events and into
 * per-folder change sequence numbers for SyncFolderItems. Pure of sockets and timers.
 */
import { inFolder, type CalendarItem, type Mailbox, type MessageItem } from './model.js';

/** The folders notifications and SyncFolderItems know (voicemail is inbox voicemail). */
export const WATCHED_FOLDERS = [
  'calendar',
  'inbox',
  'voicemail',
  'deleteditems',
  'drafts',
  'sentitems',
  'conversationhistory',
] as const;
export type WatchedFolder = (typeof WATCHED_FOLDERS)[number];

export type EventType =
  | 'CreatedEvent'
  | 'DeletedEvent'
  | 'ModifiedEvent'
  | 'MovedEvent'
  | 'NewMailEvent'
  | 'CopiedEvent'
  | 'FreeBusyChangedEvent';

/** One event, as Exchange raises it: on an item or on a folder (a folder's contents changed). */
export interface MailboxEvent {
  seq: number;
  /** When it happened (the simulator's clock), ms. */
  at: number;
  type: EventType;
  /** The folder it happened in (for a move, the destination). */
  folder: WatchedFolder;
  /** For a move: the folder the item left. */
  oldFolder?: WatchedFolder;
  /** The item; absent for an event on the folder itself. */
  item?: { id: string; changeKey: string };
  /** A folder ModifiedEvent on a message folder: its unread count. */
  unreadCount?: number;
}

/** An item's place in one folder, for SyncFolderItems. */
export interface FolderEntry {
  id: string;
  changeKey: string;
  /** Seq at which it entered the folder. */
  createdSeq: number;
  /** Seq of its last change of any kind (deletion included). */
  lastSeq: number;
  /** Seq of its last change other than the read flag. */
  lastContentSeq: number;
  deleted: boolean;
  isRead?: boolean;
}

interface Seen {
  changeKey: string;
  folders: WatchedFolder[];
  fingerprint: string;
  contentFingerprint: string;
  isRead?: boolean;
  isMessage: boolean;
  freeBusy?: string;
}

/** How many events a mailbox keeps; older ones are gone (a pull subscription then misses them). */
export const MAX_EVENTS = 5000;

function calendarFingerprint(item: CalendarItem): string {
  const recurrence = item.recurrence && {
    ...item.recurrence,
    modifiedOccurrences: [...item.recurrence.modifiedOccurrences.entries()],
  };
  return JSON.stringify({ ...item, recurrence });
}

/** A message's content: everything but where it is, its read flag and its ChangeKey. */
function messageContent(message: MessageItem): string {
  return JSON.stringify({
    ...message,
    isRead: undefined,
    changeKey: undefined,
    folder: undefined,
    attachments: message.attachments.map((a) => [a.id, a.name, a.contentType, a.content.length]),
    extended: [...message.extended.entries()],
  });
}

function messageFolders(message: MessageItem): WatchedFolder[] {
  const folders: WatchedFolder[] = [];
  // Every message folder is watched today; a folder added to the model later is not.
  if ((WATCHED_FOLDERS as readonly string[]).includes(message.folder)) folders.push(message.folder);
  if (inFolder(message, 'voicemail')) folders.push('voicemail');
  return folders;
}

function look(mailbox: Mailbox): Map<string, Seen> {
  const seen = new Map<string, Seen>();
  for (const item of mailbox.calendar) {
    const fingerprint = calendarFingerprint(item);
    seen.set(item.id, {
      changeKey: item.changeKey,
      folders: ['calendar'],
      fingerprint,
      contentFingerprint: fingerprint,
      isMessage: false,
      freeBusy: JSON.stringify([item.start, item.end, item.freeBusy, item.isCancelled]),
    });
  }
  for (const message of mailbox.messages) {
    // A new ChangeKey alone (a read flag set) is not a change of content.
    const content = messageContent(message);
    seen.set(message.id, {
      changeKey: message.changeKey,
      folders: messageFolders(message),
      fingerprint: `${message.changeKey}|${String(message.isRead)}|${content}`,
      contentFingerprint: content,
      isRead: message.isRead,
      isMessage: true,
    });
  }
  return seen;
}

function unreadIn(mailbox: Mailbox, folder: WatchedFolder): number | undefined {
  if (folder === 'calendar') return undefined;
  return mailbox.messages.filter((m) => inFolder(m, folder) && !m.isRead).length;
}

/** The journal of one mailbox, from the moment something started watching it. */
export class MailboxJournal {
  private seen: Map<string, Seen>;
  private seq = 0;
  readonly events: MailboxEvent[] = [];
  /** Seq of the oldest event still kept (events before it were dropped). */
  oldestKept = 1;
  private readonly folders = new Map<WatchedFolder, Map<string, FolderEntry>>();
  /** When watching started (the simulator's clock), ms. */
  readonly createdAt: number;

  constructor(
    readonly mailbox: Mailbox,
    now: number,
    private readonly maxEvents = MAX_EVENTS,
  ) {
    this.seen = look(mailbox);
    for (const [id, item] of this.seen) {
      for (const folder of item.folders) this.enter(folder, id, item);
    }
    this.createdAt = now;
  }

  /** The last seq handed out: a watermark at "now". */
  get head(): number {
    return this.seq;
  }

  private next(): number {
    this.seq += 1;
    return this.seq;
  }

  private folder(name: WatchedFolder): Map<string, FolderEntry> {
    let entries = this.folders.get(name);
    if (!entries) {
      entries = new Map();
      this.folders.set(name, entries);
    }
    return entries;
  }

  private enter(folder: WatchedFolder, id: string, item: Seen): void {
    const seq = this.next();
    const entry: FolderEntry = {
      id,
      changeKey: item.changeKey,
      createdSeq: seq,
      lastSeq: seq,
      lastContentSeq: seq,
      deleted: false,
    };
    if (item.isRead !== undefined) entry.isRead = item.isRead;
    this.folder(folder).set(id, entry);
  }

  private raise(event: Omit<MailboxEvent, 'seq'>): MailboxEvent {
    const full: MailboxEvent = { ...event, seq: this.next() };
    this.events.push(full);
    if (this.events.length > this.maxEvents) {
      const dropped = this.events.splice(0, this.events.length - this.maxEvents);
      this.oldestKept = (dropped.at(-1)?.seq ?? this.oldestKept) + 1;
    }
    return full;
  }

  /** Entries of a folder changed after `since` (deletions included), oldest change first. */
  changedSince(folder: WatchedFolder, since: number): FolderEntry[] {
    return [...this.folder(folder).values()]
      .filter((e) => e.lastSeq > since)
      .sort((a, b) => a.lastSeq - b.lastSeq);
  }

  /** Compares the mailbox with what was seen last; returns the events raised (oldest first). */
  observe(now: number): MailboxEvent[] {
    const current = look(this.mailbox);
    const raised: MailboxEvent[] = [];
    const touched = new Set<WatchedFolder>();
    const itemEvent = (
      type: EventType,
      folder: WatchedFolder,
      id: string,
      changeKey: string,
      oldFolder?: WatchedFolder,
    ): void => {
      const event: Omit<MailboxEvent, 'seq'> = { at: now, type, folder, item: { id, changeKey } };
      if (oldFolder !== undefined) event.oldFolder = oldFolder;
      raised.push(this.raise(event));
      touched.add(folder);
      if (oldFolder !== undefined) touched.add(oldFolder);
    };
    const setEntry = (
      folder: WatchedFolder,
      id: string,
      item: Seen,
      contentChanged: boolean,
    ): void => {
      const entry = this.folder(folder).get(id);
      const seq = this.seq;
      if (!entry || entry.deleted) {
        const fresh: FolderEntry = {
          id,
          changeKey: item.changeKey,
          createdSeq: seq,
          lastSeq: seq,
          lastContentSeq: seq,
          deleted: false,
        };
        if (item.isRead !== undefined) fresh.isRead = item.isRead;
        this.folder(folder).set(id, fresh);
        return;
      }
      entry.changeKey = item.changeKey;
      entry.lastSeq = seq;
      if (contentChanged) entry.lastContentSeq = seq;
      if (item.isRead !== undefined) entry.isRead = item.isRead;
    };
    const deleteEntry = (folder: WatchedFolder, id: string): void => {
      const entry = this.folder(folder).get(id);
      if (!entry) return;
      entry.deleted = true;
      entry.lastSeq = this.seq;
      entry.lastContentSeq = this.seq;
    };

    for (const [id, item] of current) {
      const before = this.seen.get(id);
      if (!before) {
        for (const folder of item.folders) {
          itemEvent('CreatedEvent', folder, id, item.changeKey);
          setEntry(folder, id, item, true);
          if (item.isMessage && folder === 'inbox') {
            itemEvent('NewMailEvent', folder, id, item.changeKey);
            setEntry(folder, id, item, true);
          }
        }
        continue;
      }
      const [from] = before.folders;
      const [to] = item.folders;
      if (from !== to && from !== undefined && to !== undefined) {
        itemEvent('MovedEvent', to, id, item.changeKey, from);
        setEntry(to, id, item, true);
        deleteEntry(from, id);
      } else if (from !== undefined && to === undefined) {
        itemEvent('DeletedEvent', from, id, item.changeKey);
        deleteEntry(from, id);
      } else if (from === undefined && to !== undefined) {
        itemEvent('CreatedEvent', to, id, item.changeKey);
        setEntry(to, id, item, true);
      }
      // Membership of the voicemail view (a search folder over the inbox) beyond the first folder.
      const extraBefore = before.folders.slice(1);
      const extraNow = item.folders.slice(1);
      for (const folder of extraBefore.filter((f) => !extraNow.includes(f))) {
        itemEvent('DeletedEvent', folder, id, item.changeKey);
        deleteEntry(folder, id);
      }
      for (const folder of extraNow.filter((f) => !extraBefore.includes(f))) {
        itemEvent('CreatedEvent', folder, id, item.changeKey);
        setEntry(folder, id, item, true);
      }
      if (before.fingerprint !== item.fingerprint || before.changeKey !== item.changeKey) {
        const contentChanged = before.contentFingerprint !== item.contentFingerprint;
        for (const folder of item.folders.filter((f) => before.folders.includes(f))) {
          itemEvent('ModifiedEvent', folder, id, item.changeKey);
          setEntry(folder, id, item, contentChanged);
        }
      }
      if (before.freeBusy !== undefined && before.freeBusy !== item.freeBusy) {
        itemEvent('FreeBusyChangedEvent', 'calendar', id, item.changeKey);
      }
    }
    for (const [id, before] of this.seen) {
      if (current.has(id)) continue;
      for (const folder of before.folders) {
        itemEvent('DeletedEvent', folder, id, before.changeKey);
        deleteEntry(folder, id);
      }
    }
    // Exchange also tells a folder's subscribers that the folder itself changed (its counts).
    for (const folder of touched) {
      const event: Omit<MailboxEvent, 'seq'> = { at: now, type: 'ModifiedEvent', folder };
      const unread = unreadIn(this.mailbox, folder);
      if (unread !== undefined) event.unreadCount = unread;
      raised.push(this.raise(event));
    }
    this.seen = current;
    return raised;
  }
}
