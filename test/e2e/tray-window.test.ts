/**
 * The tray window end to end: Chromium → web shell → companion → schema-strict simulator, all
 * over real sockets. The tests run in order on one page, as a user would: each leaves the
 * mailbox as the next one expects, and says so. Controls are found by role and label (the
 * English catalogue's words), not by layout.
 * Each check runs on both backends (BACKENDS: EWS, then Microsoft Graph), each with a stack of
 * its own; Graph's screenshots end in -graph.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { en as t } from '../../src-renderer/i18n/en.js';
import {
  ALEX,
  ARTIFACTS,
  LOCALE,
  BACKENDS,
  START,
  ZONE,
  shortTime,
  shotSuffix,
  startStack,
  type Backend,
  type Stack,
} from './support.js';
import { serverErrors } from './server-errors.js';
import { openWindow, textOf, waitForText, type OpenWindow } from './window-support.js';

let backend: Backend;
let stack: Stack;
let w: OpenWindow;
let page: Page;

const activity = (): Locator => page.getByTestId('activity');
const availability = (): Locator => page.getByTestId('availability');
const footer = (): Locator => page.getByTestId('connection');
const oofLine = (): Locator => page.getByTestId('oof-line');
const menuButton = (): Locator => page.getByRole('button', { name: t.statusMenu.button });
const statusDialog = (): Locator => page.getByRole('dialog', { name: t.statusMenu.dialogLabel });

async function refresh(): Promise<void> {
  await page.getByRole('button', { name: t.footer.refresh, exact: true }).click();
}

/** The automatic replies view, reached the way a user does: the status menu's entry. */
async function openOofView(): Promise<void> {
  await menuButton().click();
  await statusDialog().getByRole('button', { name: t.statusMenu.oofEntry }).click();
  await page.getByRole('heading', { name: t.oof.title }).waitFor();
  // Focus follows the user into the view instead of staying on the closed menu.
  expect(await focused()).toBe(`h2:${t.oof.title}`);
}

async function closeOofView(): Promise<void> {
  await page.getByRole('button', { name: t.oof.back }).click();
  await page.getByTestId('agenda').waitFor();
}

/** The focused element's accessible role or tag, and its text. */
async function focused(): Promise<string> {
  return page.evaluate<string>(
    `(() => { const el = document.activeElement; return el === null ? '' : (el.getAttribute('role') ?? el.tagName.toLowerCase()) + ':' + (el.textContent ?? '').trim(); })()`,
  );
}

/**
 * Chromium reports every inline handler or style attribute that the CSP refuses, even in the
 * inert documents DOMPurify parses untrusted HTML into: the policy working, not a page error.
 */
function isCspBlockReport(message: string): boolean {
  return /violates the following Content Security Policy directive .*The action has been blocked\.$/s.test(
    message,
  );
}

/** A screenshot of the window, named for the backend (EWS keeps the names the docs use). */
function shot(name: string): string {
  return path.join(ARTIFACTS, `${name}${shotSuffix(backend)}.png`);
}

describe.each(BACKENDS)('over %s', (b) => {
  beforeAll(async () => {
    backend = b;
    stack = await startStack({ backend });
    // The demo mailbox is read over this backend, or the run below would prove nothing about it.
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
    w = await openWindow(stack, { locale: LOCALE, timezoneId: ZONE });
    page = w.page;
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await stack.close();
  });

  afterEach(() => {
    // Cleared first, so one test's console errors are reported by that test only.
    expect(w.errors.splice(0)).toEqual([]);
    expect(w.dialogs.splice(0)).toEqual([]);
  });

  describe('the tray window in Chromium over the web shell', () => {
    it('shows a meeting in progress as "In a meeting until" its end, with today\'s agenda around "now"', async () => {
      const items = await stack.admin.calendar(ALEX);
      const review = items.find((i) => i.subject === 'Design review');
      expect(review).toBeDefined();
      if (review === undefined) return;
      expect(Date.parse(review.start)).toBeLessThanOrEqual(START.getTime());

      await waitForText(activity(), `In a meeting until ${shortTime(review.end)}`);
      expect(await textOf(availability())).toContain('In a meeting');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Alex Wilber');

      const agenda = page.getByTestId('agenda');
      const subjects = await agenda.locator('.agenda-subject').allTextContents();
      expect(subjects).toContain('Design review');
      // The user's own private appointment shows its subject, with a lock for "Private".
      expect(subjects).toContain('Dentist');
      expect(subjects).not.toContain(t.today.privateAppointment);
      const dentist = agenda.locator('.agenda-item').filter({ hasText: 'Dentist' });
      await dentist.getByRole('img', { name: t.today.privateMark }).waitFor();

      // The meeting in progress is highlighted, what ended is marked so, "now" sits after it.
      const current = agenda.locator('[aria-current="time"]');
      expect(await textOf(current.locator('.agenda-subject'))).toBe('Design review');
      expect(await textOf(current)).toContain(t.today.current);
      expect(await agenda.locator('.is-past .agenda-subject').allTextContents()).toContain(
        'Budget sync',
      );
      // The next item, "Architecture brown-bag" at 11:00, is 53 minutes away (52 once the
      // page's clock, started with the stack, is past 10:07:30).
      expect(
        [52, 53].map((m) =>
          t.today.nowNext(shortTime(START.toISOString()), `in ${String(m)} minutes`),
        ),
      ).toContain(await textOf(page.getByTestId('now-marker')));
      const order = await agenda
        .locator(':scope > li')
        .evaluateAll((lis) =>
          lis.map((li) => (li as { dataset: { testid?: string } }).dataset.testid ?? 'item'),
        );
      const marker = order.indexOf('now-marker');
      expect(marker).toBeGreaterThan(0);
      expect(
        await agenda
          .locator(':scope > li')
          .nth(marker - 1)
          .getAttribute('aria-current'),
      ).toBe('time');

      await page.getByRole('button', { name: 'Join Design review' }).waitFor();
      expect(await agenda.locator('.is-cancelled .agenda-subject').allTextContents()).toEqual([
        'Vendor demo',
      ]);
      expect(await page.locator('.timeline-bar .slot').count()).toBe(96);
      expect(await page.locator('.timeline-bar .slot-busy').count()).toBeGreaterThan(0);
      expect(await page.locator('.timeline-bar .slot-now').count()).toBe(1);
      expect(await textOf(footer())).toMatch(/^Updated \d\d:\d\d$/);
      expect(await textOf(page.getByTestId('demo-label'))).toBe(t.footer.demo);

      await page.screenshot({ path: shot('tray-window') });

      // Join names the item; the core looks its link up and hands it to the shell's opener.
      const call = items.find((i) => i.subject === 'Customer call: Contoso');
      await page.getByRole('button', { name: 'Join Customer call: Contoso' }).click();
      await expect
        .poll(() => stack.opened, { timeout: 5000 })
        .toEqual([call?.joinOnlineMeetingUrl]);
    });

    it('shows "Free" after the meeting is cancelled in the simulator and the user refreshes', async () => {
      const review = (await stack.admin.calendar(ALEX)).find((i) => i.subject === 'Design review');
      if (review === undefined) throw new Error('no Design review');
      await stack.admin.cancelCalendarItem(ALEX, review.id);

      await refresh();
      await waitForText(activity(), /^Free (until \d\d:\d\d|for the rest of the day)$/);
      expect(await textOf(availability())).toBe('Available');
      // A cancelled meeting is not "in progress", and Join is gone from it.
      await page.locator('.is-cancelled').filter({ hasText: 'Design review' }).waitFor();
      expect(await page.locator('[aria-current="time"]').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Join Design review' }).count()).toBe(0);
    });

    it('says what turning off a future schedule does, and asks in the page first', async () => {
      const before = await stack.admin.oof(ALEX);
      expect(before.state).toBe('Scheduled'); // the demo's vacation next week
      if (before.start === null) throw new Error('the demo schedule has no start');
      expect(await oofLine().count()).toBe(0); // not on yet: no line under the header

      await openOofView();
      await page.getByRole('button', { name: t.oof.turnOff }).click();
      const confirm = page.getByRole('alertdialog');
      const sentence = await textOf(confirm.locator('p'));
      expect(sentence).toMatch(/^Turning off cancels the schedule from .+ to .+: no automatic/);
      expect(sentence).toContain(shortTime(before.start));
      await page.screenshot({ path: shot('tray-window-oof-confirm') });

      await confirm.getByRole('button', { name: t.oof.keepSchedule }).click();
      await confirm.waitFor({ state: 'detached' });
      expect((await stack.admin.oof(ALEX)).state).toBe('Scheduled');
      await closeOofView();
    });

    it('refuses an end before the start with a sentence, warns about a past window, sends neither', async () => {
      await openOofView();
      await page.getByRole('button', { name: t.oof.edit }).click();
      const end = page.getByTestId('oof-end');
      const start = page.getByTestId('oof-start');
      await start.getByLabel(t.oof.dateLabel(t.oof.startLabel)).fill('2025-06-20');
      await end.getByLabel(t.oof.dateLabel(t.oof.endLabel)).fill('2025-06-19');
      const error = page.getByTestId('oof-schedule-error');
      await waitForText(error, t.oof.endBeforeStart);
      const before = await stack.admin.oof(ALEX);
      await page.getByRole('button', { name: t.oof.save, exact: true }).click();
      await waitForText(error, t.oof.endBeforeStart);
      expect(await stack.admin.oof(ALEX)).toEqual(before);

      // A window that is over is allowed, but the user is told nothing will be sent.
      await start.getByLabel(t.oof.dateLabel(t.oof.startLabel)).fill('2025-06-01');
      await end.getByLabel(t.oof.dateLabel(t.oof.endLabel)).fill('2025-06-02');
      await waitForText(page.getByTestId('oof-schedule-warning'), t.oof.allInPast);
      expect(await error.count()).toBe(0);
      await page.screenshot({ path: shot('tray-window-oof-editor') });
      await page.getByRole('button', { name: t.oof.cancel }).click();
      await closeOofView();
    });

    it('saves automatic replies set in the window to the mailbox, and turns them off from the line', async () => {
      const before = await stack.admin.oof(ALEX);
      const availabilityBefore = await textOf(availability());

      await openOofView();
      await page.getByRole('button', { name: t.oof.edit }).click();
      await page.getByRole('radio', { name: t.oof.state.enabled, exact: true }).check();
      await page.getByLabel(t.oof.internalLabel).fill('Back on Monday.\nAsk Megan <Bowen> & co.');
      await page.getByLabel(t.oof.audienceLabel).selectOption('known');
      await page.getByLabel(t.oof.externalLabel).fill('I am away until Monday.');
      await page.getByRole('button', { name: t.oof.save, exact: true }).click();

      await waitForText(page.getByTestId('oof-state'), t.oof.state.enabled);
      expect(await stack.admin.oof(ALEX)).toEqual({
        state: 'Enabled',
        externalAudience: 'Known',
        start: before.start,
        end: before.end,
        internalReply: 'Back on Monday.<br>Ask Megan &lt;Bowen&gt; &amp; co.',
        externalReply: 'I am away until Monday.',
      });
      expect(await textOf(page.getByTestId('oof-internal'))).toBe(
        'Back on Monday.Ask Megan <Bowen> & co.',
      );
      await closeOofView();
      await waitForText(availability(), /^Out of office/);
      await page.locator('.oof-mark').waitFor();
      await waitForText(oofLine().getByRole('button').first(), t.oof.lineOn);
      await page.screenshot({ path: shot('tray-window-oof-line') });

      // Replies being sent now stop at once: no question asked.
      await oofLine().getByRole('button', { name: t.oof.turnOff }).click();
      await oofLine().waitFor({ state: 'detached' });
      expect(await stack.admin.oof(ALEX)).toMatchObject({
        state: 'Disabled',
        start: before.start,
        end: before.end,
      });
      await waitForText(availability(), availabilityBefore);
      expect(await page.locator('.oof-mark').count()).toBe(0);
    });

    it('sets "Do not disturb" for 1 hour, shows it with its expiry, then adjusts the note', async () => {
      await menuButton().click();
      const dialog = statusDialog();
      await waitForText(dialog.getByTestId('status-current'), t.statusMenu.automatic);
      await dialog.getByLabel(t.statusMenu.expiryLabel).selectOption('1h');
      await dialog.getByLabel(t.statusMenu.noteLabel).fill('Writing the quarterly report');
      const sentAt = stack.clock.now();
      await dialog.getByRole('menuitemradio', { name: t.manualChoice['do-not-disturb'] }).click();

      await waitForText(availability(), /^Do not disturb/);
      expect(await textOf(page.locator('.note'))).toBe('Writing the quarterly report');
      const manual = stack.companion.getSnapshot().manual;
      expect(manual?.availability).toBe('do-not-disturb');
      const expiresAt = Date.parse(manual?.expiresAt ?? '');
      expect(Math.abs(expiresAt - (sentAt + 60 * 60_000))).toBeLessThan(10_000);

      // The panel stays open and says what is in force; the header says the same.
      const line = `Do not disturb · until ${shortTime(new Date(expiresAt).toISOString())}`;
      await waitForText(dialog.getByTestId('status-current'), line);
      await waitForText(page.getByTestId('manual-line'), line);
      expect(await dialog.getByRole('menuitemradio', { checked: true }).textContent()).toBe(
        t.manualChoice['do-not-disturb'],
      );
      await page.screenshot({ path: shot('tray-window-status-menu') });

      // Note and expiry can still change: Apply sends them with the status already chosen.
      await dialog.getByLabel(t.statusMenu.noteLabel).fill('Back at 11');
      await dialog.getByLabel(t.statusMenu.expiryLabel).selectOption('never');
      await dialog.getByRole('button', { name: t.statusMenu.apply }).click();
      await waitForText(page.locator('.note'), 'Back at 11');
      await waitForText(page.getByTestId('manual-line'), 'Do not disturb · until you change it');
      expect(stack.companion.getSnapshot().manual).toEqual({
        availability: 'do-not-disturb',
        note: 'Back at 11',
      });
    });

    it('keeps focus inside the open menu, closes on Escape back to its button, then resets', async () => {
      const dialog = statusDialog();
      if (!(await dialog.isVisible())) await menuButton().click();
      await dialog.waitFor();
      // Opening puts focus on the status in force; Tab goes round the panel and never leaves it.
      await menuButton().click();
      await dialog.waitFor({ state: 'detached' });
      await menuButton().focus();
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      expect(await focused()).toBe(`menuitemradio:${t.manualChoice['do-not-disturb']}`);
      const seen = new Set<string>();
      for (let i = 0; i < 12; i += 1) {
        await page.keyboard.press('Tab');
        const inside = await page.evaluate<boolean>(
          `document.querySelector('[role="dialog"]').contains(document.activeElement)`,
        );
        expect(inside, `Tab ${String(i + 1)}`).toBe(true);
        seen.add(await focused());
      }
      expect(seen).toContain(`menuitemradio:${t.manualChoice['do-not-disturb']}`);
      expect(seen).toContain(`button:${t.statusMenu.close}`);
      await page.keyboard.press('Shift+Tab');
      expect(
        await page.evaluate<boolean>(
          `document.querySelector('[role="dialog"]').contains(document.activeElement)`,
        ),
      ).toBe(true);

      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await focused()).toBe(`button:${t.statusMenu.button}`);

      await menuButton().click();
      await dialog.getByRole('button', { name: t.statusMenu.reset }).click();
      await waitForText(availability(), 'Available');
      await waitForText(dialog.getByTestId('status-current'), t.statusMenu.automatic);
      expect(stack.companion.getSnapshot().manual).toBeNull();
      expect(await page.getByTestId('manual-line').count()).toBe(0);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    });

    it('says Exchange is busy and keeps the agenda while backing off, then recovers by itself', async () => {
      const subjects = await page.locator('.agenda-subject').allTextContents();
      // The next free/busy read is told "busy, come back in 3 s", in each protocol's words:
      // EWS's ErrorServerBusy with its back-off, Graph's 503 with Retry-After.
      await stack.admin.inject(
        backend === 'ews'
          ? { operation: 'GetUserAvailability', kind: 'server-busy', backOffMs: 3000, count: 1 }
          : {
              face: 'graph',
              operation: 'getSchedule',
              kind: 'status',
              status: 503,
              retryAfterSeconds: 3,
              count: 1,
            },
      );

      await refresh();
      const busy = await waitForText(footer(), /^Exchange is busy, retrying in \d+ seconds?$/);
      const seconds = Number(/(\d+) seconds?$/.exec(busy)?.[1]);
      // Exchange asked for 3 s, shorter than Beacon's own first back-off step (15 s): the longer
      // wait wins, so a failing server never sees a flat request rate. Counted on the page's
      // clock, which may lag the companion's by a second.
      expect(seconds).toBeGreaterThanOrEqual(12);
      expect(seconds).toBeLessThanOrEqual(16);
      expect(busy.endsWith(`${String(seconds)} seconds`)).toBe(true);
      expect(await page.locator('.agenda-subject').allTextContents()).toEqual(subjects);

      await waitForText(footer(), /^Updated \d\d:\d\d$/, 25_000);
      expect(await page.locator('.agenda-subject').allTextContents()).toEqual(subjects);
    }, 45_000);

    it('renders an automatic reply carrying script payloads as inert text', async () => {
      const payload =
        "<img src=x onerror=\"window.__xss='img';alert(1)\"><script>window.__xss='script'</script>" +
        '<b>Bold</b> reply<svg onload="window.__xss=\'svg\'"></svg>' +
        '<a href="javascript:window.__xss=\'link\'">click</a><p style="color:red">styled</p>';
      await stack.admin.setOof(ALEX, {
        state: 'Enabled',
        externalAudience: 'All',
        internalReply: payload,
        externalReply: '<iframe src="javascript:alert(2)"></iframe>External',
      });

      await refresh();
      await oofLine().waitFor();
      // The line itself opens the automatic replies view.
      await oofLine().getByRole('button', { name: t.oof.lineOn }).click();
      const internal = page.getByTestId('oof-internal');
      await waitForText(internal, /Bold/);
      const html = await internal.innerHTML();
      expect(html).toContain('<b>Bold</b>');
      for (const bad of ['<img', '<script', '<svg', '<a ', 'onerror', 'javascript:', 'style=']) {
        expect(html).not.toContain(bad);
      }
      expect(await textOf(page.getByTestId('oof-external'))).toBe('External');
      expect(await page.locator('.reply iframe, .reply img, .reply script').count()).toBe(0);
      await page.locator('.reply b').click(); // a user touching the reply runs nothing either
      expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();

      // The only console output allowed here: the CSP refusing the payload's handlers and styles.
      const blocked = w.errors.filter(isCspBlockReport);
      expect(w.errors.filter((m) => !isCspBlockReport(m))).toEqual([]);
      w.errors.splice(0);
      expect(blocked.length).toBeLessThanOrEqual(12);

      await stack.admin.setOof(ALEX, {
        state: 'Disabled',
        internalReply: 'Back soon.',
        externalReply: 'Back soon.',
      });
      await refresh();
      await oofLine().waitFor({ state: 'detached' });
      await closeOofView();
    });

    it('has no serious or critical accessibility violations: Today, the menu, the OOF editor', async () => {
      const serious = async (): Promise<string[]> => {
        const results = await new AxeBuilder({ page }).analyze();
        return results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      };
      expect(await serious()).toEqual([]);
      await menuButton().click();
      await statusDialog().waitFor();
      expect(await serious()).toEqual([]);
      await page.keyboard.press('Escape');
      await openOofView();
      await page.getByRole('button', { name: t.oof.edit }).click();
      await page.getByRole('radio', { name: t.oof.state.scheduled, exact: true }).check();
      expect(await serious()).toEqual([]);
      await page.getByRole('button', { name: t.oof.cancel }).click();
      await closeOofView();
    }, 45_000);

    it('keeps the layout inside the window with long Korean strings, in the dark theme', async () => {
      const ko = await openWindow(stack, {
        locale: 'ko-KR',
        timezoneId: ZONE,
        colorScheme: 'dark',
      });
      try {
        const p = ko.page;
        await p.getByTestId('agenda').waitFor();
        expect(await p.locator('html').getAttribute('lang')).toBe('ko');
        expect(await textOf(p.getByTestId('connection'))).toContain('업데이트');
        // Long strings wrap: nothing may push the window sideways.
        const overflow = await p.evaluate<unknown>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        expect(overflow).toBe(0);
        await p.screenshot({ path: shot('tray-window-ko-dark') });
        expect(ko.errors).toEqual([]);
        expect(ko.dialogs).toEqual([]);
      } finally {
        await ko.context.close();
      }
    });
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
