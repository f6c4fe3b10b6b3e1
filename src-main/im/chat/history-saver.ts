/**
 * Saves finished conversations to Exchange's Conversation History folder: once each. A journal
 * in the data folder (`im-history.json`) holds the ids already saved and the ones waiting; a
 * waiting one is retried with exponential back-off (30 s doubling to 30 min) until it is saved,
 * also after a restart, and an id in the saved list is never sent again.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConversationEntry } from '../../mailbox/conversation.js';
import { writeFileAtomic } from '../../core/atomic-file.js';
import type { SchedulerClock } from '../../core/scheduler.js';

export interface HistoryClient {
  saveConversation(args: ConversationEntry): Promise<unknown>;
}

export interface PendingConversation {
  /** Unique per conversation: the peer, its start and its first message id. */
  id: string;
  subject: string;
  html: string;
  to: { email: string; name?: string }[];
  from?: { email: string; name?: string };
  attempts: number;
}

const JournalSchema = z.object({
  saved: z.array(z.string().max(1024)).max(5000),
  pending: z
    .array(
      z.object({
        id: z.string().max(1024),
        subject: z.string(),
        html: z.string(),
        to: z.array(z.object({ email: z.string(), name: z.string().optional() })),
        from: z.object({ email: z.string(), name: z.string().optional() }).optional(),
        attempts: z.int().nonnegative(),
      }),
    )
    .max(500),
});
type Journal = z.infer<typeof JournalSchema>;

export const HISTORY_FILE = 'im-history.json';
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 30 * 60_000;
const KEEP_SAVED = 2000;

/** The back-off before attempt `attempts + 1` (pure). */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

export interface HistorySaverOptions {
  dataDir: string;
  clock: SchedulerClock;
  /** The connected client, or undefined while there is none (then it waits). */
  client: () => Promise<HistoryClient | undefined>;
  log?: (line: string) => void;
}

export class HistorySaver {
  private journal: Journal = { saved: [], pending: [] };
  private loaded: Promise<void> | undefined;
  private running: Promise<void> | undefined;
  private cancelTimer: (() => void) | undefined;
  private stopped = false;
  private readonly file: string;

  constructor(private readonly options: HistorySaverOptions) {
    this.file = path.join(options.dataDir, HISTORY_FILE);
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      try {
        const parsed = JournalSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
        if (parsed.success) this.journal = parsed.data;
      } catch {
        // No journal yet (or an unreadable one): nothing saved, nothing waiting.
      }
    })();
    return this.loaded;
  }

  private async persist(): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(this.journal));
  }

  /** Queues a conversation and tries to save it now; a known id is ignored. */
  async enqueue(conversation: Omit<PendingConversation, 'attempts'>): Promise<void> {
    await this.load();
    if (this.journal.saved.includes(conversation.id)) return;
    if (this.journal.pending.some((p) => p.id === conversation.id)) return;
    this.journal.pending.push({ ...conversation, attempts: 0 });
    await this.persist();
    await this.flush();
  }

  /** Saves what waits (one pass); failures are retried later with back-off. */
  flush(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when no pass runs. */
  async whenIdle(): Promise<void> {
    await this.loaded;
    await this.running;
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  savedIds(): readonly string[] {
    return this.journal.saved;
  }

  pendingCount(): number {
    return this.journal.pending.length;
  }

  private async pass(): Promise<void> {
    await this.load();
    if (this.stopped || this.journal.pending.length === 0) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const client = await this.options.client().catch(() => undefined);
    let failedAttempts = 0;
    for (const item of [...this.journal.pending]) {
      if (this.isStopped()) return;
      if (this.journal.saved.includes(item.id)) {
        this.journal.pending = this.journal.pending.filter((p) => p.id !== item.id);
        continue;
      }
      if (client === undefined) {
        failedAttempts = Math.max(failedAttempts, item.attempts);
        continue;
      }
      try {
        const args: ConversationEntry = { subject: item.subject, html: item.html, to: item.to };
        if (item.from !== undefined) args.from = item.from;
        await client.saveConversation(args);
        // The marker first, so a crash after this line can never send it again.
        this.journal.saved = [...this.journal.saved, item.id].slice(-KEEP_SAVED);
        this.journal.pending = this.journal.pending.filter((p) => p.id !== item.id);
        await this.persist();
      } catch (error) {
        item.attempts += 1;
        failedAttempts = Math.max(failedAttempts, item.attempts);
        this.options.log?.(
          `conversation history: saving failed (attempt ${item.attempts}): ${error instanceof Error ? error.message : String(error)}`,
        );
        await this.persist().catch(() => undefined);
      }
    }
    if (this.journal.pending.length > 0 && !this.isStopped()) {
      const at = this.options.clock.now() + retryDelayMs(Math.max(1, failedAttempts));
      this.cancelTimer = this.options.clock.setTimer(at, () => {
        this.cancelTimer = undefined;
        void this.flush();
      });
    }
  }
}
