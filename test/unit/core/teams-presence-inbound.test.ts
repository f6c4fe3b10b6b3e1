import { describe, expect, it } from 'vitest';
import { beaconPresenceFromTeams } from '../../../src-main/core/teams/presence-inbound.js';
import { getPresencesByUserId } from '../../../src-main/graph/operations/presence.js';
import { corpusJson, RecordingGraphRequester } from '../../support/recording-graph-requester.js';

/** PRESENCE.md "Inbound", row by row. */
const ROWS: [string, string, string | null, boolean][] = [
  ['Available', 'Available', 'available', false],
  ['AvailableIdle', 'Available', 'available', true],
  ['Available', 'Inactive', 'available', true],
  ['Busy', 'Busy', 'busy', false],
  ['BusyIdle', 'Busy', 'busy', true],
  ['Busy', 'InACall', 'in-a-meeting', false],
  ['Busy', 'InAConferenceCall', 'in-a-meeting', false],
  ['Busy', 'InAMeeting', 'in-a-meeting', false],
  ['BusyIdle', 'InAMeeting', 'in-a-meeting', true],
  ['DoNotDisturb', 'Presenting', 'do-not-disturb', false],
  ['DoNotDisturb', 'UrgentInterruptionsOnly', 'do-not-disturb', false],
  ['BeRightBack', 'BeRightBack', 'be-right-back', false],
  ['Away', 'Away', 'away', false],
  ['Away', 'BeRightBack', 'away', false],
  ['Away', 'OutOfOffice', 'out-of-office', false],
  ['Away', 'OffWork', 'off-work', false],
  ['Offline', 'OffWork', null, false],
  ['PresenceUnknown', 'PresenceUnknown', null, false],
  ['SomethingNew', 'Available', null, false],
];

describe('Teams presence → Beacon', () => {
  it.each(ROWS)('%s / %s → %s (idle %s)', (availability, activity, beacon, idle) => {
    const got = beaconPresenceFromTeams({ availability, activity });
    if (beacon === null) expect(got).toBeNull();
    else expect(got).toEqual({ availability: beacon, idle });
  });

  it('reads any case', () => {
    expect(beaconPresenceFromTeams({ availability: 'busy', activity: 'inameeting' })).toEqual({
      availability: 'in-a-meeting',
      idle: false,
    });
  });

  it('maps the documented getPresencesByUserId answer', async () => {
    const requester = new RecordingGraphRequester([
      { json: corpusJson('presence/cloudcommunications-getpresencesbyuserid.response.json') },
    ]);
    const got = await getPresencesByUserId(requester, ['a', 'b']);
    expect(got.map(beaconPresenceFromTeams)).toEqual([
      { availability: 'in-a-meeting', idle: false },
      { availability: 'away', idle: false },
    ]);
  });
});
