/**
 * "Sign in with Microsoft" end to end in Chromium at 360×560, in English and Korean: the window
 * (web shell → companion) takes the address, discovery finds an Autodiscover endpoint that wants
 * a token (the https simulator with Basic off, as Exchange Online; reached through an SRV record
 * since beacon.test has no DNS), and the browser sign-in starts. The shell's vetted opener hands
 * the authority's URL to the test (as Electron's system browser would get it), and the window
 * shows the same page as a link: clicking it opens a new Chromium page, as the web shell's user
 * would: the oidc-provider's login form, consent, and the redirect to Beacon's loopback listener. The
 * companion then asks Autodiscover again with the token, and the window shows the account and
 * the agenda, read from the simulator with that token (verified against the authority's JWKS).
 * Also: Cancel while the browser page is open, and a redirect with the wrong state.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_TEXT } from '../../src-main/auth/oauth/loopback.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import type { OidcAuthority } from '../support/oidc-authority.js';
import { SimAdmin } from '../support/sim-admin.js';
import { ALEX, ARTIFACTS, ZONE, startStack, type Stack } from './support.js';
import { openWindow, waitForText, type OpenWindow } from './window-support.js';

const form = (page: Page): Locator => page.getByTestId('sign-in-form');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** The element is inside the 360×560 window without scrolling. */
async function inView(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(560);
  expect((box?.x ?? Infinity) + (box?.width ?? 0)).toBeLessThanOrEqual(360);
}

interface World {
  authority: OidcAuthority;
  stack: Stack;
  httpsAdmin: SimAdmin;
}

/**
 * The authority, the https simulator trusting it (Basic off, as Exchange Online), discovery that
 * finds it through an SRV record, and the companion that knows the authority: startStack's oauth.
 */
async function startWorld(): Promise<World> {
  const stack = await startStack({ oauth: {} });
  if (stack.authority === undefined || stack.httpsAdmin === undefined)
    throw new Error('startStack started no authority');
  return { authority: stack.authority, stack, httpsAdmin: stack.httpsAdmin };
}

/** From the signed-out window: the address, Continue, and "Sign in with Microsoft". */
async function startBrowserSignIn(world: World, page: Page, t: Messages): Promise<void> {
  if (!(await page.getByTestId('settings-view').isVisible()))
    await page.getByRole('button', { name: t.settings.title, exact: true }).click();
  await page.getByTestId('settings-view').waitFor();
  await form(page).locator('input[type=email]').fill(ALEX);
  await form(page).getByRole('button', { name: t.account.continue, exact: true }).click();
  const step = form(page).getByTestId('discovered');
  await step.waitFor({ timeout: 30_000 });
  expect(await step.getAttribute('data-method')).toBe('oauth');
  const before = world.stack.opened.length;
  await form(page).getByRole('button', { name: t.account.signInMicrosoft, exact: true }).click();
  await form(page).getByTestId('browser-step').waitFor({ timeout: 15_000 });
  await expect.poll(() => world.stack.opened.length, { timeout: 15_000 }).toBe(before + 1);
}

/** The browser the user signs in with: a second page, not the window. */
async function openAuthority(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** The authority's login form and consent, as a person fills them. */
async function logInAndConsent(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Login').fill(ALEX);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
}

const LANGUAGES: [string, Messages][] = [
  ['en-GB', en],
  ['ko-KR', ko],
];

describe.each(LANGUAGES)('Sign in with Microsoft in the browser (%s)', (locale, t) => {
  let world: World;
  let win: OpenWindow;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    world = await startWorld();
    win = await openWindow(world.stack, { locale, timezoneId: ZONE });
  }, 120_000);

  afterAll(async () => {
    await win.context.close();
    // The stack closes the authority and the https simulator's admin client too.
    await world.stack.close();
  });

  it('address → discovery → the browser step → login and consent → signed in, agenda from the token', async () => {
    const { page } = win;
    const { stack, authority } = world;
    const lang = locale.slice(0, 2);
    await startBrowserSignIn(world, page, t);

    // The window says what to do, with Cancel in sight.
    const step = form(page).getByTestId('browser-step');
    expect(((await step.textContent()) ?? '').replace(/\u200b/g, '')).toBe(t.account.browser);
    const cancel = form(page).getByRole('button', { name: t.account.cancel, exact: true });
    const link = form(page).getByRole('link', { name: t.account.openSignInPage, exact: true });
    await inView(step);
    await inView(link);
    await inView(cancel);
    // During the browser step Cancel is the one way out: no Sign out beside it.
    expect(await page.getByRole('button', { name: t.settings.signOut, exact: true }).count()).toBe(
      0,
    );
    await shot(page, `sign-in-oauth-${lang}-browser-step`);

    // Only the authority was opened, over https, with a loopback redirect and PKCE: by the shell
    // (the desktop's system browser) and as the window's link, the same page.
    const opened = new URL(stack.opened.at(-1) ?? '');
    expect(opened.origin).toBe(authority.issuer);
    expect(opened.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(opened.searchParams.get('code_challenge_method')).toBe('S256');
    expect(await link.getAttribute('href')).toBe(opened.toString());
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    // The user of the web shell clicks the link: the authority opens in a new page of the same
    // browser (a click, so no popup blocker), and the login and consent happen there.
    const [browser] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await browser.waitForLoadState();
    expect(new URL(browser.url()).origin).toBe(authority.issuer);
    await logInAndConsent(browser);
    // The loopback's page: signed in, come back to Beacon.
    await browser.getByRole('heading', { name: PAGE_TEXT.done.title }).waitFor({ timeout: 15_000 });
    await browser.close();

    await expect
      .poll(() => stack.companion.getSnapshot().account, { timeout: 30_000 })
      .toMatchObject({
        mode: 'exchange',
        mailbox: ALEX,
        signIn: 'signed-in',
        auth: 'oauth',
        ewsUrl: stack.httpsSim?.ewsUrl,
      });
    const account = stack.companion.getSnapshot().account;
    await waitForText(
      page.getByTestId('account'),
      t.settings.signedInAs(account.displayName, ALEX),
      15_000,
    );
    expect(stack.companion.getSnapshot().signInProgress).toBeNull();
    await shot(page, `sign-in-oauth-${lang}-signed-in`);

    // The agenda, read from the https simulator with the authority's token.
    await page.getByRole('button', { name: t.settings.back, exact: true }).click();
    const agenda = page.locator('.agenda-subject');
    await agenda.first().waitFor({ timeout: 20_000 });
    expect(await agenda.allTextContents()).toContain('Design review');
    const log = await world.httpsAdmin.requests();
    const reads = log.filter((r) => r.operation === 'FindItem');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.status === 200 && r.user === ALEX)).toBe(true);
    // Autodiscover: first asked without credentials (401, Bearer only), then with the token.
    const pox = log
      .filter((r) => r.operation === 'Autodiscover.xml')
      .map((r) => [r.status, r.user]);
    expect(pox).toEqual([
      [401, null],
      [200, ALEX],
    ]);
    expect(win.errors).toEqual([]);
  }, 120_000);

  it('a tenant that blocks EWS: the window says so, what to ask for, and that Graph is what works', async () => {
    const { page } = win;
    const { stack, authority } = world;
    const lang = locale.slice(0, 2);
    if (!(await page.getByTestId('settings-view').isVisible()))
      await page.getByRole('button', { name: t.settings.title, exact: true }).click();
    await page.getByRole('button', { name: t.settings.signOut, exact: true }).click();
    await expect.poll(() => stack.companion.getSnapshot().account.mode).toBe('signed-out');
    await world.httpsAdmin.inject({ operation: '*', kind: 'ews-blocked', count: 50 });
    await startBrowserSignIn(world, page, t);
    const browser = await openAuthority(stack.browser, stack.opened.at(-1) ?? '');
    await logInAndConsent(browser);
    await browser.getByRole('heading', { name: PAGE_TEXT.done.title }).waitFor({ timeout: 15_000 });
    await browser.context().close();

    const error = form(page).getByTestId('sign-in-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.getAttribute('data-reason')).toBe('ews-blocked');
    expect(((await error.textContent()) ?? '').replace(/\u200b/g, '')).toBe(
      t.signIn.failure.ewsBlocked,
    );
    expect(await page.locator('body').innerText()).not.toContain('EwsBlockedByApplicationPolicy');
    await inView(error);
    await shot(page, `sign-in-oauth-${lang}-ews-blocked`);
    expect(authority.issuer).toMatch(/^https:/);
    await world.httpsAdmin.clearFaults();
    expect(win.errors).toEqual([]);
  }, 120_000);
});

describe('the browser sign-in: Cancel, and a redirect that is not Beacon’s', () => {
  let world: World;
  let win: OpenWindow;

  beforeAll(async () => {
    world = await startWorld();
    win = await openWindow(world.stack, { locale: 'en-GB', timezoneId: ZONE });
  }, 120_000);

  afterAll(async () => {
    await win.context.close();
    // The stack closes the authority and the https simulator's admin client too.
    await world.stack.close();
  });

  it('Cancel in the window while the browser page is open stops the sign-in', async () => {
    const { page } = win;
    const { stack } = world;
    await startBrowserSignIn(world, page, en);
    const url = stack.opened.at(-1) ?? '';
    const browser = await openAuthority(stack.browser, url);
    await browser.getByRole('heading', { name: 'Sign in' }).waitFor();

    await form(page).getByRole('button', { name: en.account.cancel, exact: true }).click();
    await expect.poll(() => stack.companion.getSnapshot().signInProgress).toBeNull();
    await form(page).locator('input[type=email]').waitFor();
    expect(await form(page).getByTestId('browser-step').count()).toBe(0);

    // Finishing in the browser now reaches no listener: nothing signs in behind the user's back.
    const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
    await logInAndConsent(browser).catch(() => undefined);
    await browser
      .waitForURL((u) => u.toString().startsWith(redirect), { timeout: 15_000 })
      .catch(() => undefined);
    expect(await browser.getByRole('heading', { name: PAGE_TEXT.done.title }).count()).toBe(0);
    await browser.context().close();
    expect(stack.companion.getSnapshot().account).toMatchObject({ mode: 'signed-out' });
    expect(stack.companion.getSnapshot().settings.account.mailbox).toBeUndefined();
    expect((await world.httpsAdmin.requests()).filter((r) => r.operation === 'FindItem')).toEqual(
      [],
    );
  }, 90_000);

  it('a redirect with the wrong state gets the refusal page; the real one still signs in', async () => {
    const { page } = win;
    const { stack } = world;
    await startBrowserSignIn(world, page, en);
    const url = new URL(stack.opened.at(-1) ?? '');
    const redirect = url.searchParams.get('redirect_uri') ?? '';
    const browser = await openAuthority(stack.browser, url.toString());

    // A page elsewhere sends the browser to Beacon's listener with a state of its own.
    const forged = await browser.context().newPage();
    const answer = await forged.goto(`${redirect}/?code=forged&state=not-beacons`);
    expect(answer?.status()).toBe(400);
    await forged.getByRole('heading', { name: PAGE_TEXT.wrongState.title }).waitFor();
    expect(await forged.locator('body').innerText()).toContain(PAGE_TEXT.wrongState.lines[0]);
    await forged.screenshot({ path: path.join(ARTIFACTS, 'sign-in-oauth-wrong-state.png') });
    expect(stack.companion.getSnapshot().signInProgress?.step).toBe('browser');

    await logInAndConsent(browser);
    await browser.getByRole('heading', { name: PAGE_TEXT.done.title }).waitFor({ timeout: 15_000 });
    await browser.context().close();
    await expect
      .poll(() => stack.companion.getSnapshot().account, { timeout: 30_000 })
      .toMatchObject({ signIn: 'signed-in', auth: 'oauth', mailbox: ALEX });
    expect(win.errors).toEqual([]);
  }, 90_000);
});
