/**
 * The tray window end to end: Chromium → web shell → companion → schema-strict simulator, all
 * over real sockets. The tests run in order on one page, as a user would: each leaves the
 * mailbox as the next one expects, and says so.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ALEX,
  ARTIFACTS,
  LOCALE,
  START,
  ZONE,
  shortTime,
  startStack,
  type Stack,
} from './support.js';

let stack: Stack;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const dialogs: string[] = [];

async function openWindow(ctx: BrowserContext, errors: string[], seen: string[]): Promise<Page> {
  const p = await ctx.newPage();
  p.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  p.on('pageerror', (error) => {
    errors.push(`pageerror: ${error.message}`);
  });
  p.on('dialog', (dialog) => {
    seen.push(dialog.message());
    void dialog.dismiss();
  });
  await p.goto(stack.shell.url);
  await p.getByRole('heading', { level: 1 }).waitFor();
  return p;
}

async function newWindowContext(
  locale: string,
  colorScheme: 'light' | 'dark',
): Promise<BrowserContext> {
  const ctx = await stack.browser.newContext({
    viewport: { width: 360, height: 560 },
    locale,
    timezoneId: ZONE,
    colorScheme,
  });
  // The page's "now" is the companion's, so "retrying in 4 s" counts from the same instant.
  await ctx.clock.install({ time: stack.clock.now() });
  return ctx;
}

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

async function waitForText(
  locator: Locator,
  wanted: RegExp | string,
  timeout = 8000,
): Promise<string> {
  await expect
    .poll(() => textOf(locator), { timeout, interval: 100 })
    .toMatch(typeof wanted === 'string' ? new RegExp(`^${escapeRegExp(wanted)}$`) : wanted);
  return textOf(locator);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const activity = (): Locator => page.getByTestId('activity');
const availability = (): Locator => page.getByTestId('availability');
const footer = (): Locator => page.getByTestId('connection');
const banner = (): Locator => page.getByTestId('oof-banner');

async function refresh(): Promise<void> {
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
}

beforeAll(async () => {
  stack = await startStack();
  context = await newWindowContext(LOCALE, 'light');
  page = await openWindow(context, consoleErrors, dialogs);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

afterEach(() => {
  // Cleared first, so one test's console errors are reported by that test only.
  expect(consoleErrors.splice(0)).toEqual([]);
  expect(dialogs.splice(0)).toEqual([]);
});

/**
 * Chromium reports every inline handler or style attribute that the CSP refuses, even in the
 * inert documents DOMPurify parses untrusted HTML into: the policy working, not a page error.
 */
function isCspBlockReport(message: string): boolean {
  return /violates the following Content Security Policy directive .*The action has been blocked\.$/s.test(
    message,
  );
}

describe('the tray window in Chromium over the web shell', () => {
  it('shows a meeting in progress as "In a meeting until" its end, with today\'s agenda', async () => {
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
    expect(subjects).toContain('Private appointment'); // the Dentist item is private
    expect(subjects).not.toContain('Dentist');
    await page.getByRole('button', { name: 'Join Design review' }).waitFor();
    expect(await agenda.locator('.is-cancelled .agenda-subject').allTextContents()).toEqual([
      'Vendor demo',
    ]);
    expect(await page.locator('.timeline-bar .slot').count()).toBe(96);
    expect(await page.locator('.timeline-bar .slot-busy').count()).toBeGreaterThan(0);
    expect(await textOf(footer())).toMatch(/^Updated \d\d:\d\d$/);
    expect(await textOf(page.locator('.footer .demo'))).toBe('Demo mailbox');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'tray-window.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'tray-window-full.png'), fullPage: true });

    // Join names the item; the core looks its link up and hands it to the shell's opener.
    const call = items.find((i) => i.subject === 'Customer call: Contoso');
    await page.getByRole('button', { name: 'Join Customer call: Contoso' }).click();
    await expect.poll(() => stack.opened, { timeout: 5000 }).toEqual([call?.joinOnlineMeetingUrl]);
  });

  it('shows "Free" after the meeting is cancelled in the simulator and the user refreshes', async () => {
    const review = (await stack.admin.calendar(ALEX)).find((i) => i.subject === 'Design review');
    if (review === undefined) throw new Error('no Design review');
    await stack.admin.cancelCalendarItem(ALEX, review.id);

    await refresh();
    await waitForText(activity(), /^Free (until \d\d:\d\d|for the rest of the day)$/);
    expect(await textOf(availability())).toBe('Available');
  });

  it('saves automatic replies set in the window to the mailbox, and turns them off again', async () => {
    const before = await stack.admin.oof(ALEX);
    expect(before.state).toBe('Scheduled'); // the demo's vacation next week
    const availabilityBefore = await textOf(availability());

    await page.getByRole('button', { name: 'Edit automatic replies' }).click();
    await page.getByRole('radio', { name: 'On', exact: true }).check();
    await page
      .getByLabel('Reply inside my organisation')
      .fill('Back on Monday.\nAsk Megan <Bowen> & co.');
    await page.getByLabel('Send replies').selectOption('known');
    await page.getByLabel('Reply outside my organisation').fill('I am away until Monday.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await banner().waitFor();
    expect(await stack.admin.oof(ALEX)).toEqual({
      state: 'Enabled',
      externalAudience: 'Known',
      start: before.start,
      end: before.end,
      internalReply: 'Back on Monday.<br>Ask Megan &lt;Bowen&gt; &amp; co.',
      externalReply: 'I am away until Monday.',
    });
    await waitForText(availability(), /^Out of office/);
    await page.locator('.oof-mark').waitFor();
    expect(await textOf(page.getByTestId('oof-state'))).toBe('On');
    expect(await textOf(page.getByTestId('oof-internal'))).toBe(
      'Back on Monday.Ask Megan <Bowen> & co.',
    );

    await banner().getByRole('button', { name: 'Turn off' }).click();
    await banner().waitFor({ state: 'detached' });
    expect(await stack.admin.oof(ALEX)).toMatchObject({
      state: 'Disabled',
      start: before.start,
      end: before.end,
    });
    await waitForText(availability(), availabilityBefore);
    expect(await page.locator('.oof-mark').count()).toBe(0);
  });

  it('sets "Do not disturb" for 1 hour from the status menu, then resets to automatic', async () => {
    const menuButton = page.getByRole('button', { name: 'Change status' });
    await menuButton.click();
    const dialog = page.getByRole('dialog', { name: 'Set your status' });
    await dialog.getByLabel('For').selectOption('1h');
    await dialog.getByLabel('Note').fill('Writing the quarterly report');
    const sentAt = stack.clock.now();
    await dialog.getByRole('menuitemradio', { name: 'Do not disturb' }).click();

    await waitForText(availability(), /^Do not disturb/);
    expect(await textOf(page.locator('.note'))).toBe('Writing the quarterly report');
    await dialog.waitFor({ state: 'detached' });
    const manual = stack.companion.getSnapshot().manual;
    expect(manual?.availability).toBe('do-not-disturb');
    const expiresAt = Date.parse(manual?.expiresAt ?? '');
    expect(Math.abs(expiresAt - (sentAt + 60 * 60_000))).toBeLessThan(10_000);

    // Reset, by keyboard this time: Enter opens, Escape closes, Tab reaches "Reset status".
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await page.locator(':focus').getAttribute('role')).toBe('menuitemradio');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await menuButton.click();
    await dialog.getByRole('button', { name: 'Reset status' }).click();
    await waitForText(availability(), 'Available');
    expect(stack.companion.getSnapshot().manual).toBeNull();
  });

  it('says Exchange is busy and keeps the agenda while backing off, then recovers by itself', async () => {
    const subjects = await page.locator('.agenda-subject').allTextContents();
    await stack.admin.inject({
      operation: 'GetUserAvailability',
      kind: 'server-busy',
      backOffMs: 3000,
      count: 1,
    });

    await refresh();
    const busy = await waitForText(footer(), /^Exchange is busy, retrying in \d+ s$/);
    const seconds = Number(/(\d+) s$/.exec(busy)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(3);
    expect(await page.locator('.agenda-subject').allTextContents()).toEqual(subjects);

    await waitForText(footer(), /^Updated \d\d:\d\d$/, 10_000);
    expect(await page.locator('.agenda-subject').allTextContents()).toEqual(subjects);
  });

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
    await banner().waitFor();
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
    const blocked = consoleErrors.filter(isCspBlockReport);
    expect(consoleErrors.filter((m) => !isCspBlockReport(m))).toEqual([]);
    consoleErrors.splice(0);
    expect(blocked.length).toBeLessThanOrEqual(12);

    await stack.admin.setOof(ALEX, {
      state: 'Disabled',
      internalReply: 'Back soon.',
      externalReply: 'Back soon.',
    });
    await refresh();
    await banner().waitFor({ state: 'detached' });
  });

  it('has no serious or critical accessibility violations, closed and with the menu open', async () => {
    const serious = async (): Promise<string[]> => {
      const results = await new AxeBuilder({ page }).analyze();
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    };
    expect(await serious()).toEqual([]);
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await serious()).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tray-window-status-menu.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Edit automatic replies' }).click();
    expect(await serious()).toEqual([]);
    await page
      .locator('.oof-editor')
      .screenshot({ path: path.join(ARTIFACTS, 'tray-window-oof-editor.png') });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('keeps the layout inside the window with long Korean strings, in the dark theme', async () => {
    const errors: string[] = [];
    const seen: string[] = [];
    const ko = await newWindowContext('ko-KR', 'dark');
    try {
      const p = await openWindow(ko, errors, seen);
      await p.getByTestId('agenda').waitFor();
      expect(await p.locator('html').getAttribute('lang')).toBe('ko');
      expect(await textOf(p.getByTestId('connection'))).toContain('업데이트');
      // Long strings wrap: nothing may push the window sideways.
      const overflow = await p.evaluate<unknown>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBe(0);
      await p.screenshot({ path: path.join(ARTIFACTS, 'tray-window-ko-dark.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(seen).toEqual([]);
    } finally {
      await ko.close();
    }
  });
});
