/**
 * The window at its real size, 360×560, in Chromium against the web shell and the simulator, in
 * English and Korean, light and dark: the header, the tab bar and the footer's controls are in
 * sight without scrolling, in every view. Screenshots go to test/artifacts for a person to look at.
 * Each check runs on both backends (BACKENDS: EWS, then Microsoft Graph), each with a stack of
 * its own, except the damaged-settings warning (see its suite); Graph's screenshots end in -graph.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAY_WINDOW_SIZE } from '../../src-main/electron/window/tray-window.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import {
  ARTIFACTS,
  BACKENDS,
  ZONE,
  shotSuffix,
  startStack,
  type Backend,
  type Stack,
} from './support.js';
import { serverErrors } from './server-errors.js';
import { openWindow, windowContext, type OpenWindow, expectInView } from './window-support.js';

// The Electron window's own size: if it changes, this test measures the new one.
const { width: WIDTH, height: HEIGHT } = TRAY_WINDOW_SIZE;

let backend: Backend;
let stack: Stack;

/** The demo window in the companion's zone, in a language and a theme. */
function windowIn(locale: string, colorScheme: 'light' | 'dark'): Promise<OpenWindow> {
  return openWindow(stack, { locale, timezoneId: ZONE, colorScheme });
}

/** The element's box lies wholly inside the 360×560 viewport. */

/** The page itself never scrolls, in either direction: only the content area does. */
async function expectNoPageScroll(page: Page): Promise<void> {
  // Strings, not functions: the tests compile without the DOM's types.
  const size = await page.evaluate<{ height: number; width: number }>(
    '({ height: document.scrollingElement.scrollHeight, width: document.scrollingElement.scrollWidth })',
  );
  expect(size.height).toBeLessThanOrEqual(HEIGHT);
  expect(size.width).toBeLessThanOrEqual(WIDTH);
}

async function expectFrameInView(page: Page, t: Messages, withTabs: boolean): Promise<void> {
  await expectInView(page.getByRole('heading', { level: 1 }), 'name');
  await expectInView(page.getByTestId('availability'), 'availability');
  await expectInView(page.locator('.status-button'), 'status button');
  if (withTabs)
    for (const tab of [t.nav.today, t.nav.voicemail, t.nav.contacts])
      await expectInView(page.getByRole('tab', { name: tab, exact: true }), `tab ${tab}`);
  await expectInView(page.getByRole('button', { name: t.footer.refresh, exact: true }), 'Refresh');
  await expectInView(
    page.getByRole('button', { name: t.settings.button, exact: true }),
    'Settings',
  );
  await expectInView(page.getByTestId('connection'), 'connection');
  await expectInView(page.getByTestId('demo-label'), 'demo label');
  await expectNoPageScroll(page);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `layout-${name}${shotSuffix(backend)}.png`) });
}

const CASES = [
  { lang: 'en', locale: 'en-GB', t: en },
  { lang: 'ko', locale: 'ko-KR', t: ko },
] as const;

describe.each(BACKENDS)('over %s', (b) => {
  beforeAll(async () => {
    backend = b;
    stack = await startStack({ backend });
    // The demo mailbox is read over this backend, or the run below would prove nothing about it.
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await stack.close();
  });

  describe.each(CASES)('the window at 360×560 in $lang', ({ lang, locale, t }) => {
    it.each(['light', 'dark'] as const)(
      '%s: Today, Voicemail, Contacts and Settings keep every primary control in sight',
      async (scheme) => {
        const { context, page, errors } = await windowIn(locale, scheme);
        const suffix = scheme === 'dark' ? '-dark' : '';
        expect(await page.evaluate<string>('document.documentElement.lang')).toBe(lang);

        // Today: the demo's day, the tab selected.
        const today = page.getByRole('tab', { name: t.nav.today, exact: true });
        expect(await today.getAttribute('aria-selected')).toBe('true');
        await page.getByRole('tabpanel').waitFor();
        await shoot(page, `${lang}-today${suffix}`);
        await expectFrameInView(page, t, true);

        // Voicemail: the demo mailbox's messages, the newest in sight.
        await page.getByRole('tab', { name: t.nav.voicemail, exact: true }).click();
        await page.getByTestId('voicemail-list').waitFor();
        await expectInView(page.getByTestId('voicemail-row').first(), 'newest voicemail');
        await shoot(page, `${lang}-voicemail${suffix}`);
        await expectFrameInView(page, t, true);

        await page.getByRole('tab', { name: t.nav.contacts, exact: true }).click();
        await page.getByTestId('contacts-view').waitFor();
        await expectInView(
          page.getByRole('button', { name: t.contacts.add, exact: true }),
          'Add contact',
        );
        await shoot(page, `${lang}-contacts${suffix}`);
        await expectFrameInView(page, t, true);

        // Settings replace the content (no tab bar), with Back in sight.
        await page.getByRole('button', { name: t.settings.button, exact: true }).click();
        const view = page.getByTestId('settings-view');
        await view.waitFor();
        expect(await page.getByRole('tablist').count()).toBe(0);
        expect(await page.getByRole('tabpanel').count()).toBe(0);
        await expectInView(view.getByRole('button', { name: t.settings.back }), 'Back');
        await expectInView(
          view.getByRole('heading', { name: t.settings.title }),
          'Settings heading',
        );
        await shoot(page, `${lang}-settings${suffix}`);
        await expectFrameInView(page, t, false);

        // The content scrolls inside its own box; the footer stays where it was.
        const footerBefore = await page.locator('footer').boundingBox();
        await page.evaluate("document.querySelector('main.content').scrollTop = 100000");
        expect(await page.locator('footer').boundingBox()).toEqual(footerBefore);
        await expectNoPageScroll(page);
        await shoot(page, `${lang}-settings-end${suffix}`);

        await view.getByRole('button', { name: t.settings.back }).click();
        await page.getByRole('tablist').waitFor();
        expect(await page.getByRole('tab', { selected: true }).textContent()).toBe(t.nav.contacts);

        expect(errors).toEqual([]);
        await context.close();
      },
    );
  });

  describe('the tab bar and the views', () => {
    it('moves between tabs with the arrow keys, one tab stop for the bar', async () => {
      const { context, page, errors } = await windowIn('en-GB', 'light');
      const tabs = page.getByRole('tab');
      expect(await tabs.count()).toBe(3);
      const stops = [];
      for (const tab of await tabs.all()) stops.push(await tab.getAttribute('tabindex'));
      expect(stops).toEqual(['0', '-1', '-1']);
      await page.getByRole('tab', { name: 'Today' }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.locator(':focus').getAttribute('id')).toBe('tab-voicemail');
      expect(await page.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(
        'tab-voicemail',
      );
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      expect(await page.locator(':focus').textContent()).toBe('Contacts');
      await page.getByTestId('contacts-view').waitFor();
      await page.keyboard.press('Home');
      expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Today');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('opens Settings as a view and closes it with Escape, focus back on the Settings button', async () => {
      const { context, page, errors } = await windowIn('en-GB', 'light');
      const settings = page.getByRole('button', { name: 'Settings', exact: true });
      await settings.click();
      await page.getByTestId('settings-view').waitFor();
      expect(await settings.getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator(':focus').textContent()).toBe('Settings');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape');
      await page.getByTestId('settings-view').waitFor({ state: 'detached' });
      expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Settings');
      expect(await settings.getAttribute('aria-pressed')).toBe('false');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('opens automatic replies from the status menu as a view, and Back returns focus to the status button', async () => {
      const { context, page, errors } = await windowIn('en-GB', 'light');
      await page.locator('.status-button').click();
      await page.getByRole('button', { name: en.statusMenu.oofEntry }).click();
      expect(await page.getByRole('tablist').count()).toBe(0);
      await expectInView(page.getByRole('button', { name: en.oof.back, exact: true }), 'Back');
      await expectNoPageScroll(page);
      await page.getByRole('button', { name: en.oof.back, exact: true }).click();
      await page.getByRole('tablist').waitFor();
      expect(await page.evaluate<string>('document.activeElement.className')).toContain(
        'status-button',
      );
      expect(errors).toEqual([]);
      await context.close();
    });

    it('lets Tab reach an empty tab panel, and has no serious accessibility violations in the tabs', async () => {
      const { context, page, errors } = await windowIn('en-GB', 'light');
      await page.getByRole('tab', { name: 'Voicemail' }).click();
      await page.keyboard.press('Tab');
      expect(await page.evaluate<string>('document.activeElement.getAttribute("role")')).toBe(
        'tabpanel',
      );
      for (const tab of ['Today', 'Voicemail']) {
        await page.getByRole('tab', { name: tab }).click();
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        expect(serious, tab).toEqual([]);
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 45_000);

    it('switches the whole window to Korean from Settings at once, and back to the system language', async () => {
      const { context, page, errors } = await windowIn('en-GB', 'light');
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
      await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe('ko');
      expect(stack.companion.getSnapshot().settings.locale).toBe('ko');
      await page.getByRole('heading', { name: ko.settings.title, exact: true }).waitFor();
      await page.getByRole('button', { name: ko.settings.button, exact: true }).waitFor();
      await shoot(page, 'ko-settings-switched');

      await page.getByRole('combobox', { name: ko.settings.languageTitle }).selectOption('system');
      await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe('en');
      expect(stack.companion.getSnapshot().settings.locale).toBeUndefined();
      await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    });
  });

  describe('signed out, at 360×560', () => {
    it.each(CASES)(
      '$lang: the sign-in form and "Use the demo mailbox" are in sight, and no presence is claimed',
      async ({ lang, locale, t }) => {
        expect(await stack.companion.execute({ type: 'sign-out' })).toMatchObject({ ok: true });
        try {
          const { context, page, errors } = await windowIn(locale, 'light');
          await page.getByRole('heading', { level: 1, name: t.header.signedOut }).waitFor();
          await shoot(page, `${lang}-signed-out`);
          expect(await page.getByTestId('availability').textContent()).toContain(
            t.availability.offline,
          );
          expect(await page.locator('.status-button').count()).toBe(0);
          expect(await page.getByRole('tablist').count()).toBe(0);
          await expectInView(page.getByRole('button', { name: t.signIn.useDemo }), 'Use demo');
          await expectInView(page.getByLabel(t.settings.mailboxLabel), 'Email address');
          await expectInView(
            page.getByRole('button', { name: t.settings.button, exact: true }),
            'Settings',
          );
          await expectNoPageScroll(page);
          expect(errors).toEqual([]);
          await context.close();
        } finally {
          await stack.companion.execute({ type: 'use-demo' });
        }
      },
    );
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});

// The damaged file is Beacon's own settings, where the protocol choice lives too: with it
// unreadable the defaults hold (EWS), so this runs once, on a stack of its own.
describe('warnings from Beacon', () => {
  it('shows them as one compact line under the header, in the window’s language, that the user can dismiss', async () => {
    const damaged = await startStack({ settingsFile: '{ this is not json' });
    try {
      const [sent] = damaged.companion.getSnapshot().warnings;
      expect(sent?.kind).toBe('settings-damaged');
      const keptAs = sent?.kind === 'settings-damaged' ? sent.keptAs : '';
      expect(keptAs).toMatch(/^settings\.json\.corrupt-/);
      for (const { lang, locale, t } of [
        { lang: 'en', locale: 'en-GB', t: en },
        { lang: 'ko', locale: 'ko-KR', t: ko },
      ]) {
        const context = await windowContext(damaged.browser, {
          locale,
          timezoneId: ZONE,
          now: damaged.clock.now(),
        });
        const page = await context.newPage();
        await page.goto(damaged.shell.url);
        const warning = page.getByTestId('warning');
        await warning.waitFor();
        // The whole sentence of the window's catalogue, with the kept file's name as it is.
        const sentence = t.warnings.settingsDamaged(keptAs);
        const text = warning.locator('.warning-text');
        expect(await text.textContent()).toBe(sentence);
        expect(await text.getAttribute('title')).toBe(sentence);
        // The Korean window says it in Korean, not the core's English of before.
        if (lang === 'ko') expect(sentence).toMatch(/[\uac00-\ud7a3]/);
        await page.screenshot({ path: path.join(ARTIFACTS, `layout-${lang}-warning.png`) });
        const box = await warning.boundingBox();
        // One or two lines, not a card: the tab bar and the agenda stay in sight.
        expect(box?.height ?? Infinity).toBeLessThanOrEqual(40);
        await expectInView(page.getByRole('tab', { name: t.nav.today, exact: true }), 'Today tab');
        await expectNoPageScroll(page);

        await warning.getByRole('button', { name: `${t.views.dismiss}: ${sentence}` }).click();
        await warning.waitFor({ state: 'detached' });
        await context.close();
      }
    } finally {
      await damaged.close();
    }
  }, 60_000);
});
