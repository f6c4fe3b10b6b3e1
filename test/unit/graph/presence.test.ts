import { describe, expect, it } from 'vitest';
import {
  buildSetPresenceRequest,
  clearPresence,
  getMyPresence,
  getPresencesByUserId,
  getUserPresence,
  presenceIdChunks,
  presenceListSchema,
  sessionDuration,
  SESSION_PAIRS,
  setPresence,
  type SessionPair,
} from '../../../src-main/graph/operations/presence.js';
import {
  corpusHttp,
  corpusJson,
  httpError,
  RecordingGraphRequester,
} from '../../support/recording-graph-requester.js';

const APP_ID = '22553876-f5ab-4529-bffb-cfe50aa89f87';
const USER = 'fa8bf3dc-eca7-46b7-bad1-db199b62afc3';

describe('reading presence', () => {
  it('decodes the documented GET /me/presence (tab-indented)', async () => {
    const requester = new RecordingGraphRequester([
      { json: corpusJson('presence/presence-get-1.response.json') },
    ]);
    expect(await getMyPresence(requester)).toEqual({
      id: USER,
      availability: 'Available',
      activity: 'Available',
    });
    expect(requester.requests).toEqual([{ method: 'GET', path: '/me/presence' }]);
  });

  it("decodes the documented GET of another user's presence", async () => {
    const requester = new RecordingGraphRequester([
      { json: corpusJson('presence/presence-get-2.response.json') },
    ]);
    const p = await getUserPresence(requester, '66825e03-7ef5-42da-9069-724602c31f6b');
    expect(p).toEqual({
      id: '66825e03-7ef5-42da-9069-724602c31f6b',
      availability: 'DoNotDisturb',
      activity: 'Presenting',
    });
    expect(requester.requests[0]?.path).toBe(
      '/users/66825e03-7ef5-42da-9069-724602c31f6b/presence',
    );
  });

  it('decodes the documented presence collection and the status message / OOF answer', async () => {
    const list = presenceListSchema.parse(corpusJson('presence/presence-get-3.response.json'));
    expect(list.value).toEqual([
      { id: 'dc74d9bb-6afe-433d-8eaa-e39d80d3a647', availability: 'Away', activity: 'BeRightBack' },
    ]);
    const requester = new RecordingGraphRequester([
      { json: corpusJson('presence/presence-setstatusmessage-3.response.json') },
    ]);
    expect(await getUserPresence(requester, USER)).toEqual({
      id: USER,
      availability: 'Available',
      activity: 'Available',
      statusMessage: 'Hey I am available now',
      isOutOfOffice: false,
    });
  });

  it('keeps availability values it does not know, and refuses an answer without them', async () => {
    const requester = new RecordingGraphRequester([
      { json: { id: 'u', availability: 'AvailableInactive', activity: 'Focusing' } },
      { json: { id: 'u', activity: 'Away' } },
    ]);
    expect((await getMyPresence(requester)).availability).toBe('AvailableInactive');
    await expect(getMyPresence(requester)).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('asks getPresencesByUserId exactly as documented and decodes its answer', async () => {
    const documented = corpusJson(
      'presence/cloudcommunications-getpresencesbyuserid.request.json',
    ) as {
      ids: string[];
    };
    const requester = new RecordingGraphRequester([
      { json: corpusJson('presence/cloudcommunications-getpresencesbyuserid.response.json') },
    ]);
    const got = await getPresencesByUserId(requester, documented.ids);
    expect(requester.requests).toEqual([
      { method: 'POST', path: '/communications/getPresencesByUserId', body: documented },
    ]);
    expect(got).toEqual([
      { id: USER, availability: 'Busy', activity: 'InAMeeting' },
      { id: '66825e03-7ef5-42da-9069-724602c31f6b', availability: 'Away', activity: 'Away' },
    ]);
  });

  it('sends at most 650 ids per request, without blanks or repeats, one request after another', async () => {
    const ids = Array.from({ length: 1301 }, (_, i) => `user-${i}`);
    const chunks = presenceIdChunks([...ids, 'user-3', ' ', '']);
    expect(chunks.map((c) => c.length)).toEqual([650, 650, 1]);
    expect(chunks.flat()).toEqual(ids);
    const requester = new RecordingGraphRequester(chunks.map(() => ({ json: { value: [] } })));
    expect(await getPresencesByUserId(requester, ids)).toEqual([]);
    expect(requester.requests.map((r) => (r.body as { ids: string[] }).ids.length)).toEqual([
      650, 650, 1,
    ]);
    const none = new RecordingGraphRequester();
    expect(await getPresencesByUserId(none, [])).toEqual([]);
    expect(none.requests).toEqual([]);
  });
});

describe('the application presence session', () => {
  it('sends setPresence exactly as the documented request (PT1H) and reads its empty 200', async () => {
    const documented = corpusHttp('presence/presence-setpresence.response.http');
    expect(documented.status).toBe(200);
    expect(documented.body).toBe('');
    const requester = new RecordingGraphRequester([{ noBody: true }]);
    await setPresence(requester, {
      userId: USER,
      sessionId: APP_ID,
      pair: { availability: 'Available', activity: 'Available' },
      expirationMinutes: 60,
    });
    expect(requester.requests).toEqual([
      {
        method: 'POST',
        // The documented URL says /beta/; the path below the service root is the same.
        path: `/users/${USER}/presence/setPresence`,
        body: corpusJson('presence/presence-setpresence.request.json'),
      },
    ]);
  });

  it('refuses the pairs setPresence does not support, before any request', () => {
    const refused = [
      { availability: 'DoNotDisturb', activity: 'DoNotDisturb' },
      { availability: 'Busy', activity: 'Busy' },
      { availability: 'Busy', activity: 'InAMeeting' },
      { availability: 'BeRightBack', activity: 'BeRightBack' },
      { availability: 'Offline', activity: 'OffWork' },
      { availability: 'Available', activity: 'Away' },
    ];
    for (const pair of refused)
      expect(() =>
        buildSetPresenceRequest({
          userId: USER,
          sessionId: APP_ID,
          pair: pair as unknown as SessionPair,
          expirationMinutes: 10,
        }),
      ).toThrow(RangeError);
    expect(SESSION_PAIRS).toEqual([
      { availability: 'Available', activity: 'Available' },
      { availability: 'Busy', activity: 'InACall' },
      { availability: 'Busy', activity: 'InAConferenceCall' },
      { availability: 'Away', activity: 'Away' },
    ]);
  });

  it('keeps expirationDuration within PT5M..PT4H in whole minutes', () => {
    expect(sessionDuration(5)).toBe('PT5M');
    expect(sessionDuration(59)).toBe('PT59M');
    expect(sessionDuration(90)).toBe('PT1H30M');
    expect(sessionDuration(240)).toBe('PT4H');
    for (const bad of [4, 241, 5.5, Number.NaN])
      expect(() => sessionDuration(bad)).toThrow(RangeError);
    expect(() =>
      buildSetPresenceRequest({
        userId: USER,
        sessionId: ' ',
        pair: { availability: 'Away', activity: 'Away' },
        expirationMinutes: 10,
      }),
    ).toThrow(RangeError);
  });

  it('clears with the documented body; a 404 (no session) is not an error, other failures are', async () => {
    expect(corpusHttp('presence/presence-clearpresence.response.http').status).toBe(200);
    const requester = new RecordingGraphRequester([
      { noBody: true },
      { error: httpError(404, 'NotFound') },
      { error: httpError(503) },
    ]);
    expect(await clearPresence(requester, { userId: USER, sessionId: APP_ID })).toBe('cleared');
    expect(requester.requests[0]).toEqual({
      method: 'POST',
      path: `/users/${USER}/presence/clearPresence`,
      body: corpusJson('presence/presence-clearpresence.request.json'),
    });
    expect(await clearPresence(requester, { userId: USER, sessionId: APP_ID })).toBe('no-session');
    await expect(
      clearPresence(requester, { userId: USER, sessionId: APP_ID }),
    ).rejects.toMatchObject({
      status: 503,
    });
  });
});
