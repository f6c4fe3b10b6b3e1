/**
 * Beacon's computed presence published to Teams, for accounts whose backend can (Graph): on every
 * Snapshot the wish is worked out again (`teamsWish`, pure) and handed to the backend's publisher,
 * which sets the session only when the pair changes and renews it before Graph lets it lapse.
 * Turning the setting off, signing out, a failed sign-in and offline clear the session; `stop`
 * (the connection closes: sign-out, switching account, quit) clears it and stops renewing.
 * The Snapshot's `teams` says how it goes (teams-status.ts): on, or failing and why, so the window
 * can tell the user when Teams does not accept Beacon's status; after `stop` it is off.
 */
import type { Availability, Snapshot } from '../contract.js';
import type { PresencePair, PresencePublisher } from '../../mailbox/presence.js';
import type { SnapshotStore } from '../store.js';
import { teamsPublicationFor } from './presence-mapping.js';
import { teamsStatusOf } from './teams-status.js';

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
  store: Pick<SnapshotStore, 'getSnapshot' | 'subscribe' | 'update'>,
  publisher: PresencePublisher,
): TeamsPublishing {
  let stopped = false;
  let reporting = false;
  /**
   * The Snapshot's `teams` follows the publisher, a microtask later: the changes that call this
   * happen inside a Snapshot listener, and an update from there would reach later listeners
   * before the Snapshot that caused it.
   */
  const report = (): void => {
    if (reporting || stopped) return;
    reporting = true;
    queueMicrotask(() => {
      reporting = false;
      if (stopped) return;
      store.update({ teams: teamsStatusOf(teamsWishOf(store.getSnapshot()), publisher.status()) });
    });
  };
  const unwatch = publisher.watch(report);
  publisher.publish(teamsWishOf(store.getSnapshot()));
  report();
  const unsubscribe = store.subscribe((snapshot) => {
    publisher.publish(teamsWishOf(snapshot));
    report();
  });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        unsubscribe();
        unwatch();
        await publisher.stop();
        store.update({ teams: { publishing: 'off' } });
      })();
      return stopping;
    },
  };
}
