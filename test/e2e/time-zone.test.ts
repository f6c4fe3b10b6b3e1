/**
 * One zone on one screen: the companion runs in Los Angeles (support.ts ZONE) and the browser in
 * Seoul. Every time the window shows (the activity line, the agenda, the now marker, the OOF
 * schedule and its editor, "Updated") is Seoul's, and they agree with each other: the meeting the
 * activity line ends is the agenda's current item, ending at the same minute.
 * Each check runs on both backends (BACKENDS: EWS, then Microsoft Graph), each with a stack of
 * its own; Graph's screenshots end in -graph.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src-renderer/i18n/en.js';
import {
  ALEX,
  ARTIFACTS,
  BACKENDS,
  START,
  ZONE,
  shotSuffix,
  startStack,
  type Backend,
  type Stack,
} from './support.js';
import { serverErrors } from './server-errors.js';
import { hhmm, openWindow, textOf, waitForText, type OpenWindow } from './window-support.js';

const SEOUL = 'Asia/Seoul';
let backend: Backend;
let stack: Stack;
let w: OpenWindow;

/** "2025-06-16": an instant's calendar day in a zone. */
function day(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', timeZone }).format(new Date(iso));
}

function shot(name: string): string {
  return path.join(ARTIFACTS, `${name}${shotSuffix(backend)}.png`);
}

describe.each(BACKENDS)('over %s', (b) => {
  beforeAll(async () => {
    backend = b;
    stack = await startStack({ backend });
    // The demo mailbox is read over this backend, or the run below would prove nothing about it.
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
    await mkdir(ARTIFACTS, { recursive: true });
    expect(ZONE).toBe('America/Los_Angeles');
    w = await openWindow(stack, { locale: 'en-GB', timezoneId: SEOUL });
  }, 60_000);

  afterAll(async () => {
    await w.context.close();
    await stack.close();
  });

  describe('a Seoul browser on a Los Angeles companion', () => {
    it('shows the activity line and the agenda in Seoul time, agreeing on the current meeting', async () => {
      const { page } = w;
      const review = (await stack.admin.calendar(ALEX)).find((i) => i.subject === 'Design review');
      if (review === undefined) throw new Error('the demo has no Design review');
      const endsAt = hhmm(review.end, SEOUL);
      expect(endsAt).not.toBe(hhmm(review.end, ZONE));

      const activity = await waitForText(
        page.getByTestId('activity'),
        `In a meeting until ${endsAt}`,
      );
      expect(activity).not.toContain(hhmm(review.end, ZONE));

      // The item in progress is the same meeting, ending at the same minute.
      const current = page.locator('[aria-current="time"]');
      expect(await textOf(current.locator('.agenda-subject'))).toBe('Design review');
      const currentTime = await textOf(current.locator('.agenda-time'));
      expect(currentTime).toContain(hhmm(review.start, SEOUL));
      expect(currentTime).toContain(endsAt);

      // Every timed item reads in Seoul time, as the Snapshot's instants say.
      const items = stack.companion.getSnapshot().agenda.filter((item) => !item.isAllDay);
      expect(items.length).toBeGreaterThan(2);
      for (const item of items) {
        const row = page.locator('.agenda-item').filter({ hasText: item.subject }).first();
        const text = await textOf(row.locator('.agenda-time'));
        expect(text, item.subject).toContain(hhmm(item.start, SEOUL));
        expect(text, item.subject).toContain(hhmm(item.end, SEOUL));
      }

      // "Now" is the page's clock in Seoul: 02:07 on the demo day, within the minute.
      const now = await textOf(page.getByTestId('now-marker'));
      expect([0, 60_000].map((ms) => hhmm(START.getTime() + ms, SEOUL))).toContain(
        /^Now (\d\d:\d\d)/.exec(now)?.[1],
      );
      await page.screenshot({ path: shot('time-zone-seoul-today') });
    });

    it('says when it last updated in Seoul time', async () => {
      const lastSuccessAt = stack.companion.getSnapshot().connection.lastSuccessAt;
      if (lastSuccessAt === undefined) throw new Error('no successful refresh yet');
      await waitForText(w.page.getByTestId('connection'), `Updated ${hhmm(lastSuccessAt, SEOUL)}`);
    });

    it('shows the automatic replies schedule, and edits it, in Seoul time', async () => {
      const { page } = w;
      const oof = stack.companion.getSnapshot().oof;
      if (oof?.start === undefined || oof.end === undefined) throw new Error('no OOF schedule');
      expect(oof.state).toBe('scheduled');

      await page.getByRole('button', { name: en.statusMenu.button }).click();
      await page.getByRole('button', { name: en.statusMenu.oofEntry }).click();
      const schedule = await textOf(page.getByTestId('oof-schedule'));
      expect(schedule).toContain(hhmm(oof.start, SEOUL));
      expect(schedule).toContain(hhmm(oof.end, SEOUL));
      // The demo's vacation starts at midnight in Los Angeles: not what Seoul sees.
      expect(hhmm(oof.start, SEOUL)).not.toBe(hhmm(oof.start, ZONE));

      await page.getByRole('button', { name: en.oof.edit }).click();
      const start = page.getByTestId('oof-start');
      const end = page.getByTestId('oof-end');
      expect(await start.getByLabel(en.oof.dateLabel(en.oof.startLabel)).inputValue()).toBe(
        day(oof.start, SEOUL),
      );
      expect(await start.getByLabel(en.oof.timeLabel(en.oof.startLabel)).inputValue()).toBe(
        hhmm(oof.start, SEOUL),
      );
      expect(await end.getByLabel(en.oof.dateLabel(en.oof.endLabel)).inputValue()).toBe(
        day(oof.end, SEOUL),
      );
      expect(await end.getByLabel(en.oof.timeLabel(en.oof.endLabel)).inputValue()).toBe(
        hhmm(oof.end, SEOUL),
      );
      await page.screenshot({ path: shot('time-zone-seoul-oof-editor') });

      // A time typed in Seoul reaches the mailbox as that Seoul instant.
      await end.getByLabel(en.oof.timeLabel(en.oof.endLabel)).fill('18:30');
      await page.getByRole('button', { name: en.oof.save, exact: true }).click();
      await page.getByTestId('oof-schedule').waitFor();
      const saved = await stack.admin.oof(ALEX);
      expect(new Date(saved.end ?? '').toISOString()).toBe(
        new Date(`${day(oof.end, SEOUL)}T18:30:00+09:00`).toISOString(),
      );
      expect(new Date(saved.start ?? '').toISOString()).toBe(oof.start);
      expect(w.errors).toEqual([]);
      expect(w.dialogs).toEqual([]);
    });
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
