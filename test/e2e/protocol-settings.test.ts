/**
 * Settings › Connection to Exchange end to end (Chromium → web shell → companion): the choice of
 * protocol and the Teams switch reach the settings the core keeps, the dates are said, and the
 * section passes axe at the window's size.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, LOCALE, ZONE, startStack, type Stack } from './support.js';

let stack: Stack;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

const section = (): Locator =>
  page.getByRole('region', { name: 'Connection to Exchange', exact: true });

async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !test(); i += 1) await new Promise((r) => setTimeout(r, 25));
  expect(test()).toBe(true);
}

beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({
    viewport: { width: 360, height: 560 },
    locale: LOCALE,
    timezoneId: ZONE,
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => {
    consoleErrors.push(`pageerror: ${error.message}`);
  });
  await page.goto(stack.shell.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await section().waitFor();
}, 60_000);

afterAll(async () => {
  await stack.close();
});

describe('Settings › Connection to Exchange', () => {
  it('starts automatic with Teams on, and says why with the dates', async () => {
    const choice = section().getByLabel('Connect with');
    expect(await choice.inputValue()).toBe('automatic');
    expect(await section().getByLabel('Show my Beacon status in Teams').isChecked()).toBe(true);
    const text = (await section().textContent()) ?? '';
    expect(text).toContain('1 October 2026');
    expect(text).toContain('1 April 2027');
  });

  it('saves the protocol chosen and the Teams switch in the core’s settings', async () => {
    await section().getByLabel('Connect with').selectOption('ews');
    await until(() => stack.companion.getSnapshot().settings.account.backend === 'ews');
    // The box follows the core's settings: it changes once the Snapshot says so.
    const teams = section().getByLabel('Show my Beacon status in Teams');
    await teams.click();
    await until(() => stack.companion.getSnapshot().settings.presence.publishToTeams === false);
    await expect.poll(() => teams.isChecked()).toBe(false);
    expect(await section().getByLabel('Connect with').inputValue()).toBe('ews');
    await section().getByLabel('Connect with').selectOption('automatic');
    await until(() => stack.companion.getSnapshot().settings.account.backend === 'automatic');
  });

  it('has no serious accessibility violations', async () => {
    const results = await new AxeBuilder({ page }).include('.settings-view').analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('is photographed at 360×560 in English and Korean, light and dark, the section scrolled into view', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    for (const [lang, locale, settings, title, choice] of [
      ['en', 'en-GB', 'Settings', 'Connection to Exchange', 'Connect with'],
      ['ko', 'ko-KR', '설정', 'Exchange 연결', '연결 방식'],
    ] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const shot = await stack.browser.newContext({
          viewport: { width: 360, height: 560 },
          locale,
          timezoneId: ZONE,
          colorScheme,
        });
        const p = await shot.newPage();
        await p.goto(stack.shell.url);
        await p.getByRole('heading', { level: 1 }).waitFor();
        await p.getByRole('button', { name: settings, exact: true }).click();
        const region = p.getByRole('region', { name: title, exact: true });
        await region.waitFor();
        expect(await region.getByLabel(choice).inputValue()).toBe('automatic');
        await region.evaluate((element) => {
          (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({
            block: 'start',
          });
        });
        await p.screenshot({
          path: path.join(ARTIFACTS, `protocol-settings-${lang}-${colorScheme}.png`),
        });
        await shot.close();
      }
    }
  }, 60_000);
});
