/**
 * Free/busy and automatic replies for the contacts who are not online on IM: one batched
 * GetUserAvailability (100 mailboxes a request) and one batched GetMailTips (50 a request) for
 * every mailbox whose facts are older than the cache time, never more. A failed batch keeps the
 * last good facts of its mailboxes (the caller shows those) and is asked again next time.
 */
import type { AvailabilityArgs, MailboxAvailability } from '../../ews/operations/availability.js';
import type { RecipientMailTips } from '../../ews/operations/mailtips.js';
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

interface Entry {
  facts: CalendarFacts;
  at: number;
}

export class CalendarPresenceSource {
  private readonly cache = new Map<string, Entry>();
  private readonly ttlMs: number;
  /** The last failure of a batch, for the log (the contact list keeps the last good facts). */
  lastError: unknown;

  constructor(private readonly options: CalendarSourceOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CALENDAR_TTL_MS;
  }

  /** What is known now, without asking (undefined: never read). */
  peek(mailbox: string): CalendarFacts | undefined {
    return this.cache.get(mailbox.toLowerCase())?.facts;
  }

  /** Forgets everything (another account). */
  clear(): void {
    this.cache.clear();
  }

  /** The mailboxes whose facts are missing or older than the cache time. */
  stale(mailboxes: readonly string[]): string[] {
    const now = this.options.now();
    const seen = new Set<string>();
    const out: string[] = [];
    for (const raw of mailboxes) {
      const mailbox = raw.toLowerCase();
      if (seen.has(mailbox)) continue;
      seen.add(mailbox);
      const entry = this.cache.get(mailbox);
      if (entry === undefined || now - entry.at >= this.ttlMs) out.push(mailbox);
    }
    return out;
  }

  /** Reads the stale ones (batched by the library) and returns the facts of all. */
  async refresh(
    client: CalendarClient,
    mailboxes: readonly string[],
  ): Promise<Map<string, CalendarFacts>> {
    const wanted = this.stale(mailboxes);
    if (wanted.length > 0) {
      const now = this.options.now();
      const [availability, tips] = await Promise.allSettled([
        client.getAvailability({
          mailboxes: wanted,
          start: new Date(now - LOOKBEHIND_MS),
          end: new Date(now + LOOKAHEAD_MS),
          timeZone: this.options.timeZone(),
          view: 'FreeBusy',
          intervalMinutes: 30,
        }),
        client.getMailTips(wanted),
      ]);
      const byMailbox = new Map<string, CalendarFacts>();
      const factsFor = (mailbox: string): CalendarFacts => {
        const key = mailbox.toLowerCase();
        let facts = byMailbox.get(key);
        if (facts === undefined) {
          facts = {};
          byMailbox.set(key, facts);
        }
        return facts;
      };
      if (availability.status === 'fulfilled') {
        availability.value.forEach((result, i) => {
          const mailbox = wanted[i] ?? result.mailbox;
          if (result.ok) factsFor(mailbox).availability = result;
          else factsFor(mailbox); // known: no free/busy shared (or no such mailbox)
        });
      } else this.lastError = availability.reason;
      if (tips.status === 'fulfilled') {
        tips.value.forEach((result, i) => {
          const mailbox = wanted[i] ?? result.email;
          if (result.error !== undefined) return;
          factsFor(mailbox).mailTips = result.oof === undefined ? {} : { oof: result.oof };
        });
      } else this.lastError = tips.reason;
      const at = this.options.now();
      for (const mailbox of wanted) {
        const fresh = byMailbox.get(mailbox);
        const old = this.cache.get(mailbox)?.facts;
        const merged: CalendarFacts = {};
        // A part whose batch failed keeps its last good value.
        const availabilityPart =
          availability.status === 'fulfilled' ? fresh?.availability : old?.availability;
        const tipsPart = tips.status === 'fulfilled' ? fresh?.mailTips : old?.mailTips;
        if (availabilityPart !== undefined) merged.availability = availabilityPart;
        if (tipsPart !== undefined) merged.mailTips = tipsPart;
        const bothFailed = availability.status === 'rejected' && tips.status === 'rejected';
        // Nothing new at all: keep the old entry (and its age), so it is asked again next time.
        if (!bothFailed && (availability.status === 'fulfilled' || tips.status === 'fulfilled'))
          this.cache.set(mailbox, {
            facts: merged,
            at: availability.status === 'fulfilled' && tips.status === 'fulfilled' ? at : 0,
          });
      }
      if (availability.status === 'fulfilled' && tips.status === 'fulfilled')
        this.lastError = undefined;
    }
    const out = new Map<string, CalendarFacts>();
    for (const mailbox of mailboxes) {
      const facts = this.peek(mailbox);
      if (facts !== undefined) out.set(mailbox.toLowerCase(), facts);
    }
    return out;
  }
}
