import { describe, expect, it } from 'vitest';
import type { WorkingHours } from '../../../src-main/mailbox/calendar.js';
import {
  DEFAULT_PRESENCE_SETTINGS,
  resolvePresence,
  type Activity,
  type PresenceEvent,
} from '../../../src-main/presence/index.js';
import { at, ev, input, iso, UTC_HOURS, UTC_ZONE } from './fixtures.js';

const t = (hhmm: string): string => at(hhmm).toISOString();
const LONG_DAY: WorkingHours = {
  timeZone: UTC_ZONE,
  periods: [{ days: ['Tuesday'], startMinutes: 6 * 60, endMinutes: 23 * 60 }],
};

interface Row {
  rule: string;
  now?: Date;
  events: PresenceEvent[];
  workingHours?: WorkingHours | undefined;
  showOffWork?: boolean;
  activity: Activity;
  nextChange: string | null;
}

describe('PRESENCE.md "Free until": a busy item within 8 hours and before the end of the working day', () => {
  it.each<Row>([
    {
      rule: 'a busy item at 14:00 → Free until 14:00',
      events: [ev('14:00', '15:00')],
      activity: { kind: 'free-until', until: at('14:00') },
      nextChange: t('14:00'),
    },
    {
      rule: 'an OOF item counts as a busy item',
      events: [ev('15:00', '16:00', 'OOF')],
      activity: { kind: 'free-until', until: at('15:00') },
      nextChange: t('15:00'),
    },
    {
      rule: 'the earliest upcoming item is named, whatever the input order',
      events: [ev('15:00', '16:00'), ev('14:00', '14:30', 'Busy', { isMeeting: false })],
      activity: { kind: 'free-until', until: at('14:00') },
      nextChange: t('14:00'),
    },
    {
      rule: 'a tentative item does not end "free"',
      events: [ev('14:00', '15:00', 'Tentative')],
      activity: { kind: 'free-rest-of-day' },
      nextChange: t('17:00'),
    },
    {
      rule: 'cancelled and declined items do not end "free"',
      events: [
        ev('14:00', '15:00', 'Busy', { isCancelled: true }),
        ev('15:00', '16:00', 'Busy', { declined: true }),
      ],
      activity: { kind: 'free-rest-of-day' },
      nextChange: t('17:00'),
    },
    {
      rule: 'an item one minute before the working day ends → Free until 16:59',
      events: [ev('16:59', '17:30')],
      activity: { kind: 'free-until', until: at('16:59') },
      nextChange: t('16:59'),
    },
    {
      rule: 'an item starting as the working day ends → free for the rest of the day',
      events: [ev('17:00', '18:00')],
      activity: { kind: 'free-rest-of-day' },
      nextChange: t('17:00'),
    },
    {
      rule: 'an item after the working day, though within 8 hours → free for the rest of the day',
      events: [ev('18:00', '19:00')],
      activity: { kind: 'free-rest-of-day' },
      nextChange: t('17:00'),
    },
    {
      rule: 'before the end of the working day but beyond 8 hours → free for the rest of the day',
      workingHours: LONG_DAY,
      events: [ev('20:30', '21:00')],
      activity: { kind: 'free-rest-of-day' },
      nextChange: t('12:30'),
    },
    {
      rule: 'no working hours: exactly 8 hours ahead is within the horizon',
      workingHours: undefined,
      events: [ev('20:00', '21:00')],
      activity: { kind: 'free-until', until: at('20:00') },
      nextChange: t('20:00'),
    },
    {
      rule: 'no working hours: 8 h 1 min ahead → rest of the day, until it enters the horizon',
      workingHours: undefined,
      events: [ev('20:01', '21:00')],
      activity: { kind: 'free-rest-of-day' },
      nextChange: t('12:01'),
    },
    {
      rule: 'no working hours: an item after midnight within 8 hours → Free until',
      workingHours: undefined,
      now: new Date('2026-06-09T19:00:00Z'),
      events: [ev('2026-06-10T02:00:00Z', '2026-06-10T03:00:00Z')],
      activity: { kind: 'free-until', until: new Date('2026-06-10T02:00:00Z') },
      nextChange: '2026-06-10T02:00:00.000Z',
    },
    {
      rule: '"show off work" off, outside working hours: only the 8-hour rule applies',
      showOffWork: false,
      now: new Date('2026-06-09T19:00:00Z'),
      events: [ev('2026-06-10T02:00:00Z', '2026-06-10T03:00:00Z')],
      activity: { kind: 'free-until', until: new Date('2026-06-10T02:00:00Z') },
      nextChange: '2026-06-10T02:00:00.000Z',
    },
  ])('$rule', (row) => {
    const p = resolvePresence(
      input({
        events: row.events,
        workingHours: 'workingHours' in row ? row.workingHours : UTC_HOURS,
        settings: { ...DEFAULT_PRESENCE_SETTINGS, showOffWork: row.showOffWork ?? true },
        ...(row.now ? { now: row.now } : {}),
      }),
    );
    expect(p.availability).toBe('available');
    expect(p.activity).toEqual(row.activity);
    expect(iso(p.nextChange)).toBe(row.nextChange);
  });
});
