/**
 * Opening the tray window in Chromium for the e2e tests: a 360×560 page with a given locale,
 * zone and theme, whose clock is the companion's, collecting console errors and dialogs (the
 * window must never use window.alert/confirm).
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Stack } from './support.js';

export interface WindowOptions {
  locale: string;
  timezoneId: string;
  colorScheme?: 'light' | 'dark';
}

export interface OpenWindow {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** Messages of any alert/confirm/prompt the page opened (dismissed at once). */
  dialogs: string[];
}

export async function openWindow(stack: Stack, options: WindowOptions): Promise<OpenWindow> {
  const context = await stack.browser.newContext({
    viewport: { width: 360, height: 560 },
    locale: options.locale,
    timezoneId: options.timezoneId,
    colorScheme: options.colorScheme ?? 'light',
  });
  // The page's "now" is the companion's, so "now" markers and "retrying in" agree with it.
  await context.clock.install({ time: stack.clock.now() });
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
  await page.goto(stack.shell.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { context, page, errors, dialogs };
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
