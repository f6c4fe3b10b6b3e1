import { describe, expect, it } from 'vitest';
import { DecodeError, EwsResponseError } from '../../../../src-main/ews/errors.js';
import {
  CALENDAR_FIELD_URIS,
  buildFindCalendarItemsRequest,
  decodeFindCalendarItemsResponse,
  remainingCalendarWindows,
  sortCalendarItems,
  type CalendarItem,
} from '../../../../src-main/ews/operations/calendar.js';
import { envelopeOf, thrown } from './soap-fixture.js';

const page = (root: string, items: string): string =>
  `<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>
  <m:RootFolder ${root}><t:Items>${items}</t:Items></m:RootFolder></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>`;

const FULL_ITEM = `<t:CalendarItem>
  <t:ItemId Id="AAMkOcc1" ChangeKey="DwAAAB"/>
  <t:Subject>Design review &#8211; Q3</t:Subject>
  <t:Sensitivity>Normal</t:Sensitivity>
  <t:ReminderIsSet>true</t:ReminderIsSet>
  <t:ReminderMinutesBeforeStart>10</t:ReminderMinutesBeforeStart>
  <t:Start>2024-05-02T08:00:00Z</t:Start>
  <t:End>2024-05-02T09:00:00Z</t:End>
  <t:IsAllDayEvent>false</t:IsAllDayEvent>
  <t:LegacyFreeBusyStatus>Tentative</t:LegacyFreeBusyStatus>
  <t:Location> Room 4 </t:Location>
  <t:IsMeeting>true</t:IsMeeting>
  <t:IsCancelled>false</t:IsCancelled>
  <t:MyResponseType>Tentative</t:MyResponseType>
  <t:Organizer><t:Mailbox><t:Name>Dana</t:Name><t:EmailAddress>dana@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType></t:Mailbox></t:Organizer>
  <t:JoinOnlineMeetingUrl>https://meet.example/abc?x=1&amp;y=2</t:JoinOnlineMeetingUrl>
</t:CalendarItem>`;

const PRIVATE_ITEM = `<t:CalendarItem><t:ItemId Id="AAMkPriv"/><t:Subject>Private appointment</t:Subject>
  <t:Sensitivity>Private</t:Sensitivity><t:ReminderIsSet>false</t:ReminderIsSet><t:ReminderMinutesBeforeStart>15</t:ReminderMinutesBeforeStart>
  <t:Start>2024-05-01T22:00:00Z</t:Start><t:End>2024-05-02T22:00:00Z</t:End><t:IsAllDayEvent>true</t:IsAllDayEvent>
  <t:LegacyFreeBusyStatus>OOF</t:LegacyFreeBusyStatus><t:IsMeeting>false</t:IsMeeting><t:IsCancelled>true</t:IsCancelled><t:MyResponseType>Organizer</t:MyResponseType></t:CalendarItem>`;

describe('FindItem/CalendarView decoding', () => {
  it('reads values a newer server may add the cautious way: busy, private, no response', () => {
    const item = FULL_ITEM.replace(
      '>Tentative</t:LegacyFreeBusyStatus>',
      '>Focus</t:LegacyFreeBusyStatus>',
    )
      .replace('>Normal</t:Sensitivity>', '>Restricted</t:Sensitivity>')
      .replace('>Tentative</t:MyResponseType>', '>Delegated</t:MyResponseType>');
    const [decoded] = decodeFindCalendarItemsResponse(
      envelopeOf(page('IncludesLastItemInRange="true"', item)),
    ).items;
    expect(decoded).toMatchObject({
      freeBusy: 'Busy',
      sensitivity: 'Private',
      isPrivate: true,
      myResponse: 'Unknown',
    });
  });

  it('decodes every requested property', () => {
    const result = decodeFindCalendarItemsResponse(
      envelopeOf(
        page('TotalItemsInView="2" IncludesLastItemInRange="true"', FULL_ITEM + PRIVATE_ITEM),
      ),
    );
    expect(result.includesLastItemInRange).toBe(true);
    expect(result.totalItemsInView).toBe(2);
    expect(result.items[0]).toEqual({
      id: 'AAMkOcc1',
      changeKey: 'DwAAAB',
      subject: 'Design review – Q3',
      start: new Date('2024-05-02T08:00:00Z'),
      end: new Date('2024-05-02T09:00:00Z'),
      isAllDay: false,
      freeBusy: 'Tentative',
      location: 'Room 4',
      organizer: { name: 'Dana', email: 'dana@contoso.com' },
      isMeeting: true,
      isCancelled: false,
      myResponse: 'Tentative',
      reminder: { minutesBefore: 10 },
      sensitivity: 'Normal',
      isPrivate: false,
      joinUrl: 'https://meet.example/abc?x=1&y=2',
    } satisfies CalendarItem);
    expect(result.items[1]).toEqual({
      id: 'AAMkPriv',
      subject: 'Private appointment',
      start: new Date('2024-05-01T22:00:00Z'),
      end: new Date('2024-05-02T22:00:00Z'),
      isAllDay: true,
      freeBusy: 'OOF',
      isMeeting: false,
      isCancelled: true,
      myResponse: 'Organizer',
      sensitivity: 'Private',
      isPrivate: true,
    } satisfies CalendarItem);
  });

  it('uses defaults for properties the server leaves out, and reads IncludesLastItemInRange=false', () => {
    const result = decodeFindCalendarItemsResponse(
      envelopeOf(
        page(
          'TotalItemsInView="9" IncludesLastItemInRange="false"',
          '<t:CalendarItem><t:ItemId Id="A"/><t:Start>2024-05-02T08:00:00Z</t:Start><t:End>2024-05-02T08:30:00Z</t:End></t:CalendarItem>',
        ),
      ),
    );
    expect(result.includesLastItemInRange).toBe(false);
    expect(result.items[0]).toEqual({
      id: 'A',
      subject: '',
      start: new Date('2024-05-02T08:00:00Z'),
      end: new Date('2024-05-02T08:30:00Z'),
      isAllDay: false,
      freeBusy: 'Busy',
      isMeeting: false,
      isCancelled: false,
      sensitivity: 'Normal',
      isPrivate: false,
    });
  });

  it('throws the typed error of an error answer', () => {
    const error = thrown(() =>
      decodeFindCalendarItemsResponse(
        envelopeOf(
          '<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Error"><m:MessageText>nope</m:MessageText><m:ResponseCode>ErrorFolderNotFound</m:ResponseCode></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>',
        ),
      ),
    );
    expect(error).toBeInstanceOf(EwsResponseError);
    expect((error as EwsResponseError).responseCode).toBe('ErrorFolderNotFound');
  });

  it.each([
    [
      'an item without an id',
      '<t:CalendarItem><t:Start>2024-05-02T08:00:00Z</t:Start><t:End>2024-05-02T08:30:00Z</t:End></t:CalendarItem>',
    ],
    [
      'an item without a start',
      '<t:CalendarItem><t:ItemId Id="A"/><t:End>2024-05-02T08:30:00Z</t:End></t:CalendarItem>',
    ],
    ['a bad boolean', FULL_ITEM.replace('<t:IsMeeting>true', '<t:IsMeeting>yes')],
  ])('is a DecodeError for %s (never half the list)', (_name, item) => {
    expect(() =>
      decodeFindCalendarItemsResponse(
        envelopeOf(page('IncludesLastItemInRange="true"', PRIVATE_ITEM + item)),
      ),
    ).toThrow(DecodeError);
  });

  it('is a DecodeError without RootFolder', () => {
    expect(() =>
      decodeFindCalendarItemsResponse(
        envelopeOf(
          '<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>',
        ),
      ),
    ).toThrow(DecodeError);
  });
});

describe('FindItem/CalendarView request', () => {
  it('asks for IdOnly plus exactly the listed properties, a UTC window, on the calendar', () => {
    const xml = buildFindCalendarItemsRequest({
      start: new Date('2024-05-01T00:00:00Z'),
      end: new Date('2024-05-08T00:00:00Z'),
      maxEntries: 200,
    }).xml;
    expect([...xml.matchAll(/FieldURI="([^"]+)"/g)].map((m) => m[1])).toEqual([
      ...CALENDAR_FIELD_URIS,
    ]);
    expect(xml).toContain('<t:BaseShape>IdOnly</t:BaseShape>');
    expect(xml).toContain(
      '<m:CalendarView MaxEntriesReturned="200" StartDate="2024-05-01T00:00:00Z" EndDate="2024-05-08T00:00:00Z"/>',
    );
    expect(xml).toContain(
      '<m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds>',
    );
  });

  it("names another user's mailbox when asked", () => {
    const xml = buildFindCalendarItemsRequest({
      start: new Date('2024-05-01T00:00:00Z'),
      end: new Date('2024-05-02T00:00:00Z'),
      mailbox: 'boss@contoso.com',
    }).xml;
    expect(xml).toContain(
      '<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>boss@contoso.com</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>',
    );
  });

  it('refuses an empty window and a bad page size', () => {
    const start = new Date('2024-05-01T00:00:00Z');
    expect(() => buildFindCalendarItemsRequest({ start, end: start })).toThrow(RangeError);
    expect(() =>
      buildFindCalendarItemsRequest({
        start,
        end: new Date('2024-05-02T00:00:00Z'),
        maxEntries: 0,
      }),
    ).toThrow(RangeError);
  });
});

describe('remainingCalendarWindows (the split decision)', () => {
  const window = { start: new Date('2024-05-01T00:00:00Z'), end: new Date('2024-05-31T00:00:00Z') };
  const at = (iso: string) => ({ start: new Date(iso) });

  it('is done when the server sent the last item', () => {
    expect(
      remainingCalendarWindows(window, {
        includesLastItemInRange: true,
        items: [at('2024-05-03T00:00:00Z')],
      }),
    ).toEqual([]);
  });

  it('continues from the start of the last returned item', () => {
    expect(
      remainingCalendarWindows(window, {
        includesLastItemInRange: false,
        items: [at('2024-05-03T09:00:00Z'), at('2024-05-10T09:00:00Z'), at('2024-05-04T09:00:00Z')],
      }),
    ).toEqual([{ start: new Date('2024-05-10T09:00:00Z'), end: window.end }]);
  });

  it('halves the window when continuing would not make progress', () => {
    const halves = [
      { start: window.start, end: new Date('2024-05-16T00:00:00Z') },
      { start: new Date('2024-05-16T00:00:00Z'), end: window.end },
    ];
    // Only items that started before the window (long ones overlapping it) came back.
    expect(
      remainingCalendarWindows(window, {
        includesLastItemInRange: false,
        items: [at('2024-04-20T00:00:00Z')],
      }),
    ).toEqual(halves);
    expect(remainingCalendarWindows(window, { includesLastItemInRange: false, items: [] })).toEqual(
      halves,
    );
  });

  it('gives up on a window too short to split', () => {
    const tiny = { start: new Date('2024-05-01T00:00:00Z'), end: new Date('2024-05-01T00:01:00Z') };
    expect(remainingCalendarWindows(tiny, { includesLastItemInRange: false, items: [] })).toEqual(
      [],
    );
  });

  it('always terminates: repeated decisions shrink the windows until nothing is left', () => {
    // A server that never says "last item" and returns nothing: the windows must run out.
    let queue = [window];
    let steps = 0;
    while (queue.length > 0 && steps < 100_000) {
      const next = queue.shift();
      if (next === undefined) break;
      queue = [
        ...remainingCalendarWindows(next, { includesLastItemInRange: false, items: [] }),
        ...queue,
      ];
      steps++;
    }
    expect(queue).toEqual([]);
    expect(steps).toBeLessThan(100_000);
  });
});

describe('sortCalendarItems', () => {
  it('orders by start, then end, then id', () => {
    const item = (id: string, start: string, end: string): CalendarItem => ({
      id,
      subject: id,
      start: new Date(start),
      end: new Date(end),
      isAllDay: false,
      freeBusy: 'Busy',
      isMeeting: false,
      isCancelled: false,
      sensitivity: 'Normal',
      isPrivate: false,
    });
    const sorted = sortCalendarItems([
      item('c', '2024-05-02T10:00:00Z', '2024-05-02T11:00:00Z'),
      item('b', '2024-05-02T09:00:00Z', '2024-05-02T12:00:00Z'),
      item('a', '2024-05-02T09:00:00Z', '2024-05-02T12:00:00Z'),
      item('d', '2024-05-02T09:00:00Z', '2024-05-02T10:00:00Z'),
    ]);
    expect(sorted.map((i) => i.id)).toEqual(['d', 'a', 'b', 'c']);
  });
});
