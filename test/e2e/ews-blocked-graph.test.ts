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
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_TEXT } from '../../src-main/auth/oauth/loopback.js';
import { createCompanion, type Companion } from '../../src-main/core/companion/index.js';
import type { SchedulerClock } from '../../src-main/core/scheduler.js';
import { CsdlSchemaChecker } from '../../src-main/sim/graph/csdl-checker.js';
import { startSimulator, type RunningSimulator } from '../../src-main/sim/index.js';
import { startWebShell, type WebShell } from '../../src-main/web/index.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import type { Messages } from '../../src-renderer/i18n/messages.js';
import {
  startOidcAuthority,
  TEST_EWS_SCOPE,
  type OidcAuthority,
} from '../support/oidc-authority.js';
import { SimAdmin } from '../support/sim-admin.js';
import {
  ALEX,
  ARTIFACTS,
  buildRenderer,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  LOCALE,
  runningClockFrom,
  START,
  ZONE,
} from './support.js';
import { openPage, waitForText, type OpenWindow } from './window-support.js';

const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const GRAPH_SCOPES = [
  'User.Read',
  'Calendars.Read',
  'MailboxSettings.ReadWrite',
  'Mail.ReadWrite',
  'People.Read',
  'User.ReadBasic.All',
  'Presence.Read.All',
  'Presence.ReadWrite',
];

const form = (page: Page): Locator => page.getByTestId('sign-in-form');

/** Chromium trusts the authority's certificate by its public key alone (the SPKI pin list). */
function spkiPin(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

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
 * only a Graph configured for it), the web shell and Chromium.
 */
async function startWorld(): Promise<World> {
  const authority = await startOidcAuthority({
    audience: GRAPH_AUDIENCE,
    resourceScopes: [TEST_EWS_SCOPE, ...GRAPH_SCOPES],
    accessTokenSeconds: 600,
    adminConsent: true,
  });
  const workDir = await mkdtemp(path.join(tmpdir(), 'beacon-e2e-ews-blocked-'));
  const staticDir = path.join(workDir, 'renderer');
  await mkdir(path.join(workDir, 'data'), { recursive: true });
  await writeFile(
    path.join(workDir, 'data', 'settings.json'),
    JSON.stringify({
      account: {
        demo: false,
        oauth: { clientId: authority.clientId, authority: authority.issuer },
      },
    }),
  );
  const clock = runningClockFrom(START);
  const [sim, browser] = await Promise.all([
    startSimulator({
      https: true,
      strict: false,
      graphChecker: CsdlSchemaChecker.load(),
      now: () => new Date(clock.now()),
      oauth: {
        issuer: authority.issuer,
        audience: GRAPH_AUDIENCE,
        jwksUri: authority.jwksUri,
        caPem: authority.caPem,
        basic: false,
      },
    }),
    chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spkiPin(authority.caPem)}`],
    }),
    buildRenderer(staticDir),
  ]);
  const admin = new SimAdmin(sim);
  const opened: string[] = [];
  const simUrl = new URL(sim.baseUrl);
  const companion = await createCompanion({
    dataDir: path.join(workDir, 'data'),
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: (url) => {
      opened.push(url);
    },
    extraCa: `${sim.caPem ?? ''}\n${authority.caPem}`,
    oauthEwsScope: TEST_EWS_SCOPE,
    oauthGraphScopes: GRAPH_SCOPES,
    graphUrl: sim.graphUrl,
    discovery: {
      // No v2 endpoint and no DNS for beacon.test: the SRV record names the simulator.
      v2BaseUrl: 'http://127.0.0.1:9',
      resolveSrv: (name: string) =>
        Promise.resolve(
          name === '_autodiscover._tcp.beacon.test'
            ? [{ name: simUrl.hostname, port: Number(simUrl.port), priority: 0, weight: 0 }]
            : [],
        ),
      timeoutMs: 3_000,
    },
  });
  companion.start();
  await companion.whenIdle();
  const shell = await startWebShell({
    api: companion,
    port: 0,
    staticDir,
    voicemailAudio: companion.voicemailAudio,
  });
  return {
    authority,
    clock,
    sim,
    admin,
    companion,
    shell,
    browser,
    opened,
    close: async () => {
      await browser.close();
      await shell.close();
      await companion.stop();
      await admin.close();
      await sim.close();
      await authority.close();
      await rm(workDir, { recursive: true, force: true });
    },
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
