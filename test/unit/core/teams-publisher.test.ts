import { describe, expect, it } from 'vitest';
import { TeamsPublisher } from '../../../src-main/core/teams/teams-publisher.js';
import { ManualTimers } from '../../support/manual-timers.js';
import { httpError, RecordingGraphRequester } from '../../support/recording-graph-requester.js';

const USER = 'fa8bf3dc-eca7-46b7-bad1-db199b62afc3';
const APP = '22553876-f5ab-4529-bffb-cfe50aa89f87';

function setup(requester: RecordingGraphRequester) {
  const timers = new ManualTimers();
  const publisher = new TeamsPublisher({ requester, userId: USER, appId: APP, timers });
  return { timers, publisher };
}

describe('publishing Beacon presence to Teams', () => {
  it('sets the mapped pair with Beacon as the session, once per change, and clears on offline', async () => {
    const requester = new RecordingGraphRequester([
      { noBody: true },
      { noBody: true },
      { noBody: true },
    ]);
    const { timers, publisher } = setup(requester);
    publisher.publish({ availability: 'in-a-meeting' });
    await publisher.settled();
    publisher.publish({ availability: 'do-not-disturb' }); // the same pair: nothing to send
    await timers.advance(1_000);
    publisher.publish({ availability: 'be-right-back' });
    await publisher.settled();
    publisher.publish({ availability: 'offline' });
    await publisher.settled();
    expect(requester.requests).toEqual([
      {
        method: 'POST',
        path: `/users/${USER}/presence/setPresence`,
        body: {
          sessionId: APP,
          availability: 'Busy',
          activity: 'InAConferenceCall',
          expirationDuration: 'PT10M',
        },
      },
      {
        method: 'POST',
        path: `/users/${USER}/presence/setPresence`,
        body: {
          sessionId: APP,
          availability: 'Away',
          activity: 'Away',
          expirationDuration: 'PT10M',
        },
      },
      { method: 'POST', path: `/users/${USER}/presence/clearPresence`, body: { sessionId: APP } },
    ]);
    expect(publisher.state().published).toBeNull();
    await publisher.stop();
    expect(requester.requests).toHaveLength(3);
  });

  it('stops with a clear that Graph answers 404 (the session had lapsed) as done', async () => {
    const requester = new RecordingGraphRequester([{ noBody: true }, { error: httpError(404) }]);
    const { publisher } = setup(requester);
    publisher.publish({ availability: 'available' });
    await publisher.settled();
    await publisher.stop();
    expect(requester.requests.map((r) => r.path)).toEqual([
      `/users/${USER}/presence/setPresence`,
      `/users/${USER}/presence/clearPresence`,
    ]);
    expect(publisher.state()).toMatchObject({ published: null, failures: 0 });
  });
});
