/**
 * Against the simulator: an agenda item offers Join only for a link Beacon opens (the same rule
 * as the command that opens it), and the connection says a refresh is in flight while it is.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { ALEX, NOW, started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();

const BAD_LINKS = [
  'javascript:alert(1)',
  'http://teams.example.com/join/1',
  'https://user:pass@teams.example.com/join/2',
  'https://:pass@teams.example.com/join/3',
  'data:text/html,<script>alert(1)</script>',
  'not a url',
];

describe('joinable agenda items', () => {
  it('an item carries joinUrl only when Beacon would open it', async () => {
    for (const [index, joinOnlineMeetingUrl] of BAD_LINKS.entries()) {
      await h.admin.addCalendarItem(ALEX, {
        subject: `Bad link ${String(index)}`,
        start: '2025-06-10T22:00:00Z',
        end: '2025-06-10T22:30:00Z',
        joinOnlineMeetingUrl,
      });
    }
    const t = await started(await h.companion());
    const agenda = t.companion.getSnapshot().agenda;
    const bad = agenda.filter((item) => item.subject.startsWith('Bad link'));
    expect(bad.map((item) => item.subject).sort()).toEqual(
      BAD_LINKS.map((_, index) => `Bad link ${String(index)}`).sort(),
    );
    expect(bad.map((item) => item.joinUrl)).toEqual(BAD_LINKS.map(() => undefined));
    expect(agenda.find((item) => item.subject === 'Design review')?.joinUrl).toBe(
      'https://teams.microsoft.com/l/meetup-join/beacon-sim-1',
    );
    const badItem = bad[0];
    if (badItem === undefined) throw new Error('no bad item');
    expect(await t.companion.execute({ type: 'open-join-link', itemId: badItem.id })).toMatchObject(
      { ok: false, error: { code: 'not-allowed' } },
    );
    expect(t.opened).toEqual([]);
  });
});

describe('a refresh in flight', () => {
  it('shows updatingSince while it runs and clears it after, keeping the rest', async () => {
    const { companion } = await h.companion();
    const seen: Snapshot['connection'][] = [];
    const unsubscribe = companion.subscribe((s) => seen.push(s.connection));
    companion.start();
    await companion.whenIdle();
    await companion.refreshNow();
    unsubscribe();
    const updating = seen.filter((c) => c.updatingSince !== undefined);
    // Each refresh (the first and the one asked for) marks its start by the clock's now…
    expect([...new Set(updating.map((c) => c.updatingSince))]).toEqual([NOW.toISOString()]);
    // …and the second began on top of the first's result: "Updated" stays beside "Updating…".
    expect(updating).toContainEqual({
      state: 'online',
      lastSuccessAt: NOW.toISOString(),
      updatingSince: NOW.toISOString(),
    });
    expect(updating.some((c) => c.state === 'connecting')).toBe(true);
    expect(companion.getSnapshot().connection).toEqual({
      state: 'online',
      lastSuccessAt: NOW.toISOString(),
    });
  });
});
