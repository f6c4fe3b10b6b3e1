/**
 * Notices end to end, in Chromium against the web shell with its notice feed: a voicemail dropped
 * in through the simulator's admin API shows as a toast "Voicemail from …" in English and Korean
 * (screenshots at 360×560), and its Play opens the player and plays; a message from the demo IM
 * peer while the tab is hidden, with notifications allowed, becomes a browser Notification whose
 * click opens that conversation.
 * Each check runs on both backends (BACKENDS: EWS, then Microsoft Graph), each with a stack of
 * its own; Graph's screenshots end in -graph.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoticeFeed, type NoticeFeed } from '../../src-main/core/notices/notice-feed.js';
import { DEMO_BOT } from '../../src-main/im/demo/demo-provider.js';
import { PageVisibility } from '../../src-main/web/page-visibility.js';
import { startWebShell, type WebShell } from '../../src-main/web/server.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
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
import { openPage, type OpenWindow } from './window-support.js';

let backend: Backend;
let stack: Stack;
let feed: NoticeFeed;
let shell: WebShell;
/** What the core was last told: is any page in sight? */
let visibleNow = false;

/** Wraps window.Notification: each one constructed is recorded in window.seenNotices. */
const RECORD_NOTIFICATIONS = `
  (() => {
    const Real = window.Notification;
    const seen = [];
    class Recorded extends Real {
      constructor(title, options) {
        super(title, options);
        seen.push({ title, body: options && options.body });
        window.lastNotice = this;
      }
    }
    window.seenNotices = seen;
    window.Notification = Recorded;
  })();
`;

function open(locale: string): Promise<OpenWindow> {
  return openPage(stack.browser, shell.url, {
    locale,
    timezoneId: ZONE,
    now: stack.clock.now(),
  });
}

describe.each(BACKENDS)('over %s', (b) => {
  beforeAll(async () => {
    backend = b;
    stack = await startStack({
      backend,
      chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
    });
    // The demo mailbox is read over this backend, or the run below would prove nothing about it.
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
    feed = createNoticeFeed({ api: stack.companion, clock: stack.clock });
    const visibility = new PageVisibility((visible) => {
      visibleNow = visible;
      stack.companion.setWindowVisible(visible);
    });
    shell = await startWebShell({
      api: stack.companion,
      port: 0,
      staticDir: stack.staticDir,
      notices: feed,
      visibility,
      voicemailAudio: stack.companion.voicemailAudio,
    });
    feed.start();
  }, 120_000);

  afterAll(async () => {
    feed.stop();
    await shell.close();
    await stack.close();
  });

  describe('notices in the web page', () => {
    it('shows a dropped-in voicemail as a toast whose Play opens the player and plays', async () => {
      const english = await open('en-GB');
      const korean = await open('ko-KR');
      try {
        await stack.admin.dropVoicemail(ALEX, {
          callerName: 'Kim Minji',
          callerNumber: '+82 2 555 0100',
          clip: 'diego',
        });
        await stack.companion.refreshNow();

        const toast = english.page.getByTestId('toasts').getByRole('status');
        await expect.poll(() => toast.count(), { timeout: 10_000 }).toBe(1);
        expect(await toast.locator('.toast-title').textContent()).toMatch(
          /^Voicemail from Kim Minji( \(\d+:\d\d\))?$/,
        );
        await english.page.screenshot({
          path: path.join(ARTIFACTS, `notice-toast-en${shotSuffix(backend)}.png`),
        });
        const axe = await new AxeBuilder({ page: english.page }).include('.toasts').analyze();
        expect(
          axe.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => v.id),
        ).toEqual([]);

        const koToast = korean.page.getByTestId('toasts').getByRole('status');
        await expect.poll(() => koToast.count(), { timeout: 10_000 }).toBe(1);
        expect(await koToast.locator('.toast-title').textContent()).toMatch(
          /^Kim Minji 님의 음성 메시지/,
        );
        expect(await koToast.getByRole('button', { name: ko.notices.dismiss }).count()).toBe(1);
        await korean.page.screenshot({
          path: path.join(ARTIFACTS, `notice-toast-ko${shotSuffix(backend)}.png`),
        });

        await toast.getByRole('button', { name: 'Play', exact: true }).click();
        const player = english.page.getByTestId('voicemail-player');
        await player.waitFor();
        expect(await player.locator('#vm-player-title').textContent()).toContain('Kim Minji');
        await expect
          .poll(() => player.locator('.vm-play').getAttribute('aria-label'), { timeout: 15_000 })
          .toBe(en.voicemail.pause);
        await expect.poll(() => toast.count()).toBe(0);
        // The notice is not shown again when the page reconnects.
        await english.page.reload();
        await english.page.getByRole('heading', { level: 1 }).waitFor();
        await stack.companion.refreshNow();
        await english.page.waitForTimeout(500);
        expect(await english.page.getByTestId('toasts').count()).toBe(0);
        expect(english.errors).toEqual([]);
      } finally {
        await english.context.close();
        await korean.context.close();
      }
    }, 60_000);

    it('a message while the tab is hidden is a browser Notification that opens the conversation', async () => {
      const origin = new URL(shell.url).origin;
      const window = await open('en-GB');
      try {
        await window.context.grantPermissions(['notifications'], { origin });
        // Every Notification the page constructs is recorded; the real one is still made.
        await window.page.addInitScript({ content: RECORD_NOTIFICATIONS });
        await window.page.reload();
        await window.page.getByRole('heading', { level: 1 }).waitFor();
        expect(await window.page.evaluate<string>('Notification.permission')).toBe('granted');

        // The user switches away: the page is hidden, and says so to the shell.
        await window.page.evaluate(`
        Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
        Object.defineProperty(document, 'hidden', { get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
      `);
        await expect.poll(() => visibleNow).toBe(false);

        const sent = await stack.companion.execute({
          type: 'send-message',
          to: DEMO_BOT,
          body: 'Are you there?',
        });
        expect(sent).toEqual({ ok: true });
        await expect
          .poll(() => window.page.evaluate<{ title: string }[]>('window.seenNotices'), {
            timeout: 10_000,
          })
          .toEqual([{ title: 'Message from Beacon Demo Bot', body: expect.any(String) as string }]);
        expect(await window.page.getByTestId('toasts').count()).toBe(0);

        await window.page.evaluate("window.lastNotice.onclick(new Event('click'))");
        const chat = window.page.getByTestId('chat-view');
        await chat.waitFor();
        expect(await chat.textContent()).toContain('Beacon Demo Bot');
        expect(window.errors).toEqual([]);
      } finally {
        await window.context.close();
      }
    }, 60_000);
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
