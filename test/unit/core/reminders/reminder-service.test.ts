import { describe, expect, it } from 'vitest';
import type { Snapshot, SnapshotListener } from '../../../../src-main/core/contract.js';
import type { Notice } from '../../../../src-main/core/reminders/notice.js';
import {
  createReminderService,
  type ReminderService,
} from '../../../../src-main/core/reminders/reminder-service.js';
import { FakeSchedulerClock } from '../fake-scheduler-clock.js';
import { MINUTE, NOW, iso, meeting, oof, snapshotWith } from './fixtures.js';

const START = NOW + 30 * MINUTE; // 09:30, reminded at 09:25

/** A core that publishes the Snapshots the test gives it. */
class FakeCore {
  private listeners = new Set<SnapshotListener>();
  constructor(private snapshot: Snapshot) {}

  getSnapshot = (): Snapshot => this.snapshot;

  subscribe = (listener: SnapshotListener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  publish(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}

interface Shown {
  at: number;
  notice: Notice;
}

function setUp(
  first: Snapshot,
  options: { now?: number; notify?: (notice: Notice) => void } = {},
): { core: FakeCore; clock: FakeSchedulerClock; shown: Shown[]; service: ReminderService } {
  const core = new FakeCore(first);
  const clock = new FakeSchedulerClock(options.now ?? NOW);
  const shown: Shown[] = [];
  const service = createReminderService({
    api: core,
    clock,
    notify: (notice) => {
      shown.push({ at: clock.now(), notice });
      options.notify?.(notice);
    },
  });
  return { core, clock, shown, service };
}

describe('reminder service', () => {
  it('reminds exactly 5 minutes before the start, once', async () => {
    const { clock, shown, service } = setUp(snapshotWith({ agenda: [meeting('a', START)] }));
    service.start();
    await clock.advanceTo(START - 5 * MINUTE - 1);
    expect(shown).toEqual([]);
    await clock.advanceTo(START + 60 * MINUTE);
    expect(shown.map((s) => [iso(s.at), s.notice.id])).toEqual([
      [iso(START - 5 * MINUTE), `meeting:a:${iso(START)}`],
    ]);
  });

  it('reminds at once when started inside the lead window', () => {
    const { shown, service } = setUp(snapshotWith({ agenda: [meeting('a', START)] }), {
      now: START - 3 * MINUTE,
    });
    service.start();
    expect(shown.map((s) => s.at)).toEqual([START - 3 * MINUTE]);
  });

  it('keeps one timer however many Snapshots arrive', () => {
    const { core, clock, service } = setUp(snapshotWith({ agenda: [meeting('a', START)] }));
    service.start();
    for (let i = 0; i < 10; i += 1)
      core.publish(snapshotWith({ agenda: [meeting('a', START), meeting('b', START + MINUTE)] }));
    expect(clock.pending()).toEqual([START - 5 * MINUTE]);
  });

  it('a meeting moved before its reminder moves the timer', async () => {
    const { core, clock, shown, service } = setUp(snapshotWith({ agenda: [meeting('a', START)] }));
    service.start();
    const later = START + 60 * MINUTE;
    core.publish(snapshotWith({ agenda: [meeting('a', later)] }));
    expect(clock.pending()).toEqual([later - 5 * MINUTE]);
    await clock.advanceTo(later);
    expect(shown.map((s) => s.at)).toEqual([later - 5 * MINUTE]);
  });

  it('a meeting moved after its reminder is reminded again at the new time', async () => {
    const { core, clock, shown, service } = setUp(snapshotWith({ agenda: [meeting('a', START)] }));
    service.start();
    await clock.advanceTo(START - 4 * MINUTE);
    const later = START + 30 * MINUTE;
    core.publish(snapshotWith({ agenda: [meeting('a', later)] }));
    await clock.advanceTo(later + MINUTE);
    expect(shown.map((s) => [s.at, s.notice.id])).toEqual([
      [START - 5 * MINUTE, `meeting:a:${iso(START)}`],
      [later - 5 * MINUTE, `meeting:a:${iso(later)}`],
    ]);
  });

  it('a meeting cancelled before its reminder is never reminded, and leaves no timer', async () => {
    const { core, clock, shown, service } = setUp(snapshotWith({ agenda: [meeting('a', START)] }));
    service.start();
    core.publish(snapshotWith({ agenda: [meeting('a', START, { isCancelled: true })] }));
    expect(clock.pending()).toEqual([]);
    await clock.advanceTo(START + MINUTE);
    expect(shown).toEqual([]);
  });

  it('do-not-disturb holds the reminder until it ends, if the meeting has not started', async () => {
    const agenda = [meeting('a', START), meeting('b', START + 60 * MINUTE)];
    const { core, clock, shown, service } = setUp(
      snapshotWith({ agenda, availability: 'do-not-disturb' }),
    );
    service.start();
    await clock.advanceTo(START - 2 * MINUTE);
    expect(shown).toEqual([]);
    core.publish(snapshotWith({ agenda }));
    expect(shown.map((s) => [s.at, s.notice.id])).toEqual([
      [START - 2 * MINUTE, `meeting:a:${iso(START)}`],
    ]);
  });

  it('a timer that fires late, after the start (the machine slept), reminds of nothing', async () => {
    const { clock, shown, service } = setUp(snapshotWith({ agenda: [meeting('a', START)] }));
    service.start();
    clock.jumpTo(START + 10 * MINUTE);
    await clock.advanceTo(START + 10 * MINUTE);
    expect(shown).toEqual([]);
    expect(clock.pending()).toEqual([]);
  });

  it('reports automatic replies still on once per account', () => {
    const on = { oof: oof('enabled') };
    const { core, shown, service } = setUp(snapshotWith({ ...on, connection: 'connecting' }));
    service.start();
    core.publish(snapshotWith(on));
    core.publish(snapshotWith(on));
    core.publish(snapshotWith({ ...on, mailbox: 'megan@contoso.example' }));
    core.publish(snapshotWith({ ...on, mailbox: 'megan@contoso.example' }));
    expect(shown.map((s) => s.notice.id)).toEqual([
      'oof:exchange:alex@contoso.example',
      'oof:exchange:megan@contoso.example',
    ]);
  });

  it('stop cancels the timer and ignores later Snapshots', async () => {
    const { core, clock, shown, service } = setUp(snapshotWith({ agenda: [meeting('a', START)] }));
    service.start();
    service.stop();
    expect(clock.pending()).toEqual([]);
    expect(core.subscribers).toBe(0);
    core.publish(snapshotWith({ agenda: [meeting('b', NOW + MINUTE)] }));
    await clock.advanceTo(START + MINUTE);
    expect(shown).toEqual([]);
  });

  it('a stopped service does not start again', () => {
    const { core, clock, service } = setUp(snapshotWith({ agenda: [meeting('a', START)] }));
    service.stop();
    service.start();
    expect(core.subscribers).toBe(0);
    expect(clock.pending()).toEqual([]);
  });

  it('a notification that fails does not stop the others, nor repeat, and the failure surfaces', () => {
    const agenda = [meeting('a', START), meeting('b', START)];
    const { core, shown, service } = setUp(snapshotWith({ agenda }), {
      now: START - MINUTE,
      notify: (notice) => {
        if (notice.id.startsWith('meeting:a:')) throw new Error('notification failed');
      },
    });
    expect(() => {
      service.start();
    }).toThrow('notification failed');
    core.publish(snapshotWith({ agenda }));
    expect(shown.map((s) => s.notice.id)).toEqual([
      `meeting:a:${iso(START)}`,
      `meeting:b:${iso(START)}`,
    ]);
  });

  it('refuses a lead that is not a positive number of milliseconds', () => {
    const core = new FakeCore(snapshotWith());
    const make = (leadMs: number) => () =>
      createReminderService({
        api: core,
        clock: new FakeSchedulerClock(NOW),
        notify: () => undefined,
        leadMs,
      });
    expect(make(0)).toThrow(RangeError);
    expect(make(Number.NaN)).toThrow(RangeError);
  });

  it('a custom lead reminds that long before', async () => {
    const core = new FakeCore(snapshotWith({ agenda: [meeting('a', START)] }));
    const clock = new FakeSchedulerClock(NOW);
    const at: number[] = [];
    createReminderService({
      api: core,
      clock,
      notify: () => at.push(clock.now()),
      leadMs: 15 * MINUTE,
    }).start();
    await clock.advanceTo(START);
    expect(at).toEqual([START - 15 * MINUTE]);
  });
});
