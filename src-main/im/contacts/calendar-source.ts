/**
 * Free/busy and automatic replies of the contacts: GetUserAvailability (100 mailboxes a
 * request) and GetMailTips (50 a request), a few batches at a time, for every mailbox whose
 * facts are older than the cache time, never more. A failed batch keeps the
 * last good facts of its mailboxes (the caller shows those) and is asked again next time.
 */
import {
  batch,
  MAX_MAILBOXES_PER_REQUEST,
  type AvailabilityArgs,
  type MailboxAvailability,
} from '../../ews/operations/availability.js';
import { MAX_MAILTIPS_RECIPIENTS, type RecipientMailTips } from '../../ews/operations/mailtips.js';
import type { CalendarFacts } from './contact-presence.js';

/** The part of the EWS client this needs (EwsClient has it). */
export interface CalendarClient {
  getAvailability(args: AvailabilityArgs): Promise<MailboxAvailability[]>;
  getMailTips(recipients: readonly string[]): Promise<RecipientMailTips[]>;
}

export interface CalendarSourceOptions {
  now: () => number;
  /** How long facts are good for; default 3 minutes. */
  ttlMs?: number;
  /** The zone of the request (the viewer's); event times come back as instants either way. */
  timeZone: () => string;
}

/** How far ahead free/busy is read: the resolver follows a run up to 14 days. */
const LOOKAHEAD_MS = 14 * 24 * 3_600_000;
const LOOKBEHIND_MS = 12 * 3_600_000;
export const DEFAULT_CALENDAR_TTL_MS = 3 * 60_000;
/** Batches in flight at once: well under Exchange's concurrency limit for one user. */
const PARALLEL_BATCHES = 3;

/**
 * Full batches (the library's limit per request), a few at a time, results in input order. Any
 * failed batch fails the whole read, so the caller keeps its last good facts.
 */
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  read: (chunk: T[]) => Promise<R[]>,
): Promise<R[]> {
  const chunks = batch(items, size);
  const results: R[][] = new Array<R[]>(chunks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < chunks.length) {
      const index = next++;
      results[index] = await read(chunks[index] ?? []);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_BATCHES, chunks.length) }, lane));
  return results.flat();
}

interface Entry<T> {
  value: T;
  at: number;
}

/** Free/busy for one mailbox: the answer, or `null` when Exchange had none for it. */
type AvailabilityFact = CalendarFacts['availability'] | null;
type TipsFact = NonNullable<CalendarFacts['mailTips']> | null;

/** Which mailboxes to read: free/busy only for those offline on IM, MailTips for everyone. */
export interface CalendarWants {
  availability: readonly string[];
  mailTips: readonly string[];
}

export class CalendarPresenceSource {
  private readonly availability = new Map<string, Entry<AvailabilityFact>>();
  private readonly tips = new Map<string, Entry<TipsFact>>();
  private readonly ttlMs: number;
  /** The last failure of a batch, for the log (the contact list keeps the last good facts). */
  lastError: unknown;

  constructor(private readonly options: CalendarSourceOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CALENDAR_TTL_MS;
  }

  /** What is known now, without asking (undefined: never read). */
  peek(mailbox: string): CalendarFacts | undefined {
    const key = mailbox.toLowerCase();
    const availability = this.availability.get(key)?.value;
    const tips = this.tips.get(key)?.value;
    if (availability === undefined && tips === undefined) return undefined;
    const facts: CalendarFacts = {};
    if (availability !== undefined && availability !== null) facts.availability = availability;
    if (tips !== undefined && tips !== null) facts.mailTips = tips;
    return facts;
  }

  /** Forgets everything (another account). */
  clear(): void {
    this.availability.clear();
    this.tips.clear();
  }

  private staleIn<T>(cache: Map<string, Entry<T>>, mailboxes: readonly string[]): string[] {
    const now = this.options.now();
    const out = new Set<string>();
    for (const raw of mailboxes) {
      const mailbox = raw.toLowerCase();
      const entry = cache.get(mailbox);
      if (entry === undefined || now - entry.at >= this.ttlMs) out.add(mailbox);
    }
    return [...out];
  }

  /** Reads what is stale (batched by the library) and returns the facts of all. */
  async refresh(client: CalendarClient, wants: CalendarWants): Promise<Map<string, CalendarFacts>> {
    const needAvailability = this.staleIn(this.availability, wants.availability);
    const needTips = this.staleIn(this.tips, wants.mailTips);
    const now = this.options.now();
    const [availability, tips] = await Promise.allSettled([
      needAvailability.length === 0
        ? Promise.resolve([])
        : inBatches(needAvailability, MAX_MAILBOXES_PER_REQUEST, (mailboxes) =>
            client.getAvailability({
              mailboxes,
              start: new Date(now - LOOKBEHIND_MS),
              end: new Date(now + LOOKAHEAD_MS),
              timeZone: this.options.timeZone(),
              view: 'FreeBusy',
              intervalMinutes: 30,
            }),
          ),
      needTips.length === 0
        ? Promise.resolve([])
        : inBatches(needTips, MAX_MAILTIPS_RECIPIENTS, (recipients) =>
            client.getMailTips(recipients),
          ),
    ]);
    const at = this.options.now();
    this.lastError = undefined;
    // A batch that failed keeps the last good facts of its mailboxes; they are asked again next time.
    if (availability.status === 'fulfilled') {
      availability.value.forEach((result, i) => {
        const mailbox = needAvailability[i] ?? result.mailbox.toLowerCase();
        this.availability.set(mailbox, { value: result.ok ? result : null, at });
      });
    } else this.lastError = availability.reason;
    if (tips.status === 'fulfilled') {
      tips.value.forEach((result, i) => {
        const mailbox = needTips[i] ?? result.email.toLowerCase();
        if (result.error !== undefined) this.tips.set(mailbox, { value: null, at });
        else
          this.tips.set(mailbox, {
            value: result.oof === undefined ? {} : { oof: result.oof },
            at,
          });
      });
    } else this.lastError = tips.reason;
    const out = new Map<string, CalendarFacts>();
    for (const mailbox of [...wants.availability, ...wants.mailTips]) {
      const facts = this.peek(mailbox);
      if (facts !== undefined) out.set(mailbox.toLowerCase(), facts);
    }
    return out;
  }
}
