/**
 * Publishes Beacon's computed presence to Teams for a Graph account: each resolved Presence goes
 * through the mapping (presence-mapping.ts) to the session keeper, which sets, renews, changes
 * and clears the application session. The core calls `publish` whenever presence is resolved
 * and `stop` on sign-out and quit; the keeper decides when Graph is actually called.
 */
import { clearPresence, setPresence, type SessionPair } from '../../graph/operations/presence.js';
import {
  PresenceSessionKeeper,
  type SessionPolicy,
  type SessionState,
  type SessionTimers,
} from '../../graph/presence-session.js';
import type { GraphRequester } from '../../graph/requester.js';
import type { Presence } from '../../presence/types.js';
import { teamsPublicationFor } from './presence-mapping.js';

export interface TeamsPublisherOptions {
  requester: GraphRequester;
  /** The signed-in user's directory id (GET /me's `id`). */
  userId: string;
  /** Beacon's application (client) id: Graph requires it as the session id. */
  appId: string;
  timers?: SessionTimers;
  policy?: Partial<SessionPolicy>;
  random?: () => number;
  onChange?: (state: SessionState) => void;
}

export class TeamsPublisher {
  private readonly keeper: PresenceSessionKeeper;

  constructor(options: TeamsPublisherOptions) {
    const { requester, userId, appId } = options;
    this.keeper = new PresenceSessionKeeper({
      port: {
        set: (pair: SessionPair, minutes: number) =>
          setPresence(requester, { userId, sessionId: appId, pair, expirationMinutes: minutes }),
        clear: () => clearPresence(requester, { userId, sessionId: appId }),
      },
      ...(options.timers === undefined ? {} : { timers: options.timers }),
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.onChange === undefined ? {} : { onChange: options.onChange }),
    });
  }

  /** Beacon's presence now; signed out or offline clears the session. */
  publish(presence: Pick<Presence, 'availability'>): void {
    this.keeper.desire(teamsPublicationFor(presence.availability).session);
  }

  state(): SessionState {
    return this.keeper.snapshot();
  }

  settled(): Promise<void> {
    return this.keeper.settled();
  }

  /** Clears the session (one attempt) and stops renewing. */
  stop(): Promise<void> {
    return this.keeper.stop();
  }
}
