/**
 * The Settings view end to end: Chromium → web shell → companion, over real sockets. Settings
 * replace the content (the tab bar goes, the footer stays); errors are said in words.
 * Each check runs on both backends (BACKENDS: EWS, then Microsoft Graph), each with a stack of
 * its own; Graph's screenshots end in -graph.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src-renderer/i18n/en.js';
import {
  ALEX,
  ARTIFACTS,
  BACKENDS,
  LOCALE,
  ZONE,
  shotSuffix,
  startStack,
  type Backend,
  type Stack,
} from './support.js';
import { serverErrors } from './server-errors.js';

let backend: Backend;
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
  await presenceSave().click();
}

/** Each section of Settings has its own Save; this is the presence section's. */
function presenceSave(): Locator {
  return panel()
    .getByRole('region', { name: 'Presence', exact: true })
    .getByRole('button', { name: 'Save', exact: true });
}

describe.each(BACKENDS)('over %s', (b) => {
  beforeAll(async () => {
    backend = b;
    stack = await startStack({ backend });
    // The demo mailbox is read over this backend, or the run below would prove nothing about it.
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
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

  describe('the Settings view', () => {
    it('opens from the footer with the keyboard in place of the content, and closes with Escape', async () => {
      await settingsButton().focus();
      await page.keyboard.press('Enter');
      await panel().waitFor();
      expect(await settingsButton().getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByRole('tablist').count()).toBe(0);
      expect(await page.getByRole('tabpanel').count()).toBe(0);
      expect(await page.getByTestId('account').textContent()).toBe('Demo mailbox');
      expect(await panel().getByRole('button', { name: 'Sign out' }).count()).toBe(0);
      // Email first: no password is asked before the server is known (found, or typed).
      const password = panel().getByLabel('Password', { exact: true });
      expect(await password.count()).toBe(0);
      // The optional server address is folded away below Continue, and opens on demand.
      const hint = panel().getByText('Leave empty to find the server with Autodiscover.');
      expect(await hint.isVisible()).toBe(false);
      await panel().getByText('Server address (optional)').click();
      await hint.waitFor();
      await panel().getByLabel('EWS URL (optional)').fill(stack.sim.ewsUrl);
      expect(await password.getAttribute('type')).toBe('password');
      expect(await password.getAttribute('autocomplete')).toBe('current-password');

      await page.keyboard.press('Tab'); // into the panel: Escape works from any field in it
      await page.keyboard.press('Escape');
      await panel().waitFor({ state: 'detached' });
      expect(await page.locator(':focus').textContent()).toBe('Settings');
      expect(await settingsButton().getAttribute('aria-pressed')).toBe('false');
      await page.getByRole('tablist').waitFor();
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

    it('says in words when "inactive" would exceed "away", changes nothing, and forgets it on edit', async () => {
      await saveThresholds('30', '20');
      const error = page.getByTestId('settings-error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('invalid-command');
      expect(await error.textContent()).toBe(
        'Nothing was saved:“Appear inactive after” must not be longer than “Appear away after”.',
      );
      expect(await error.textContent()).not.toContain('inactiveAfterMinutes');
      expect(
        await panel().getByLabel('Appear inactive after (minutes)').getAttribute('aria-invalid'),
      ).toBe('true');
      expect(presence().settings.presence).toEqual({
        inactiveAfterMinutes: 10,
        awayAfterMinutes: 20,
        showOffWork: true,
      });

      // Changing the field makes the old error go.
      await panel().getByLabel('Appear inactive after (minutes)').fill('31');
      await error.waitFor({ state: 'detached' });

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
      await presenceSave().click();
      await expect
        .poll(() => presence().settings.presence.showOffWork, { timeout: 5000 })
        .toBe(false);
      expect(await page.getByTestId('settings-error').count()).toBe(0);

      await offWork.check();
      await presenceSave().click();
      await expect
        .poll(() => presence().settings.presence.showOffWork, { timeout: 5000 })
        .toBe(true);
    });

    it('says a refused password in words, forgets it, and keeps the address', async () => {
      await panel().getByLabel('Email address').fill(ALEX);
      await panel().getByText('Server address (optional)').click();
      await panel().getByLabel('EWS URL (optional)').fill(stack.sim.ewsUrl);
      await panel().getByLabel('Password', { exact: true }).fill('correct horse battery staple');
      await panel().getByRole('button', { name: 'Sign in', exact: true }).click();

      const error = page.getByTestId('sign-in-error');
      await error.waitFor({ timeout: 15_000 });
      // On Graph the user chose Microsoft Graph (startStack's settings), which takes no password
      // by design (backend-choice.ts): the same form is refused before any password is tried,
      // in words that point to the Microsoft sign-in; what follows is the same on both.
      expect(await error.getAttribute('data-reason')).toBe(
        backend === 'ews' ? 'wrong-password' : 'graph-needs-oauth',
      );
      expect(await error.textContent()).toBe(
        backend === 'ews'
          ? 'Exchange did not accept this email address and password.'
          : en.signIn.failure.graphNeedsOAuth,
      );
      expect(await panel().getByLabel('Password', { exact: true }).inputValue()).toBe('');
      expect(await panel().getByLabel('Email address').inputValue()).toBe(ALEX);
      expect(stack.companion.getSnapshot().account).toMatchObject({
        mode: 'exchange',
        signIn: 'failed',
      });
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
        path: path.join(ARTIFACTS, `tray-window-settings${shotSuffix(backend)}.png`),
      });

      // Back to the demo for the tests that follow: sign out, then choose it.
      await panel().getByRole('button', { name: 'Sign out', exact: true }).click();
      await panel().getByRole('button', { name: 'Use the demo mailbox' }).click();
      await page.getByTestId('demo-label').waitFor({ timeout: 15_000 });
      expect(stack.companion.getSnapshot().account.mode).toBe('demo');
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
      const refresh = p.getByRole('button', { name: 'Refresh', exact: true });
      // Pressing Refresh now could only fail: it waits for the link.
      expect(await refresh.isDisabled()).toBe(true);
      // A socket that opens but never hears from the shell does not count as connected.
      await expect.poll(() => refused, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
      expect(await down.isVisible()).toBe(true);

      refusing = false;
      await down.waitFor({ state: 'detached', timeout: 8000 });
      expect(await refresh.isDisabled()).toBe(false);
      await p.close();
      expect(errors).toEqual([]);
    });
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
