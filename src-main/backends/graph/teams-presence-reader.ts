/**
 * Contacts' Teams presence over Graph: each address becomes a directory id once (cached for the
 * account's session, an unknown user remembered as unknown), then one getPresencesByUserId for
 * all of them (one more per 650). Failures leave as the MailboxError the backend's other calls
 * give.
 */
import { getPresencesByUserId } from '../../graph/operations/presence.js';
import { getUserIds } from '../../graph/operations/user-id.js';
import type { GraphRequester } from '../../graph/requester.js';
import type { TeamsPresenceReader, TeamsPresenceState } from '../../mailbox/teams-presence.js';

export interface GraphTeamsPresenceOptions {
  /**
   * Runs Graph calls through a requester that carries the signal (and the backend's close) on
   * every request, turning a failure into a MailboxError (the backend's `call`).
   */
  call: <T>(run: (graph: GraphRequester) => Promise<T>, signal?: AbortSignal) => Promise<T>;
}

export class GraphTeamsPresenceReader implements TeamsPresenceReader {
  /** Lower-cased address → directory id; null: the directory has no such user. */
  private readonly ids = new Map<string, string | null>();

  constructor(private readonly options: GraphTeamsPresenceOptions) {}

  /** How many addresses have been looked up (for the log and tests). */
  get known(): number {
    return this.ids.size;
  }

  read(
    addresses: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, TeamsPresenceState>> {
    return this.options.call(async (graph) => {
      const wanted = [...new Set(addresses.map((a) => a.trim().toLowerCase()))].filter((a) =>
        a.includes('@'),
      );
      const unknown = wanted.filter((a) => !this.ids.has(a));
      if (unknown.length > 0) {
        const found = await getUserIds(graph, unknown);
        unknown.forEach((address, i) => this.ids.set(address, found[i] ?? null));
      }
      // Ids compared in any case (Graph answers GUIDs as it likes), sent as the directory gave them.
      const byId = new Map<string, { id: string; address: string }>();
      for (const address of wanted) {
        const id = this.ids.get(address);
        if (id !== undefined && id !== null) byId.set(id.toLowerCase(), { id, address });
      }
      const out = new Map<string, TeamsPresenceState>();
      if (byId.size === 0) return out;
      const ids = [...byId.values()].map((entry) => entry.id);
      const presences = await getPresencesByUserId(graph, ids);
      for (const p of presences) {
        const address = byId.get(p.id.toLowerCase())?.address;
        if (address !== undefined)
          out.set(address, { availability: p.availability, activity: p.activity });
      }
      return out;
    }, signal);
  }
}
