/**
 * The merge of a contact's Teams presence with their calendar-derived presence, as a table:
 * PRESENCE.md's inbound rules for Teams (a live state beats the calendar's guess; Offline and
 * PresenceUnknown leave the calendar's presence, an OOF included) end to end from Graph's words.
 */
import { describe, expect, it } from 'vitest';
import type { ContactPresence } from '../../../../src-main/core/contract.js';
import { beaconPresenceFromTeams } from '../../../../src-main/core/teams/presence-inbound.js';
import { unknownPresence } from '../../../../src-main/im/contacts/contact-presence.js';
import { mergeTeamsPresence } from '../../../../src-main/im/contacts/teams-merge.js';

const NOW = new Date('2025-06-10T16:00:00Z');
const CONTEXT = { now: NOW, locale: 'en-US', timeZone: 'UTC' };

const calendar = (over: Partial<ContactPresence>): ContactPresence => ({
  availability: 'available',
  activity: { kind: 'none' },
  activityText: '',
  note: '',
  oof: false,
  idle: false,
  source: 'calendar',
  updatedAt: NOW.toISOString(),
  ...over,
});

const FREE = calendar({});
const MEETING = calendar({
  availability: 'in-a-meeting',
  activity: { kind: 'in-a-meeting-until', until: '2025-06-10T18:30:00.000Z' },
  activityText: 'In a meeting until 18:30',
});
const OOF = calendar({
  availability: 'out-of-office',
  activity: { kind: 'oof' },
  activityText: 'Out of office',
  note: 'Back Monday',
  oof: true,
});
const NOTHING = unknownPresence();

type Row = [
  name: string,
  teams: [string, string],
  base: ContactPresence,
  expected: Pick<ContactPresence, 'availability' | 'oof' | 'idle' | 'source' | 'activityText'>,
];

const ROWS: Row[] = [
  [
    'Busy/Busy beats a free calendar',
    ['Busy', 'Busy'],
    FREE,
    { availability: 'busy', oof: false, idle: false, source: 'teams', activityText: '' },
  ],
  [
    'InACall reads as in a meeting',
    ['Busy', 'InACall'],
    FREE,
    { availability: 'in-a-meeting', oof: false, idle: false, source: 'teams', activityText: '' },
  ],
  [
    'a meeting both agree on keeps the calendar\'s "until"',
    ['Busy', 'InAMeeting'],
    MEETING,
    {
      availability: 'in-a-meeting',
      oof: false,
      idle: false,
      source: 'teams',
      activityText: 'In a meeting until 18:30',
    },
  ],
  [
    'Available beats a calendar meeting (left early)',
    ['Available', 'Available'],
    MEETING,
    { availability: 'available', oof: false, idle: false, source: 'teams', activityText: '' },
  ],
  [
    'AvailableIdle is available and inactive',
    ['AvailableIdle', 'AvailableIdle'],
    FREE,
    { availability: 'available', oof: false, idle: true, source: 'teams', activityText: '' },
  ],
  [
    'DoNotDisturb beats a meeting',
    ['DoNotDisturb', 'Presenting'],
    MEETING,
    { availability: 'do-not-disturb', oof: false, idle: false, source: 'teams', activityText: '' },
  ],
  [
    'BeRightBack',
    ['BeRightBack', 'BeRightBack'],
    FREE,
    { availability: 'be-right-back', oof: false, idle: false, source: 'teams', activityText: '' },
  ],
  [
    'Away with their automatic reply on reads as out of office',
    ['Away', 'Away'],
    OOF,
    {
      availability: 'out-of-office',
      oof: true,
      idle: false,
      source: 'teams',
      activityText: 'Out of office',
    },
  ],
  [
    'Away without one stays away',
    ['Away', 'Away'],
    FREE,
    { availability: 'away', oof: false, idle: false, source: 'teams', activityText: '' },
  ],
  [
    'Away/OutOfOffice on a free calendar is out of office',
    ['Away', 'OutOfOffice'],
    FREE,
    {
      availability: 'out-of-office',
      oof: true,
      idle: false,
      source: 'teams',
      activityText: 'Out of office',
    },
  ],
  [
    'Away/OffWork is off work',
    ['Away', 'OffWork'],
    FREE,
    { availability: 'off-work', oof: false, idle: false, source: 'teams', activityText: '' },
  ],
  [
    'Available during an OOF keeps the OOF mark',
    ['Available', 'Available'],
    OOF,
    { availability: 'available', oof: true, idle: false, source: 'teams', activityText: '' },
  ],
  [
    'Offline leaves a calendar OOF',
    ['Offline', 'Offline'],
    OOF,
    {
      availability: 'out-of-office',
      oof: true,
      idle: false,
      source: 'calendar',
      activityText: 'Out of office',
    },
  ],
  [
    'PresenceUnknown leaves a calendar meeting',
    ['PresenceUnknown', 'PresenceUnknown'],
    MEETING,
    {
      availability: 'in-a-meeting',
      oof: false,
      idle: false,
      source: 'calendar',
      activityText: 'In a meeting until 18:30',
    },
  ],
  [
    'an availability Beacon does not know leaves the calendar',
    ['Focusing', 'Focusing'],
    FREE,
    { availability: 'available', oof: false, idle: false, source: 'calendar', activityText: '' },
  ],
  [
    'Busy with nothing from the calendar',
    ['Busy', 'Busy'],
    NOTHING,
    { availability: 'busy', oof: false, idle: false, source: 'teams', activityText: '' },
  ],
  [
    'Offline with nothing from the calendar stays unknown',
    ['Offline', 'Offline'],
    NOTHING,
    { availability: 'offline', oof: false, idle: false, source: 'none', activityText: '' },
  ],
];

describe('mergeTeamsPresence', () => {
  it.each(ROWS)('%s', (_name, [availability, activity], base, expected) => {
    const merged = mergeTeamsPresence(
      beaconPresenceFromTeams({ availability, activity }),
      base,
      CONTEXT,
    );
    expect(merged).toMatchObject(expected);
    if (merged.source === 'teams') expect(merged.updatedAt).toBe(NOW.toISOString());
    else expect(merged).toBe(base);
    // The calendar's note (their automatic reply) is kept whichever state shows.
    expect(merged.note).toBe(base.note);
  });
});
