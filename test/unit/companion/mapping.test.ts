import { describe, expect, it } from 'vitest';
import {
  eventsFromAgenda,
  toAgenda,
  toContractPresence,
  toOofSnapshot,
  toPresenceEvent,
  toTimeline,
} from '../../../src-main/core/companion/mapping.js';
import type { CalendarItem } from '../../../src-main/ews/operations/calendar.js';

const ME = 'alex@beacon.test';

function item(overrides: Partial<CalendarItem>): CalendarItem {
  return {
    id: 'AAMk-1',
    subject: 'Planning',
    start: new Date('2025-06-10T16:00:00Z'),
    end: new Date('2025-06-10T17:00:00Z'),
    isAllDay: false,
    freeBusy: 'Busy',
    isMeeting: false,
    isCancelled: false,
    sensitivity: 'Normal',
    isPrivate: false,
    ...overrides,
  };
}

describe('calendar items → agenda', () => {
  it("maps every field; the owner sees a private item's subject and location, marked private", () => {
    const [open, secret] = toAgenda(
      [
        item({ location: 'Room 1', joinUrl: 'https://join.example/1', myResponse: 'Tentative' }),
        item({
          id: 'AAMk-2',
          subject: 'Therapy',
          location: 'Elm Street',
          sensitivity: 'Private',
          isPrivate: true,
        }),
      ],
      ME,
      Date.parse('2025-06-10T07:00:00Z'),
      Date.parse('2025-06-11T07:00:00Z'),
    );
    expect(open).toEqual({
      id: 'AAMk-1',
      subject: 'Planning',
      location: 'Room 1',
      start: '2025-06-10T16:00:00.000Z',
      end: '2025-06-10T17:00:00.000Z',
      isAllDay: false,
      freeBusy: 'busy',
      isMeeting: false,
      isCancelled: false,
      isTentative: true,
      isPrivate: false,
      joinUrl: 'https://join.example/1',
    });
    expect(secret).toMatchObject({ subject: 'Therapy', location: 'Elm Street', isPrivate: true });
  });

  it('lists only items that overlap today', () => {
    const agenda = toAgenda(
      [
        item({
          id: 'yesterday',
          start: new Date('2025-06-10T06:00:00Z'),
          end: new Date('2025-06-10T07:00:00Z'),
        }),
        item({
          id: 'overnight',
          start: new Date('2025-06-10T06:30:00Z'),
          end: new Date('2025-06-10T07:30:00Z'),
        }),
        item({
          id: 'tomorrow',
          start: new Date('2025-06-11T07:00:00Z'),
          end: new Date('2025-06-11T08:00:00Z'),
        }),
      ],
      ME,
      Date.parse('2025-06-10T07:00:00Z'),
      Date.parse('2025-06-11T07:00:00Z'),
    );
    expect(agenda.map((a) => a.id)).toEqual(['overnight']);
  });
});

describe('calendar items → presence events', () => {
  it('a declined item is marked; someone else organizing makes a meeting', () => {
    expect(
      toPresenceEvent(
        item({ myResponse: 'Decline', organizer: { name: 'Megan', email: 'megan@beacon.test' } }),
        ME,
      ),
    ).toMatchObject({ declined: true, isMeeting: true, freeBusy: 'Busy', isCancelled: false });
    expect(toPresenceEvent(item({ organizer: { email: 'ALEX@beacon.test' } }), ME)).toMatchObject({
      declined: false,
      isMeeting: false,
    });
  });

  it('events rebuilt from a cached agenda keep free/busy and flags', () => {
    const [agendaItem] = toAgenda([item({ freeBusy: 'OOF', isCancelled: true })], ME, 0, Infinity);
    expect(eventsFromAgenda(agendaItem ? [agendaItem] : [])).toEqual([
      {
        start: new Date('2025-06-10T16:00:00Z'),
        end: new Date('2025-06-10T17:00:00Z'),
        freeBusy: 'OOF',
        isCancelled: true,
        isMeeting: false,
        subject: 'Planning',
      },
    ]);
  });
});

describe('OOF, timeline and presence', () => {
  it('OOF settings → the Snapshot’s lowercase vocabulary with UTC instants', () => {
    expect(
      toOofSnapshot({
        state: 'Scheduled',
        externalAudience: 'Known',
        duration: {
          start: new Date('2025-06-16T07:00:00Z'),
          end: new Date('2025-06-21T07:00:00Z'),
        },
        internalReply: { message: '<b>in</b>' },
        externalReply: { message: 'out' },
        allowExternalOof: 'All',
      }),
    ).toEqual({
      state: 'scheduled',
      externalAudience: 'known',
      start: '2025-06-16T07:00:00.000Z',
      end: '2025-06-21T07:00:00.000Z',
      internalReply: '<b>in</b>',
      externalReply: 'out',
      allowExternalOof: 'all',
    });
  });

  it('timeline digits come through; garbage does not', () => {
    const base = { mailbox: ME, ok: true as const, view: 'DetailedMerged', events: [] };
    expect(toTimeline({ ...base, intervalMinutes: 15, mergedFreeBusy: '0123' }, 0)).toEqual({
      start: '1970-01-01T00:00:00.000Z',
      intervalMinutes: 15,
      slots: '0123',
    });
    expect(toTimeline({ ...base, intervalMinutes: 15, mergedFreeBusy: '01x' }, 0)).toBeUndefined();
    expect(toTimeline({ ...base, intervalMinutes: 15 }, 0)).toBeUndefined();
  });

  it('resolver output → contract presence with the formatted line', () => {
    const now = new Date('2025-06-10T17:07:00Z');
    expect(
      toContractPresence(
        {
          availability: 'in-a-meeting',
          idle: false,
          oof: false,
          note: '',
          activity: { kind: 'in-a-meeting-until', until: new Date('2025-06-10T22:30:00Z') },
          nextChange: new Date('2025-06-10T22:30:00Z'),
          source: 'automatic',
        },
        now,
        'en-GB',
        'America/Los_Angeles',
      ),
    ).toEqual({
      availability: 'in-a-meeting',
      idle: false,
      oof: false,
      note: '',
      activity: { kind: 'in-a-meeting-until', until: '2025-06-10T22:30:00.000Z' },
      activityText: 'In a meeting until 15:30',
      nextChange: '2025-06-10T22:30:00.000Z',
      source: 'automatic',
    });
    const free = toContractPresence(
      {
        availability: 'available',
        idle: true,
        oof: false,
        note: '',
        activity: { kind: 'free-rest-of-day' },
        nextChange: null,
        source: 'automatic',
      },
      now,
      'en-GB',
      'America/Los_Angeles',
    );
    expect(free.activityText).toBe('Free for the rest of the day');
    expect(free.activity).toEqual({ kind: 'free-rest-of-day' });
    expect('nextChange' in free).toBe(false);
  });
});
