/**
 * Microsoft Graph chosen in Settings › Connection to Exchange for an account that signs in with a
 * password, end to end (Chromium → web shell → companion → schema-strict simulator): the section
 * says in words why nothing is read and offers Sign in with Microsoft and Use Automatic, the
 * footer says it too, nothing claims "Signed in", and Use Automatic signs the account back in.
 * Photographed at 360×560 in English and Korean.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, ARTIFACTS, LOCALE, ZONE, startStack, type Stack } from './support.js';

let stack: Stack;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

const section = (p: Page, title = 'Connection to Exchange'): Locator =>
  p.getByRole('region', { name: title, exact: true });

beforeAll(async () => {
  stack = await startStack();
  // Signed in with a password (kept for this run only), over EWS.
  const result = await stack.companion.execute({
    type: 'sign-in',
    mailbox: ALEX,
    password: stack.sim.users[0]?.password ?? '',
    ewsUrl: stack.sim.ewsUrl,
    remember: false,
  });
  expect(result.ok).toBe(true);
  await stack.companion.whenIdle();
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
  await section(page).waitFor();
}, 60_000);

afterAll(async () => {
  await stack.close();
});

describe('Microsoft Graph chosen for a password account', () => {
  it('says why nothing is read, with the two ways out, and nothing claims "Signed in"', async () => {
    expect(await page.getByTestId('account').textContent()).toContain('Signed in as');
    expect(await section(page).getByTestId('protocol-in-use').textContent()).toBe(
      'Connected with Exchange Web Services.',
    );

    await section(page).getByLabel('Connect with').selectOption('graph');
    const notice = section(page).getByTestId('graph-needs-oauth');
    await notice.waitFor();
    expect(await notice.getByRole('alert').textContent()).toBe(
      'Microsoft Graph works only when you sign in with Microsoft, and this account uses a password. Beacon is not reading your mailbox until you sign in with Microsoft or choose Automatic again.',
    );
    expect(await notice.getByRole('button').allTextContents()).toEqual([
      'Sign in with Microsoft',
      'Use Automatic',
    ]);
    await expect
      .poll(() => page.getByTestId('connection').textContent())
      .toBe('Microsoft Graph needs a Microsoft sign-in. See Settings.');
    expect(await page.getByTestId('account').textContent()).toBe(`Not signed in as ${ALEX}`);
    expect(await section(page).getByTestId('protocol-in-use').count()).toBe(0);
    // The sign-in form says the same in its own words.
    expect(await page.getByTestId('sign-in-error').getAttribute('data-reason')).toBe(
      'graph-needs-oauth',
    );
    expect(await page.locator('body').textContent()).not.toContain('Signed in as');

    const snapshot = stack.companion.getSnapshot();
    expect(snapshot.account).toMatchObject({
      signIn: 'failed',
      failure: { reason: 'graph-needs-oauth' },
    });
  });

  it('is photographed at 360×560 in English and Korean, the section scrolled into view', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    for (const [lang, locale, settings, title, footer] of [
      [
        'en',
        'en-GB',
        'Settings',
        'Connection to Exchange',
        'Microsoft Graph needs a Microsoft sign-in. See Settings.',
      ],
      [
        'ko',
        'ko-KR',
        '설정',
        'Exchange 연결',
        'Microsoft Graph에는 Microsoft 로그인이 필요합니다. 설정을 확인하세요.',
      ],
    ] as const) {
      const shot = await stack.browser.newContext({
        viewport: { width: 360, height: 560 },
        locale,
        timezoneId: ZONE,
      });
      const p = await shot.newPage();
      await p.goto(stack.shell.url);
      await p.getByRole('heading', { level: 1 }).waitFor();
      expect(await p.getByTestId('connection').textContent()).toBe(footer);
      await p.getByRole('button', { name: settings, exact: true }).click();
      const region = section(p, title);
      await region.getByTestId('graph-needs-oauth').waitFor();
      // Nothing wider than the window.
      expect(await p.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        360,
      );
      await region.evaluate((element) => {
        (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({
          block: 'start',
        });
      });
      await p.screenshot({ path: path.join(ARTIFACTS, `graph-needs-oauth-${lang}.png`) });
      await shot.close();
    }
  }, 60_000);

  it('has no serious accessibility violations', async () => {
    const results = await new AxeBuilder({ page }).include('.settings-view').analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  });

  it('Use Automatic signs the same account back in over EWS', async () => {
    await section(page).getByRole('button', { name: 'Use Automatic' }).click();
    await expect.poll(() => page.getByTestId('account').textContent()).toContain('Signed in as');
    expect(await section(page).getByLabel('Connect with').inputValue()).toBe('automatic');
    expect(await section(page).getByTestId('graph-needs-oauth').count()).toBe(0);
    expect(await section(page).getByTestId('protocol-in-use').textContent()).toBe(
      'Connected with Exchange Web Services.',
    );
    expect(stack.companion.getSnapshot().account).toMatchObject({
      signIn: 'signed-in',
      protocol: 'ews',
    });
    expect(consoleErrors).toEqual([]);
  });
});
