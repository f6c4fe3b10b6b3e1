/**
 * Beacon's computed presence published to Teams, for accounts whose backend can (Graph): on every
 * Snapshot the wish is worked out again (`teamsWish`, pure) and handed to the backend's publisher,
 * which sets the session only when the pair changes and renews it before Graph lets it lapse.
 * Turning the setting off, signing out, a failed sign-in and offline clear the session; `stop`
 * (the connection closes: sign-out, switching account, quit) clears it and stops renewing.
 */
import type { Availability, Snapshot } from '../contract.js';
import type { PresencePair, PresencePublisher } from '../../mailbox/presence.js';
import type { SnapshotStore } from '../store.js';
import { teamsPublicationFor } from './presence-mapping.js';

export interface TeamsWishInput {
  /** settings.presence.publishToTeams; absent means on. */
  enabled: boolean | undefined;
  /** The account's data is Exchange's and the sign-in was accepted. */
  signedIn: boolean;
  availability: Availability;
}

/** What Teams should hold for us: the nearest pair to Beacon's presence, or null for nothing. */
export function teamsWish(input: TeamsWishInput): PresencePair | null {
  if (input.enabled === false || !input.signedIn) return null;
  return teamsPublicationFor(input.availability).session;
}

export function teamsWishOf(snapshot: Snapshot): PresencePair | null {
  return teamsWish({
    enabled: snapshot.settings.presence.publishToTeams,
    signedIn: snapshot.account.mode === 'exchange' && snapshot.account.signIn === 'signed-in',
    availability: snapshot.presence.availability,
  });
}

export interface TeamsPublishing {
  /** Clears the session (one attempt) and stops following the Snapshots. */
  stop(): Promise<void>;
}

/** Follows `store` and publishes through `publisher` until stopped. */
export function startTeamsPublishing(
  store: Pick<SnapshotStore, 'getSnapshot' | 'subscribe'>,
  publisher: PresencePublisher,
): TeamsPublishing {
  publisher.publish(teamsWishOf(store.getSnapshot()));
  const unsubscribe = store.subscribe((snapshot) => {
    publisher.publish(teamsWishOf(snapshot));
  });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        unsubscribe();
        await publisher.stop();
      })();
      return stopping;
    },
  };
}
