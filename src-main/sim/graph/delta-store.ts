/**
 * Server-side state behind calendarView/delta's opaque tokens: a `$skiptoken` names the rest of
 * a round (what to send next and the state to end it with), a `$deltatoken` names the state a
 * round ended in (each event's fingerprint, the window and the user). Tokens live with the
 * mailbox store, so a reset forgets them all (a client then gets 410 and syncs again); the
 * oldest are evicted past a cap, as Outlook's cache evicts them.
 */
import { randomBytes } from 'node:crypto';
import type { MailboxStore } from '../model.js';
import type { Window } from '../recurrence.js';

/** Tokens kept per simulator; older ones are forgotten (their holders get 410). */
export const MAX_DELTA_TOKENS = 2000;

export type DeltaEntry = { kind: 'event'; instanceId: string } | { kind: 'removed'; id: string };

interface Base {
  email: string;
  window: Window;
  /** Fingerprints (by instance id) of the events the client will hold once the round ends. */
  state: ReadonlyMap<string, string>;
}

export interface SkipState extends Base {
  kind: 'skip';
  remaining: readonly DeltaEntry[];
}

export interface DeltaState extends Base {
  kind: 'delta';
}

export class DeltaStore {
  private readonly tokens = new Map<string, SkipState | DeltaState>();

  put(state: SkipState | DeltaState): string {
    const token = randomBytes(18).toString('base64url');
    this.tokens.set(token, state);
    while (this.tokens.size > MAX_DELTA_TOKENS) {
      const oldest = this.tokens.keys().next().value;
      if (oldest === undefined) break;
      this.tokens.delete(oldest);
    }
    return token;
  }

  get(token: string): SkipState | DeltaState | undefined {
    return this.tokens.get(token);
  }

  /** Forgets every token (the admin API's "expire"), as an evicted cache would. */
  clear(): number {
    const n = this.tokens.size;
    this.tokens.clear();
    return n;
  }
}

const stores = new WeakMap<MailboxStore, DeltaStore>();

export function deltaStoreOf(store: MailboxStore): DeltaStore {
  let found = stores.get(store);
  if (!found) {
    found = new DeltaStore();
    stores.set(store, found);
  }
  return found;
}
