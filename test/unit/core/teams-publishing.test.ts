/**
 * What Teams should hold for Beacon: the mapped pair while signed in with the setting on (absent
 * counts as on), nothing otherwise; every availability with every setting and sign-in state.
 */
import { describe, expect, it } from 'vitest';
import { AVAILABILITIES } from '../../../src-main/core/contract.js';
import { teamsPublicationFor } from '../../../src-main/core/teams/presence-mapping.js';
import { teamsWish, teamsWishOf } from '../../../src-main/core/teams/teams-publishing.js';
import { sampleSnapshot } from './sample-snapshot.js';

describe('teamsWish', () => {
  it('follows the mapping only when signed in and not turned off', () => {
    for (const availability of AVAILABILITIES)
      for (const enabled of [undefined, true, false])
        for (const signedIn of [true, false]) {
          const wish = teamsWish({ availability, enabled, signedIn });
          if (enabled === false || !signedIn) expect(wish).toBeNull();
          else expect(wish).toEqual(teamsPublicationFor(availability).session);
        }
  });

  it('offline clears even when on', () => {
    expect(teamsWish({ availability: 'offline', enabled: true, signedIn: true })).toBeNull();
  });

  it('reads the Snapshot: a demo or a signing-in account publishes nothing', () => {
    const snapshot = sampleSnapshot();
    expect(teamsWishOf(snapshot)).toEqual({ availability: 'Busy', activity: 'InAConferenceCall' });
    expect(teamsWishOf({ ...snapshot, account: { ...snapshot.account, mode: 'demo' } })).toBeNull();
    expect(
      teamsWishOf({ ...snapshot, account: { ...snapshot.account, signIn: 'signing-in' } }),
    ).toBeNull();
  });
});
