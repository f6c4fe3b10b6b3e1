import { describe, expect, it } from 'vitest';
import {
  resolvePresence,
  type Activity,
  type Availability,
  type ManualChoice,
  type OofInput,
  type PresenceEvent,
} from '../../../src-main/presence/index.js';
import { at, ev, input, iso } from './fixtures.js';

const START = at('14:00');
const END = new Date('2026-06-15T09:00:00Z');
const scheduled = (start: Date | undefined, end: Date | undefined): OofInput => ({
  state: 'Scheduled',
  ...(start ? { start } : {}),
  ...(end ? { end } : {}),
});

interface Row {
  rule: string;
  now?: Date;
  oof?: OofInput;
  events?: PresenceEvent[];
  locked?: boolean;
  availability: Availability;
  oofFlag: boolean;
  activity: Activity;
  nextChange: string | null;
}

describe('PRESENCE.md step 3: automatic replies or a calendar OOF item → out-of-office', () => {
  it.each<Row>([
    {
      rule: 'Enabled → out of office with no end; nothing changes it by itself',
      oof: { state: 'Enabled' },
      availability: 'out-of-office',
      oofFlag: true,
      activity: { kind: 'oof' },
      nextChange: null,
    },
    {
      rule: 'Enabled: a meeting and the end of the working day change nothing',
      oof: { state: 'Enabled' },
      events: [ev('11:30', '12:30'), ev('14:00', '15:00')],
      availability: 'out-of-office',
      oofFlag: true,
      activity: { kind: 'oof' },
      nextChange: null,
    },
    {
      rule: 'Scheduled, before the window → not active; the window start is the next change',
      oof: scheduled(START, END),
      availability: 'available',
      oofFlag: false,
      activity: { kind: 'free-rest-of-day' },
      nextChange: START.toISOString(),
    },
    {
      rule: 'Scheduled, at the window start → active until the scheduled end',
      now: START,
      oof: scheduled(START, END),
      availability: 'out-of-office',
      oofFlag: true,
      activity: { kind: 'oof-until', until: END },
      nextChange: END.toISOString(),
    },
    {
      rule: 'Scheduled, inside the window → active until the scheduled end',
      oof: scheduled(at('11:00'), END),
      availability: 'out-of-office',
      oofFlag: true,
      activity: { kind: 'oof-until', until: END },
      nextChange: END.toISOString(),
    },
    {
      rule: 'Scheduled, at the window end → over (automatic again)',
      now: END,
      oof: scheduled(at('11:00'), END),
      availability: 'available',
      oofFlag: false,
      activity: { kind: 'free-rest-of-day' },
      nextChange: '2026-06-15T17:00:00.000Z',
    },
    {
      rule: 'Scheduled, after the window → over',
      now: new Date('2026-06-15T10:00:00Z'),
      oof: scheduled(at('11:00'), END),
      availability: 'available',
      oofFlag: false,
      activity: { kind: 'free-rest-of-day' },
      nextChange: '2026-06-15T17:00:00.000Z',
    },
    {
      rule: 'Scheduled with no end → active with no end',
      oof: scheduled(at('11:00'), undefined),
      availability: 'out-of-office',
      oofFlag: true,
      activity: { kind: 'oof' },
      nextChange: null,
    },
    {
      rule: 'Scheduled with start after end → never active',
      oof: scheduled(END, START),
      availability: 'available',
      oofFlag: false,
      activity: { kind: 'free-rest-of-day' },
      nextChange: at('17:00').toISOString(),
    },
    {
      rule: 'Disabled → its window is ignored',
      oof: { state: 'Disabled', start: at('11:00'), end: END },
      availability: 'available',
      oofFlag: false,
      activity: { kind: 'free-rest-of-day' },
      nextChange: at('17:00').toISOString(),
    },
    {
      rule: 'a calendar OOF item → out of office until its end, without the OOF mark',
      oof: { state: 'Disabled' },
      events: [ev('11:00', '15:00', 'OOF')],
      availability: 'out-of-office',
      oofFlag: false,
      activity: { kind: 'oof-until', until: at('15:00') },
      nextChange: at('15:00').toISOString(),
    },
    {
      rule: 'a calendar OOF item touching the scheduled window → one out-of-office run',
      oof: scheduled(START, END),
      events: [ev('11:00', '14:00', 'OOF')],
      availability: 'out-of-office',
      oofFlag: false,
      activity: { kind: 'oof-until', until: END },
      nextChange: START.toISOString(),
    },
    {
      rule: 'automatic replies outside working hours → out-of-office, not off-work',
      now: new Date('2026-06-09T20:00:00Z'),
      oof: { state: 'Enabled' },
      availability: 'out-of-office',
      oofFlag: true,
      activity: { kind: 'oof' },
      nextChange: null,
    },
    {
      rule: 'automatic replies with a locked screen → out-of-office, not away',
      oof: { state: 'Enabled' },
      locked: true,
      availability: 'out-of-office',
      oofFlag: true,
      activity: { kind: 'oof' },
      nextChange: null,
    },
  ])('$rule', (row) => {
    const p = resolvePresence(
      input({
        ...(row.now ? { now: row.now } : {}),
        ...(row.oof ? { oof: row.oof } : {}),
        events: row.events ?? [],
        idle: { idleSeconds: 0, locked: row.locked ?? false },
      }),
    );
    expect(p.availability).toBe(row.availability);
    expect(p.oof).toBe(row.oofFlag);
    expect(p.activity).toEqual(row.activity);
    expect(iso(p.nextChange)).toBe(row.nextChange);
  });
});

const REPLY = '<html><body><p>I am away until <b>Monday</b>.</p></body></html>';

interface NoteRow {
  rule: string;
  oof?: OofInput;
  manual?: ManualChoice;
  availability: Availability;
  oofFlag: boolean;
  note: string;
}

describe('PRESENCE.md note: the manual note, else the internal reply while replies are active', () => {
  it.each<NoteRow>([
    {
      rule: 'replies active, no manual choice → the internal reply as plain text',
      oof: { state: 'Enabled', internalReplyHtml: REPLY },
      availability: 'out-of-office',
      oofFlag: true,
      note: 'I am away until Monday.',
    },
    {
      rule: 'replies active under a manual choice: the OOF mark stays and the manual note wins',
      oof: { state: 'Enabled', internalReplyHtml: REPLY },
      manual: { availability: 'do-not-disturb', note: '  Heads down  ' },
      availability: 'do-not-disturb',
      oofFlag: true,
      note: 'Heads down',
    },
    {
      rule: 'replies active under a manual choice without a note → the internal reply',
      oof: { state: 'Enabled', internalReplyHtml: REPLY },
      manual: { availability: 'available' },
      availability: 'available',
      oofFlag: true,
      note: 'I am away until Monday.',
    },
    {
      rule: 'a blank manual note does not hide the internal reply',
      oof: { state: 'Enabled', internalReplyHtml: REPLY },
      manual: { availability: 'busy', note: ' \n ' },
      availability: 'busy',
      oofFlag: true,
      note: 'I am away until Monday.',
    },
    {
      rule: 'replies not yet active → no note',
      oof: { state: 'Scheduled', start: at('14:00'), end: at('18:00'), internalReplyHtml: REPLY },
      availability: 'available',
      oofFlag: false,
      note: '',
    },
    {
      rule: 'an expired manual choice leaves no note behind',
      manual: { availability: 'busy', note: 'Back soon', expiresAt: at('11:00') },
      availability: 'available',
      oofFlag: false,
      note: '',
    },
    {
      rule: 'replies active with no internal reply → empty note',
      oof: { state: 'Enabled' },
      availability: 'out-of-office',
      oofFlag: true,
      note: '',
    },
  ])('$rule', (row) => {
    const p = resolvePresence(
      input({
        ...(row.oof ? { oof: row.oof } : {}),
        ...(row.manual ? { manual: row.manual } : {}),
      }),
    );
    expect(p.availability).toBe(row.availability);
    expect(p.oof).toBe(row.oofFlag);
    expect(p.note).toBe(row.note);
  });

  it('the note changes when a scheduled window opens, so that instant is the next change', () => {
    const oof: OofInput = {
      state: 'Scheduled',
      start: at('14:00'),
      end: END,
      internalReplyHtml: REPLY,
    };
    const manual: ManualChoice = { availability: 'do-not-disturb' };
    const before = resolvePresence(input({ oof, manual }));
    expect(before.note).toBe('');
    expect(iso(before.nextChange)).toBe(at('14:00').toISOString());
    const inside = resolvePresence(input({ now: at('14:00'), oof, manual }));
    expect([inside.availability, inside.oof, inside.note]).toEqual([
      'do-not-disturb',
      true,
      'I am away until Monday.',
    ]);
    expect(iso(inside.nextChange)).toBe(END.toISOString());
  });
});
