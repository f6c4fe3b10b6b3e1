import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRESENCE_SETTINGS,
  resolvePresence,
  type Availability,
  type Presence,
  type PresenceInput,
} from '../../../src-main/presence/index.js';
import { at, ev, input, iso, nineToFive, UTC_ZONE } from './fixtures.js';

const MEETING = ev('11:30', '12:30');
const EVENING = new Date('2026-06-09T18:00:00Z');

interface Row {
  rule: string;
  over: Partial<PresenceInput>;
  availability: Availability;
  source: Presence['source'];
  nextChange: string | null;
}

describe('PRESENCE.md resolution order: the first rule that applies wins', () => {
  it.each<Row>([
    {
      rule: '1. signed out → offline, over a manual choice and a meeting',
      over: { signedIn: false, manual: { availability: 'do-not-disturb' }, events: [MEETING] },
      availability: 'offline',
      source: 'signed-out',
      nextChange: null,
    },
    {
      rule: '2. a manual choice wins over active automatic replies',
      over: { manual: { availability: 'do-not-disturb' }, oof: { state: 'Enabled' } },
      availability: 'do-not-disturb',
      source: 'manual',
      nextChange: null,
    },
    {
      rule: '2. a manual choice wins over a meeting',
      over: { manual: { availability: 'be-right-back' }, events: [MEETING] },
      availability: 'be-right-back',
      source: 'manual',
      nextChange: null,
    },
    {
      rule: '2. manual "Appear offline" → offline, set by the user',
      over: { manual: { availability: 'offline' } },
      availability: 'offline',
      source: 'manual',
      nextChange: null,
    },
    {
      rule: '3. automatic replies win over a meeting',
      over: { oof: { state: 'Enabled' }, events: [MEETING] },
      availability: 'out-of-office',
      source: 'automatic',
      nextChange: null,
    },
    {
      rule: '3. a calendar OOF item wins over a meeting',
      over: { events: [ev('08:00', '13:00', 'OOF'), MEETING] },
      availability: 'out-of-office',
      source: 'automatic',
      nextChange: at('13:00').toISOString(),
    },
    {
      rule: '4. a meeting wins over a locked screen',
      over: { events: [MEETING], idle: { idleSeconds: 0, locked: true } },
      availability: 'in-a-meeting',
      source: 'automatic',
      nextChange: at('12:30').toISOString(),
    },
    {
      rule: '4. a meeting wins over idle ≥ away-after',
      over: { events: [MEETING], idle: { idleSeconds: 1000, locked: false } },
      availability: 'in-a-meeting',
      source: 'automatic',
      nextChange: at('12:30').toISOString(),
    },
    {
      rule: '5. a locked screen wins over off-work',
      over: { now: EVENING, idle: { idleSeconds: 0, locked: true } },
      availability: 'away',
      source: 'automatic',
      nextChange: null,
    },
    {
      rule: '5. idle ≥ away-after wins over off-work',
      over: { now: EVENING, idle: { idleSeconds: 900, locked: false } },
      availability: 'away',
      source: 'automatic',
      nextChange: null,
    },
    {
      rule: '6. outside working hours → off-work',
      over: { now: EVENING },
      availability: 'off-work',
      source: 'automatic',
      nextChange: '2026-06-10T09:00:00.000Z',
    },
    {
      rule: '6. off-work only while "show off work" is on',
      over: { now: EVENING, settings: { ...DEFAULT_PRESENCE_SETTINGS, showOffWork: false } },
      availability: 'available',
      source: 'automatic',
      nextChange: null,
    },
    {
      rule: '6. no working hours known → never off-work',
      over: { now: EVENING, workingHours: undefined },
      availability: 'available',
      source: 'automatic',
      nextChange: null,
    },
    {
      rule: '6. working hours without any period count as unknown',
      over: { now: EVENING, workingHours: { timeZone: UTC_ZONE, periods: [] } },
      availability: 'available',
      source: 'automatic',
      nextChange: null,
    },
    {
      rule: '7. otherwise → available (until the working day ends)',
      over: {},
      availability: 'available',
      source: 'automatic',
      nextChange: at('17:00').toISOString(),
    },
    {
      rule: '7. available on a Saturday when the hours include Saturday',
      over: {
        now: new Date('2026-06-13T12:00:00Z'),
        workingHours: nineToFive(UTC_ZONE, ['Saturday']),
      },
      availability: 'available',
      source: 'automatic',
      nextChange: '2026-06-13T17:00:00.000Z',
    },
  ])('$rule', ({ over, availability, source, nextChange }) => {
    const p = resolvePresence(input(over));
    expect(p.availability).toBe(availability);
    expect(p.source).toBe(source);
    expect(iso(p.nextChange)).toBe(nextChange);
  });

  it('signed out keeps the OOF mark ("whatever the availability") but no note or activity', () => {
    const p = resolvePresence(
      input({ signedIn: false, oof: { state: 'Enabled', internalReplyHtml: '<p>Away</p>' } }),
    );
    expect(p).toEqual({
      availability: 'offline',
      idle: false,
      oof: true,
      note: '',
      activity: { kind: 'none' },
      nextChange: null,
      source: 'signed-out',
    });
  });
});
