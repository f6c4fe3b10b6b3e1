/**
 * The Settings panel end to end: Chromium → web shell → companion, over real sockets. The
 * companion here has no keychain, so signing in must fail with the core's typed error.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, LOCALE, ZONE, startStack, type Stack } from './support.js';

let stack: Stack;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

const settingsButton = (): Locator => page.getByRole('button', { name: 'Settings', exact: true });
const panel = (): Locator => page.getByRole('region', { name: 'Settings', exact: true });
const presence = (): ReturnType<Stack['companion']['getSnapshot']> => stack.companion.getSnapshot();

async function saveThresholds(inactive: string, away: string): Promise<void> {
  await panel().getByLabel('Appear inactive after (minutes)').fill(inactive);
  await panel().getByLabel('Appear away after (minutes)').fill(away);
  await panel().getByRole('button', { name: 'Save', exact: true }).click();
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
}, 60_000);

afterAll(async () => {
  await stack.close();
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

describe('the Settings panel', () => {
  it('opens from the footer with the keyboard, shows the demo mailbox, and closes with Escape', async () => {
    await settingsButton().focus();
    await page.keyboard.press('Enter');
    await panel().waitFor();
    expect(await settingsButton().getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('account').textContent()).toBe('Demo mailbox');
    expect(await panel().getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    const password = panel().getByLabel('Password');
    expect(await password.getAttribute('type')).toBe('password');
    expect(await password.getAttribute('autocomplete')).toBe('current-password');
    await panel().getByText('Leave empty to find the server with Autodiscover.').waitFor();

    await page.keyboard.press('Tab'); // into the panel: Escape works from any field in it
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    expect(await page.locator(':focus').textContent()).toBe('Settings');
    expect(await settingsButton().getAttribute('aria-expanded')).toBe('false');
  });

  it('saves the idle thresholds to the companion', async () => {
    await settingsButton().click();
    await panel().waitFor();
    const before = presence().settings.presence;
    expect(before).toEqual({ inactiveAfterMinutes: 5, awayAfterMinutes: 15, showOffWork: true });

    await saveThresholds('10', '20');
    await expect
      .poll(() => presence().settings.presence, { timeout: 5000 })
      .toEqual({ inactiveAfterMinutes: 10, awayAfterMinutes: 20, showOffWork: true });
    await panel().getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  });

  it('shows the contract\'s error when "inactive" would exceed "away", and changes nothing', async () => {
    await saveThresholds('30', '20');
    const error = page.getByTestId('settings-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('invalid-command');
    expect(await error.textContent()).toContain(
      'Appear inactive after (minutes): inactiveAfterMinutes must not exceed awayAfterMinutes',
    );
    expect(
      await panel().getByLabel('Appear inactive after (minutes)').getAttribute('aria-invalid'),
    ).toBe('true');
    expect(presence().settings.presence).toEqual({
      inactiveAfterMinutes: 10,
      awayAfterMinutes: 20,
      showOffWork: true,
    });

    // A number the form cannot read is caught before anything is sent, in the catalogue's words.
    await saveThresholds('481', '20');
    await panel()
      .getByText('Appear inactive after (minutes): Enter a whole number of minutes from 1 to 480')
      .waitFor();
    await saveThresholds('10', '20'); // back to what the companion holds: nothing to send
  });

  it('turns "Show off work outside working hours" off and on again', async () => {
    const offWork = panel().getByLabel('Show off work outside working hours');
    expect(await offWork.isChecked()).toBe(true);
    await offWork.uncheck();
    await panel().getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => presence().settings.presence.showOffWork, { timeout: 5000 })
      .toBe(false);
    expect(await page.getByTestId('settings-error').count()).toBe(0);

    await offWork.check();
    await panel().getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => presence().settings.presence.showOffWork, { timeout: 5000 }).toBe(true);
  });

  it('shows the typed error when signing in without a keychain, and forgets the password', async () => {
    await panel().getByLabel('Email address').fill('alex@contoso.com');
    await panel().getByLabel('Password').fill('correct horse battery staple');
    await panel().getByRole('button', { name: 'Sign in', exact: true }).click();

    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('not-allowed');
    expect(await error.textContent()).toBe(
      'That did not work: No keychain is available to keep the password',
    );
    expect(await panel().getByLabel('Password').inputValue()).toBe('');
    expect(await panel().getByLabel('Email address').inputValue()).toBe('alex@contoso.com');
    expect(stack.companion.getSnapshot().account.mode).toBe('demo');
    expect(stack.companion.getSnapshot().settings.account.mailbox).toBeUndefined();
    expect(await page.content()).not.toContain('correct horse battery staple');
  });

  it('has no serious or critical accessibility violations with the panel open', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
    // The panel wraps inside the window: nothing pushes it sideways.
    const overflow = await page.evaluate<unknown>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: path.join(ARTIFACTS, 'tray-window-settings.png'),
      fullPage: true,
    });
  });
});

describe('the link between the window and Beacon', () => {
  it('says "Not connected to Beacon — reconnecting…" while the socket is down, and recovers', async () => {
    const errors: string[] = [];
    const p = await context.newPage();
    p.on('pageerror', (error) => {
      errors.push(`pageerror: ${error.message}`);
    });
    // Every socket goes through this route: the first reaches the shell, later ones are refused
    // while `refusing`, as if Beacon had gone away.
    let refusing = false;
    let refused = 0;
    let dropFirst: (() => Promise<void>) | undefined;
    await p.routeWebSocket(/\/ws$/, (ws) => {
      if (refusing) {
        refused++;
        void ws.close();
        return;
      }
      ws.connectToServer();
      dropFirst ??= () => ws.close();
    });
    await p.goto(stack.shell.url);
    await p.getByRole('heading', { level: 1 }).waitFor();
    const down = p.getByTestId('bridge-down');
    expect(await down.count()).toBe(0);

    refusing = true;
    await dropFirst?.();
    await down.waitFor();
    expect(await down.textContent()).toBe('Not connected to Beacon — reconnecting…');
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Alex Wilber');
    // A socket that opens but never hears from the shell does not count as connected.
    await expect.poll(() => refused, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    expect(await down.isVisible()).toBe(true);

    refusing = false;
    await down.waitFor({ state: 'detached', timeout: 8000 });
    await p.close();
    expect(errors).toEqual([]);
  });
});
