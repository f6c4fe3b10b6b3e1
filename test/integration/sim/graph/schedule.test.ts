/**
 * getSchedule and getMailTips on the Graph face: the documented requests (addresses swapped for
 * the simulator's directory) answered from the calendars and OOF the admin API set, the docs'
 * own availabilityView reproduced, per-schedule errors, private items, and Graph's limits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../src-main/sim/index.js';
import { SimAdmin } from '../../../support/sim-admin.js';
import {
  NESTOR,
  corpusRequest,
  graph,
  graphError,
  replay,
  startGraphSimulator,
} from './support.js';

const MEGAN = 'megan@beacon.test';
const LEE = 'lee@beacon.test';

interface ScheduleItem {
  isPrivate: boolean;
  status: string;
  subject?: string;
  start: { dateTime: string; timeZone: string };
}
interface Schedule {
  scheduleId: string;
  availabilityView: string;
  scheduleItems: ScheduleItem[];
  workingHours?: { startTime: string; timeZone: unknown };
  error?: { responseCode: string; message: string };
}

let sim: RunningSimulator;
let admin: SimAdmin;
beforeAll(async () => {
  sim = await startGraphSimulator();
  admin = new SimAdmin(sim);
});
afterAll(() => sim.close());
beforeEach(() => admin.reset('demo'));

const body = (): {
  schedules: string[];
  startTime: object;
  endTime: object;
  availabilityViewInterval: number;
} => ({
  schedules: [NESTOR],
  startTime: { dateTime: '2025-06-11T09:00:00', timeZone: 'Pacific Standard Time' },
  endTime: { dateTime: '2025-06-11T18:00:00', timeZone: 'Pacific Standard Time' },
  availabilityViewInterval: 60,
});

describe('getSchedule', () => {
  it("reproduces the documented example's availabilityView from the same calendars", async () => {
    // 12:00-14:00 Pacific daylight time on 15 March 2019, as in the docs' example.
    await admin.addCalendarItem(NESTOR, {
      subject: "Let's go for lunch",
      location: "Harry's Bar",
      start: '2019-03-15T19:00:00Z',
      end: '2019-03-15T21:00:00Z',
    });
    await admin.addCalendarItem(MEGAN, {
      subject: 'Tentative',
      freeBusy: 'Tentative',
      start: '2019-03-15T23:00:00Z',
      end: '2019-03-16T00:00:00Z',
    });
    const request = corpusRequest('getSchedule/calendar-getschedule.request.http');
    const result = await replay(sim, request, {
      body: request.body
        .replace('adelev@contoso.onmicrosoft.com', NESTOR)
        .replace('meganb@contoso.onmicrosoft.com', MEGAN),
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('preference-applied')).toBe(
      'outlook.timezone="Pacific Standard Time"',
    );
    const [nestor, megan] = (result.json as { value: Schedule[] }).value;
    expect(nestor?.availabilityView).toBe('000220000');
    expect(nestor?.scheduleItems).toEqual([
      {
        isPrivate: false,
        status: 'busy',
        subject: "Let's go for lunch",
        location: "Harry's Bar",
        start: { dateTime: '2019-03-15T12:00:00.0000000', timeZone: 'Pacific Standard Time' },
        end: { dateTime: '2019-03-15T14:00:00.0000000', timeZone: 'Pacific Standard Time' },
      },
    ]);
    expect(nestor?.workingHours?.timeZone).toEqual({ name: 'Eastern Standard Time' });
    expect(megan?.availabilityView).toBe('000000010');
  });

  it('answers the documented PascalCase request, refusing its interval written as a string', async () => {
    await admin.addCalendarItem(NESTOR, {
      subject: 'Busy',
      start: '2018-08-06T17:30:00Z',
      end: '2018-08-06T18:00:00Z',
    });
    const request = corpusRequest('getSchedule/outlook-get-free-busy-schedule.request.http');
    // Verbatim, the docs send "availabilityViewInterval": "15", a string where the CSDL has Int32.
    const verbatim = await replay(sim, request, {
      body: request.body.replace('AlexW@contoso.com', NESTOR),
    });
    expect(verbatim.status).toBe(400);
    expect(graphError(verbatim).code).toBe('RequestBodyRead');
    expect(graphError(verbatim).message).toContain('availabilityViewInterval');
    const result = await replay(sim, request, {
      body: request.body.replace('AlexW@contoso.com', NESTOR).replace('"15"', '15'),
    });
    expect(result.status).toBe(200);
    const [schedule] = (result.json as { value: Schedule[] }).value;
    // 09:00-18:00 Pacific daylight time in quarters; busy 10:30-11:00.
    expect(schedule?.availabilityView).toBe('000000' + '22' + '0'.repeat(28));
  });

  it('gives an unknown address and an unshared calendar an error of their own', async () => {
    const result = await graph(sim, 'POST', '/me/calendar/getSchedule', {
      body: { ...body(), schedules: [NESTOR, 'nobody@beacon.test', LEE] },
    });
    expect(result.status).toBe(200);
    const [nestor, nobody, lee] = (result.json as { value: Schedule[] }).value;
    expect(nestor?.error).toBeUndefined();
    expect(nestor?.availabilityView).toMatch(/^[0-4]{9}$/);
    expect(nobody?.error?.responseCode).toBe('ErrorMailRecipientNotFound');
    expect(lee?.error?.responseCode).toBe('ErrorNoFreeBusyAccess');
  });

  it("keeps a private item's subject from others", async () => {
    await admin.addCalendarItem(NESTOR, {
      subject: 'Doctor',
      sensitivity: 'Private',
      start: '2025-06-11T17:00:00Z',
      end: '2025-06-11T18:00:00Z',
    });
    const result = await graph(sim, 'POST', '/me/calendar/getSchedule', { body: body() });
    const items = (result.json as { value: Schedule[] }).value[0]?.scheduleItems ?? [];
    const item = items.find((i) => i.start.dateTime === '2025-06-11T17:00:00.0000000');
    expect(item?.isPrivate).toBe(true);
    expect(item?.subject).toBeUndefined();
    expect(item?.status).toBe('busy');
  });

  it('refuses more than 20 schedules, a 62-day window and a bad interval', async () => {
    const many = await graph(sim, 'POST', '/me/calendar/getSchedule', {
      body: { ...body(), schedules: Array.from({ length: 21 }, (_, i) => `p${i}@beacon.test`) },
    });
    expect(many.status).toBe(400);
    expect(graphError(many).message).toContain('20');
    const long = await graph(sim, 'POST', '/me/calendar/getSchedule', {
      body: {
        ...body(),
        endTime: { dateTime: '2025-08-12T09:00:00', timeZone: 'Pacific Standard Time' },
      },
    });
    expect(long.status).toBe(400);
    const interval = await graph(sim, 'POST', '/me/calendar/getSchedule', {
      body: { ...body(), availabilityViewInterval: 2 },
    });
    expect(interval.status).toBe(400);
    const unknownParameter = await graph(sim, 'POST', '/me/calendar/getSchedule', {
      body: { ...body(), colour: 'red' },
    });
    expect(unknownParameter.status).toBe(400);
  });
});

describe('getMailTips', () => {
  it('answers the documented request with the OOF the admin API set', async () => {
    await admin.setOof(NESTOR, {
      state: 'Scheduled',
      start: '2025-06-09T00:00:00Z',
      end: '2025-06-13T00:00:00Z',
      internalReply: 'On leave until Friday',
    });
    const request = corpusRequest('getMailTips/user-getmailtips.request.http');
    const result = await replay(sim, request, {
      body: request.body
        .replace('danas@contoso.onmicrosoft.com', NESTOR)
        .replace('fannyd@contoso.onmicrosoft.com', MEGAN),
    });
    expect(result.status).toBe(200);
    const [nestor, megan] = (result.json as { value: Record<string, unknown>[] }).value;
    expect(nestor).toMatchObject({
      emailAddress: { address: NESTOR, name: 'Nestor Wilke' },
      automaticReplies: {
        message: 'On leave until Friday',
        scheduledStartTime: { dateTime: '2025-06-09T00:00:00.0000000', timeZone: 'UTC' },
        scheduledEndTime: { dateTime: '2025-06-13T00:00:00.0000000', timeZone: 'UTC' },
      },
      mailboxFull: false,
    });
    expect(megan).toMatchObject({ automaticReplies: { message: '' }, mailboxFull: false });
  });

  it('gives an unknown address of the organisation an error and refuses an unknown tip type', async () => {
    const result = await graph(sim, 'POST', '/me/getMailTips', {
      body: { EmailAddresses: ['nobody@beacon.test'], MailTipsOptions: 'automaticReplies' },
    });
    const [tip] = (result.json as { value: { error?: { code: string } }[] }).value;
    expect(tip?.error?.code).toBe('ErrorInvalidRecipients');
    const bad = await graph(sim, 'POST', '/me/getMailTips', {
      body: { EmailAddresses: [NESTOR], MailTipsOptions: 'weather' },
    });
    expect(bad.status).toBe(400);
  });
});
