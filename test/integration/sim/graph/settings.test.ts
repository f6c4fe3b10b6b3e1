/**
 * Mailbox settings on the Graph face: the documented requests answered, OOF and working hours
 * the same on both faces (admin API → Graph, Graph → admin API), partial PATCH, refusals that
 * change nothing, and the scope a GET and a PATCH need.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../src-main/sim/index.js';
import { SimAdmin } from '../../../support/sim-admin.js';
import {
  ALEX,
  NESTOR,
  corpusRequest,
  graph,
  graphError,
  replay,
  startGraphSimulator,
} from './support.js';

let sim: RunningSimulator;
let admin: SimAdmin;
beforeAll(async () => {
  sim = await startGraphSimulator();
  admin = new SimAdmin(sim);
});
afterAll(() => sim.close());
beforeEach(() => admin.reset());

interface StoredHours {
  endMinutes: number;
  timeZone: { bias: number; daylight: { bias: number } };
}
const storedHours = async (email: string): Promise<StoredHours> =>
  (await admin.workingHours(email)) as unknown as StoredHours;

type Settings = Record<string, unknown> & {
  automaticRepliesSetting: Record<string, unknown>;
  workingHours: { daysOfWeek: string[]; startTime: string; endTime: string; timeZone: unknown };
};

describe('GET mailboxSettings', () => {
  it('answers the documented GET /me/mailboxSettings with the mailbox of the token', async () => {
    const result = await replay(
      sim,
      corpusRequest('mailboxSettings/user-get-mailboxsettings-1.request.http'),
    );
    expect(result.status).toBe(200);
    const body = result.json as Settings;
    expect(body['@odata.context']).toBe(`${sim.graphUrl}/$metadata#Me/mailboxSettings`);
    expect(body['timeZone']).toBe('Pacific Standard Time');
    expect(body.workingHours).toEqual({
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '08:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { name: 'Pacific Standard Time' },
    });
    const states: Record<string, string> = {
      Disabled: 'disabled',
      Enabled: 'alwaysEnabled',
      Scheduled: 'scheduled',
    };
    expect(body.automaticRepliesSetting['status']).toBe(states[(await admin.oof(ALEX)).state]);
    expect(body['userPurpose']).toBe('user');
  });

  it('answers the documented sub-resource GETs', async () => {
    const oof = await replay(
      sim,
      corpusRequest('mailboxSettings/user-get-mailboxsettings-2.request.http'),
    );
    expect(oof.status).toBe(200);
    expect((oof.json as Record<string, unknown>)['externalAudience']).toBe('all');
    const hours = await replay(
      sim,
      corpusRequest('mailboxSettings/user-get-mailboxsettings-3.request.http'),
    );
    expect((hours.json as Record<string, unknown>)['startTime']).toBe('08:00:00.0000000');
    const purpose = await replay(
      sim,
      corpusRequest('mailboxSettings/user-get-mailboxsettings-4.request.http'),
    );
    expect(purpose.json).toMatchObject({ value: 'user' });
    const zone = await graph(sim, 'GET', '/me/mailboxSettings/timeZone');
    expect(zone.json).toMatchObject({ value: 'Pacific Standard Time' });
  });

  it('shows OOF set through the admin API, in UTC with the reply text', async () => {
    await admin.setOof(ALEX, {
      state: 'Scheduled',
      start: '2025-06-12T16:00:00Z',
      end: '2025-06-14T16:00:00Z',
      internalReply: 'Back Monday',
    });
    const result = await graph(
      sim,
      'GET',
      '/users/alex@beacon.test/mailboxSettings/automaticRepliesSetting',
    );
    expect(result.json).toMatchObject({
      status: 'scheduled',
      scheduledStartDateTime: { dateTime: '2025-06-12T16:00:00.0000000', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2025-06-14T16:00:00.0000000', timeZone: 'UTC' },
      internalReplyMessage: 'Back Monday',
    });
  });

  it('keeps $select to the named properties and refuses an unknown one', async () => {
    const result = await graph(sim, 'GET', '/me/mailboxSettings?$select=timeZone,workingHours');
    expect(Object.keys(result.json as object).sort()).toEqual([
      '@odata.context',
      'timeZone',
      'workingHours',
    ]);
    const bad = await graph(sim, 'GET', '/me/mailboxSettings?$select=colour');
    expect(bad.status).toBe(400);
    expect(graphError(bad).message).toContain("'colour'");
  });

  it("refuses another user's settings with 403 and an unknown user with 404", async () => {
    const other = await graph(sim, 'GET', `/users/${NESTOR}/mailboxSettings`);
    expect(other.status).toBe(403);
    expect(graphError(other).code).toBe('ErrorAccessDenied');
    const unknown = await graph(sim, 'GET', '/users/nobody@beacon.test/mailboxSettings');
    expect(unknown.status).toBe(404);
  });
});

describe('PATCH mailboxSettings', () => {
  it('applies the documented scheduled OOF PATCH, seen by the admin API (the EWS face)', async () => {
    const result = await replay(
      sim,
      corpusRequest('mailboxSettings/user-update-mailboxsettings-1.request.http'),
    );
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      automaticRepliesSetting: {
        status: 'scheduled',
        scheduledStartDateTime: { dateTime: '2016-03-20T18:00:00.0000000', timeZone: 'UTC' },
        scheduledEndDateTime: { dateTime: '2016-03-28T18:00:00.0000000', timeZone: 'UTC' },
      },
    });
    expect(Object.keys(result.json as object)).toEqual([
      '@odata.context',
      'automaticRepliesSetting',
    ]);
    const oof = await admin.oof(ALEX);
    expect(oof.state).toBe('Scheduled');
    expect(oof.start).toBe('2016-03-20T18:00:00Z');
    expect(oof.end).toBe('2016-03-28T18:00:00Z');
  });

  it('applies the documented working-hours PATCH with a custom time zone', async () => {
    const result = await replay(
      sim,
      corpusRequest('mailboxSettings/user-update-mailboxsettings-2.request.http'),
    );
    expect(result.status).toBe(200);
    const hours = (result.json as Settings).workingHours;
    expect(hours.daysOfWeek).toEqual([
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
    ]);
    expect(hours.endTime).toBe('18:30:00.0000000');
    expect(hours.timeZone).toMatchObject({
      '@odata.type': '#microsoft.graph.customTimeZone',
      bias: -300,
    });
    const stored = await storedHours(ALEX);
    expect(stored.endMinutes).toBe(18 * 60 + 30);
    expect(stored.timeZone.bias).toBe(-300);
    expect(stored.timeZone.daylight.bias).toBe(100);
  });

  it('turns OOF on and off with status alone, keeping the replies', async () => {
    await admin.setOof(ALEX, { state: 'Disabled', internalReply: 'Away' });
    const on = await graph(sim, 'PATCH', '/me/mailboxSettings', {
      body: { automaticRepliesSetting: { status: 'alwaysEnabled' } },
    });
    expect(on.status).toBe(200);
    expect((await admin.oof(ALEX)).state).toBe('Enabled');
    expect((await admin.oof(ALEX)).internalReply).toBe('Away');
    await graph(sim, 'PATCH', '/me/mailboxSettings', {
      body: { automaticRepliesSetting: { status: 'disabled' } },
    });
    expect((await admin.oof(ALEX)).state).toBe('Disabled');
  });

  it('refuses a bad PATCH with a Graph error and changes nothing', async () => {
    const before = await storedHours(ALEX);
    const backwards = await graph(sim, 'PATCH', '/me/mailboxSettings', {
      body: { workingHours: { startTime: '17:00:00', endTime: '09:00:00' } },
    });
    expect(backwards.status).toBe(400);
    expect(graphError(backwards).code).toBe('ErrorInvalidTimeSettings');
    const notJson = await graph(sim, 'PATCH', '/me/mailboxSettings', { rawBody: '{"timeZone":' });
    expect(notJson.status).toBe(400);
    const badEnum = await graph(sim, 'PATCH', '/me/mailboxSettings', {
      body: { automaticRepliesSetting: { status: 'sometimes' } },
    });
    expect(badEnum.status).toBe(400);
    const unknownZone = await graph(sim, 'PATCH', '/me/mailboxSettings', {
      body: { timeZone: 'Mars Standard Time' },
    });
    expect(graphError(unknownZone).code).toBe('InvalidTimeZone');
    expect(await storedHours(ALEX)).toEqual(before);
  });

  it('changes the mailbox time zone by Windows name', async () => {
    const result = await graph(sim, 'PATCH', '/me/mailboxSettings', {
      body: { timeZone: 'W. Europe Standard Time' },
    });
    expect(result.json).toMatchObject({ timeZone: 'W. Europe Standard Time' });
    expect((await storedHours(ALEX)).timeZone.bias).toBe(-60);
  });
});
