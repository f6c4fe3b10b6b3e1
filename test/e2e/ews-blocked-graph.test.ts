/**
 * The tenant blocks EWS and Graph answers: "Sign in with Microsoft" end to end in Chromium at
 * 360×560, in English and Korean. The authority is not known as Entra ID, so the sign-in asks for
 * EWS and discovery finds the https simulator's EWS (Basic off, as Exchange Online); EWS answers
 * with the tenant's block (403, X-EWS-Policy-Reason), and the account, automatic, moves to
 * Microsoft Graph with a token asked silently from the same sign-in (the tenant's administrator
 * consented to Graph's scopes). The window then says it is connected with Microsoft Graph and
 * shows the agenda, read through the simulator's Graph face (CSDL-checked) with the authority's
 * token. The case where Graph does not answer is in sign-in-oauth.test.ts.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_TEXT } from '../../src-main/auth/oauth/loopback.js';
import type { Companion } from '../../src-main/core/companion/index.js';
import type { SchedulerClock } from '../../src-main/core/scheduler.js';
import type { RunningSimulator } from '../../src-main/sim/index.js';
import type { WebShell } from '../../src-main/web/index.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import type { OidcAuthority } from '../support/oidc-authority.js';
import type { SimAdmin } from '../support/sim-admin.js';
import { ALEX, ARTIFACTS, startStack, ZONE } from './support.js';
import { openPage, waitForText, type OpenWindow } from './window-support.js';

const form = (page: Page): Locator => page.getByTestId('sign-in-form');

/** The element is inside the 360×560 window without scrolling further. */
async function inView(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
  expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(560);
  expect((box?.x ?? Infinity) + (box?.width ?? 0)).toBeLessThanOrEqual(360);
}

interface World {
  authority: OidcAuthority;
  clock: SchedulerClock;
  sim: RunningSimulator;
  admin: SimAdmin;
  companion: Companion;
  shell: WebShell;
  browser: Browser;
  opened: string[];
  close(): Promise<void>;
}

/**
 * The authority, the https simulator with EWS and Graph faces trusting it, the companion that
 * knows Graph's scopes and the simulator's Graph (an authority that is not Microsoft's reaches
 * only a Graph configured for it), the web shell and Chromium: startStack's oauth with Graph.
 * The account's server is the https simulator: `sim` and `admin` here are it and its admin API.
 */
async function startWorld(): Promise<World> {
  const stack = await startStack({ oauth: { graph: true } });
  const { authority, httpsSim, httpsAdmin } = stack;
  if (authority === undefined || httpsSim === undefined || httpsAdmin === undefined)
    throw new Error('startStack started no authority');
  return {
    authority,
    clock: stack.clock,
    sim: httpsSim,
    admin: httpsAdmin,
    companion: stack.companion,
    shell: stack.shell,
    browser: stack.browser,
    opened: stack.opened,
    close: () => stack.close(),
  };
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
  const before = world.opened.length;
  await form(page).getByRole('button', { name: t.account.signInMicrosoft, exact: true }).click();
  await form(page).getByTestId('browser-step').waitFor({ timeout: 15_000 });
  await expect.poll(() => world.opened.length, { timeout: 15_000 }).toBe(before + 1);
}

/** The browser the user signs in with (a second page): login and consent, as a person does. */
async function signInAtAuthority(browser: Browser, url: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Login').fill(ALEX);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.getByRole('heading', { name: PAGE_TEXT.done.title }).waitFor({ timeout: 15_000 });
  await context.close();
}

const LANGUAGES: [string, Messages][] = [
  ['en-GB', en],
  ['ko-KR', ko],
];

describe.each(LANGUAGES)('a tenant that blocks EWS, with Graph answering (%s)', (locale, t) => {
  let world: World;
  let win: OpenWindow;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    world = await startWorld();
    win = await openPage(world.browser, world.shell.url, {
      locale,
      timezoneId: ZONE,
      now: world.clock.now(),
    });
  }, 120_000);

  afterAll(async () => {
    await win.context.close();
    await world.close();
  });

  it('signs in, moves to Graph, says so, and shows the agenda read through Graph', async () => {
    const { page } = win;
    const { companion, admin } = world;
    const lang = locale.slice(0, 2);
    await admin.inject({ operation: '*', kind: 'ews-blocked', count: 50 });
    await startBrowserSignIn(world, page, t);
    await signInAtAuthority(world.browser, world.opened.at(-1) ?? '');

    await expect
      .poll(() => companion.getSnapshot().account, { timeout: 30_000 })
      .toMatchObject({
        mode: 'exchange',
        mailbox: ALEX,
        signIn: 'signed-in',
        auth: 'oauth',
        protocol: 'graph',
      });
    expect(companion.getSnapshot().settings.account).toMatchObject({
      mailbox: ALEX,
      auth: 'oauth',
      protocol: 'graph',
    });
    const account = companion.getSnapshot().account;
    expect(account.displayName).toBe(world.sim.users.find((u) => u.email === ALEX)?.displayName);
    await waitForText(
      page.getByTestId('account'),
      t.settings.signedInAs(account.displayName, ALEX),
      15_000,
    );
    // No block in the window: the account works, over Graph.
    expect(await form(page).getByTestId('sign-in-error').count()).toBe(0);
    const inUse = page.getByTestId('protocol-in-use');
    await inUse.scrollIntoViewIfNeeded();
    expect(((await inUse.textContent()) ?? '').replace(/\u200b/g, '')).toBe(
      t.protocol.inUse(t.protocol.graphName),
    );
    await inView(inUse);
    await page.screenshot({ path: path.join(ARTIFACTS, `ews-blocked-graph-${lang}.png`) });

    // The agenda, read through the Graph face with the authority's token.
    await page.getByRole('button', { name: t.settings.back, exact: true }).click();
    const agenda = page.locator('.agenda-subject');
    await agenda.first().waitFor({ timeout: 20_000 });
    expect(await agenda.allTextContents()).toContain('Design review');
    await page.screenshot({ path: path.join(ARTIFACTS, `ews-blocked-graph-${lang}-agenda.png`) });

    const log = await admin.requests();
    // EWS was asked once and answered with the block; nothing more went to it.
    const ews = log.filter(
      (r) => !r.operation.startsWith('Graph ') && !r.operation.startsWith('Autodiscover'),
    );
    expect(ews.length).toBeGreaterThan(0);
    expect(ews.every((r) => r.status === 403)).toBe(true);
    expect(ews.filter((r) => r.operation === 'FindItem')).toEqual([]);
    // Graph answered, every request as Alex with the authority's token, the calendar included.
    const graph = log.filter((r) => r.operation.startsWith('Graph '));
    expect(graph.length).toBeGreaterThan(0);
    expect(graph.every((r) => r.user === ALEX)).toBe(true);
    expect(graph.filter((r) => r.status >= 400)).toEqual([]);
    expect(graph.some((r) => r.operation.includes('calendarView'))).toBe(true);
    expect(win.errors).toEqual([]);
  }, 120_000);
});
