/**
 * Where each mailbox's SyncFolderItems bookmarks (calendar, voicemail) are kept between runs:
 * one small JSON file per mailbox under `<data>/sync/`, written atomically. The bookmark is the
 * server's opaque SyncState text: no credentials, nothing of the items. A damaged or foreign file
 * counts as no bookmark (the next sync starts over), never as an error.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-file.js';

export const SYNC_DIR_NAME = 'sync';
const FORMAT = 1;
/** Exchange's SyncState for a folder is a few hundred bytes; far more is not ours. */
const MAX_STATE_CHARS = 64 * 1024;

const StateSchema = z.object({
  /** The folder the bookmark belongs to (voicemail may be synced as the inbox). */
  folder: z.enum(['calendar', 'voicemail', 'inbox']),
  syncState: z.string().min(1).max(MAX_STATE_CHARS),
});
export type FolderSyncState = z.infer<typeof StateSchema>;

const FileSchema = z.object({
  format: z.literal(FORMAT),
  mailbox: z.string(),
  calendar: StateSchema.optional(),
  voicemail: StateSchema.optional(),
});

export type SyncKind = 'calendar' | 'voicemail';
export type MailboxSyncStates = Partial<Record<SyncKind, FolderSyncState>>;

/** The file of a mailbox: named by a hash of its address, so any address is a safe name. */
export function syncStatePath(dataDir: string, mailbox: string): string {
  const key = createHash('sha256').update(mailbox.trim().toLowerCase()).digest('hex').slice(0, 32);
  return join(dataDir, SYNC_DIR_NAME, `${key}.json`);
}

export class SyncStateStore {
  constructor(private readonly dataDir: string) {}

  async load(mailbox: string): Promise<MailboxSyncStates> {
    let text: string;
    try {
      text = await readFile(syncStatePath(this.dataDir, mailbox), 'utf8');
    } catch {
      return {}; // none yet, or unreadable: the next sync starts over
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return {};
    }
    const parsed = FileSchema.safeParse(json);
    if (!parsed.success) return {};
    if (parsed.data.mailbox.toLowerCase() !== mailbox.trim().toLowerCase()) return {};
    const states: MailboxSyncStates = {};
    if (parsed.data.calendar !== undefined) states.calendar = parsed.data.calendar;
    if (parsed.data.voicemail !== undefined) states.voicemail = parsed.data.voicemail;
    return states;
  }

  async save(mailbox: string, states: MailboxSyncStates): Promise<void> {
    const file = { format: FORMAT, mailbox: mailbox.trim().toLowerCase(), ...states };
    await writeFileAtomic(syncStatePath(this.dataDir, mailbox), `${JSON.stringify(file)}\n`);
  }
}
