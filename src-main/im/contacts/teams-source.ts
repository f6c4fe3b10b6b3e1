/**
 * Contacts' Teams presence for backends that read it (Graph): one read for all contacts per
 * refresh, at most once per cache time for the same contacts (the refreshes IM triggers in
 * between use the last answer), and a failed read keeps the last good answer.
 */
import {
  beaconPresenceFromTeams,
  type TeamsContactPresence,
} from '../../core/teams/presence-inbound.js';
import type { TeamsPresenceReader } from '../../mailbox/teams-presence.js';

export interface TeamsSourceOptions {
  now: () => number;
  /** How long an answer is good for (the contacts' free/busy cache time). */
  ttlMs: number;
}

/** By lower-cased mailbox; null: Teams does not know their state now (Offline, unknown). */
export type TeamsByMailbox = ReadonlyMap<string, TeamsContactPresence | null>;

export class TeamsPresenceSource {
  private last: TeamsByMailbox = new Map();
  private readAt: number | undefined;
  private readFor = '';
  /** The last read's failure, for the log; undefined after a good read. */
  lastError: unknown;

  constructor(private readonly options: TeamsSourceOptions) {}

  current(): TeamsByMailbox {
    return this.last;
  }

  /** Forgets everything (another account). */
  clear(): void {
    this.last = new Map();
    this.readAt = undefined;
    this.readFor = '';
    this.lastError = undefined;
  }

  /** Reads when the answer is older than the cache time or the contacts changed. */
  async refresh(
    reader: TeamsPresenceReader | undefined,
    mailboxes: readonly string[],
  ): Promise<TeamsByMailbox> {
    if (reader === undefined) {
      this.clear();
      return this.last;
    }
    const wanted = [...new Set(mailboxes.map((m) => m.toLowerCase()))].sort();
    const key = wanted.join('\n');
    const now = this.options.now();
    const fresh =
      this.readAt !== undefined && key === this.readFor && now - this.readAt < this.options.ttlMs;
    if (fresh || wanted.length === 0) return this.last;
    try {
      const states = await reader.read(wanted);
      const out = new Map<string, TeamsContactPresence | null>();
      for (const [mailbox, state] of states) out.set(mailbox, beaconPresenceFromTeams(state));
      this.last = out;
      this.readAt = this.options.now();
      this.readFor = key;
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
    }
    return this.last;
  }
}
