/**
 * Email-first sign-in in Chromium at 360×560, in English and Korean: Chromium → web shell →
 * companion → the simulator over real sockets. The simulator's private CA is trusted through
 * Settings (a PEM file chosen with the file input), discovery finds the https simulator through
 * its Autodiscover v2 endpoint, the password is asked for, and only then "Signed in as". When
 * discovery finds nothing, the form says so and asks for the server. Screenshots of each step go
 * to test/artifacts.
 */
import { mkdir } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import { ALEX, ARTIFACTS, ZONE, startStack, type Stack } from './support.js';
import { openWindow, waitForText, type OpenWindow } from './window-support.js';

const form = (page: Page): Locator => page.getByTestId('sign-in-form');

async function openSettings(page: Page, t: Messages): Promise<void> {
  await page.getByRole('button', { name: t.settings.title, exact: true }).click();
  await page.getByTestId('settings-view').waitFor();
}

/** The element's bottom edge is inside the 560 px window without scrolling. */
async function aboveTheFold(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(560);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

const LANGUAGES: [string, Messages][] = [
  ['en-GB', en],
  ['ko-KR', ko],
];

describe.each(LANGUAGES)(
  'email-first sign-in over https with a CA trusted in Settings (%s)',
  (locale, t) => {
    let stack: Stack;
    let win: OpenWindow;

    beforeAll(async () => {
      await mkdir(ARTIFACTS, { recursive: true });
      stack = await startStack({
        httpsSimulator: true,
        // Autodiscover v2 answers on the https simulator; no SRV records on this machine.
        discovery: ({ httpsSim }) => ({
          v2BaseUrl: httpsSim?.baseUrl ?? '',
          resolveSrv: () => Promise.resolve([]),
          timeoutMs: 5_000,
        }),
      });
      win = await openWindow(stack, { locale, timezoneId: ZONE });
    }, 120_000);

    afterAll(async () => {
      await win.context.close();
      await stack.close();
    });

    it('trusts the CA, finds the server from the address, asks for the password, signs in', async () => {
      const { page } = win;
      const lang = locale.slice(0, 2);
      const https = stack.httpsSim;
      if (https?.caPem === undefined) throw new Error('no https simulator');
      await openSettings(page, t);

      // The CA, from a file, as a user chooses it.
      const trust = page.getByTestId('trust-ca');
      await trust.locator('input[type=file]').setInputFiles({
        name: 'contoso-ca.pem',
        mimeType: 'application/x-pem-file',
        buffer: Buffer.from(https.caPem),
      });
      const shown = trust.getByTestId('trusted-ca');
      await shown.waitFor();
      const fingerprint = new X509Certificate(https.caPem).fingerprint256;
      expect(await shown.textContent()).toContain(t.account.trustSubject('CN=localhost'));
      expect((await shown.textContent())?.replace(/\u200b/g, '')).toContain(fingerprint);
      expect(stack.companion.getSnapshot().settings.trustedCaPem).toContain('BEGIN CERTIFICATE');
      await trust.scrollIntoViewIfNeeded();
      await shot(page, `sign-in-discovery-${lang}-1-trusted-ca`);

      // Email first: only the address, the main action in sight.
      // Back to the top of Settings, whichever element scrolls.
      await page.evaluate("for (const el of document.querySelectorAll('*')) el.scrollTop = 0");
      await form(page).locator('input[type=email]').fill(ALEX);
      expect(await form(page).locator('input[type=password]').count()).toBe(0);
      const next = form(page).getByRole('button', { name: t.account.continue, exact: true });
      await aboveTheFold(next);
      await shot(page, `sign-in-discovery-${lang}-2-address`);
      await next.click();

      const step = form(page).getByTestId('discovered');
      await step.waitFor({ timeout: 20_000 });
      expect(await step.getAttribute('data-method')).toBe('password');
      await waitForText(step, t.account.foundServer(new URL(https.ewsUrl).host));
      const password = form(page).locator('input[type=password]');
      await password.fill(https.users[0]?.password ?? '');
      const submit = form(page).getByRole('button', { name: t.settings.signIn, exact: true });
      await aboveTheFold(submit);
      await shot(page, `sign-in-discovery-${lang}-3-password`);
      // Nothing says signed in before Exchange accepted the password.
      expect(stack.companion.getSnapshot().account.mode).toBe('demo');
      await submit.click();

      await expect
        .poll(() => stack.companion.getSnapshot().account, { timeout: 20_000 })
        .toMatchObject({ mode: 'exchange', signIn: 'signed-in', ewsUrl: https.ewsUrl });
      const name = stack.companion.getSnapshot().account.displayName;
      await waitForText(page.getByTestId('account'), t.settings.signedInAs(name, ALEX), 15_000);
      expect(stack.companion.getSnapshot().signInProgress).toBeNull();
      await shot(page, `sign-in-discovery-${lang}-4-signed-in`);
      expect(win.errors).toEqual([]);
    }, 90_000);
  },
);

describe.each(LANGUAGES)('discovery that finds nothing asks for the server (%s)', (locale, t) => {
  let stack: Stack;
  let win: OpenWindow;

  beforeAll(async () => {
    stack = await startStack({
      // v2 on a port nothing listens on, no SRV: beacon.test has no Autodiscover.
      discovery: () => ({
        v2BaseUrl: 'http://127.0.0.1:9',
        resolveSrv: () => Promise.resolve([]),
        timeoutMs: 5_000,
      }),
    });
    win = await openWindow(stack, { locale, timezoneId: ZONE });
  }, 120_000);

  afterAll(async () => {
    await win.context.close();
    await stack.close();
  });

  it('says so in words, shows the server field, and signs in with it', async () => {
    const { page } = win;
    const lang = locale.slice(0, 2);
    await openSettings(page, t);
    // Settings as it opens: the address and Continue are in sight without scrolling.
    const next = form(page).getByRole('button', { name: t.account.continue, exact: true });
    await aboveTheFold(next);
    await shot(page, `sign-in-discovery-${lang}-0-opened`);
    await form(page).locator('input[type=email]').fill(ALEX);
    await next.click();

    const step = form(page).getByTestId('discovered');
    await step.waitFor({ timeout: 30_000 });
    expect(await step.getAttribute('data-failed')).toBe('true');
    expect(((await step.textContent()) ?? '').replace(/\u200b/g, '')).toBe(
      t.account.notFound('beacon.test'),
    );
    const server = form(page).getByLabel(t.account.serverLabel, { exact: true });
    await server.fill(stack.sim.ewsUrl);
    await form(page)
      .locator('input[type=password]')
      .fill(stack.sim.users[0]?.password ?? '');
    const submit = form(page).getByRole('button', { name: t.settings.signIn, exact: true });
    await aboveTheFold(submit);
    await shot(page, `sign-in-discovery-${lang}-manual-server`);
    await submit.click();

    await expect
      .poll(() => stack.companion.getSnapshot().account, { timeout: 20_000 })
      .toMatchObject({ mode: 'exchange', signIn: 'signed-in', ewsUrl: stack.sim.ewsUrl });
    expect(win.errors).toEqual([]);
  }, 90_000);
});
