/**
 * The Graph backend's presence publisher: Beacon's presence as an application presence session
 * in Teams, kept by the Graph library's session keeper (set, renewed before Graph lets it lapse,
 * set again on a change, retried with a growing pause, cleared on stop). The user's directory id,
 * which setPresence and clearPresence address, is read once from /me/presence before the first
 * call; the session id is the application's client id, as Graph requires.
 */
import { clearPresence, getMyPresence, setPresence } from '../../graph/operations/presence.js';
import {
  PresenceSessionKeeper,
  type SessionPolicy,
  type SessionTimers,
} from '../../graph/presence-session.js';
import type { GraphRequester } from '../../graph/requester.js';
import { neutralError } from './errors.js';
import type {
  PresencePair,
  PresencePublisher,
  PresencePublisherStatus,
} from '../../mailbox/presence.js';

export interface GraphPresencePublisherOptions {
  requester: GraphRequester;
  /** The application (client) id Beacon signed in with: Graph's session id. */
  sessionId: string;
  /** The signed-in user's directory id, when already known (else read from /me/presence). */
  userId?: string;
  timers?: SessionTimers;
  policy?: Partial<SessionPolicy>;
  random?: () => number;
  /** Called after every change of what is published or of its failing state. */
  onStatus?: (status: PresencePublisherStatus) => void;
}

/** A GUID, as Graph takes a session id. */
const GUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

export function isPresenceSessionId(id: string): boolean {
  return GUID.test(id);
}

export class GraphPresencePublisher implements PresencePublisher {
  readonly #keeper: PresenceSessionKeeper;
  readonly #listeners = new Set<(status: PresencePublisherStatus) => void>();
  #userId: Promise<string> | undefined;

  constructor(options: GraphPresencePublisherOptions) {
    if (!isPresenceSessionId(options.sessionId))
      throw new RangeError('The presence session id must be the application id (a GUID)');
    const { requester, sessionId } = options;
    if (options.userId !== undefined) this.#userId = Promise.resolve(options.userId);
    const userId = (): Promise<string> => {
      // A failed read is asked again next time, not kept.
      this.#userId ??= getMyPresence(requester).then(
        (presence) => presence.id,
        (error: unknown) => {
          this.#userId = undefined;
          throw error;
        },
      );
      return this.#userId;
    };
    this.#keeper = new PresenceSessionKeeper({
      port: {
        set: async (pair, expirationMinutes) => {
          await setPresence(requester, {
            userId: await userId(),
            sessionId,
            pair,
            expirationMinutes,
          });
        },
        clear: async () => clearPresence(requester, { userId: await userId(), sessionId }),
      },
      ...(options.timers === undefined ? {} : { timers: options.timers }),
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(options.random === undefined ? {} : { random: options.random }),
      onChange: () => {
        const status = this.status();
        options.onStatus?.(status);
        for (const listener of [...this.#listeners]) listener(status);
      },
    });
  }

  publish(pair: PresencePair | null): void {
    this.#keeper.desire(pair);
  }

  status(): PresencePublisherStatus {
    const state = this.#keeper.snapshot();
    const published = state.published;
    const failing = state.failures > 0;
    const status: PresencePublisherStatus =
      published === null
        ? { published: null, failing }
        : {
            published: published.pair,
            setAt: published.setAt,
            expiresAt: published.expiresAt,
            failing,
          };
    if (failing) {
      // Why, as the neutral failure (a 403 is access denied, 429/503 busy, the network...).
      const failure = neutralError(state.lastError).failure;
      if (failure !== undefined) status.failure = failure;
      if (state.retryAt !== null) status.retryAt = state.retryAt;
    }
    return status;
  }

  watch(listener: (status: PresencePublisherStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  settled(): Promise<void> {
    return this.#keeper.settled();
  }

  stop(): Promise<void> {
    return this.#keeper.stop();
  }
}
