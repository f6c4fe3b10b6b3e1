/**
 * Opening the tray window in Chromium for the e2e tests: a page the Electron window's size
 * (360×560) with a given locale, zone and theme, whose clock is the companion's, collecting
 * console errors and dialogs (the window must never use window.alert/confirm). Every e2e file
 * opens its windows through here, so they all measure and time the same window.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { TRAY_WINDOW_SIZE } from '../../src-main/electron/window/tray-window.js';
import type { Stack } from './support.js';

export interface WindowOptions {
  locale: string;
  timezoneId: string;
  colorScheme?: 'light' | 'dark';
}

export interface PageOptions extends WindowOptions {
  /** Where the page's clock starts (the companion's now, in ms). */
  now: number;
}

export interface OpenWindow {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** Messages of any alert/confirm/prompt the page opened (dismissed at once). */
  dialogs: string[];
}

/**
 * A browser context shaped like the Electron window. Its clock starts at the companion's now,
 * so "today", the now marker and "until 10:45" mean the same day and minute on both sides.
 */
export async function windowContext(
  browser: Browser,
  options: PageOptions,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { ...TRAY_WINDOW_SIZE },
    locale: options.locale,
    timezoneId: options.timezoneId,
    colorScheme: options.colorScheme ?? 'light',
  });
  await context.clock.install({ time: options.now });
  return context;
}

/** The web shell at `url` in a fresh window, once the header has drawn. */
export async function openPage(
  browser: Browser,
  url: string,
  options: PageOptions,
): Promise<OpenWindow> {
  const context = await windowContext(browser, options);
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => {
    errors.push(`pageerror: ${error.message}`);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { context, page, errors, dialogs };
}

/** The stack's web shell in a fresh window on the stack's clock. */
export function openWindow(stack: Stack, options: WindowOptions): Promise<OpenWindow> {
  return openPage(stack.browser, stack.shell.url, { ...options, now: stack.clock.now() });
}

/** "02:45": an instant's wall time in a zone, 24-hour, as an en-GB window shows it. */
export function hhmm(iso: string | number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(new Date(iso));
}

export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

export async function waitForText(
  locator: Locator,
  wanted: RegExp | string,
  timeout = 8000,
): Promise<string> {
  await expect
    .poll(() => textOf(locator), { timeout, interval: 100 })
    .toMatch(typeof wanted === 'string' ? new RegExp(`^${escapeRegExp(wanted)}$`) : wanted);
  return textOf(locator);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The element is on screen inside the 360×560 window: nothing to scroll to reach it. */
export async function expectInView(locator: Locator, what: string): Promise<void> {
  const { width, height } = TRAY_WINDOW_SIZE;
  await locator.waitFor();
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  if (box === null) return;
  expect(box.x, `${what} left`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${what} top`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} right`).toBeLessThanOrEqual(width);
  expect(box.y + box.height, `${what} bottom`).toBeLessThanOrEqual(height);
}

/** axe-core's serious and critical findings on the page, one line each (none is the goal). */
export async function seriousAxe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
