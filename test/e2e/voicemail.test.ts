/**
 * The Voicemail view in Chromium against the web shell, the companion and the simulator: the
 * audio really plays from the shell's voicemail-audio route, the waveform seeks where it is
 * clicked and by keyboard, speed is the element's playbackRate, Mark unread and Delete reach
 * Exchange, a GSM WAV plays once transcoded, a WMA with no transcoder is said in words, untrusted
 * text stays text, and the tab's badge counts a voicemail dropped in while the window is open.
 * Screenshots at 360×560 in English and Korean, light and dark, go to test/artifacts. Every check
 * runs twice, the demo mailbox read over EWS and over Microsoft Graph (the simulator's Graph face
 * CSDL-checked; Graph finds voicemail in the inbox by its class), with the same expectations;
 * Graph's screenshots end in `-graph`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAY_WINDOW_SIZE } from '../../src-main/electron/window/tray-window.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import type { AdminMessage } from '../support/sim-admin.js';
import { ALEX, ARTIFACTS, BACKENDS, ZONE, shotSuffix, startStack, type Stack } from './support.js';
import { serverErrors } from './server-errors.js';
import { openWindow, type OpenWindow } from './window-support.js';

const { width: WIDTH, height: HEIGHT } = TRAY_WINDOW_SIZE;

/** "0:09": how the window writes a length (restated: tests do not import the window's code). */
function mss(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${String(Math.floor(whole / 60))}:${String(whole % 60).padStart(2, '0')}`;
}
const AUDIO = '[data-testid="voicemail-audio"]';

async function openVoicemailTab(page: Page, t: Messages): Promise<void> {
  await page.getByRole('tab', { name: t.nav.voicemail }).click();
  await page.getByTestId('voicemail-list').waitFor();
}

function row(page: Page, caller: string): Locator {
  return page.getByTestId('voicemail-row').filter({ hasText: caller });
}

async function openItem(page: Page, t: Messages, caller: string): Promise<void> {
  await openVoicemailTab(page, t);
  await row(page, caller).click();
  await page.getByTestId('voicemail-player').waitFor();
}

/** A number the page's audio element reports, read with a string (no DOM types in tests). */
function audioValue(page: Page, property: string): Promise<number> {
  return page.evaluate<number>(`document.querySelector('${AUDIO}').${property}`);
}

async function audioError(page: Page): Promise<number | null> {
  return page.evaluate<number | null>(
    `(() => { const e = document.querySelector('${AUDIO}').error; return e === null ? null : e.code; })()`,
  );
}

async function expectPlaying(page: Page): Promise<void> {
  await expect
    .poll(() => audioValue(page, 'currentTime'), { timeout: 15_000 })
    .toBeGreaterThan(0.5);
  expect(await audioError(page)).toBeNull();
}

/** The element's box lies wholly inside the 360×560 viewport. */
async function expectInView(locator: Locator, what: string): Promise<void> {
  await locator.waitFor();
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  if (box === null) return;
  expect(box.y, `${what} top`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} right`).toBeLessThanOrEqual(WIDTH);
  expect(box.y + box.height, `${what} bottom`).toBeLessThanOrEqual(HEIGHT);
}

/**
 * The recordings fetched from the mailbox, from the simulator's request log: EWS GetAttachment,
 * Graph's `…/attachments/{id}/$value` (and the attachment list Graph reads before it).
 */
async function recordingFetches(admin: Stack['admin']): Promise<{ bytes: number; lists: number }> {
  const log = await admin.requests();
  return {
    bytes: log.filter((r) => r.operation === 'GetAttachment' || r.operation.endsWith('/$value'))
      .length,
    lists: log.filter((r) => r.operation.endsWith('/attachments')).length,
  };
}

function seriousViolations(results: Awaited<ReturnType<AxeBuilder['analyze']>>): string[] {
  return results.violations.map(
    (v) => `${v.id} (${String(v.impact)}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe.each(BACKENDS)('the mailbox over %s', (backend) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      backend,
      chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
    });
    // The suite's backend really reads the mailbox (a fall-back to EWS would prove nothing).
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
    // The start fetched no recording: nobody has opened the Voicemail view yet.
    await stack.companion.whenIdle();
    expect(await recordingFetches(stack.admin)).toEqual({ bytes: 0, lists: 0 });
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await stack.close();
  });

  function windowIn(locale: string, colorScheme: 'light' | 'dark' = 'light'): Promise<OpenWindow> {
    return openWindow(stack, { locale, timezoneId: ZONE, colorScheme });
  }

  async function adminItem(caller: string): Promise<AdminMessage | undefined> {
    const all = await stack.admin.voicemail(ALEX);
    return all.find((m) => m.from?.name === caller || m.subject.includes(caller));
  }

  describe('the voicemail list', { timeout: 45_000 }, () => {
    it('shows the newest first, with caller, number, time, length and unread dots; the badge counts unread', async () => {
      const { context, page, errors } = await windowIn('en-GB');
      const inExchange = await stack.admin.voicemail(ALEX);
      const unread = inExchange.filter((m) => !m.isRead).length;
      expect(unread).toBeGreaterThan(0);
      await expect
        .poll(() => page.getByTestId('voicemail-badge').textContent(), { timeout: 10_000 })
        .toBe(String(unread));
      // The tab keeps its name; the count is its description, in words.
      const tab = page.getByRole('tab', { name: en.nav.voicemail, exact: true });
      const describedBy = await tab.getAttribute('aria-describedby');
      expect(describedBy).not.toBeNull();
      expect(await page.locator(`#${describedBy ?? ''}`).textContent()).toBe(
        en.voicemail.unreadBadge(unread),
      );

      await openVoicemailTab(page, en);
      // Opening the view fetches the newest unread recordings ahead (protected ones never), once
      // each, so Play starts at once: Megan's and 김민지's, one request each (Graph lists the
      // message's attachments first).
      const ahead = ['Megan Bowen', '김민지'];
      await expect
        .poll(
          () =>
            stack.companion
              .getSnapshot()
              .voicemail.filter(
                (v) => ahead.includes(v.callerName ?? '') && v.audio.state === 'ready',
              ).length,
          { timeout: 15_000 },
        )
        .toBe(2);
      await stack.companion.whenIdle();
      expect(await recordingFetches(stack.admin)).toEqual({
        bytes: 2,
        lists: backend === 'graph' ? 2 : 0,
      });
      // The list is virtual: every message counts in its size, the ones in sight are drawn.
      await expect
        .poll(() => page.locator('.vm-item').first().getAttribute('aria-setsize'))
        .toBe(String(inExchange.length));
      expect(await page.getByTestId('voicemail-row').count()).toBe(inExchange.length);
      const times = JSON.parse(
        await page.evaluate<string>(
          `JSON.stringify([...document.querySelectorAll('.vm-row time')].map((n) => n.dateTime))`,
        ),
      ) as string[];
      const sorted = [...times].sort((a, b) => Date.parse(b) - Date.parse(a));
      expect(times).toEqual(sorted);

      const megan = row(page, 'Megan Bowen');
      // The length is the recording's own once it is here (the MP3 decoded), UM's before.
      const meganLength = (): string => {
        const item = stack.companion
          .getSnapshot()
          .voicemail.find((v) => v.callerName === 'Megan Bowen');
        if (item === undefined) return 'no such item';
        return mss(
          item.audio.state === 'ready' ? item.audio.durationSeconds : (item.durationSeconds ?? -1),
        );
      };
      await expect
        .poll(async () => ((await megan.textContent()) ?? '').includes(meganLength()))
        .toBe(true);
      const meganText = (await megan.textContent()) ?? '';
      expect(meganText).toContain('+14255550142');
      expect(meganText).toContain("Hi Alex, it's Megan from Contoso.");
      expect(await megan.getAttribute('class')).toContain('vm-unread');
      expect(await row(page, 'Diego Siciliani').getAttribute('class')).not.toContain('vm-unread');
      // Received two hours before the companion's now: today's time, in the viewer's zone.
      expect(meganText).toMatch(/08:07/);
      expect(await row(page, 'Patti Fernandez').textContent()).toContain(
        en.voicemail.protectedMark,
      );

      await page.screenshot({
        path: path.join(ARTIFACTS, `voicemail-en-list${shotSuffix(backend)}.png`),
      });
      const results = await new AxeBuilder({ page }).include('.window').analyze();
      expect(seriousViolations(results)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  });

  describe('the player', { timeout: 45_000 }, () => {
    it('plays the recording from the shell, seeks where the waveform is clicked and by keyboard, and changes speed', async () => {
      const { context, page, errors } = await windowIn('en-GB');
      await openItem(page, en, 'Diego Siciliani');
      // No peaks yet: a flat line, not nothing.
      const placeholder = page.getByTestId('voicemail-waveform-placeholder');
      expect(await placeholder.count()).toBe(1);
      await page.getByRole('button', { name: en.voicemail.play }).click();
      await expectPlaying(page);
      // The peaks follow the audio in a later Snapshot, and the line becomes the waveform.
      await expect
        .poll(() => page.locator('.vm-waveform rect').count(), { timeout: 10_000 })
        .toBe(72);
      expect(await placeholder.count()).toBe(0);
      const src = await page.evaluate<string>(`document.querySelector('${AUDIO}').currentSrc`);
      expect(new URL(src).pathname).toMatch(/^\/voicemail-audio\/[A-Za-z0-9_-]{43}$/);

      await page.getByRole('button', { name: en.voicemail.pause }).click();
      await expect.poll(() => audioValue(page, 'paused ? 1 : 0')).toBe(1);

      const duration = await audioValue(page, 'duration');
      expect(duration).toBeGreaterThan(5);
      const slider = page.getByRole('slider', { name: en.voicemail.waveformLabel });
      const box = await slider.boundingBox();
      expect(box).not.toBeNull();
      if (box === null) return;
      // A click three quarters along seeks to three quarters of the recording.
      await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
      await expect.poll(() => audioValue(page, 'currentTime')).toBeCloseTo(duration * 0.75, 0);
      await page.mouse.click(box.x + box.width * 0.25, box.y + box.height / 2);
      await expect.poll(() => audioValue(page, 'currentTime')).toBeCloseTo(duration * 0.25, 0);

      await slider.focus();
      await page.keyboard.press('Home');
      await expect.poll(() => audioValue(page, 'currentTime')).toBe(0);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => audioValue(page, 'currentTime')).toBe(5);
      expect(await slider.getAttribute('aria-valuetext')).toBe(`0:05 of ${mss(duration)}`);
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => audioValue(page, 'currentTime')).toBe(0);
      await page.keyboard.press('End');
      await expect.poll(() => audioValue(page, 'currentTime')).toBeCloseTo(duration, 0);

      await page.getByRole('button', { name: en.voicemail.speed(1.5) }).click();
      expect(await audioValue(page, 'playbackRate')).toBe(1.5);
      await page.getByRole('button', { name: en.voicemail.speed(2) }).click();
      expect(await audioValue(page, 'playbackRate')).toBe(2);
      expect(
        await page
          .getByRole('button', { name: en.voicemail.speed(2) })
          .getAttribute('aria-pressed'),
      ).toBe('true');

      // The main actions are in sight without scrolling.
      for (const name of [en.voicemail.callBack, en.voicemail.markUnread, en.voicemail.delete])
        await expectInView(page.getByRole('button', { name, exact: true }), name);
      await expectInView(page.getByRole('link', { name: en.voicemail.save }), 'Save audio');
      expect(
        await page.getByRole('link', { name: en.voicemail.save }).getAttribute('href'),
      ).toMatch(/^voicemail-audio\/[A-Za-z0-9_-]{43}\?download=1$/);

      const results = await new AxeBuilder({ page }).include('.window').analyze();
      expect(seriousViolations(results)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });

    it('marks an unread message read in Exchange once it plays past 3 s, and unread again on request', async () => {
      const { context, page, errors } = await windowIn('en-GB');
      expect((await adminItem('Megan Bowen'))?.isRead).toBe(false);
      await openItem(page, en, 'Megan Bowen');
      await page.getByRole('button', { name: en.voicemail.play }).click();
      await expectPlaying(page);
      await expect
        .poll(async () => (await adminItem('Megan Bowen'))?.isRead, { timeout: 15_000 })
        .toBe(true);
      await page.getByRole('button', { name: en.voicemail.pause }).click();

      await page.getByRole('button', { name: en.voicemail.markUnread }).click();
      await expect
        .poll(async () => (await adminItem('Megan Bowen'))?.isRead, { timeout: 10_000 })
        .toBe(false);
      await page.getByRole('button', { name: en.voicemail.markRead }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    });

    it('calls back through the shell opener with the caller number', async () => {
      const { context, page, errors } = await windowIn('en-GB');
      await openItem(page, en, 'Diego Siciliani');
      const before = stack.opened.length;
      await page.getByRole('button', { name: en.voicemail.callBack }).click();
      await expect.poll(() => stack.opened.slice(before)).toEqual(['tel:+14045550117']);
      expect(errors).toEqual([]);
      await context.close();
    });

    it('deletes with an Undo bar for the core Undo time, then Exchange moves the message away', async () => {
      const { context, page, errors } = await windowIn('en-GB');
      const caller = 'Contoso Pharmacy';
      expect(await adminItem(caller)).toBeDefined();
      await openItem(page, en, caller);
      await page.getByRole('button', { name: en.voicemail.delete }).click();
      const undoBar = page.getByTestId('voicemail-undo');
      await undoBar.waitFor();
      expect(await undoBar.textContent()).toContain(en.voicemail.deleted(caller));
      expect(await row(page, caller).count()).toBe(0);
      await undoBar.getByRole('button', { name: en.voicemail.undo }).click();
      await row(page, caller).waitFor();

      await row(page, caller).click();
      await page.getByRole('button', { name: en.voicemail.delete }).click();
      await undoBar.waitFor();
      await undoBar.waitFor({ state: 'detached', timeout: 10_000 });
      await expect.poll(() => adminItem(caller), { timeout: 10_000 }).toBeUndefined();
      expect(await row(page, caller).count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    });
  });

  describe('formats', { timeout: 45_000 }, () => {
    it('plays a GSM 6.10 WAV once the companion has transcoded it', async () => {
      const { context, page, errors } = await windowIn('en-GB');
      await openItem(page, en, 'Isaiah Langer');
      await page.getByRole('button', { name: en.voicemail.play }).click();
      await expectPlaying(page);
      expect(await page.getByTestId('voicemail-problem').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    });

    it('says a WMA cannot play here when there is no transcoder, and offers Save audio and the default player', async () => {
      const saved = process.env.BEACON_FFMPEG;
      // The companion looks ffmpeg up on every preparation: here it points nowhere.
      process.env.BEACON_FFMPEG = path.join(ARTIFACTS, 'no-such-dir', 'ffmpeg');
      try {
        const { context, page, errors } = await windowIn('en-GB');
        await openItem(page, en, 'Johanna Lorenz');
        await page.getByRole('button', { name: en.voicemail.play }).click();
        const problem = page.getByTestId('voicemail-problem');
        await problem.waitFor({ timeout: 15_000 });
        expect(await problem.textContent()).toBe(en.voicemail.problem['format-unsupported']);
        await page.getByRole('button', { name: en.voicemail.openInPlayer }).waitFor();
        expect(await page.getByRole('link', { name: en.voicemail.save }).count()).toBe(1);
        await page.screenshot({
          path: path.join(ARTIFACTS, `voicemail-en-unplayable${shotSuffix(backend)}.png`),
        });
        expect(errors).toEqual([]);
        await context.close();
      } finally {
        if (saved === undefined) delete process.env.BEACON_FFMPEG;
        else process.env.BEACON_FFMPEG = saved;
      }
    });

    it('says a protected voicemail opens in Outlook', async () => {
      const { context, page, errors } = await windowIn('en-GB');
      await openItem(page, en, 'Patti Fernandez');
      expect(await page.getByTestId('voicemail-problem').textContent()).toBe(
        en.voicemail.problem.protected,
      );
      expect(await page.getByRole('button', { name: en.voicemail.play }).count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    });
  });

  describe('untrusted text and new messages', { timeout: 45_000 }, () => {
    it('counts a voicemail dropped in through Exchange on the badge, and shows markup in it as inert text', async () => {
      const { context, page, errors } = await windowIn('en-GB');
      const unreadBefore = (await stack.admin.voicemail(ALEX)).filter((m) => !m.isRead).length;
      await expect
        .poll(() => page.getByTestId('voicemail-badge').textContent(), { timeout: 10_000 })
        .toBe(String(unreadBefore));
      const name = '<img src=x onerror="window.__owned=1">';
      // Escaped in the message, so the core's plain text keeps it as characters: the window
      // receives real markup-looking text and must show it as text.
      const transcript =
        '&lt;script&gt;window.__owned=2&lt;/script&gt;&lt;img src=x onerror="window.__owned=3"&gt; call me\nsecond line';
      await stack.admin.dropVoicemail(ALEX, {
        callerName: name,
        callerNumber: '+14255550100',
        clip: 'diego',
        transcript,
      });
      await page.getByRole('button', { name: en.footer.refresh, exact: true }).click();
      await expect
        .poll(() => page.getByTestId('voicemail-badge').textContent(), { timeout: 15_000 })
        .toBe(String(unreadBefore + 1));

      await openVoicemailTab(page, en);
      const dropped = row(page, 'onerror');
      await dropped.waitFor();
      expect(await dropped.locator('bdi.vm-caller').textContent()).toBe(name);
      expect(await dropped.locator('bdi.vm-caller').getAttribute('dir')).toBe('auto');
      await dropped.click();
      const shown = page.locator('.vm-transcript');
      await shown.waitFor();
      const inSnapshot = stack.companion
        .getSnapshot()
        .voicemail.find((item) => item.callerName === name)?.transcript;
      expect(inSnapshot).toContain('<script>window.__owned=2</script>');
      expect(inSnapshot).toContain('<img src=x onerror="window.__owned=3">');
      expect(await shown.textContent()).toBe(inSnapshot);
      expect(await page.locator('.window img, .window script').count()).toBe(0);
      expect(await shown.locator('bdi').getAttribute('dir')).toBe('auto');
      expect(await page.evaluate<unknown>('window.__owned')).toBeUndefined();
      expect(errors).toEqual([]);
      await context.close();
    });
  });

  describe('screenshots at 360×560', { timeout: 45_000 }, () => {
    for (const [locale, t, lang] of [
      ['en-GB', en, 'en'],
      ['ko-KR', ko, 'ko'],
    ] as const)
      for (const scheme of ['light', 'dark'] as const)
        it(`shows the list and the player in ${lang} (${scheme}) with the main actions above the fold`, async () => {
          const { context, page, errors } = await windowIn(locale, scheme);
          await openVoicemailTab(page, t);
          await page.screenshot({
            path: path.join(
              ARTIFACTS,
              `voicemail-${lang}-${scheme}-list${shotSuffix(backend)}.png`,
            ),
          });
          await row(page, 'Megan Bowen').click();
          await page.getByTestId('voicemail-player').waitFor();
          await page.getByRole('button', { name: t.voicemail.play }).click();
          // Past two seconds, so the time shown after Pause is not 0:00 (it shows whole seconds).
          await expect
            .poll(() => audioValue(page, 'currentTime'), { timeout: 15_000 })
            .toBeGreaterThan(2.2);
          expect(await audioError(page)).toBeNull();
          await page.getByRole('button', { name: t.voicemail.pause }).click();
          await expect.poll(() => audioValue(page, 'paused ? 1 : 0')).toBe(1);
          // Paused, the player shows where the audio stopped and how long it is, and keeps
          // them when a later Snapshot (the peaks, the exact length) arrives.
          const stoppedAt = mss(await audioValue(page, 'currentTime'));
          expect(stoppedAt).not.toBe('0:00');
          const length = mss(await audioValue(page, 'duration'));
          const slider = page.getByRole('slider');
          for (const wait of [0, 1500]) {
            await page.waitForTimeout(wait);
            await expect
              .poll(() => page.locator('.vm-time').textContent())
              .toBe(`${stoppedAt} / ${length}`);
            expect(await slider.getAttribute('aria-valuetext')).toBe(
              t.voicemail.position(stoppedAt, length),
            );
          }
          for (const name of [t.voicemail.play, t.voicemail.callBack, t.voicemail.delete])
            await expectInView(page.getByRole('button', { name, exact: true }), name);
          await expectInView(page.getByRole('slider'), 'waveform');
          await page.screenshot({
            path: path.join(
              ARTIFACTS,
              `voicemail-${lang}-${scheme}-player${shotSuffix(backend)}.png`,
            ),
          });
          const results = await new AxeBuilder({ page }).include('.window').analyze();
          expect(seriousViolations(results)).toEqual([]);
          expect(errors).toEqual([]);
          await context.close();
        });
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
