/**
 * The Korean window in Chromium (demo mailbox over the web shell): Today, the status menu, the
 * automatic replies view and editor, the other tabs and Settings. No English word of the English
 * catalogue may appear in it, neither as text nor as a label a screen reader reads. Subjects,
 * places and replies come from the mailbox, not the window: the page marks them `translate="no"`
 * and they are left out, as are the user's name and address and the product terms in
 * UNTRANSLATED_TERMS. The same check on the English window must find words, so the check itself
 * is shown to work.
 * Each check runs on both backends (BACKENDS: EWS, then Microsoft Graph), each with a stack of
 * its own; Graph's screenshots end in -graph.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import { englishWords, leaves } from '../support/catalogue.js';
import {
  ALEX,
  ARTIFACTS,
  BACKENDS,
  ZONE,
  shotSuffix,
  startStack,
  type Backend,
  type Stack,
} from './support.js';
import { serverErrors } from './server-errors.js';
import { openWindow, type OpenWindow } from './window-support.js';

let backend: Backend;
let stack: Stack;
/** Lower-cased words of three letters or more from the English catalogue. */
const CATALOGUE_WORDS = new Set(
  leaves(en).flatMap((leaf) => englishWords(leaf.text).map((w) => w.toLowerCase())),
);
/** The user's name and address: the mailbox's words, shown in the header and Settings. */
let mailboxWords = new Set<string>();

/**
 * What a user reads or hears: every text node (visible or for screen readers, options of closed
 * selects too) outside `translate="no"`, one per line so words of neighbouring elements do not
 * run together, then labels, placeholders, titles and the document's title. A string, because
 * the e2e project has no DOM types.
 */
const READABLE_TEXT = `(() => {
  const lines = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (node.parentElement && node.parentElement.closest('[translate="no"]')) continue;
    lines.push(node.nodeValue);
  }
  const names = ['aria-label', 'placeholder', 'title', 'alt'];
  for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]'))
    for (const name of names) lines.push(el.getAttribute(name) || '');
  return lines.join('\\n');
})()`;

async function readableText(page: Page): Promise<string> {
  return page.evaluate<string>(READABLE_TEXT);
}

/** English catalogue words in the page that the mailbox did not bring. */
async function catalogueWordsIn(page: Page): Promise<string[]> {
  const words = englishWords(await readableText(page)).map((w) => w.toLowerCase());
  return [...new Set(words.filter((w) => CATALOGUE_WORDS.has(w) && !mailboxWords.has(w)))];
}

/** Visits every view, collecting what each one shows; screenshots for a person to look at. */
async function visitEveryView(
  w: OpenWindow,
  t: Messages,
  name: string,
): Promise<Record<string, string[]>> {
  const { page } = w;
  const found: Record<string, string[]> = {};
  const look = async (view: string): Promise<void> => {
    found[view] = await catalogueWordsIn(page);
    await page.screenshot({
      path: path.join(ARTIFACTS, `${name}-${view}${shotSuffix(backend)}.png`),
    });
  };

  await page.getByTestId('agenda').waitFor();
  await page.getByTestId('now-marker').waitFor();
  await look('today');

  await page.getByRole('button', { name: t.statusMenu.button }).click();
  const dialog = page.getByRole('dialog', { name: t.statusMenu.dialogLabel });
  await dialog.getByRole('menuitemradio', { name: t.manualChoice['do-not-disturb'] }).click();
  await dialog
    .getByTestId('status-current')
    .filter({ hasText: t.availability['do-not-disturb'] })
    .waitFor();
  await look('status-menu');
  await dialog.getByRole('button', { name: t.statusMenu.reset }).click();
  await dialog.getByTestId('status-current').filter({ hasText: t.statusMenu.automatic }).waitFor();

  await dialog.getByRole('button', { name: t.statusMenu.oofEntry }).click();
  await page.getByRole('heading', { name: t.oof.title }).waitFor();
  await look('oof-view');
  // Turning off the demo's future schedule asks first, in words.
  await page.getByRole('button', { name: t.oof.turnOff }).click();
  await page.getByRole('alertdialog').waitFor();
  await look('oof-confirm');
  await page.getByRole('button', { name: t.oof.keepSchedule }).click();
  await page.getByRole('button', { name: t.oof.edit }).click();
  await page.getByRole('button', { name: t.oof.save }).waitFor();
  // An end before the start, so the refusal is on screen too.
  await page.getByTestId('oof-end').getByLabel(t.oof.dateLabel(t.oof.endLabel)).fill('2025-06-01');
  await page.getByTestId('oof-schedule-error').waitFor();
  await look('oof-editor');
  await page.getByRole('button', { name: t.oof.cancel }).click();
  await page.getByRole('button', { name: t.oof.back }).click();

  for (const tab of ['voicemail', 'contacts'] as const) {
    await page.getByRole('tab', { name: t.nav[tab] }).click();
    await look(tab);
  }
  await page.getByRole('tab', { name: t.nav.today }).click();

  await page.getByRole('button', { name: t.settings.button, exact: true }).click();
  await page.getByTestId('settings-view').waitFor();
  await look('settings');
  return found;
}

describe.each(BACKENDS)('over %s', (b) => {
  beforeAll(async () => {
    backend = b;
    stack = await startStack({ backend });
    // The demo mailbox is read over this backend, or the run below would prove nothing about it.
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
    await mkdir(ARTIFACTS, { recursive: true });
    const { account, agenda } = stack.companion.getSnapshot();
    expect(account.mailbox).toBe(ALEX);
    // Meeting subjects reach labels too ("Join Customer call: Contoso"), where translate="no"
    // cannot mark them: they are the mailbox's words as well.
    const texts = [account.displayName, account.mailbox, ...agenda.map((item) => item.subject)];
    mailboxWords = new Set(texts.flatMap((text) => englishWords(text).map((w) => w.toLowerCase())));
  }, 60_000);

  afterAll(async () => {
    await stack.close();
  });

  describe('the Korean window', () => {
    it('shows no English word from the English catalogue in any view', async () => {
      const w = await openWindow(stack, { locale: 'ko-KR', timezoneId: ZONE });
      try {
        expect(await w.page.locator('html').getAttribute('lang')).toBe('ko');
        const found = await visitEveryView(w, ko, 'korean');
        expect(found).toEqual({
          today: [],
          'status-menu': [],
          'oof-view': [],
          'oof-confirm': [],
          'oof-editor': [],
          voicemail: [],
          contacts: [],
          settings: [],
        });
        expect(w.errors).toEqual([]);
        expect(w.dialogs).toEqual([]);
      } finally {
        await w.context.close();
      }
    });

    it('is checked by a test that does find English words in the English window', async () => {
      const w = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      try {
        const found = await visitEveryView(w, en, 'english');
        for (const words of Object.values(found)) expect(words.length).toBeGreaterThan(0);
        expect(found.today).toEqual(expect.arrayContaining(['join', 'tentative', 'now']));
        expect(found.settings).toEqual(expect.arrayContaining(['password', 'language']));
      } finally {
        await w.context.close();
      }
    });
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
