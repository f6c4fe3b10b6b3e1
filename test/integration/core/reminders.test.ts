/**
 * Reminders from a real companion on the demo mailbox (the schema-strict simulator over real
 * sockets), with the reminder service on the companion's own fake clock: what the shell would be
 * asked to show, and when.
 */
import { describe, expect, it } from 'vitest';
import type { Notice } from '../../../src-main/core/reminders/index.js';
import { createReminderService } from '../../../src-main/core/reminders/index.js';
import {
  ALEX,
  NOW,
  started,
  useCompanionHarness,
  type TestCompanion,
} from '../companion/support.js';

const h = useCompanionHarness();
const MINUTE = 60_000;

/**
 * The demo's Tuesday after 10:07 in Los Angeles: the brown-bag (tentative) at 18:00 UTC, the
 * customer call (Teams) at 19:00, the private dentist and the 1:1 at 21:00; the vendor demo at
 * 23:00 is cancelled and "Release day" is all day.
 */
const BROWN_BAG = Date.parse('2025-06-10T18:00:00Z');
const CUSTOMER_CALL = Date.parse('2025-06-10T19:00:00Z');
const CANCELLED_VENDOR_DEMO = Date.parse('2025-06-10T23:00:00Z');

interface Shown {
  at: number;
  notice: Notice;
}

function remindersFor(test: TestCompanion): { shown: Shown[]; stop: () => void } {
  const shown: Shown[] = [];
  const service = createReminderService({
    api: test.companion,
    clock: test.clock,
    notify: (notice) => shown.push({ at: test.clock.now(), notice }),
  });
  service.start();
  return {
    shown,
    stop: () => {
      service.stop();
    },
  };
}

function describeShown(s: Shown): string {
  const what = s.notice.kind === 'meeting-soon' ? s.notice.subject : s.notice.kind;
  return `${new Date(s.at).toISOString()} ${what}`;
}

describe('reminders on the demo mailbox', () => {
  it('remind 5 minutes before each item the user goes to, and Join opens the meeting', async () => {
    const test = await started(await h.companion());
    const { shown, stop } = remindersFor(test);
    await test.advanceTo(CANCELLED_VENDOR_DEMO + MINUTE);
    stop();

    expect(shown.map(describeShown).sort()).toEqual([
      '2025-06-10T17:55:00.000Z Architecture brown-bag',
      '2025-06-10T18:55:00.000Z Customer call: Contoso',
      '2025-06-10T20:55:00.000Z 1:1 Alex / Megan',
      '2025-06-10T20:55:00.000Z Dentist',
    ]);
    // The owner's agenda carries the private item's subject; the notice marks it private, so
    // the notification text can hide it on a shared screen.
    const dentist = shown.find((s) => describeShown(s).endsWith('Dentist'))?.notice;
    expect(dentist).toMatchObject({ isPrivate: true });
    const call = shown.find((s) => s.at === CUSTOMER_CALL - 5 * MINUTE)?.notice;
    if (call?.kind !== 'meeting-soon') throw new Error('no customer call reminder');
    expect(call).toMatchObject({ joinable: true, minutesLeft: 5, isMeeting: true });
    await test.ok({ type: 'open-join-link', itemId: call.itemId });
    expect(test.opened).toEqual(['https://teams.microsoft.com/l/meetup-join/beacon-sim-2']);
  });

  it('a meeting moved after its reminder is reminded again before its new start', async () => {
    const test = await started(await h.companion());
    const { shown, stop } = remindersFor(test);
    await test.advanceTo(BROWN_BAG - 4 * MINUTE);
    const entry = (await h.admin.calendar(ALEX)).find(
      (e) => e.subject === 'Architecture brown-bag',
    );
    if (entry === undefined) throw new Error('no brown-bag in the seed');
    const moved = BROWN_BAG + 30 * MINUTE;
    await h.admin.moveCalendarItem(ALEX, entry.id, {
      start: new Date(moved),
      end: new Date(moved + 30 * MINUTE),
    });
    await test.advanceTo(moved);
    stop();

    expect(
      shown
        .filter((s) => s.notice.kind === 'meeting-soon' && s.notice.itemId === entry.id)
        .map((s) => s.at),
    ).toEqual([BROWN_BAG - 5 * MINUTE, moved - 5 * MINUTE]);
  });

  it('automatic replies left on are reported once after start, and not when turned on in Beacon', async () => {
    await h.admin.setOof(ALEX, { state: 'Enabled' });
    const test = await h.companion();
    const { shown, stop } = remindersFor(test);
    await started(test);
    await test.ok({ type: 'turn-oof-off' });
    await test.ok({
      type: 'set-oof',
      state: 'enabled',
      internalReply: 'Back soon',
      externalReply: '',
      externalAudience: 'none',
    });
    await test.advanceTo(NOW.getTime() + 30 * MINUTE);
    stop();

    expect(shown.filter((s) => s.notice.kind === 'oof-still-on')).toEqual([
      { at: NOW.getTime(), notice: { kind: 'oof-still-on', id: `oof:demo:${ALEX}` } },
    ]);
  });
});
