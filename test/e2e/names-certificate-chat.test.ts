/**
 * What the window shows, in Chromium against the web shell and the companion:
 * - a right-to-left display name from Exchange sits isolated in "Signed in as …" (its own `<bdi>`,
 *   the sentence's parentheses and words outside it and in their places), in English and Korean;
 * - an untrusted certificate is named once in the footer after a failed Refresh, not twice;
 * - leaving a conversation (Back, or another tab) closes it in the core, which saves it to
 *   Exchange's Conversation History.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../src-main/core/companion/index.js';
import { DEMO_BOT, DEMO_ECHO } from '../../src-main/im/demo/demo-provider.js';
import { startWebShell, type WebShell } from '../../src-main/web/server.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import { ALEX, ARTIFACTS, ZONE, startStack, type Stack } from './support.js';
import { openPage, openWindow, textOf, waitForText, type OpenWindow } from './window-support.js';

/** Hebrew, ending in a right-to-left override: unisolated, it would reverse what follows it. */
const RTL_NAME = 'שרה כהן\u202E';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ httpsSimulator: true });
}, 120_000);

afterAll(async () => {
  await stack.close();
});

/** One run of text in a line: the translator's words, or an isolated piece; where it is drawn. */
interface Piece {
  isolated: boolean;
  text: string;
  left: number;
  right: number;
  top: number;
}

/** The element's text as drawn: runs of words and `<bdi>` pieces, in DOM order. */
async function pieces(page: Page, testId: string): Promise<Piece[]> {
  return page.evaluate<Piece[]>(`(() => {
    const element = document.querySelector('[data-testid=${JSON.stringify(testId)}]');
    const out = [];
    const range = document.createRange();
    for (const node of Array.from(element.childNodes)) {
      const text = node.textContent ?? '';
      if (node.nodeName === 'WBR' || text === '') continue;
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      const isolated = node.nodeName === 'BDI';
      const last = out[out.length - 1];
      if (!isolated && last !== undefined && !last.isolated) {
        last.text += text;
        last.right = Math.max(last.right, box.right);
        continue;
      }
      out.push({ isolated, text, left: box.left, right: box.right, top: box.top });
    }
    return out;
  })()`);
}

const shape = (all: Piece[]): [boolean, string][] => all.map((p) => [p.isolated, p.text]);

/** Left to right on one line, each piece after the one before it. */
function inReadingOrder(all: Piece[]): void {
  for (let i = 1; i < all.length; i += 1) {
    const [before, after] = [all[i - 1], all[i]];
    if (before === undefined || after === undefined) continue;
    expect(after.top).toBeCloseTo(before.top, 0);
    expect(after.left).toBeGreaterThanOrEqual(before.right - 1);
  }
}

async function openSettings(page: Page, t: Messages): Promise<void> {
  await page.getByRole('button', { name: t.settings.button, exact: true }).click();
  await page.getByTestId('settings-view').waitFor();
}

async function openChat(page: Page, t: Messages, address: string): Promise<void> {
  await page.getByRole('tab', { name: t.nav.contacts }).click();
  await page.locator(`.contact-row[data-address="${address}"]`).click();
  await page.getByRole('button', { name: t.contacts.sendMessage }).click();
  await page.getByTestId('chat-view').waitFor();
}

async function say(page: Page, t: Messages, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: t.chat.composerLabel });
  await box.fill(text);
  await box.press('Enter');
  await expect.poll(() => box.inputValue()).toBe('');
}

const openConversations = (): string[] =>
  stack.companion.getSnapshot().conversations.map((c) => c.with);

async function savedSubjects(): Promise<string[]> {
  const items = await stack.admin.conversationHistory(ALEX);
  return items.map((i) => i.subject).filter((s) => !s.includes('Megan Bowen'));
}

// The demo peers answer on the demo mailbox only: the chat runs before the sign-in below.
describe('leaving a conversation closes it', () => {
  let w: OpenWindow;
  beforeAll(async () => {
    w = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
  });
  afterAll(async () => {
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('Back: the conversation leaves the core and is saved to Conversation History', async () => {
    await openChat(w.page, en, DEMO_ECHO);
    await say(w.page, en, 'Hello from the window');
    await w.page
      .locator('[data-testid="message"][data-direction="in"]')
      .last()
      .waitFor({ timeout: 8000 });
    expect(openConversations()).toContain(DEMO_ECHO);

    await w.page.getByRole('button', { name: en.chat.back }).click();
    await w.page.getByTestId('contacts-view').waitFor();
    await expect.poll(openConversations, { timeout: 8000 }).not.toContain(DEMO_ECHO);
    await expect
      .poll(savedSubjects, { timeout: 8000 })
      .toEqual(['Conversation with Beacon Demo Echo']);
  });

  it('another tab: the conversation on screen is closed too', async () => {
    await openChat(w.page, en, DEMO_BOT);
    await say(w.page, en, 'Hi');
    await expect.poll(openConversations, { timeout: 8000 }).toContain(DEMO_BOT);
    await w.page.getByRole('tab', { name: en.nav.today }).click();
    await expect.poll(openConversations, { timeout: 8000 }).not.toContain(DEMO_BOT);
    await expect
      .poll(savedSubjects, { timeout: 8000 })
      .toContain('Conversation with Beacon Demo Bot');
  });
});

describe('a right-to-left display name in "Signed in as"', () => {
  let name = '';

  it('signs in to a mailbox Exchange names right to left', async () => {
    await stack.admin.setDisplayName(ALEX, RTL_NAME);
    const w = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
    const form = w.page.getByTestId('sign-in-form');
    await openSettings(w.page, en);
    await form.getByLabel('Email address').fill(ALEX);
    const details = form.locator('details.server-details');
    if ((await details.getAttribute('open')) === null)
      await details.getByText('Server address (optional)').click();
    await form.getByLabel('EWS URL (optional)').fill(stack.sim.ewsUrl);
    await form.getByLabel('Password', { exact: true }).fill(stack.sim.users[0]?.password ?? '');
    await form.getByRole('button', { name: en.settings.signIn, exact: true }).click();
    await expect
      .poll(() => stack.companion.getSnapshot().account.signIn, { timeout: 15_000 })
      .toBe('signed-in');
    name = stack.companion.getSnapshot().account.displayName;
    expect(name).toContain('שרה כהן');
    await w.context.close();
  }, 60_000);

  for (const [locale, t] of [
    ['en-GB', en],
    ['ko-KR', ko],
  ] as const) {
    it(`${locale}: the name is isolated, the parentheses outside it and in their places`, async () => {
      const w = await openWindow(stack, { locale, timezoneId: ZONE });
      await openSettings(w.page, t);
      const account: Locator = w.page.getByTestId('account');
      await waitForText(account, t.settings.signedInAs(name, ALEX));
      const drawn = await pieces(w.page, 'account');
      expect(shape(drawn)).toEqual(
        t === en
          ? [
              [false, 'Signed in as '],
              [true, name],
              [false, ' ('],
              [true, ALEX],
              [false, ')'],
            ]
          : [
              [true, name],
              [false, '('],
              [true, ALEX],
              [false, ')(으)로 로그인됨'],
            ],
      );
      // The override inside the name ends with it: the words after it read left to right.
      inReadingOrder(drawn);
      await w.page.screenshot({ path: path.join(ARTIFACTS, `rtl-name-${locale}.png`) });
      expect(w.errors).toEqual([]);
      await w.context.close();
    });
  }
});

describe('an untrusted certificate in the footer', () => {
  let companion: Companion;
  let shell: WebShell;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-e2e-certificate-'));
    const httpsSim = stack.httpsSim;
    if (httpsSim === undefined) throw new Error('no https simulator');
    // The demo mailbox on the https simulator, whose self-made certificate nobody vouched for.
    companion = await createCompanion({
      dataDir,
      timeZone: ZONE,
      locale: 'en-GB',
      openExternal: () => undefined,
      startDemoMailbox: () =>
        Promise.resolve({
          ewsUrl: httpsSim.ewsUrl,
          users: httpsSim.users,
          close: () => Promise.resolve(),
        }),
    });
    companion.start();
    await companion.whenIdle();
    shell = await startWebShell({ api: companion, staticDir: stack.staticDir });
  }, 60_000);

  afterAll(async () => {
    await shell.close();
    await companion.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const [locale, t] of [
    ['en-GB', en],
    ['ko-KR', ko],
  ] as const) {
    it(`${locale}: after a failed Refresh the footer names the certificate once`, async () => {
      const failure = companion.getSnapshot().connection.failure;
      expect(failure?.reason).toBe('tls-untrusted');
      const subject = failure?.certificate?.subject ?? '';
      expect(subject).not.toBe('');
      const w = await openPage(stack.browser, shell.url, {
        locale,
        timezoneId: ZONE,
        now: Date.now(),
      });
      const footer = w.page.locator('footer');
      const status = w.page.getByTestId('connection');
      // Before any Refresh the status line says why.
      await waitForText(status, new RegExp(`\\(${subject}, SHA-256 `));

      await w.page.getByRole('button', { name: t.footer.refresh, exact: true }).click();
      await w.page.getByTestId('refresh-error').waitFor({ timeout: 15_000 });
      expect(await textOf(w.page.getByTestId('refresh-error'))).toContain(subject);
      // The status line now says only when Beacon retries; the certificate is named once.
      await expect
        .poll(async () => {
          const line = await textOf(status);
          return Array.from({ length: 121 }, (_, s) => t.footer.retrying(s)).includes(line);
        })
        .toBe(true);
      const all = (await footer.textContent()) ?? '';
      expect(all.split(subject).length - 1).toBe(1);
      await w.page.screenshot({ path: path.join(ARTIFACTS, `certificate-footer-${locale}.png`) });
      expect(w.errors).toEqual([]);
      await w.context.close();
    }, 60_000);
  }
});
