/**
 * One mailbox, two protocols: a change made through the Graph face is what the EWS face
 * answers next (OOF, working hours), and the default strict simulator checks the Graph face's
 * bodies against the CSDL as it checks EWS against the XSD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../../src-main/sim/index.js';
import { at, ews, messagesOf, only, responseOf, textAt } from '../support.js';
import { SimAdmin } from '../../../support/sim-admin.js';
import { ALEX, NESTOR, NOW, graph, graphError } from './support.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ now: () => NOW });
}, 60_000);
afterAll(() => sim.close());

describe('both faces', () => {
  it('shows OOF set through Graph in EWS GetUserOofSettings', async () => {
    const patch = await graph(sim, 'PATCH', '/me/mailboxSettings', {
      body: {
        automaticRepliesSetting: {
          status: 'Scheduled',
          externalAudience: 'contactsOnly',
          scheduledStartDateTime: {
            dateTime: '2025-06-20T09:00:00',
            timeZone: 'Pacific Standard Time',
          },
          scheduledEndDateTime: {
            dateTime: '2025-06-27T09:00:00',
            timeZone: 'Pacific Standard Time',
          },
          internalReplyMessage: 'Back on the 27th',
        },
      },
    });
    expect(patch.status).toBe(200);
    const result = await ews(
      sim,
      `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`,
    );
    const oof = at(responseOf(result, 'GetUserOofSettingsResponse'), 'OofSettings');
    expect(textAt(oof, 'OofState')).toBe('Scheduled');
    expect(textAt(oof, 'ExternalAudience')).toBe('Known');
    expect(textAt(oof, 'Duration', 'StartTime')).toBe('2025-06-20T16:00:00Z');
    expect(textAt(oof, 'InternalReply', 'Message')).toBe('Back on the 27th');
  });

  it('reports a meeting deleted through EWS as @removed in the next Graph delta round', async () => {
    const admin = new SimAdmin(sim);
    await admin.reset('empty');
    const kept = await admin.addCalendarItem(ALEX, {
      subject: 'Kept',
      start: '2025-07-01T16:00:00Z',
      end: '2025-07-01T17:00:00Z',
    });
    const doomed = await admin.addCalendarItem(ALEX, {
      subject: 'Doomed',
      start: '2025-07-02T16:00:00Z',
      end: '2025-07-02T17:00:00Z',
    });
    const window = 'startDateTime=2025-07-01T00:00:00Z&endDateTime=2025-07-03T00:00:00Z';
    const first = await graph(sim, 'GET', `/me/calendarView/delta?${window}`);
    const round = first.json as { value: { subject: string }[]; '@odata.deltaLink': string };
    expect(round.value.map((e) => e.subject)).toEqual(['Kept', 'Doomed']);
    const deleted = await ews(
      sim,
      `<m:DeleteItem DeleteType="MoveToDeletedItems" SendMeetingCancellations="SendToNone"><m:ItemIds><t:ItemId Id="${doomed.id}"/></m:ItemIds></m:DeleteItem>`,
    );
    expect(textAt(only(messagesOf(deleted, 'DeleteItemResponse')), 'ResponseCode')).toBe('NoError');
    const next = await graph(sim, 'GET', round['@odata.deltaLink']);
    const toGraph = (id: string): string => id.replace(/\+/g, '-').replace(/\//g, '_');
    expect((next.json as { value: unknown[] }).value).toEqual([
      {
        '@odata.type': '#microsoft.graph.event',
        id: toGraph(doomed.id),
        '@removed': { reason: 'deleted' },
      },
    ]);
    expect(toGraph(kept.id)).not.toBe(toGraph(doomed.id));
  });

  it('checks request bodies against the CSDL by default', async () => {
    const result = await graph(sim, 'POST', '/me/calendar/getSchedule', {
      body: {
        schedules: [NESTOR],
        startTime: { dateTime: '2025-06-11T09:00:00', timeZone: 'UTC' },
        endTime: { dateTime: '2025-06-11T17:00:00', timeZone: 'UTC' },
        availabilityViewInterval: 'thirty',
      },
    });
    expect(result.status).toBe(400);
    expect(graphError(result).code).toBe('RequestBodyRead');
  });
});
