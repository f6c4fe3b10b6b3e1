/**
 * ews-javascript-api (a third-party EWS client, port of Microsoft's EWS Managed API) against our
 * simulator in strict mode, over real sockets with its own default HTTP stack (@ewsjs/xhr, which
 * uses axios) and Basic credentials. Every request it sends must pass the sim's schema check,
 * and what it decodes must be the seeded mailbox.
 *
 * The simulator runs on a fixed clock: Wednesday 2026-03-11 18:10 UTC, 11:10 in Alex's
 * Pacific zone (daylight saving time, UTC-7, since 2026-03-08).
 */
import {
  AttendeeInfo,
  AvailabilityData,
  AvailabilityOptions,
  CalendarView,
  DateTime,
  DateTimeKind,
  DayOfTheWeek,
  EmailMessage,
  ExchangeService,
  ExchangeVersion,
  FreeBusyViewType,
  ItemView,
  LegacyFreeBusyStatus,
  MeetingResponseType,
  OofExternalAudience,
  OofReply,
  OofSettings,
  OofState,
  Sensitivity,
  ServiceError,
  ServiceResult,
  SoapFaultDetails,
  TimeWindow,
  TimeZoneInfo,
  Uri,
  WebCredentials,
  WellKnownFolderName,
  type Appointment,
  type AttendeeAvailability,
  type CalendarEvent,
} from 'ews-javascript-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../src-main/sim/index.js';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type SimUser = Simulator['users'][number];

const NOW = new Date('2026-03-11T18:10:00Z');
/** Alex's "today": 2026-03-11 00:00 to 24:00 Pacific daylight time. */
const TODAY_START = '2026-03-11T07:00:00Z';
const TODAY_END = '2026-03-12T07:00:00Z';

const utc = (dateTime: DateTime): string => new Date(dateTime.TotalMilliSeconds).toISOString();
/**
 * A DateTime of UTC kind. ews-javascript-api writes an availability window as dates only, formatted
 * in the DateTime's own zone: a local-kind value would name the machine's date, not the UTC one.
 */
const dt = (iso: string): DateTime => new DateTime(Date.parse(iso), DateTimeKind.Utc);
/** A private event's details carry no Subject, whatever the library's typings say. */
function subjectOf(event: CalendarEvent): string {
  const subject: unknown = event.Details.Subject;
  return typeof subject === 'string' ? subject : '(hidden)';
}
/** The sim writes instants without a fraction; JS writes `.000`. Compare in one form. */
const norm = (iso: string): string => new Date(iso).toISOString();

interface AdminCalendarEntry {
  subject: string;
  start: string;
  end: string;
  isAllDay: boolean;
  isCancelled: boolean;
  freeBusy: string;
}
interface AdminOof {
  state: string;
  externalAudience: string;
  start: string | null;
  end: string | null;
  internalReply: string;
  externalReply: string;
}
interface AdminMessage {
  subject: string;
  itemClass: string;
  received: string;
  isRead: boolean;
  attachments: { name: string; contentType: string }[];
}

describe('ews-javascript-api against the simulator (strict mode)', () => {
  let sim: Simulator;
  let me: SimUser;

  async function admin<T>(path: string, init?: { method: string; body?: unknown }): Promise<T> {
    const response = await fetch(`${sim.adminUrl}${path}`, {
      method: init?.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      body: init?.body === undefined ? null : JSON.stringify(init.body),
    });
    if (!response.ok)
      throw new Error(`admin ${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** A fresh client for a user, scoped to a time zone (UTC unless a test says otherwise). */
  function serviceFor(user: SimUser, timeZone = TimeZoneInfo.Utc): ExchangeService {
    const service = new ExchangeService(ExchangeVersion.Exchange2016, timeZone);
    service.Url = new Uri(sim.ewsUrl);
    service.Credentials = new WebCredentials(user.email, user.password);
    return service;
  }

  beforeAll(async () => {
    sim = await startSimulator({
      host: '127.0.0.1',
      port: 0,
      strict: true,
      seed: 'demo',
      now: () => NOW,
    });
    const first = sim.users[0];
    if (!first) throw new Error('the simulator has no users');
    me = first;
  });

  afterAll(async () => {
    await sim.close();
  });

  beforeEach(async () => {
    await admin('/reset', { method: 'POST', body: { seed: 'demo' } });
  });

  it('talks to the sim over plain http on 127.0.0.1 as the demo user', () => {
    expect(sim.ewsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(me.email).toBe('alex@beacon.test');
  });

  it('gets every request it sends accepted by strict mode, authenticated as the caller', async () => {
    const service = serviceFor(me);
    const oof = await service.GetUserOofSettings(me.email);
    // Not the settings as read: their HTML replies would go out unescaped (see below).
    oof.InternalReply = new OofReply('Back soon.');
    oof.ExternalReply = new OofReply('Away.');
    await service.SetUserOofSettings(me.email, oof);
    await service.FindAppointments(
      WellKnownFolderName.Calendar,
      new CalendarView(dt(TODAY_START), dt(TODAY_END)),
    );
    const options = new AvailabilityOptions();
    options.RequestedFreeBusyView = FreeBusyViewType.DetailedMerged;
    await service.GetUserAvailability(
      [new AttendeeInfo(me.email), new AttendeeInfo('megan@beacon.test')],
      new TimeWindow(dt('2026-03-11T00:00:00Z'), dt('2026-03-12T00:00:00Z')),
      AvailabilityData.FreeBusy,
      options,
    );
    await service.FindItems(WellKnownFolderName.VoiceMail, new ItemView(10));

    const log =
      await admin<{ operation: string; user: string | null; status: number }[]>('/requests');
    expect(log.map((entry) => [entry.operation, entry.user, entry.status])).toEqual([
      ['GetUserOofSettings', me.email, 200],
      ['SetUserOofSettings', me.email, 200],
      ['FindItem', me.email, 200],
      ['GetUserAvailability', me.email, 200],
      ['FindItem', me.email, 200],
    ]);
  });

  describe('GetUserOofSettings / SetUserOofSettings', () => {
    it('reads the seeded scheduled OOF (next Monday to Saturday, Pacific midnight)', async () => {
      const oof = await serviceFor(me).GetUserOofSettings(me.email);
      expect(oof.State).toBe(OofState.Scheduled);
      expect(oof.ExternalAudience).toBe(OofExternalAudience.All);
      expect(oof.AllowExternalOof).toBe(OofExternalAudience.All);
      expect(utc(oof.Duration.StartTime)).toBe('2026-03-16T07:00:00.000Z');
      expect(utc(oof.Duration.EndTime)).toBe('2026-03-21T07:00:00.000Z');
      expect(oof.InternalReply.Message).toBe(
        "<html><body>I'm on vacation next week. Megan Bowen covers for me.</body></html>",
      );
      expect(oof.ExternalReply.Message).toBe(
        '<html><body>I am out of the office and will reply when I am back.</body></html>',
      );

      const state = await admin<AdminOof>(`/mailboxes/${me.email}/oof`);
      expect(state.state).toBe('Scheduled');
      expect(norm(state.start ?? '')).toBe(utc(oof.Duration.StartTime));
      expect(norm(state.end ?? '')).toBe(utc(oof.Duration.EndTime));
    });

    it('sets OOF on; the sim holds the new values and GetUserOofSettings returns them', async () => {
      const service = serviceFor(me);
      const settings = new OofSettings();
      settings.State = OofState.Enabled;
      settings.ExternalAudience = OofExternalAudience.Known;
      // ews-javascript-api 0.15.3 writes element text verbatim (EwsServiceXmlWriter.WriteValue
      // does not escape), so its callers must pass XML-escaped text. See the malformed test below.
      settings.InternalReply = new OofReply(
        '&lt;html&gt;&lt;body&gt;Back on Monday &amp; reachable by phone.&lt;/body&gt;&lt;/html&gt;',
      );
      settings.ExternalReply = new OofReply('Out of the office until Monday.');
      await service.SetUserOofSettings(me.email, settings);

      const state = await admin<AdminOof>(`/mailboxes/${me.email}/oof`);
      expect(state).toMatchObject({
        state: 'Enabled',
        externalAudience: 'Known',
        internalReply: '<html><body>Back on Monday & reachable by phone.</body></html>',
        externalReply: 'Out of the office until Monday.',
      });

      const readBack = await service.GetUserOofSettings(me.email);
      expect(readBack.State).toBe(OofState.Enabled);
      expect(readBack.ExternalAudience).toBe(OofExternalAudience.Known);
      expect(readBack.InternalReply.Message).toBe(
        '<html><body>Back on Monday & reachable by phone.</body></html>',
      );
      expect(readBack.ExternalReply.Message).toBe('Out of the office until Monday.');
    });

    it('sets a scheduled OOF window; the sim stores it in UTC', async () => {
      const service = serviceFor(me);
      const settings = new OofSettings();
      settings.State = OofState.Scheduled;
      settings.ExternalAudience = OofExternalAudience.None;
      settings.Duration = new TimeWindow(dt('2026-04-01T15:30:00Z'), dt('2026-04-03T01:00:00Z'));
      settings.InternalReply = new OofReply('Conference in Lisbon.');
      settings.ExternalReply = new OofReply('Away.');
      await service.SetUserOofSettings(me.email, settings);

      const state = await admin<AdminOof>(`/mailboxes/${me.email}/oof`);
      expect(state.state).toBe('Scheduled');
      expect(state.externalAudience).toBe('None');
      expect(norm(state.start ?? '')).toBe('2026-04-01T15:30:00.000Z');
      expect(norm(state.end ?? '')).toBe('2026-04-03T01:00:00.000Z');

      const readBack = await service.GetUserOofSettings(me.email);
      expect(readBack.State).toBe(OofState.Scheduled);
      expect(utc(readBack.Duration.StartTime)).toBe('2026-04-01T15:30:00.000Z');
      expect(utc(readBack.Duration.EndTime)).toBe('2026-04-03T01:00:00.000Z');
      expect(readBack.InternalReply.Message).toBe('Conference in Lisbon.');
    });

    it('refuses the malformed XML ews-javascript-api sends for an unescaped "&", and keeps OOF', async () => {
      const settings = new OofSettings();
      settings.State = OofState.Enabled;
      settings.ExternalAudience = OofExternalAudience.All;
      settings.InternalReply = new OofReply('Tom & Jerry are out');
      settings.ExternalReply = new OofReply('Away');
      const failure: unknown = await serviceFor(me)
        .SetUserOofSettings(me.email, settings)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      // The sim answers like Exchange: HTTP 500 with an ErrorSchemaValidation SOAP fault.
      expect(failure).toBeInstanceOf(SoapFaultDetails);
      // SoapFaultDetails has setters only; its fields are read structurally.
      const fault = failure as {
        faultCode?: unknown;
        responseCode?: unknown;
        HttpStatusCode?: unknown;
      };
      expect(fault.HttpStatusCode).toBe(500);
      expect(fault.faultCode).toBe('a:ErrorSchemaValidation');
      expect(fault.responseCode).toBe(ServiceError.ErrorSchemaValidation);

      const state = await admin<AdminOof>(`/mailboxes/${me.email}/oof`);
      expect(state.state).toBe('Scheduled');
    });
  });

  describe('FindAppointments with a CalendarView', () => {
    let appointments: Appointment[];

    beforeEach(async () => {
      const found = await serviceFor(me).FindAppointments(
        WellKnownFolderName.Calendar,
        new CalendarView(dt(TODAY_START), dt(TODAY_END)),
      );
      appointments = found.Items;
    });

    it("returns today's seeded meetings with their times, recurrences expanded", () => {
      expect(appointments.map((a) => [a.Subject, utc(a.Start), utc(a.End)])).toEqual([
        ['Release day', '2026-03-11T07:00:00.000Z', '2026-03-12T07:00:00.000Z'],
        ['Budget sync', '2026-03-11T15:00:00.000Z', '2026-03-11T16:00:00.000Z'],
        ['Daily stand-up', '2026-03-11T16:30:00.000Z', '2026-03-11T16:45:00.000Z'],
        ['Design review', '2026-03-11T17:45:00.000Z', '2026-03-11T18:45:00.000Z'],
        ['Architecture brown-bag', '2026-03-11T19:00:00.000Z', '2026-03-11T19:30:00.000Z'],
        ['Customer call: Contoso', '2026-03-11T20:00:00.000Z', '2026-03-11T21:00:00.000Z'],
        ['Dentist', '2026-03-11T22:00:00.000Z', '2026-03-11T23:00:00.000Z'],
        ['Vendor demo', '2026-03-12T00:00:00.000Z', '2026-03-12T01:00:00.000Z'],
      ]);
    });

    it("matches the sim's own expansion of the same window", async () => {
      const state = await admin<AdminCalendarEntry[]>(
        `/mailboxes/${me.email}/calendar?start=${TODAY_START}&end=${TODAY_END}`,
      );
      expect(appointments.map((a) => [a.Subject, utc(a.Start), utc(a.End)])).toEqual(
        state.map((entry) => [entry.subject, norm(entry.start), norm(entry.end)]),
      );
    });

    it('decodes the properties presence depends on', () => {
      const bySubject = new Map(appointments.map((a) => [a.Subject, a]));
      const get = (subject: string): Appointment => {
        const found = bySubject.get(subject);
        if (!found) throw new Error(`no appointment "${subject}"`);
        return found;
      };
      expect(get('Release day').IsAllDayEvent).toBe(true);
      expect(get('Release day').LegacyFreeBusyStatus).toBe(LegacyFreeBusyStatus.Free);
      expect(get('Design review').IsAllDayEvent).toBe(false);
      expect(get('Design review').LegacyFreeBusyStatus).toBe(LegacyFreeBusyStatus.Busy);
      expect(get('Design review').Location).toBe('Microsoft Teams Meeting');
      expect(get('Design review').JoinOnlineMeetingUrl).toBe(
        'https://teams.microsoft.com/l/meetup-join/beacon-sim-1',
      );
      expect(get('Architecture brown-bag').LegacyFreeBusyStatus).toBe(
        LegacyFreeBusyStatus.Tentative,
      );
      expect(get('Architecture brown-bag').MyResponseType).toBe(MeetingResponseType.Tentative);
      expect(get('Architecture brown-bag').Organizer.Address).toBe('isaiah@beacon.test');
      expect(get('Budget sync').Organizer.Name).toBe('Megan Bowen');
      expect(get('Budget sync').IsMeeting).toBe(true);
      expect(get('Vendor demo').IsCancelled).toBe(true);
      expect(get('Dentist').Sensitivity).toBe(Sensitivity.Private);
      expect(get('Dentist').IsMeeting).toBe(false);
      expect(get('Customer call: Contoso').ReminderMinutesBeforeStart).toBe(10);
    });

    it('sees a meeting the admin API moves', async () => {
      const state = await admin<(AdminCalendarEntry & { id: string })[]>(
        `/mailboxes/${me.email}/calendar?start=${TODAY_START}&end=${TODAY_END}`,
      );
      const budget = state.find((entry) => entry.subject === 'Budget sync');
      if (!budget) throw new Error('no Budget sync in the admin state');
      await admin(`/mailboxes/${me.email}/calendar/${encodeURIComponent(budget.id)}/move`, {
        method: 'POST',
        body: { start: '2026-03-11T23:15:00Z', end: '2026-03-11T23:45:00Z' },
      });
      const found = await serviceFor(me).FindAppointments(
        WellKnownFolderName.Calendar,
        new CalendarView(dt(TODAY_START), dt(TODAY_END)),
      );
      const moved = found.Items.find((a) => a.Subject === 'Budget sync');
      expect(moved && [utc(moved.Start), utc(moved.End)]).toEqual([
        '2026-03-11T23:15:00.000Z',
        '2026-03-11T23:45:00.000Z',
      ]);
    });
  });

  describe('GetUserAvailability', () => {
    const window = (): TimeWindow =>
      new TimeWindow(dt('2026-03-11T00:00:00Z'), dt('2026-03-12T00:00:00Z'));
    const detailedMerged = (): AvailabilityOptions => {
      const options = new AvailabilityOptions();
      options.RequestedFreeBusyView = FreeBusyViewType.DetailedMerged;
      options.MergedFreeBusyInterval = 15;
      return options;
    };
    const events = (availability: AttendeeAvailability | undefined): string[][] =>
      (availability?.CalendarEvents ?? []).map((event) => [
        utc(event.StartTime),
        utc(event.EndTime),
        LegacyFreeBusyStatus[event.FreeBusyStatus],
        subjectOf(event),
      ]);

    let results: AttendeeAvailability[];

    beforeEach(async () => {
      const attendees = [me.email, 'megan@beacon.test', 'diego@beacon.test', 'lee@beacon.test'].map(
        (email) => new AttendeeInfo(email),
      );
      const answer = await serviceFor(me).GetUserAvailability(
        attendees,
        window(),
        AvailabilityData.FreeBusy,
        detailedMerged(),
      );
      results = answer.AttendeesAvailability.Responses;
    });

    it("returns my own day in detail (cancelled items left out, today's stand-up expanded)", () => {
      expect(results).toHaveLength(4);
      expect(results[0]?.Result).toBe(ServiceResult.Success);
      expect(results[0]?.ViewType).toBe(FreeBusyViewType.DetailedMerged);
      expect(events(results[0])).toEqual([
        ['2026-03-11T07:00:00.000Z', '2026-03-12T07:00:00.000Z', 'Free', 'Release day'],
        ['2026-03-11T15:00:00.000Z', '2026-03-11T16:00:00.000Z', 'Busy', 'Budget sync'],
        ['2026-03-11T16:30:00.000Z', '2026-03-11T16:45:00.000Z', 'Busy', 'Daily stand-up'],
        ['2026-03-11T17:45:00.000Z', '2026-03-11T18:45:00.000Z', 'Busy', 'Design review'],
        [
          '2026-03-11T19:00:00.000Z',
          '2026-03-11T19:30:00.000Z',
          'Tentative',
          'Architecture brown-bag',
        ],
        ['2026-03-11T20:00:00.000Z', '2026-03-11T21:00:00.000Z', 'Busy', 'Customer call: Contoso'],
        ['2026-03-11T22:00:00.000Z', '2026-03-11T23:00:00.000Z', 'Busy', 'Dentist'],
      ]);
    });

    it('returns the merged free/busy string in 15-minute slots', () => {
      const merged = results[0]?.MergedFreeBusyStatus ?? [];
      expect(merged).toHaveLength(96);
      const at = (hhmm: string): string => {
        const [h = 0, m = 0] = hhmm.split(':').map(Number);
        return LegacyFreeBusyStatus[merged[h * 4 + m / 15] ?? LegacyFreeBusyStatus.NoData];
      };
      expect(at('06:45')).toBe('Free');
      expect(at('15:00')).toBe('Busy');
      expect(at('16:15')).toBe('Free');
      expect(at('16:30')).toBe('Busy');
      expect(at('19:15')).toBe('Tentative');
      expect(at('19:30')).toBe('Free');
      expect(at('22:45')).toBe('Busy');
      expect(at('23:00')).toBe('Free');
    });

    it("returns directory people's free/busy, hiding a private subject", () => {
      expect(results[1]?.Result).toBe(ServiceResult.Success);
      expect(events(results[1])).toEqual([
        ['2026-03-11T17:00:00.000Z', '2026-03-11T18:00:00.000Z', 'Busy', 'Project sync 1'],
        ['2026-03-11T23:00:00.000Z', '2026-03-12T00:00:00.000Z', 'Busy', '(hidden)'],
      ]);
      expect(results[1]?.CalendarEvents[1]?.Details.IsPrivate).toBe(true);
      expect(results[2]?.Result).toBe(ServiceResult.Success);
      expect(events(results[2])).toEqual([
        [
          '2026-03-11T17:00:00.000Z',
          '2026-03-12T02:00:00.000Z',
          'WorkingElsewhere',
          'Working from home',
        ],
        ['2026-03-11T18:00:00.000Z', '2026-03-11T19:00:00.000Z', 'Busy', 'Project sync 2'],
      ]);
    });

    it('reports a mailbox without free/busy access per mailbox, not for the whole request', () => {
      expect(results[3]?.Result).toBe(ServiceResult.Error);
      expect(results[3]?.ErrorCode).toBe(ServiceError.ErrorNoFreeBusyAccess);
    });

    it('returns working hours with their own time zone', () => {
      const hours = results[0]?.WorkingHours;
      if (!hours) throw new Error('no working hours');
      expect(hours.StartTime.TotalMinutes).toBe(8 * 60);
      expect(hours.EndTime.TotalMinutes).toBe(17 * 60);
      expect(hours.DaysOfTheWeek.map((day) => DayOfTheWeek[day])).toEqual([
        'Monday',
        'Tuesday',
        'Wednesday',
        'Thursday',
        'Friday',
      ]);
      // ews-javascript-api never fills WorkingHours.TimeZone (its conversion is commented out);
      // the legacy zone it did read converts to UTC-8 with a daylight period (US Pacific).
      const zone = hours.LegacyTimeZone.ToTimeZoneInfo();
      expect(zone.BaseUtcOffset.TotalMinutes).toBe(-8 * 60);
      // It names the zone's daylight period only when the legacy zone had DST transitions.
      expect(zone.DaylightName).toBe('Daylight time');
    });
  });

  describe('GetUserAvailability in a non-UTC zone', () => {
    // EWS Managed API clients (ews-javascript-api included) send no legacy t:TimeZone for
    // Exchange 2010 and later: the zone travels in the TimeZoneContext SOAP header, and the
    // window and the returned event times are unzoned wall-clock times in that zone.
    it('reads the window and answers in the TimeZoneContext zone (W. Europe, UTC+1)', async () => {
      const late = { start: '2026-03-10T23:30:00Z', end: '2026-03-10T23:45:00Z' }; // 00:30 CET
      const next = { start: '2026-03-11T23:30:00Z', end: '2026-03-11T23:45:00Z' }; // 00:30 CET
      for (const [subject, times] of [
        ['Early call (CET Wednesday)', late],
        ['Early call (CET Thursday)', next],
      ] as const) {
        await admin(`/mailboxes/${me.email}/calendar`, {
          method: 'POST',
          body: { subject, ...times },
        });
      }
      const zone = TimeZoneInfo.FindSystemTimeZoneById('W. Europe Standard Time');
      const options = new AvailabilityOptions();
      options.RequestedFreeBusyView = FreeBusyViewType.Detailed;
      const answer = await serviceFor(me, zone).GetUserAvailability(
        [new AttendeeInfo(me.email)],
        // Whole days in the service's zone: Wednesday 2026-03-11 00:00 to 24:00 CET.
        new TimeWindow(dt('2026-03-11T00:00:00Z'), dt('2026-03-12T00:00:00Z')),
        AvailabilityData.FreeBusy,
        options,
      );
      const mine = answer.AttendeesAvailability.Responses[0];
      expect(
        (mine?.CalendarEvents ?? []).map((event) => [subjectOf(event), utc(event.StartTime)]),
      ).toEqual([
        ['Early call (CET Wednesday)', '2026-03-10T23:30:00.000Z'],
        ['Release day', '2026-03-11T07:00:00.000Z'],
        ['Budget sync', '2026-03-11T15:00:00.000Z'],
        ['Daily stand-up', '2026-03-11T16:30:00.000Z'],
        ['Design review', '2026-03-11T17:45:00.000Z'],
        ['Architecture brown-bag', '2026-03-11T19:00:00.000Z'],
        ['Customer call: Contoso', '2026-03-11T20:00:00.000Z'],
        ['Dentist', '2026-03-11T22:00:00.000Z'],
      ]);
    });
  });

  describe('FindItems on the voicemail folder', () => {
    it('returns the nine seeded voicemails (every format, one protected), newest first', async () => {
      const found = await serviceFor(me).FindItems(WellKnownFolderName.VoiceMail, new ItemView(50));
      const items = found.Items;
      expect(found.TotalCount).toBe(9);
      expect(
        items.map((item) => [item.Subject, item.ItemClass, utc(item.DateTimeReceived)]),
      ).toEqual([
        [
          'Voice Mail from Megan Bowen (13 seconds)',
          'IPM.Note.Microsoft.Voicemail.UM.CA',
          '2026-03-11T16:10:00.000Z',
        ],
        [
          'Voice Mail from Diego Siciliani (9 seconds)',
          'IPM.Note.Microsoft.Voicemail.UM.CA',
          '2026-03-10T18:10:00.000Z',
        ],
        [
          'Voice Mail from Contoso Pharmacy (6 seconds)',
          'IPM.Note.Microsoft.Voicemail.UM.CA',
          '2026-03-08T18:10:00.000Z',
        ],
        [
          'Voice Mail from 김민지 (11 seconds)',
          'IPM.Note.Microsoft.Voicemail.UM.CA',
          '2026-03-08T12:10:00.000Z',
        ],
        [
          'Voice Mail from Patti Fernandez (14 seconds)',
          'IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA',
          '2026-03-07T18:10:00.000Z',
        ],
        [
          'Voice Mail from Adele Vance (9 seconds)',
          'IPM.Note.Microsoft.Voicemail.UM.CA',
          '2026-03-07T15:10:00.000Z',
        ],
        [
          'Voice Mail from Lee Gu (8 seconds)',
          'IPM.Note.Microsoft.Voicemail.UM.CA',
          '2026-03-06T18:10:00.000Z',
        ],
        [
          'Voice Mail from Isaiah Langer (9 seconds)',
          'IPM.Note.Microsoft.Voicemail.UM.CA',
          '2026-03-05T16:10:00.000Z',
        ],
        [
          'Voice Mail from Johanna Lorenz (9 seconds)',
          'IPM.Note.Microsoft.Voicemail.UM.CA',
          '2026-03-04T18:10:00.000Z',
        ],
      ]);
      expect(items.every((item) => item instanceof EmailMessage)).toBe(true);
      expect(items.map((item) => item instanceof EmailMessage && item.IsRead)).toEqual([
        false,
        true,
        true,
        false,
        false,
        true,
        true,
        true,
        true,
      ]);
      expect(items.map((item) => item.HasAttachments)).toEqual(Array<boolean>(9).fill(true));

      const state = await admin<AdminMessage[]>(`/mailboxes/${me.email}/voicemail`);
      expect(new Set(state.map((m) => m.subject))).toEqual(new Set(items.map((i) => i.Subject)));
    });

    it('sees a voicemail dropped in through the admin API', async () => {
      await admin(`/mailboxes/${me.email}/voicemail`, {
        method: 'POST',
        body: {
          callerName: 'Adele Vance',
          callerNumber: '+14255550123',
          clip: 'diego',
          received: '2026-03-11T18:05:00Z',
        },
      });
      const found = await serviceFor(me).FindItems(WellKnownFolderName.VoiceMail, new ItemView(50));
      expect(found.TotalCount).toBe(10);
      expect(found.Items[0]?.Subject).toBe('Voice Mail from Adele Vance (9 seconds)');
      expect(utc(found.Items[0]?.DateTimeReceived ?? dt(NOW.toISOString()))).toBe(
        '2026-03-11T18:05:00.000Z',
      );
    });

    it('gets ErrorFolderNotFound for a mailbox without Unified Messaging', async () => {
      const nestor = sim.users.find((user) => user.email.startsWith('nestor@'));
      if (!nestor) throw new Error('no Nestor in the demo users');
      const failure: unknown = await serviceFor(nestor)
        .FindItems(WellKnownFolderName.VoiceMail, new ItemView(50))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect((failure as { ErrorCode?: unknown } | undefined)?.ErrorCode).toBe(
        ServiceError.ErrorFolderNotFound,
      );
    });
  });
});
