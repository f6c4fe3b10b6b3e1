import { describe, expect, it } from 'vitest';
import { teamsPublicationFor } from '../../../src-main/core/teams/presence-mapping.js';
import { isSessionPair } from '../../../src-main/graph/operations/presence.js';
import { AVAILABILITIES, type Availability } from '../../../src-main/presence/types.js';

/** README "Presence in Teams", row by row: Beacon → availability / activity, exact or nearest. */
const TABLE: [Availability, string | null, string | null, boolean][] = [
  ['available', 'Available', 'Available', true],
  ['busy', 'Busy', 'InACall', false],
  ['in-a-meeting', 'Busy', 'InAConferenceCall', false],
  ['do-not-disturb', 'Busy', 'InAConferenceCall', false],
  ['be-right-back', 'Away', 'Away', false],
  ['away', 'Away', 'Away', true],
  ['off-work', 'Away', 'Away', false],
  ['out-of-office', 'Away', 'Away', false],
  ['offline', null, null, true],
];

describe('Beacon presence → Teams application presence session', () => {
  it.each(TABLE)('%s → %s / %s (exact: %s)', (beacon, availability, activity, exact) => {
    const got = teamsPublicationFor(beacon);
    expect(got.exact).toBe(exact);
    if (availability === null) expect(got.session).toBeNull();
    else expect(got.session).toEqual({ availability, activity });
  });

  it('covers every Beacon availability, and publishes only pairs setPresence accepts', () => {
    expect(TABLE.map(([beacon]) => beacon).sort()).toEqual([...AVAILABILITIES].sort());
    for (const beacon of AVAILABILITIES) {
      const { session } = teamsPublicationFor(beacon);
      if (session !== null) expect(isSessionPair(session)).toBe(true);
    }
  });
});
