/**
 * Chat end to end, in Chromium against the web shell, the companion and the demo mailbox's
 * labelled demo peers: a message sent, its ticks, the peer typing and answering, the conversation
 * marked read while shown, unread badges while it is not, a conversation left with Back saved to
 * the mailbox's Conversation History, hostile text staying inert text with only https links made
 * links, and the composer in sight at 360×560 in English and Korean, light and dark, with no
 * serious axe-core finding. Every check runs twice, the demo mailbox read over EWS and over
 * Microsoft Graph (the simulator's Graph face CSDL-checked), with the same expectations; Graph's
 * screenshots end in `-graph`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BOT, DEMO_ECHO } from '../../src-main/im/demo/demo-provider.js';
import type { IncomingMessage } from '../../src-main/im/provider.js';
import { XmppProvider } from '../../src-main/im/xmpp/xmpp-provider.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import { ARCHIVE_PEER, ARCHIVE_PEER_NAME, ArchivePeerProvider } from '../support/archive-peer.js';
import { startProsody, type Prosody } from '../support/prosody.js';
import {
  ALEX,
  ARTIFACTS,
  BACKENDS,
  START,
  ZONE,
  shotSuffix,
  startStack,
  type Stack,
} from './support.js';
import { serverErrors } from './server-errors.js';
import { openWindow, textOf, type OpenWindow, expectInView, seriousAxe } from './window-support.js';

/** From the Contacts tab, through the contact card, into the chat with `address`. */
async function openChat(t: Messages, window: OpenWindow, address: string): Promise<void> {
  const { page } = window;
  await page.getByRole('tab', { name: t.nav.contacts }).click();
  await page.locator(`.contact-row[data-address="${address}"]`).click();
  await page.getByRole('button', { name: t.contacts.sendMessage }).click();
  await page.getByTestId('chat-view').waitFor();
}

async function send(page: Page, t: Messages, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: t.chat.composerLabel });
  await box.fill(text);
  await box.press('Enter');
  await expect.poll(() => box.inputValue()).toBe('');
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

  function conversationWith(address: string) {
    return stack.companion.getSnapshot().conversations.find((c) => c.with === address);
  }

  describe('chat with the demo peers', () => {
    it('sends a message, shows its ticks, the peer typing and answering, and reads the answer', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openChat(en, window, DEMO_BOT);
      expect(await page.locator(':focus').textContent()).toBe('Beacon Demo Bot');

      // The typing line is watched from now on: the bot types for a moment before it answers.
      await page.evaluate(`(() => {
        window.__typingSeen = [];
        const line = document.querySelector('[data-testid="typing"]');
        new MutationObserver(() => { if (line.textContent) window.__typingSeen.push(line.textContent); })
          .observe(line, { childList: true, characterData: true, subtree: true });
      })()`);
      await send(page, en, 'Hello from the test');

      const mine = page.locator('[data-testid="message"][data-direction="out"]').last();
      await expect.poll(() => textOf(mine.locator('.message-text'))).toBe('Hello from the test');
      // The tick reaches "Read" (the bot's displayed marker), said in words for screen readers.
      await expect
        .poll(() => mine.getByTestId('tick').getAttribute('aria-label'), { timeout: 8000 })
        .toBe(en.chat.state.displayed);

      const theirs = page.locator('[data-testid="message"][data-direction="in"]').last();
      await theirs.waitFor({ timeout: 8000 });
      const answer = conversationWith(DEMO_BOT)?.messages.findLast((m) => m.direction === 'in');
      expect(answer?.body.length).toBeGreaterThan(0);
      expect(await textOf(theirs.locator('.message-text'))).toBe(answer?.body);
      expect(await page.evaluate('window.__typingSeen')).toContain(
        en.chat.typing('Beacon Demo Bot'),
      );
      await expect.poll(() => textOf(page.getByTestId('typing'))).toBe('');

      // Shown, so read: the core hears it and nothing is left unread.
      await expect.poll(() => conversationWith(DEMO_BOT)?.unread).toBe(0);
      expect(await page.getByTestId('contacts-badge').count()).toBe(0);
      expect(window.errors).toEqual([]);
      await window.context.close();
    });

    it('keeps hostile text inert and makes only https links into links', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openChat(en, window, DEMO_ECHO);
      const hostile =
        '<img src=x onerror="window.__pwned=1"> javascript:window.__pwned=2 ' +
        'data:text/html,<script>window.__pwned=3</script> http://plain.example ' +
        'https://intranet.example/page';
      await send(page, en, hostile);
      // The echo peer sends it back: both copies are on screen.
      const echoed = page.locator('[data-testid="message"][data-direction="in"]').last();
      await echoed.waitFor({ timeout: 8000 });
      expect(await textOf(echoed.locator('.message-text'))).toBe(`You wrote: ${hostile}`);

      const messages = page.getByTestId('messages');
      expect(await messages.locator('img, script, iframe').count()).toBe(0);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      const hrefs = await Promise.all(
        (await messages.locator('a').all()).map((a) => a.getAttribute('href')),
      );
      expect(hrefs.length).toBe(2);
      expect(new Set(hrefs)).toEqual(new Set(['https://intranet.example/page']));

      // The link goes to the core, which checks it against the message and the Join rule and
      // hands it to the shell's vetted opener (a new tab in the web shell, the system browser in
      // the desktop app).
      const before = stack.opened.length;
      await messages.locator('a').last().click();
      await expect
        .poll(() => stack.opened.slice(before))
        .toEqual(['https://intranet.example/page']);
      // Beacon's own page stayed where it was, with the conversation on screen.
      expect(new URL(page.url()).origin).toBe(new URL(stack.shell.url).origin);
      expect(await page.getByTestId('chat-view').isVisible()).toBe(true);
      expect(window.errors).toEqual([]);
      await window.context.close();
    });

    it('saves the conversation left with Back to Conversation History in the mailbox, once, read and not a draft', async () => {
      const saved = async () =>
        (await stack.admin.conversationHistory(ALEX)).filter(
          (m) => m.subject === 'Conversation with Beacon Demo Echo',
        );
      const before = (await saved()).length;
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openChat(en, window, DEMO_ECHO);
      await send(page, en, 'Keep this for the record');
      await page
        .locator('[data-testid="message"][data-direction="in"]')
        .getByText('You wrote: Keep this for the record')
        .waitFor({ timeout: 8000 });

      // Back closes the conversation; the core saves it through the account's backend (on
      // Graph: a message created in the conversationhistory folder, as the README says).
      await page.getByRole('button', { name: en.chat.back }).click();
      await page.getByTestId('contacts-view').waitFor();
      await expect.poll(async () => (await saved()).length, { timeout: 15_000 }).toBe(before + 1);
      // Closed once saved: the core drops it from the Snapshot after the mailbox has answered.
      await expect.poll(() => conversationWith(DEMO_ECHO)).toBeUndefined();
      const entry = (await saved()).at(-1);
      expect(entry).toMatchObject({
        folder: 'conversationhistory',
        itemClass: 'IPM.Note.Microsoft.Conversation',
        bodyType: 'HTML',
        isRead: true,
        // Saved as a delivered message, not a draft (Outlook would list a draft as one).
        isDraft: false,
        to: [{ email: DEMO_ECHO, name: 'Beacon Demo Echo' }],
      });
      expect(entry?.body).toContain('You wrote: Keep this for the record');
      // The transcript is HTML the core wrote: any markup in the messages is escaped.
      expect(entry?.body).not.toMatch(/<(img|script)/i);
      // Once: nothing more is saved when the core is done.
      await stack.companion.whenIdle();
      expect((await saved()).length).toBe(before + 1);
      expect(window.errors).toEqual([]);
      await window.context.close();
    });

    it('counts unread messages on the row and the tab while the conversation is not shown', async () => {
      const window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await openChat(en, window, DEMO_ECHO);
      await page.getByRole('button', { name: en.chat.back }).click();
      await page.getByTestId('contacts-view').waitFor();
      const before = conversationWith(DEMO_ECHO)?.unread ?? 0;
      expect(before).toBe(0);
      // Sent from another window (the core's command), answered while this one shows the list.
      const sent = await stack.companion.execute({
        type: 'send-message',
        to: DEMO_ECHO,
        body: 'ping',
      });
      expect(sent).toEqual({ ok: true });
      await expect.poll(() => conversationWith(DEMO_ECHO)?.unread, { timeout: 8000 }).toBe(1);
      const rowBadge = page
        .locator(`.contact-row[data-address="${DEMO_ECHO}"]`)
        .getByTestId('row-unread');
      await expect.poll(() => textOf(rowBadge)).toBe(`1${en.contacts.unread(1)}`);
      await expect.poll(() => textOf(page.getByTestId('contacts-badge'))).toBe('1');
      // Opening the conversation reads it: both badges go.
      await page.locator(`.contact-row[data-address="${DEMO_ECHO}"]`).click();
      await page.getByRole('button', { name: en.contacts.sendMessage }).click();
      await expect.poll(() => conversationWith(DEMO_ECHO)?.unread).toBe(0);
      await expect.poll(() => page.getByTestId('contacts-badge').count()).toBe(0);
      await window.context.close();
    });

    const CASES = [
      { lang: 'en', t: en, locale: 'en-GB', colorScheme: 'light' },
      { lang: 'en', t: en, locale: 'en-GB', colorScheme: 'dark' },
      { lang: 'ko', t: ko, locale: 'ko-KR', colorScheme: 'light' },
      { lang: 'ko', t: ko, locale: 'ko-KR', colorScheme: 'dark' },
    ] as const;

    for (const { lang, t, locale, colorScheme } of CASES)
      it(`keeps the composer and Send in sight at 360×560: ${lang} ${colorScheme}`, async () => {
        const window = await openWindow(stack, { locale, timezoneId: ZONE, colorScheme });
        const { page } = window;
        await openChat(t, window, DEMO_BOT);
        await send(
          page,
          t,
          lang === 'ko' ? '안녕하세요, https://wiki.example/회의 확인 부탁드려요' : 'Hi there',
        );
        await page
          .locator('[data-testid="message"][data-direction="in"]')
          .last()
          .waitFor({ timeout: 8000 });
        await expectInView(page.getByRole('textbox', { name: t.chat.composerLabel }), 'composer');
        await expectInView(page.getByRole('button', { name: t.chat.send, exact: true }), 'Send');
        await expectInView(page.getByRole('button', { name: t.chat.back }), 'Back');
        await expectInView(
          page.locator('[data-testid="message"][data-direction="in"]').last(),
          'newest answer',
        );
        expect(await seriousAxe(page)).toEqual([]);
        await page.screenshot({
          path: path.join(ARTIFACTS, `chat-${lang}-${colorScheme}${shotSuffix(backend)}.png`),
        });
        expect(window.errors).toEqual([]);
        await window.context.close();
      }, 60_000);
  });

  describe('a conversation of ten thousand messages', () => {
    // The archive peer is a test double at the IM seam; everything above it is the real stack.
    const provider = new ArchivePeerProvider(9_999, START);
    let big: Stack;

    beforeAll(async () => {
      big = await startStack({ backend, createImProvider: () => provider });
      expect(big.companion.getSnapshot().account.protocol).toBe(backend);
      const signedIn = await big.companion.execute({
        type: 'im-sign-in',
        address: 'alex@peer.test',
        password: 'not kept',
        remember: false,
      });
      expect(signedIn).toEqual({ ok: true });
    }, 120_000);

    afterAll(async () => {
      await big.close();
    });

    const conversation = () =>
      big.companion.getSnapshot().conversations.find((c) => c.with === ARCHIVE_PEER);
    const rendered = (page: Page): Promise<number> =>
      page.locator('[data-testid="message"]').count();

    it('loads earlier messages from the top and scrolls them without holding them all in the DOM', async () => {
      provider.say('Are you there?', new Date(big.clock.now()));
      await expect.poll(() => conversation()?.messages.length).toBe(1);

      const window = await openWindow(big, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;
      await page.getByRole('tab', { name: en.nav.contacts }).click();
      await page.locator(`.contact-row[data-address="${ARCHIVE_PEER}"]`).click();
      await page.getByRole('button', { name: en.contacts.sendMessage }).click();
      await page.getByTestId('chat-view').waitFor();
      expect(await textOf(page.getByRole('heading', { level: 2 }))).toBe(ARCHIVE_PEER_NAME);

      // The first page comes through the window's own button at the top.
      await page.getByRole('button', { name: en.chat.loadEarlier }).click();
      await expect.poll(() => conversation()?.messages.length, { timeout: 8000 }).toBe(101);
      expect(provider.historyCalls).toBe(1);

      // The rest through the same command, as pressing the button 98 more times would send it.
      while (conversation()?.hasEarlier === true) {
        const result = await big.companion.execute({
          type: 'load-earlier-messages',
          with: ARCHIVE_PEER,
        });
        expect(result).toEqual({ ok: true });
      }
      expect(conversation()?.messages.length).toBe(10_000);

      const newest = page.locator('[data-testid="message"]').last();
      await expect
        .poll(() => newest.getAttribute('aria-setsize'), { timeout: 15_000 })
        .toBe('10000');
      expect(await rendered(page)).toBeLessThan(60);
      expect(await rendered(page)).toBeGreaterThan(3);

      // To the middle, then to the very top: the rows there are drawn, and only a few at a time.
      await page.evaluate(
        '(() => { const s = document.querySelector(\'[data-testid="messages"]\'); s.scrollTop = s.scrollHeight / 2; })()',
      );
      await expect
        .poll(async () => {
          const first = await page
            .locator('[data-testid="message"]')
            .first()
            .getAttribute('aria-posinset');
          return Number(first);
        })
        .toBeGreaterThan(2000);
      expect(await rendered(page)).toBeLessThan(60);

      for (let i = 0; i < 20; i += 1) {
        await page.evaluate('document.querySelector(\'[data-testid="messages"]\').scrollTop = 0');
        if ((await page.getByText('Archived message 1', { exact: true }).count()) > 0) break;
        await page.waitForTimeout(100);
      }
      await page.getByText('Archived message 1', { exact: true }).waitFor();
      expect(await rendered(page)).toBeLessThan(60);
      await expectInView(page.getByRole('textbox', { name: en.chat.composerLabel }), 'composer');
      await page.screenshot({
        path: path.join(ARTIFACTS, `chat-en-10000-top${shotSuffix(backend)}.png`),
      });
      expect(window.errors).toEqual([]);
      await window.context.close();
    }, 120_000);
  });

  describe('two people on a real XMPP server', () => {
    let prosody: Prosody;
    let duo: Stack;
    /** Bea, on the same Prosody with Beacon's own XMPP provider (a real client, no window). */
    let bea: XmppProvider;
    const toBea: IncomingMessage[] = [];
    const beaAsked: string[] = [];

    beforeAll(async () => {
      prosody = await startProsody({
        users: [
          { name: 'alex', password: 'alex-im-pw' },
          { name: 'bea', password: 'bea-im-pw' },
        ],
      });
      // Alex's Beacon trusts the run's private CA; verification stays on.
      duo = await startStack({
        backend,
        createImProvider: (config) =>
          new XmppProvider({
            address: config.address,
            password: config.password,
            directTls: config.directTls,
            caPem: prosody.caPem,
            ...(config.server === undefined ? {} : { server: config.server }),
            ...(config.port === undefined ? {} : { port: config.port }),
          }),
      });
      expect(duo.companion.getSnapshot().account.protocol).toBe(backend);
      bea = new XmppProvider({
        address: `bea@${prosody.domain}`,
        password: 'bea-im-pw',
        server: prosody.host,
        port: prosody.port,
        caPem: prosody.caPem,
      });
      bea.on('message', (m) => {
        toBea.push(m);
      });
      bea.on('subscriptionRequest', (address) => {
        beaAsked.push(address);
      });
      await bea.connect();
    }, 120_000);

    afterAll(async () => {
      await bea.disconnect();
      await duo.close();
      await prosody.stop();
    });

    it('signs in from Settings, adds a contact, and chats both ways', async () => {
      const alex = `alex@${prosody.domain}`;
      const beaAddress = `bea@${prosody.domain}`;
      const window = await openWindow(duo, { locale: 'en-GB', timezoneId: ZONE });
      const { page } = window;

      // Settings › Instant messaging: address, password, and the server folded below Sign in.
      await page.getByRole('button', { name: en.settings.button, exact: true }).click();
      const section = page.getByTestId('im-settings');
      await section.getByLabel(en.imSettings.addressLabel).fill(alex);
      await section.getByLabel(en.imSettings.passwordLabel).fill('alex-im-pw');
      await section.getByText(en.imSettings.serverDetails).click();
      await section.getByLabel(en.imSettings.serverLabel).fill(prosody.host);
      await section.getByLabel(en.imSettings.portLabel).fill(String(prosody.port));
      await section.getByRole('button', { name: en.imSettings.signIn, exact: true }).click();
      await expect
        .poll(() => textOf(page.getByTestId('im-state')), { timeout: 15_000 })
        .toBe(en.imSettings.state.online(alex));
      expect(JSON.stringify(duo.companion.getSnapshot())).not.toContain('alex-im-pw');
      await page.getByRole('button', { name: en.settings.back }).click();

      // Add Bea: she is asked, says yes and asks back; Alex approves in the window.
      await page.getByRole('tab', { name: en.nav.contacts }).click();
      await page.getByRole('button', { name: en.contacts.add, exact: true }).click();
      await page.getByLabel(en.contacts.addressLabel).fill(beaAddress);
      await page.getByRole('button', { name: en.contacts.add, exact: true }).click();
      await page.getByText(en.contacts.added(beaAddress)).waitFor({ timeout: 10_000 });
      await expect.poll(() => beaAsked, { timeout: 10_000 }).toContain(alex);
      await bea.answerSubscription(alex, true);
      await bea.addContact(alex, 'Alex');
      const requests = page.getByTestId('requests');
      await requests.waitFor({ timeout: 10_000 });
      await requests.getByRole('button', { name: new RegExp(`^${en.contacts.approve}`) }).click();
      await expect.poll(() => duo.companion.getSnapshot().subscriptionRequests).toEqual([]);

      // Her presence is live from IM, not from a calendar.
      await bea.publish({
        availability: 'busy',
        statusText: 'Writing the report',
        activityText: '',
        oof: false,
        idle: false,
      });
      const beaRow = page.locator(`.contact-row[data-address="${beaAddress}"]`);
      await expect
        .poll(() => beaRow.locator('.dot').getAttribute('class'), { timeout: 10_000 })
        .toContain('presence-busy');
      await expect.poll(() => textOf(beaRow)).toContain('Writing the report');
      expect(await textOf(beaRow)).not.toContain(en.contacts.fromCalendar);

      // Bea writes first; Alex reads it in the chat and answers.
      await bea.send(alex, 'Hi Alex <b>are you free</b>?');
      await expect
        .poll(() => textOf(page.getByTestId('contacts-badge')), { timeout: 10_000 })
        .toBe('1');
      await beaRow.click();
      await page.getByRole('button', { name: en.contacts.sendMessage }).click();
      const fromBea = page.locator('[data-testid="message"][data-direction="in"]').last();
      expect(await textOf(fromBea.locator('.message-text'))).toBe('Hi Alex <b>are you free</b>?');
      await send(page, en, 'Yes, in ten minutes');
      await expect
        .poll(() => toBea.map((m) => m.body), { timeout: 10_000 })
        .toContain('Yes, in ten minutes');
      const mine = page.locator('[data-testid="message"][data-direction="out"]').last();
      await expect
        .poll(() => mine.getByTestId('tick').getAttribute('aria-label'), { timeout: 10_000 })
        .toMatch(new RegExp(`^(${en.chat.state.sent}|${en.chat.state.delivered})$`));
      await page.screenshot({
        path: path.join(ARTIFACTS, `chat-en-prosody${shotSuffix(backend)}.png`),
      });
      expect(window.errors).toEqual([]);
      await window.context.close();
    }, 120_000);
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
