/**
 * Free/busy and automatic replies of the contacts, in batches of the backend's size (EWS: 100
 * mailboxes a free/busy request, 50 a MailTips request), a few batches at a time, for every mailbox whose
 * facts are older than the cache time, never more. A failed batch keeps the
 * last good facts of its mailboxes (the caller shows those) and is asked again next time.
 */
import type { MailboxBackend } from '../../mailbox/backend.js';
import type { FreeBusyEvent, MailboxFreeBusy } from '../../mailbox/calendar.js';
import type { RecipientOof } from '../../mailbox/people.js';
import { FREE_UNTIL_HORIZON_MS, readAhead } from '../../presence/index.js';
import { oofInput, toEvent, type CalendarFacts } from './contact-presence.js';

/** The part of the mailbox this needs. */
export type CalendarClient = Pick<MailboxBackend, 'limits' | 'getAvailability' | 'getMailTips'>;

/** Splits a list into consecutive chunks of at most `size`, keeping the order. */
function batch<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('Batch size must be ≥ 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface CalendarSourceOptions {
  now: () => number;
  /** How long facts are good for; default 3 minutes. */
  ttlMs?: number;
  /** The zone of the request (the viewer's); event times come back as instants either way. */
  timeZone: () => string;
}

/**
 * The first free/busy read reaches two days ahead; a mailbox whose run or next busy start lies
 * beyond is read further, a week more at a time, up to 14 days (presence/read-ahead.ts).
 */
const FIRST_READ_MS = 2 * 24 * 3_600_000;
const LOOKBEHIND_MS = 12 * 3_600_000;
export const DEFAULT_CALENDAR_TTL_MS = 3 * 60_000;
/** Batches in flight at once: well under Exchange's concurrency limit for one user. */
const PARALLEL_BATCHES = 3;

/**
 * Full batches (the backend's limit per request), a few at a time, results in input order. Any
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

/** Both reads' events, each once (an event across the windows' edge comes back from both). */
function joinEvents(a: readonly FreeBusyEvent[], b: readonly FreeBusyEvent[]): FreeBusyEvent[] {
  const key = (e: FreeBusyEvent): string =>
    `${e.start.getTime()}|${e.end.getTime()}|${e.busyType}|${e.details?.subject ?? ''}`;
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((e) => !seen.has(key(e)))].sort(
    (x, y) => x.start.getTime() - y.start.getTime(),
  );
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

  private readFreeBusy(
    client: CalendarClient,
    mailboxes: string[],
    start: number,
    end: number,
  ): Promise<MailboxFreeBusy[]> {
    return client.getAvailability({
      mailboxes,
      start: new Date(start),
      end: new Date(end),
      timeZone: this.options.timeZone(),
      detail: 'busy-only',
      intervalMinutes: 30,
    });
  }

  /**
   * Reads further, a step at a time, for the mailboxes whose current run or next busy start lies
   * beyond what was read; the events of every read are joined into one answer per mailbox.
   */
  private async readAhead(
    client: CalendarClient,
    mailboxes: readonly string[],
    results: MailboxFreeBusy[],
    now: number,
    replyOf: (mailbox: string) => RecipientOof | undefined,
  ): Promise<MailboxFreeBusy[]> {
    const out = [...results];
    let readTo = now + FIRST_READ_MS;
    for (;;) {
      const more: number[] = [];
      let window: { from: number; to: number } | undefined;
      out.forEach((result, i) => {
        if (!result.ok) return;
        const decision = readAhead({
          now,
          readTo,
          events: result.events.map(toEvent),
          oof: oofInput(replyOf(mailboxes[i] ?? result.mailbox.toLowerCase())),
          // Read again within minutes: the next start matters only as far as "Free until" looks.
          nextStartWithinMs: FREE_UNTIL_HORIZON_MS,
        });
        if (decision.done) return;
        more.push(i);
        window = { from: decision.from, to: decision.to };
      });
      if (window === undefined) return out;
      const { from, to } = window;
      const asked = more.map((i) => mailboxes[i] ?? out[i]?.mailbox ?? '');
      const further = await inBatches(asked, client.limits.freeBusyMailboxes, (chunk) =>
        this.readFreeBusy(client, chunk, from, to),
      );
      more.forEach((index, k) => {
        const before = out[index];
        const after = further[k];
        if (before?.ok === true && after?.ok === true)
          out[index] = { ...before, events: joinEvents(before.events, after.events) };
      });
      readTo = to;
    }
  }

  /** Reads what is stale (batched by the backend's limits) and returns the facts of all. */
  async refresh(client: CalendarClient, wants: CalendarWants): Promise<Map<string, CalendarFacts>> {
    const needAvailability = this.staleIn(this.availability, wants.availability);
    const needTips = this.staleIn(this.tips, wants.mailTips);
    const now = this.options.now();
    const [first, tips] = await Promise.allSettled([
      needAvailability.length === 0
        ? Promise.resolve([])
        : inBatches(needAvailability, client.limits.freeBusyMailboxes, (mailboxes) =>
            this.readFreeBusy(client, mailboxes, now - LOOKBEHIND_MS, now + FIRST_READ_MS),
          ),
      needTips.length === 0
        ? Promise.resolve([])
        : inBatches(needTips, client.limits.mailTipsRecipients, (recipients) =>
            client.getMailTips(recipients),
          ),
    ]);
    // Their automatic reply belongs to an out-of-office run: this read's answer, else the last one.
    const fresh = new Map<string, RecipientOof | undefined>();
    if (tips.status === 'fulfilled')
      tips.value.forEach((t, i) => fresh.set(needTips[i] ?? t.email.toLowerCase(), t.oof));
    const replyOf = (mailbox: string): RecipientOof | undefined =>
      fresh.has(mailbox) ? fresh.get(mailbox) : (this.tips.get(mailbox)?.value?.oof ?? undefined);
    const availability: PromiseSettledResult<MailboxFreeBusy[]> =
      first.status === 'fulfilled'
        ? await this.readAhead(client, needAvailability, first.value, now, replyOf).then(
            (value) => ({ status: 'fulfilled', value }),
            (reason: unknown) => ({ status: 'rejected', reason }),
          )
        : first;
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
