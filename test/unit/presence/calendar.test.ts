import { describe, expect, it } from 'vitest';
import {
  resolvePresence,
  type Activity,
  type Availability,
  type PresenceEvent,
} from '../../../src-main/presence/index.js';
import { at, ev, input, iso, NOW } from './fixtures.js';

const NOT_MEETING = { isMeeting: false };
const DAY = ['2026-06-09T00:00:00.000Z', '2026-06-10T00:00:00.000Z'] as const;

interface Row {
  rule: string;
  events: PresenceEvent[];
  availability: Availability;
  activity: Activity['kind'];
  until?: string;
  nextChange: string | null;
}

const t = (hhmm: string): string => at(hhmm).toISOString();

describe('PRESENCE.md step 4: calendar busy at now', () => {
  it.each<Row>([
    {
      rule: 'a busy meeting → in-a-meeting',
      events: [ev('11:30', '12:30', 'Busy', { isMeeting: true })],
      availability: 'in-a-meeting',
      activity: 'in-a-meeting-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'a busy item that is not a meeting → busy',
      events: [ev('11:30', '12:30', 'Busy', NOT_MEETING)],
      availability: 'busy',
      activity: 'busy-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'when the source cannot tell, assume a meeting',
      events: [ev('11:30', '12:30', 'Busy')],
      availability: 'in-a-meeting',
      activity: 'in-a-meeting-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'overlap: a busy meeting inside a busy non-meeting → in-a-meeting, then busy',
      events: [ev('11:00', '13:00', 'Busy', NOT_MEETING), ev('11:30', '12:30')],
      availability: 'in-a-meeting',
      activity: 'in-a-meeting-until',
      until: t('13:00'),
      nextChange: t('12:30'),
    },
    {
      rule: 'tentative never changes availability',
      events: [ev('11:30', '12:30', 'Tentative')],
      availability: 'available',
      activity: 'free-rest-of-day',
      nextChange: t('17:00'),
    },
    {
      rule: 'overlap: Busy > Tentative',
      events: [ev('11:00', '13:00', 'Tentative'), ev('11:30', '12:30', 'Busy', NOT_MEETING)],
      availability: 'busy',
      activity: 'busy-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'overlap: Busy > Free and WorkingElsewhere',
      events: [
        ev('11:00', '13:00', 'Free'),
        ev('11:00', '13:00', 'WorkingElsewhere'),
        ev('11:30', '12:30', 'Busy', NOT_MEETING),
      ],
      availability: 'busy',
      activity: 'busy-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'Free, WorkingElsewhere and NoData alone leave you available',
      events: [
        ev('11:00', '13:00', 'Free'),
        ev('11:00', '13:00', 'WorkingElsewhere'),
        ev('11:00', '13:00', 'NoData'),
      ],
      availability: 'available',
      activity: 'free-rest-of-day',
      nextChange: t('17:00'),
    },
    {
      rule: 'overlap: OOF > Busy',
      events: [ev('11:00', '13:00', 'Busy'), ev('11:30', '12:30', 'OOF')],
      availability: 'out-of-office',
      activity: 'oof-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'overlap: OOF > Tentative',
      events: [ev('11:00', '13:00', 'Tentative'), ev('11:30', '12:30', 'OOF')],
      availability: 'out-of-office',
      activity: 'oof-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'a cancelled item is ignored',
      events: [ev('11:30', '12:30', 'Busy', { isCancelled: true })],
      availability: 'available',
      activity: 'free-rest-of-day',
      nextChange: t('17:00'),
    },
    {
      rule: 'an item the user declined is ignored',
      events: [ev('11:30', '12:30', 'Busy', { declined: true })],
      availability: 'available',
      activity: 'free-rest-of-day',
      nextChange: t('17:00'),
    },
    {
      rule: 'a declined OOF item is ignored',
      events: [ev('11:30', '12:30', 'OOF', { declined: true })],
      availability: 'available',
      activity: 'free-rest-of-day',
      nextChange: t('17:00'),
    },
    {
      rule: 'a cancelled meeting does not hide a busy item under it',
      events: [
        ev('11:30', '12:30', 'Busy', { isCancelled: true }),
        ev('11:45', '12:15', 'Busy', NOT_MEETING),
      ],
      availability: 'busy',
      activity: 'busy-until',
      until: t('12:15'),
      nextChange: t('12:15'),
    },
    {
      rule: 'an all-day Busy item counts',
      events: [ev(DAY[0], DAY[1], 'Busy', NOT_MEETING)],
      availability: 'busy',
      activity: 'busy-until',
      until: DAY[1],
      nextChange: DAY[1],
    },
    {
      rule: 'an all-day Free item is ignored',
      events: [ev(DAY[0], DAY[1], 'Free')],
      availability: 'available',
      activity: 'free-rest-of-day',
      nextChange: t('17:00'),
    },
    {
      rule: 'an all-day OOF item → out-of-office until its end',
      events: [ev(DAY[0], DAY[1], 'OOF')],
      availability: 'out-of-office',
      activity: 'oof-until',
      until: DAY[1],
      nextChange: DAY[1],
    },
    {
      rule: 'an item ending exactly at now is over',
      events: [ev('11:00', '12:00')],
      availability: 'available',
      activity: 'free-rest-of-day',
      nextChange: t('17:00'),
    },
    {
      rule: 'an item starting exactly at now has begun',
      events: [ev('12:00', '13:00')],
      availability: 'in-a-meeting',
      activity: 'in-a-meeting-until',
      until: t('13:00'),
      nextChange: t('13:00'),
    },
    {
      rule: 'an item whose end is not after its start is ignored',
      events: [ev('12:30', '11:30'), ev('12:00', '12:00')],
      availability: 'available',
      activity: 'free-rest-of-day',
      nextChange: t('17:00'),
    },
  ])('$rule', ({ events, availability, activity, until, nextChange }) => {
    const p = resolvePresence(input({ events }));
    expect(p.availability).toBe(availability);
    expect(p.activity.kind).toBe(activity);
    expect('until' in p.activity ? p.activity.until.toISOString() : undefined).toBe(until);
    expect(iso(p.nextChange)).toBe(nextChange);
    expect(p.oof).toBe(false);
  });
});

interface RunRow {
  rule: string;
  events: PresenceEvent[];
  activity: 'in-a-meeting-until' | 'busy-until';
  until: string;
  nextChange: string;
}

describe('PRESENCE.md "In a meeting until": the end of the run that starts with the current item', () => {
  it.each<RunRow>([
    {
      rule: 'a single meeting',
      events: [ev('11:30', '12:30')],
      activity: 'in-a-meeting-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'items that touch are one run',
      events: [ev('11:30', '12:30'), ev('12:30', '13:00')],
      activity: 'in-a-meeting-until',
      until: t('13:00'),
      nextChange: t('13:00'),
    },
    {
      rule: 'items that overlap are one run',
      events: [ev('11:30', '12:45'), ev('12:15', '13:15')],
      activity: 'in-a-meeting-until',
      until: t('13:15'),
      nextChange: t('13:15'),
    },
    {
      rule: 'a gap of 59 s (under one minute) joins the run, with no flicker in the gap',
      events: [ev('11:30', '12:30'), ev('12:30:59', '13:00')],
      activity: 'in-a-meeting-until',
      until: t('13:00'),
      nextChange: t('13:00'),
    },
    {
      rule: 'a gap of exactly one minute ends the run',
      events: [ev('11:30', '12:30'), ev('12:31', '13:00')],
      activity: 'in-a-meeting-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'a chain of gaps under one minute is one run',
      events: [ev('11:30', '12:30'), ev('12:30:30', '13:00'), ev('13:00:45', '14:00')],
      activity: 'in-a-meeting-until',
      until: t('14:00'),
      nextChange: t('14:00'),
    },
    {
      rule: 'the chain stops at the first gap of a minute or more',
      events: [ev('11:30', '12:30'), ev('12:30:30', '13:00'), ev('13:01', '14:00')],
      activity: 'in-a-meeting-until',
      until: t('13:00'),
      nextChange: t('13:00'),
    },
    {
      rule: 'OOF items belong to the run (availability turns out-of-office at the OOF start)',
      events: [ev('11:30', '12:30'), ev('12:30', '13:30', 'OOF')],
      activity: 'in-a-meeting-until',
      until: t('13:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'a touching tentative item does not extend the run',
      events: [ev('11:30', '12:30'), ev('12:30', '13:30', 'Tentative')],
      activity: 'in-a-meeting-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'a touching free item does not extend the run',
      events: [ev('11:30', '12:30'), ev('12:30', '13:30', 'Free')],
      activity: 'in-a-meeting-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'a touching cancelled item does not extend the run',
      events: [ev('11:30', '12:30'), ev('12:30', '13:30', 'Busy', { isCancelled: true })],
      activity: 'in-a-meeting-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'a touching declined item does not extend the run',
      events: [ev('11:30', '12:30'), ev('12:30', '13:30', 'Busy', { declined: true })],
      activity: 'in-a-meeting-until',
      until: t('12:30'),
      nextChange: t('12:30'),
    },
    {
      rule: 'a run of busy non-meetings → "busy until"',
      events: [
        ev('11:30', '12:30', 'Busy', NOT_MEETING),
        ev('12:30', '13:00', 'Busy', NOT_MEETING),
      ],
      activity: 'busy-until',
      until: t('13:00'),
      nextChange: t('13:00'),
    },
    {
      rule: 'a later run does not count as part of the current one',
      events: [ev('15:00', '16:00'), ev('11:30', '12:30'), ev('12:30', '13:00')],
      activity: 'in-a-meeting-until',
      until: t('13:00'),
      nextChange: t('13:00'),
    },
  ])('$rule', ({ events, activity, until, nextChange }) => {
    const p = resolvePresence(input({ events }));
    expect(p.activity).toEqual({ kind: activity, until: new Date(until) });
    expect(iso(p.nextChange)).toBe(nextChange);
  });

  it('inside a gap under one minute the user stays in the meeting', () => {
    const events = [ev('11:30', '12:30'), ev('12:30:40', '13:00', 'Busy', NOT_MEETING)];
    const p = resolvePresence(input({ now: at('12:30:20'), events }));
    expect(p.availability).toBe('in-a-meeting');
    expect(p.activity).toEqual({ kind: 'in-a-meeting-until', until: at('13:00') });
    expect(iso(p.nextChange)).toBe(t('12:30:40'));
    expect(resolvePresence(input({ now: at('12:30:40'), events })).availability).toBe('busy');
  });

  it('the fixed now is the one the tables assume', () => {
    expect(NOW.toISOString()).toBe('2026-06-09T12:00:00.000Z');
  });
});
