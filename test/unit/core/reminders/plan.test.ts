import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../../src-main/core/contract.js';
import type { Notice } from '../../../../src-main/core/reminders/notice.js';
import {
  DEFAULT_LEAD_MS,
  EMPTY_MEMORY,
  planReminders,
  type ReminderMemory,
} from '../../../../src-main/core/reminders/plan.js';
import { MINUTE, NOW, iso, meeting, oof, snapshotWith } from './fixtures.js';

const START = NOW + 30 * MINUTE; // 09:30

/** Plans each (snapshot, time) in turn with the memory carried over; the ids due at each step. */
function run(steps: [Snapshot, number][]): string[][] {
  let memory: ReminderMemory = EMPTY_MEMORY;
  return steps.map(([snapshot, now]) => {
    const plan = planReminders(snapshot, now, memory);
    memory = plan.memory;
    return plan.due.map((n) => n.id);
  });
}

function dueAt(snapshot: Snapshot, now: number): Notice[] {
  return planReminders(snapshot, now, EMPTY_MEMORY).due;
}

describe('meeting reminders', () => {
  it('the lead is 5 minutes by default', () => {
    expect(DEFAULT_LEAD_MS).toBe(5 * MINUTE);
  });

  it('a meeting is not due before 5 minutes ahead, and the next check is exactly then', () => {
    const plan = planReminders(
      snapshotWith({ agenda: [meeting('a', START)] }),
      START - 5 * MINUTE - 1,
      EMPTY_MEMORY,
    );
    expect(plan.due).toEqual([]);
    expect(plan.nextCheckAt).toBe(START - 5 * MINUTE);
  });

  it('a meeting is due exactly 5 minutes before its start, with what the notice shows', () => {
    const due = dueAt(snapshotWith({ agenda: [meeting('a', START)] }), START - 5 * MINUTE);
    expect(due).toEqual([
      {
        kind: 'meeting-soon',
        id: `meeting:a:${iso(START)}`,
        itemId: 'a',
        subject: 'Meeting a',
        start: iso(START),
        location: 'Room 4',
        minutesLeft: 5,
        isMeeting: true,
        isPrivate: false,
        joinable: true,
      },
    ]);
  });

  it('a meeting first seen inside its lead window is due at once, with the minutes left', () => {
    const due = dueAt(snapshotWith({ agenda: [meeting('a', START)] }), START - 3 * MINUTE + 10);
    expect(due.map((n) => (n.kind === 'meeting-soon' ? n.minutesLeft : 0))).toEqual([3]);
  });

  it('a meeting that has started is never due', () => {
    const plan = planReminders(
      snapshotWith({ agenda: [meeting('a', START)] }),
      START,
      EMPTY_MEMORY,
    );
    expect(plan.due).toEqual([]);
    expect(plan.nextCheckAt).toBeUndefined();
  });

  it('a meeting is due once, however often it is planned', () => {
    const s = snapshotWith({ agenda: [meeting('a', START)] });
    expect(
      run([
        [s, START - 5 * MINUTE],
        [s, START - 4 * MINUTE],
        [s, START - 1],
      ]),
    ).toEqual([[`meeting:a:${iso(START)}`], [], []]);
  });

  it('a moved meeting is due again before its new start', () => {
    const later = START + 60 * MINUTE;
    expect(
      run([
        [snapshotWith({ agenda: [meeting('a', START)] }), START - 5 * MINUTE],
        [snapshotWith({ agenda: [meeting('a', later)] }), START - 4 * MINUTE],
        [snapshotWith({ agenda: [meeting('a', later)] }), later - 5 * MINUTE],
      ]),
    ).toEqual([[`meeting:a:${iso(START)}`], [], [`meeting:a:${iso(later)}`]]);
  });

  it('cancelled items are never due', () => {
    const plan = planReminders(
      snapshotWith({ agenda: [meeting('a', START, { isCancelled: true })] }),
      START - 5 * MINUTE,
      EMPTY_MEMORY,
    );
    expect(plan.due).toEqual([]);
    expect(plan.nextCheckAt).toBeUndefined();
  });

  it('all-day items are never due', () => {
    const allDay = meeting('a', START, { isAllDay: true });
    expect(dueAt(snapshotWith({ agenda: [allDay] }), START - 5 * MINUTE)).toEqual([]);
  });

  it('free items and working-elsewhere markers are never due', () => {
    const agenda = [
      meeting('free', START, { freeBusy: 'free' }),
      meeting('home', START, { freeBusy: 'working-elsewhere' }),
    ];
    expect(dueAt(snapshotWith({ agenda }), START - 5 * MINUTE)).toEqual([]);
  });

  it('tentative, out-of-office and unknown items are due like busy ones', () => {
    const agenda = [
      meeting('tentative', START, { freeBusy: 'tentative', isTentative: true }),
      meeting('oof', START, { freeBusy: 'oof' }),
      meeting('unknown', START, { freeBusy: 'no-data' }),
    ];
    expect(dueAt(snapshotWith({ agenda }), START - 5 * MINUTE).map((n) => n.id)).toEqual([
      `meeting:tentative:${iso(START)}`,
      `meeting:oof:${iso(START)}`,
      `meeting:unknown:${iso(START)}`,
    ]);
  });

  it('appointments of the user alone are due too, marked as not meetings', () => {
    const dentist = meeting('d', START, { isMeeting: false, joinUrl: undefined });
    expect(dueAt(snapshotWith({ agenda: [dentist] }), START - 5 * MINUTE)).toMatchObject([
      { itemId: 'd', isMeeting: false, joinable: false },
    ]);
  });

  it('a private item keeps the hidden subject the core gave it and is marked private', () => {
    const hidden = meeting('p', START, {
      subject: 'Private appointment',
      location: undefined,
      isPrivate: true,
    });
    const [notice] = dueAt(snapshotWith({ agenda: [hidden] }), START - 5 * MINUTE);
    expect(notice).toMatchObject({ subject: 'Private appointment', isPrivate: true });
    expect(notice && 'location' in notice).toBe(false);
  });

  it('a meeting is joinable only with an https join link', () => {
    const agenda = [
      meeting('https', START),
      meeting('http', START, { joinUrl: 'http://example.test/join' }),
      meeting('sip', START, { joinUrl: 'sip:alex@contoso.example' }),
      meeting('none', START, { joinUrl: undefined }),
    ];
    expect(
      dueAt(snapshotWith({ agenda }), START - 5 * MINUTE).map((n) =>
        n.kind === 'meeting-soon' ? [n.itemId, n.joinable] : [],
      ),
    ).toEqual([
      ['https', true],
      ['http', false],
      ['sip', false],
      ['none', false],
    ]);
  });

  it('meetings due together come in start order', () => {
    const agenda = [meeting('first', START - MINUTE), meeting('second', START)];
    expect(dueAt(snapshotWith({ agenda }), START - 5 * MINUTE).map((n) => n.id)).toEqual([
      `meeting:first:${iso(START - MINUTE)}`,
      `meeting:second:${iso(START)}`,
    ]);
  });

  it('the next check is the earliest lead-window entry among items not yet handled', () => {
    const agenda = [
      meeting('done', START),
      meeting('later', START + 60 * MINUTE),
      meeting('sooner', START + 15 * MINUTE),
    ];
    const first = planReminders(snapshotWith({ agenda }), START - 5 * MINUTE, EMPTY_MEMORY);
    const second = planReminders(snapshotWith({ agenda }), START - 4 * MINUTE, first.memory);
    expect(second.nextCheckAt).toBe(START + 10 * MINUTE);
  });

  it('the lead is a parameter', () => {
    const s = snapshotWith({ agenda: [meeting('a', START)] });
    const plan = planReminders(s, NOW, EMPTY_MEMORY, 15 * MINUTE);
    expect(plan.nextCheckAt).toBe(START - 15 * MINUTE);
    expect(planReminders(s, START - 15 * MINUTE, EMPTY_MEMORY, 15 * MINUTE).due).toHaveLength(1);
  });

  it('do-not-disturb holds reminders; when it ends before the start the reminder is due at once', () => {
    const agenda = [meeting('a', START)];
    const held = planReminders(
      snapshotWith({ agenda, availability: 'do-not-disturb' }),
      START - 5 * MINUTE,
      EMPTY_MEMORY,
    );
    expect(held.due).toEqual([]);
    // Only a new Snapshot (the end of do-not-disturb) can change that: no timer.
    expect(held.nextCheckAt).toBeUndefined();
    const after = planReminders(snapshotWith({ agenda }), START - 2 * MINUTE, held.memory);
    expect(after.due.map((n) => n.id)).toEqual([`meeting:a:${iso(START)}`]);
  });

  it('do-not-disturb ending after the start brings no reminder', () => {
    const agenda = [meeting('a', START)];
    expect(
      run([
        [snapshotWith({ agenda, availability: 'do-not-disturb' }), START - 5 * MINUTE],
        [snapshotWith({ agenda }), START + MINUTE],
      ]),
    ).toEqual([[], []]);
  });

  it('reminders come from the agenda shown even while Exchange is unreachable', () => {
    const s = snapshotWith({ agenda: [meeting('a', START)], connection: 'offline' });
    expect(dueAt(s, START - 5 * MINUTE)).toHaveLength(1);
  });

  it('a handled meeting is forgotten once it has started', () => {
    const s = snapshotWith({ agenda: [meeting('a', START)] });
    const first = planReminders(s, START - 5 * MINUTE, EMPTY_MEMORY);
    expect([...first.memory.handled.keys()]).toContain(`meeting:a:${iso(START)}`);
    const later = planReminders(s, START, first.memory);
    expect([...later.memory.handled.keys()]).not.toContain(`meeting:a:${iso(START)}`);
  });
});

describe('"automatic replies are still on"', () => {
  const ALEX = 'exchange:alex@contoso.example';

  it('replies switched on are reported once, at the first fresh read', () => {
    const s = snapshotWith({ oof: oof('enabled') });
    const plan = planReminders(s, NOW, EMPTY_MEMORY);
    expect(plan.due).toEqual([{ kind: 'oof-still-on', id: `oof:${ALEX}` }]);
    expect(planReminders(s, NOW + MINUTE, plan.memory).due).toEqual([]);
  });

  it('scheduled replies inside their window are reported with their end', () => {
    const window = { start: NOW - 24 * 60 * MINUTE, end: NOW + 72 * 60 * MINUTE };
    expect(dueAt(snapshotWith({ oof: oof('scheduled', window) }), NOW)).toEqual([
      { kind: 'oof-still-on', id: `oof:${ALEX}`, until: iso(window.end) },
    ]);
  });

  it('an enabled reply is reported without an end, whatever old window the server kept', () => {
    const stale = { start: NOW - 10 * 24 * 60 * MINUTE, end: NOW - 5 * 24 * 60 * MINUTE };
    expect(dueAt(snapshotWith({ oof: oof('enabled', stale) }), NOW)).toEqual([
      { kind: 'oof-still-on', id: `oof:${ALEX}` },
    ]);
  });

  it('replies off at sign-in settle the check: turning them on later raises nothing', () => {
    const future = { start: NOW + 60 * MINUTE, end: NOW + 48 * 60 * MINUTE };
    expect(
      run([
        [snapshotWith({ oof: oof('scheduled', future) }), NOW],
        [snapshotWith({ oof: oof('enabled') }), NOW + MINUTE],
        [snapshotWith({ oof: oof('scheduled', future) }), future.start + MINUTE],
      ]),
    ).toEqual([[], [], []]);
  });

  it('a cached Snapshot is not a sign-in: the check waits for settings read in this run', () => {
    expect(
      run([
        [snapshotWith({ oof: oof('enabled'), connection: 'stale' }), NOW],
        [snapshotWith({ oof: null, connection: 'online' }), NOW + MINUTE],
        [snapshotWith({ oof: oof('enabled') }), NOW + 2 * MINUTE],
      ]),
    ).toEqual([[], [], [`oof:${ALEX}`]]);
  });

  it('another account is a new sign-in, and so is coming back to the first one', () => {
    const on = { oof: oof('enabled') };
    expect(
      run([
        [snapshotWith({ ...on, mailbox: 'alex@contoso.example' }), NOW],
        [snapshotWith({ ...on, mailbox: 'megan@contoso.example' }), NOW + MINUTE],
        [snapshotWith({ ...on, mailbox: 'Alex@Contoso.example' }), NOW + 2 * MINUTE],
        [snapshotWith({ ...on, mailbox: 'alex@contoso.example' }), NOW + 3 * MINUTE],
      ]),
    ).toEqual([[`oof:${ALEX}`], ['oof:exchange:megan@contoso.example'], [`oof:${ALEX}`], []]);
  });

  it('do-not-disturb does not hold it: it is about the user’s own mail, once', () => {
    const s = snapshotWith({ oof: oof('enabled'), availability: 'do-not-disturb' });
    expect(dueAt(s, NOW).map((n) => n.kind)).toEqual(['oof-still-on']);
  });

  it('the demo mailbox reports it too, so the feature can be seen', () => {
    const s = snapshotWith({ oof: oof('enabled'), mode: 'demo', mailbox: 'alex@beacon.test' });
    expect(dueAt(s, NOW).map((n) => n.id)).toEqual(['oof:demo:alex@beacon.test']);
  });

  it('comes after the meeting reminders due at the same time', () => {
    const s = snapshotWith({ oof: oof('enabled'), agenda: [meeting('a', START)] });
    expect(dueAt(s, START - 5 * MINUTE).map((n) => n.kind)).toEqual([
      'meeting-soon',
      'oof-still-on',
    ]);
  });
});
