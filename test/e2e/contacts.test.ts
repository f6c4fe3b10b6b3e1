/**
 * The Contacts tab end to end, in Chromium against the web shell, the companion and the demo
 * mailbox's simulator: colleagues listed with presence derived from their calendars (and marked
 * so), the labelled demo peers, search, the contact card with "Tell me when available", in
 * English and Korean, light and dark, at 360×560, with no serious axe-core finding. Every check
 * runs twice, the demo mailbox read over EWS and over Microsoft Graph (the simulator's Graph face
 * CSDL-checked), with the same expectations; Graph's screenshots end in `-graph`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BOT, DEMO_ECHO } from '../../src-main/im/demo/demo-provider.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import { ARTIFACTS, BACKENDS, ZONE, shotSuffix, startStack, type Stack } from './support.js';
import { serverErrors } from './server-errors.js';
import { openWindow, textOf, type OpenWindow, expectInView, seriousAxe } from './window-support.js';

async function openContacts(t: Messages, window: OpenWindow): Promise<void> {
  await window.page.getByRole('tab', { name: t.nav.contacts }).click();
  await window.page.getByTestId('contacts-view').waitFor();
  await window.page.getByTestId('contact-row').first().waitFor();
}

/** A row by the contact's address. */
function row(page: Page, address: string): Locator {
  return page.locator(`.contact-row[data-address="${address}"]`);
}

describe.each(BACKENDS)('the mailbox over %s', (backend) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ backend });
    // The suite's backend really reads the mailbox (a fall-back to EWS would prove nothing).
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await stack.close();
  });

  describe('the Contacts tab on the demo mailbox', () => {
    // A case that chose a language gives the next one the system's again.
    afterEach(async () => {
      expect(
        await stack.companion.execute({ type: 'update-settings', settings: { locale: null } }),
      ).toEqual({ ok: true });
    });

    it('lists colleagues in their groups, with presence from their calendars marked as such', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openContacts(en, window);

      const snapshot = stack.companion.getSnapshot();
      expect(snapshot.contacts.length).toBeGreaterThan(2);
      // Every contact the core lists is in the window, in a group the core names.
      const addresses = await Promise.all(
        (await page.getByTestId('contact-row').all()).map((r) => r.getAttribute('data-address')),
      );
      for (const contact of snapshot.contacts) expect(addresses).toContain(contact.address);
      const groupNames = await page.locator('.group-toggle').allTextContents();
      for (const group of new Set(snapshot.contacts.flatMap((c) => c.groups)))
        expect(groupNames.some((name) => name.includes(group))).toBe(true);

      // Calendar-derived presence, once the core has read free/busy: marked "from calendar".
      // On Graph too: the demo's colleagues have no Teams client, and Teams' Offline leaves the
      // calendar's state (PRESENCE.md's merge rule), so the same rows show on both backends.
      await expect
        .poll(
          () =>
            stack.companion.getSnapshot().contacts.some((c) => c.presence.source === 'calendar'),
          {
            timeout: 15_000,
          },
        )
        .toBe(true);
      const fromCalendar = stack.companion
        .getSnapshot()
        .contacts.filter((c) => c.presence.source === 'calendar');
      const first = fromCalendar[0];
      if (first === undefined) throw new Error('no calendar contact');
      const firstRow = row(page, first.address);
      await expect
        .poll(() => textOf(firstRow), { timeout: 8000 })
        .toContain(en.contacts.fromCalendar);
      await expect
        .poll(() => firstRow.locator('.dot').getAttribute('class'))
        .toContain(`presence-${first.presence.availability}`);

      // Demo peers are labelled.
      const demo = snapshot.contacts.filter((c) => c.isDemo);
      expect(demo.length).toBeGreaterThan(0);
      for (const peer of demo)
        expect(await textOf(row(page, peer.address).locator('.tag-demo'))).toBe(en.contacts.demo);
      for (const colleague of snapshot.contacts.filter((c) => !c.isDemo).slice(0, 3))
        expect(await row(page, colleague.address).locator('.tag-demo').count()).toBe(0);

      expect(window.errors).toEqual([]);
      await window.context.close();
    });

    it('says a meeting contact is in a meeting until when, as the core computed it', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openContacts(en, window);
      await expect
        .poll(
          () =>
            stack.companion
              .getSnapshot()
              .contacts.find(
                (c) => c.presence.source === 'calendar' && c.presence.activity.kind !== 'none',
              ),
          { timeout: 15_000 },
        )
        .toBeDefined();
      const busy = stack.companion
        .getSnapshot()
        .contacts.find(
          (c) => c.presence.source === 'calendar' && c.presence.activity.kind !== 'none',
        );
      if (busy === undefined) throw new Error('no contact with an activity');
      // The core's English activity line and the window's agree (both in the viewer's zone).
      await expect
        .poll(() => textOf(row(page, busy.address).locator('.contact-activity')))
        .toContain(busy.presence.activityText);
      await window.context.close();
    });

    it('filters by the search box and says when nothing matches', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openContacts(en, window);
      const target = stack.companion.getSnapshot().contacts.find((c) => !c.isDemo);
      if (target === undefined) throw new Error('no colleague');
      const search = page.getByRole('searchbox', { name: en.contacts.searchLabel });
      await search.fill(target.name.split(' ')[0] ?? target.name);
      await expect.poll(() => row(page, target.address).count()).toBeGreaterThan(0);
      const shown = await page.getByTestId('contact-row').count();
      expect(shown).toBeLessThan(stack.companion.getSnapshot().contacts.length);
      await search.fill('zzzz-nobody');
      await page.getByText(en.contacts.noMatch).waitFor();
      expect(await page.getByTestId('contact-row').count()).toBe(0);
      await window.context.close();
    });

    it('collapses a group with its toggle, read as collapsed', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openContacts(en, window);
      const toggle = page.locator('.group-toggle').first();
      const list = page.locator('.contact-list').first();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const before = await list.locator('.contact-row').count();
      expect(before).toBeGreaterThan(0);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await list.isHidden()).toBe(true);
      await toggle.press('Enter');
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await window.context.close();
    });

    it('offers "Sign in to chat" on the demo mailbox, which opens Settings at the chat sign-in', async () => {
      // The demo peers answer without an account: chat itself is not signed in.
      expect(stack.companion.getSnapshot().im.state).toBe('off');
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openContacts(en, window);
      const line = page.getByTestId('im-line');
      expect(await textOf(line.locator('p'))).toBe(en.contacts.imOff);
      await line.getByRole('button', { name: en.contacts.signInToChat }).click();
      await page.getByTestId('im-settings').waitFor();
      const address = page.getByTestId('im-settings').getByLabel(en.imSettings.addressLabel);
      await expect
        .poll(() => page.locator(':focus').getAttribute('id'))
        .toBe(await address.getAttribute('id'));
      await expectInView(address, 'chat address');
      expect(window.errors).toEqual([]);
      await window.context.close();
    });

    it('opens a contact card: presence, automatic reply, the alert toggle, and Back to the row', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openContacts(en, window);
      const contact = stack.companion.getSnapshot().contacts.find((c) => !c.isDemo);
      if (contact === undefined) throw new Error('no colleague');
      await row(page, contact.address).click();
      const card = page.getByTestId('contact-card');
      await card.waitFor();
      expect(await textOf(page.getByRole('heading', { level: 2 }))).toBe(contact.name);
      expect(await page.locator(':focus').textContent()).toBe(contact.name);
      expect(await textOf(page.getByTestId('card-availability'))).toContain(
        en.availability[
          stack.companion.getSnapshot().contacts.find((c) => c.address === contact.address)
            ?.presence.availability ?? 'offline'
        ],
      );
      await expectInView(
        page.getByRole('button', { name: en.contacts.sendMessage }),
        'Send message',
      );

      // "Tell me when available" goes to the core and comes back in the Snapshot.
      const toggle = page.getByRole('checkbox', { name: en.contacts.alertWhenAvailable });
      expect(await toggle.isChecked()).toBe(false);
      await toggle.check();
      await expect
        .poll(
          () =>
            stack.companion.getSnapshot().contacts.find((c) => c.address === contact.address)
              ?.alertWhenAvailable,
        )
        .toBe(true);
      await expect.poll(() => toggle.isChecked()).toBe(true);
      await toggle.uncheck();
      await expect
        .poll(
          () =>
            stack.companion.getSnapshot().contacts.find((c) => c.address === contact.address)
              ?.alertWhenAvailable,
        )
        .toBe(false);

      await page.getByRole('button', { name: en.contacts.back }).click();
      await page.getByTestId('contacts-view').waitFor();
      expect(await page.locator(':focus').getAttribute('data-address')).toBe(contact.address);
      expect(window.errors).toEqual([]);
      await window.context.close();
    });

    it('shows a contact’s automatic reply as plain text in its own scrolling box', async () => {
      await expect
        .poll(
          () => stack.companion.getSnapshot().contacts.find((c) => c.oofMessage !== undefined),
          {
            timeout: 15_000,
          },
        )
        .toBeDefined();
      const away = stack.companion.getSnapshot().contacts.find((c) => c.oofMessage !== undefined);
      if (away?.oofMessage === undefined) throw new Error('no contact with an automatic reply');
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openContacts(en, window);
      await row(page, away.address).click();
      const reply = page.getByTestId('card-reply');
      await reply.waitFor();
      expect((await reply.textContent())?.trim()).toBe(away.oofMessage.trim());
      expect(await reply.locator('*').count()).toBe(0);
      await page.screenshot({
        path: path.join(ARTIFACTS, `contacts-en-card-reply${shotSuffix(backend)}.png`),
      });
      await window.context.close();
    });

    const CASES = [
      { lang: 'en', t: en, locale: 'en-GB', colorScheme: 'light' },
      { lang: 'en', t: en, locale: 'en-GB', colorScheme: 'dark' },
      { lang: 'ko', t: ko, locale: 'ko-KR', colorScheme: 'light' },
      { lang: 'ko', t: ko, locale: 'ko-KR', colorScheme: 'dark' },
    ] as const;

    for (const { lang, t, locale, colorScheme } of CASES)
      it(`fits 360×560 and has no serious axe finding: ${lang} ${colorScheme}`, async () => {
        // The language chosen in Settings, as the core (and the demo peers) know it.
        expect(
          await stack.companion.execute({
            type: 'update-settings',
            settings: { locale: lang === 'ko' ? 'ko' : null },
          }),
        ).toEqual({ ok: true });
        const window = await openWindow(stack, { locale, timezoneId: ZONE, colorScheme });
        const { page } = window;
        await openContacts(t, window);
        // The demo peers' notes are Beacon's words as well: in the window's language.
        const notes = [
          await textOf(row(page, DEMO_BOT).locator('.contact-note')),
          await textOf(row(page, DEMO_ECHO).locator('.contact-note')),
        ];
        expect(notes).toEqual(
          lang === 'ko'
            ? ['메시지를 보내 주시면 답장해 드려요', '보내신 글을 그대로 따라 해요']
            : ['Send me a message: I answer', 'I repeat what you write'],
        );
        // The demo network's group names are Beacon's words: headed in the window's language.
        const headings = (await page.locator('.group-toggle').allTextContents()).join(' | ');
        for (const key of ['demoPeers', 'myTeam', 'colleagues'] as const)
          expect(headings).toContain(t.contacts.demoGroups[key]);
        if (lang === 'ko')
          for (const english of ['Demo', 'My team', 'Colleagues'])
            expect(headings).not.toContain(english);
        await expectInView(page.getByRole('button', { name: t.contacts.add, exact: true }), 'Add');
        await expectInView(page.getByTestId('contact-row').first(), 'first contact');
        expect(await seriousAxe(page)).toEqual([]);
        await page.screenshot({
          path: path.join(
            ARTIFACTS,
            `contacts-${lang}-list-${colorScheme}${shotSuffix(backend)}.png`,
          ),
        });

        const contact = stack.companion.getSnapshot().contacts.find((c) => !c.isDemo);
        if (contact === undefined) throw new Error('no colleague');
        await row(page, contact.address).click();
        await page.getByTestId('contact-card').waitFor();
        await expectInView(page.getByRole('button', { name: t.contacts.sendMessage }), 'Send');
        await expectInView(page.getByRole('button', { name: t.contacts.remove }), 'Remove');
        expect(await seriousAxe(page)).toEqual([]);
        await page.screenshot({
          path: path.join(
            ARTIFACTS,
            `contacts-${lang}-card-${colorScheme}${shotSuffix(backend)}.png`,
          ),
        });

        // Add contact opens its form in place, focused on the address.
        await page.getByRole('button', { name: t.contacts.back }).click();
        await page.getByRole('button', { name: t.contacts.add, exact: true }).click();
        expect(await page.locator(':focus').getAttribute('type')).toBe('email');
        expect(await seriousAxe(page)).toEqual([]);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: t.contacts.add, exact: true }).waitFor();
        expect(window.errors).toEqual([]);
        await window.context.close();
      }, 60_000);
  });

  describe('Settings for instant messaging and e-mail alerts', () => {
    async function openSettings(t: Messages, window: OpenWindow): Promise<void> {
      await window.page.getByRole('button', { name: t.settings.button, exact: true }).click();
      await window.page.getByTestId('im-settings').waitFor();
    }

    it('says the demo peers are connected, and refuses a malformed chat address before sending', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openSettings(en, window);
      const section = page.getByTestId('im-settings');
      expect(await textOf(page.getByTestId('im-state'))).toBe(en.imSettings.state.demo);

      // A bad address is said at the field, and nothing is sent: the demo peers stay connected.
      await section.getByLabel(en.imSettings.addressLabel).fill('alex');
      await section.getByLabel(en.imSettings.passwordLabel).fill('secret-im-password');
      await section.getByRole('button', { name: en.imSettings.signIn, exact: true }).click();
      await section.getByText(en.imSettings.badAddress).waitFor();
      expect(
        await section.getByLabel(en.imSettings.addressLabel).getAttribute('aria-invalid'),
      ).toBe('true');
      expect(await section.getByLabel(en.imSettings.passwordLabel).inputValue()).toBe(
        'secret-im-password',
      );
      expect(stack.companion.getSnapshot().im.address).toBeUndefined();
      expect(stack.companion.getSnapshot().settings.im.enabled).toBe(false);
      expect(JSON.stringify(stack.companion.getSnapshot())).not.toContain('secret-im-password');
      expect(window.errors).toEqual([]);
      await window.context.close();
    });

    it('saves the relay and the missed-message alert, and says why the relay refused its password', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openSettings(en, window);
      const alerts = page.getByTestId('alert-settings');
      await alerts.getByLabel(en.imSettings.missedEmail).check();
      await alerts.getByLabel(en.imSettings.missedMinutes).fill('0');
      await alerts.getByRole('button', { name: en.imSettings.save, exact: true }).click();
      await alerts.getByText(en.imSettings.badMinutes(1, 240)).waitFor();
      expect(stack.companion.getSnapshot().settings.im.missedMessageEmail).toBe(false);

      await alerts.getByLabel(en.imSettings.missedMinutes).fill('15');
      await alerts.getByLabel(en.imSettings.relayHost).fill('127.0.0.1');
      // Port 9 (discard) is closed on loopback here: the relay cannot be reached.
      await alerts.getByLabel(en.imSettings.relayPort).fill('9');
      await alerts.getByLabel(en.imSettings.relayUser).fill('alex');
      await alerts.getByRole('button', { name: en.imSettings.save, exact: true }).click();
      await expect
        .poll(() => stack.companion.getSnapshot().settings.smtp)
        .toEqual({ host: '127.0.0.1', port: 9, user: 'alex' });
      expect(stack.companion.getSnapshot().settings.im).toMatchObject({
        missedMessageEmail: true,
        missedMessageMinutes: 15,
      });
      await alerts.getByText(en.imSettings.saved, { exact: true }).waitFor();

      await alerts.getByLabel(en.imSettings.relayPassword).fill('secret-relay-password');
      await alerts.getByRole('button', { name: en.imSettings.setPassword }).click();
      await expect
        .poll(() => alerts.locator('.error').allTextContents(), { timeout: 15_000 })
        .toEqual([en.contacts.failure.unreachable('127.0.0.1')]);
      expect(JSON.stringify(stack.companion.getSnapshot())).not.toContain('secret-relay-password');
      expect(await alerts.getByLabel(en.imSettings.relayPassword).inputValue()).toBe('');
      expect(window.errors).toEqual([]);
      await window.context.close();
    }, 40_000);

    for (const { lang, t, locale, colorScheme } of [
      { lang: 'en', t: en, locale: 'en-GB', colorScheme: 'light' },
      { lang: 'ko', t: ko, locale: 'ko-KR', colorScheme: 'dark' },
    ] as const)
      it(`shows both sections without a serious axe finding: ${lang} ${colorScheme}`, async () => {
        const window = await openWindow(stack, { locale, timezoneId: ZONE, colorScheme });
        const { page } = window;
        await openSettings(t, window);
        await page.getByRole('heading', { name: t.imSettings.title }).scrollIntoViewIfNeeded();
        await page.screenshot({
          path: path.join(
            ARTIFACTS,
            `settings-im-${lang}-${colorScheme}${shotSuffix(backend)}.png`,
          ),
        });
        await page
          .getByRole('heading', { name: t.imSettings.alertsTitle })
          .scrollIntoViewIfNeeded();
        await page.screenshot({
          path: path.join(
            ARTIFACTS,
            `settings-alerts-${lang}-${colorScheme}${shotSuffix(backend)}.png`,
          ),
        });
        expect(await seriousAxe(page)).toEqual([]);
        expect(window.errors).toEqual([]);
        await window.context.close();
      }, 60_000);
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
