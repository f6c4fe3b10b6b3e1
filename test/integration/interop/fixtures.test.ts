import {
  CalendarView,
  DateTime,
  ExchangeService,
  ExchangeVersion,
  Uri,
  WebCredentials,
  WellKnownFolderName,
} from 'ews-javascript-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { EwsSchemaValidator } from '../../../src-main/sim/schema/ews-schema-validator.js';
import { makeCalendarItems, makeCalendarViewResponse } from '../../bench/fixtures-calendar.js';
import { peerDecodeFindItemCalendarView } from '../../bench/peer-ews-javascript-api.js';
import { fixedResponseXhr } from '../../support/ews-js-xhr.js';

describe('benchmark fixture: FindItem/CalendarView response', () => {
  let validator: EwsSchemaValidator;
  beforeAll(() => {
    validator = EwsSchemaValidator.load();
  });

  it('validates against the Exchange Online schema', () => {
    const result = validator.validateEnvelope(makeCalendarViewResponse(50));
    expect(result).toEqual({ valid: true });
  });

  it('validates for other seeds and sizes too', () => {
    for (const [count, seed] of [
      [1, 7],
      [333, 42],
    ] as const) {
      expect(validator.validateEnvelope(makeCalendarViewResponse(count, seed))).toEqual({
        valid: true,
      });
    }
  });

  it('is caught by the schema when an element is out of order (the check can fail)', () => {
    const broken = makeCalendarViewResponse(3).replace(
      /(<t:Subject>[^<]*<\/t:Subject>)(<t:Sensitivity>[^<]*<\/t:Sensitivity>)/,
      '$2$1',
    );
    expect(validator.validateEnvelope(broken).valid).toBe(false);
  });

  it('is deterministic for a seed and varies between seeds', () => {
    expect(makeCalendarViewResponse(20, 5)).toBe(makeCalendarViewResponse(20, 5));
    expect(makeCalendarViewResponse(20, 5)).not.toBe(makeCalendarViewResponse(20, 6));
  });

  it('looks like Exchange Online on the wire', () => {
    const xml = makeCalendarViewResponse(40);
    expect(xml).toContain('<h:ServerVersionInfo MajorVersion="15"');
    expect(xml).toContain('<m:RootFolder TotalItemsInView="40" IncludesLastItemInRange="true">');
    expect(xml.match(/<t:CalendarItem>/g)).toHaveLength(40);
    expect(xml).toContain('&#8211;');
    expect(xml).toContain('&amp;');
    expect(xml).toContain('&lt;Anna / Ben&gt;');
    expect(xml).toContain('<t:JoinOnlineMeetingUrl>https://teams.microsoft.com/');
    expect(xml).toMatch(/<t:ItemId Id="AAMkA[A-Za-z0-9+/]{150,}={0,2}" ChangeKey="DwAAABYAAA/);
    const items = makeCalendarItems(40);
    expect(new Set(items.map((item) => item.id)).size).toBe(40);
    expect(items.some((item) => item.isAllDay)).toBe(true);
    expect(items.some((item) => item.joinUrl === null)).toBe(true);
    expect(items.some((item) => item.location === null)).toBe(true);
    expect(new Set(items.map((item) => item.sensitivity))).toContain('Private');
  });
});

describe('ews-javascript-api as the benchmark peer', () => {
  it('decodes 100 items with the right first subject and start', async () => {
    const expected = makeCalendarItems(100, 3);
    const decoded = await peerDecodeFindItemCalendarView(makeCalendarViewResponse(100, 3));
    expect(decoded.count).toBe(100);
    expect(decoded.firstSubject).toBe(expected[0]?.subject);
    expect(decoded.firstSubject).toBe('Q3 planning & budget review – FY26');
    expect(decoded.firstStartUtc).toMatch(/Z$/);
    expect(Date.parse(decoded.firstStartUtc)).toBe(Date.parse(expected[0]?.startUtc ?? ''));
  });

  it('reads every item of the fixture back with the values it was generated from', async () => {
    const expected = makeCalendarItems(60, 11);
    const service = new ExchangeService(ExchangeVersion.Exchange2013_SP1);
    service.Url = new Uri('https://peer.invalid/EWS/Exchange.asmx');
    service.Credentials = new WebCredentials('peer@contoso.invalid', 'unused');
    service.XHRApi = fixedResponseXhr(makeCalendarViewResponse(60, 11));
    const found = await service.FindAppointments(
      WellKnownFolderName.Calendar,
      new CalendarView(new DateTime(Date.UTC(2025, 0, 1)), new DateTime(Date.UTC(2026, 0, 1))),
    );
    const decoded = found.Items.map((item) => ({
      id: item.Id.UniqueId,
      changeKey: item.Id.ChangeKey,
      subject: item.Subject,
      startMs: item.Start.TotalMilliSeconds,
      endMs: item.End.TotalMilliSeconds,
      isAllDay: item.IsAllDayEvent,
      location: item.Location,
      organizer: item.Organizer.Address,
      joinUrl: item.JoinOnlineMeetingUrl,
    }));
    expect(decoded).toEqual(
      expected.map((item) => ({
        id: item.id,
        changeKey: item.changeKey,
        subject: item.subject,
        startMs: Date.parse(item.startUtc),
        endMs: Date.parse(item.endUtc),
        isAllDay: item.isAllDay,
        location: item.location,
        organizer: item.organizer.email,
        joinUrl: item.joinUrl,
      })),
    );
  });
});
