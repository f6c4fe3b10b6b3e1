/**
 * What the window says about Teams, end to end in Chromium (web shell → companion → the
 * simulator's CSDL-checked Graph face), at 360×560 in English and Korean:
 * - contacts whose presence comes from Teams are marked "Teams" (read as "Presence via Teams") in
 *   the list and the card, and the row stays inside the window (the demo mailbox over Graph);
 * - an Exchange account signed in with Microsoft on Graph whose token lacks Presence.ReadWrite (a
 *   real sign-in at a test OpenID Connect authority standing for Entra ID, whose token the Graph
 *   face's scope check refuses with a 403) shows, under
 *   "Show my Beacon status in Teams", that Teams is not accepting Beacon's status because the
 *   organisation has not allowed it, and when Beacon tries again.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCompanion,
  type Companion,
  type CompanionDeps,
} from '../../src-main/core/companion/index.js';
import { startWebShell, type WebShell } from '../../src-main/web/index.js';
import { startGraphSimulator } from '../integration/sim/graph/support.js';
import { SimAdmin } from '../support/sim-admin.js';
import {
  ALEX,
  ARTIFACTS,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  LOCALE,
  START,
  ZONE,
  GRAPH_SCOPES,
  buildRenderer,
  runningClockFrom,
  startStack,
} from './support.js';

const MEGAN = 'megan@beacon.test';

let browser: Browser;
let workDir: string;
let staticDir: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'beacon-e2e-teams-'));
  staticDir = path.join(workDir, 'renderer');
  [browser] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
    buildRenderer(staticDir),
    mkdir(ARTIFACTS, { recursive: true }),
  ]);
}, 120_000);

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await browser.close();
  await rm(workDir, { recursive: true, force: true });
});

/** The companion over `deps` and the web shell serving the renderer to it. */
async function startWindow(
  name: string,
  deps: Omit<CompanionDeps, 'dataDir' | 'timeZone' | 'locale' | 'openExternal'>,
  settings: object,
): Promise<{ companion: Companion; shell: WebShell }> {
  const dataDir = path.join(workDir, name);
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
  const companion = await createCompanion({
    dataDir,
    timeZone: ZONE,
    locale: LOCALE,
    openExternal: () => undefined,
    voicemailPeaksDelayMs: 0,
    ...deps,
  });
  companion.start();
  await companion.whenIdle();
  const shell = await startWebShell({
    api: companion,
    port: 0,
    staticDir,
    voicemailAudio: companion.voicemailAudio,
  });
  closers.push(async () => {
    await shell.close();
    await companion.stop();
  });
  return { companion, shell };
}

async function pageIn(shell: WebShell, locale: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 560 },
    locale,
    timezoneId: ZONE,
  });
  closers.push(() => context.close());
  const page = await context.newPage();
  await page.goto(shell.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

describe('contacts whose presence comes from Teams', () => {
  let shell: WebShell;
  let companion: Companion;

  beforeAll(async () => {
    const clock = runningClockFrom(START);
    const sim = await startGraphSimulator({ now: () => new Date(clock.now()) });
    const admin = new SimAdmin(sim);
    closers.push(async () => {
      await admin.close();
      await sim.close();
    });
    // Megan is presenting in Teams; the others have no Teams state (their calendars speak).
    await admin.setTeamsPresence(MEGAN, { availability: 'DoNotDisturb', activity: 'Presenting' });
    ({ shell, companion } = await startWindow(
      'contacts',
      {
        clock,
        startDemoMailbox: () =>
          Promise.resolve({
            ewsUrl: sim.ewsUrl,
            graphUrl: sim.graphUrl,
            users: sim.users,
            close: () => Promise.resolve(),
          }),
      },
      { account: { backend: 'graph' } },
    ));
    const { account, contacts } = companion.getSnapshot();
    expect(account.protocol).toBe('graph');
    expect(contacts.find((c) => c.address === MEGAN)?.presence.source).toBe('teams');
  }, 120_000);

  for (const [lang, locale, tab, label, back] of [
    ['en', 'en-GB', 'Contacts', 'Presence via Teams', 'Back'],
    ['ko', 'ko-KR', '연락처', 'Teams에서 가져온 상태', '뒤로'],
  ] as const)
    it(`marks them in the row and the card, inside 360 px (${lang})`, async () => {
      const page = await pageIn(shell, locale);
      await page.getByRole('tab', { name: tab }).click();
      const megan = page.locator(`.contact-row[data-address="${MEGAN}"]`);
      await megan.waitFor();
      const tag = megan.locator('.tag-teams');
      expect(await tag.getAttribute('title')).toBe(label);
      expect(await tag.locator('[aria-hidden="true"]').textContent()).toBe('Teams');
      // The row's name for a screen reader says where the presence comes from.
      expect(await megan.textContent()).toContain(label);
      // Only Teams-sourced rows carry the mark; calendar ones keep theirs.
      const sources = new Map(companion.getSnapshot().contacts.map((c) => [c.address, c]));
      for (const contactRow of await page.locator('.contact-row').all()) {
        const address = (await contactRow.getAttribute('data-address')) ?? '';
        const marked = await contactRow.locator('.tag-teams').count();
        expect(marked).toBe(sources.get(address)?.presence.source === 'teams' ? 1 : 0);
      }
      const box = await megan.boundingBox();
      expect(box === null ? Infinity : box.x + box.width).toBeLessThanOrEqual(360);
      expect(
        await page.evaluate<number>('document.documentElement.scrollWidth'),
      ).toBeLessThanOrEqual(360);
      await megan.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `contacts-teams-${lang}.png`) });

      await megan.click();
      const card = page.getByTestId('card-from-teams');
      await card.waitFor();
      expect(await card.textContent()).toBe(label);
      await page.screenshot({ path: path.join(ARTIFACTS, `contact-card-teams-${lang}.png`) });
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id),
      ).toEqual([]);
      await page.getByRole('button', { name: back, exact: true }).first().click();
    }, 60_000);
});

describe('Teams not accepting Beacon’s status', () => {
  let shell: WebShell;
  let companion: Companion;

  beforeAll(async () => {
    // Signed in with Microsoft on Graph (the authority as Entra ID), with every Graph scope
    // Beacon asks for but Presence.ReadWrite: the organisation did not allow it.
    const stack = await startStack({
      oauth: {
        graph: true,
        entraId: true,
        signedIn: true,
        graphScopes: GRAPH_SCOPES.filter((s) => s !== 'Presence.ReadWrite'),
      },
    });
    closers.push(() => stack.close());
    ({ shell, companion } = stack);
    // Teams refuses the first set at once (a 403): the Snapshot says so.
    for (let i = 0; i < 200 && companion.getSnapshot().teams?.publishing !== 'failing'; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(companion.getSnapshot().teams).toMatchObject({
      publishing: 'failing',
      reason: 'not-allowed',
    });
    expect(companion.getSnapshot().account).toMatchObject({
      signIn: 'signed-in',
      auth: 'oauth',
      protocol: 'graph',
    });
    // The refusal was the Graph face's scope check on the authority's token, for Alex.
    const sets = (await stack.httpsAdmin?.requests())?.filter((r) =>
      r.operation.includes('setPresence'),
    );
    expect(sets?.map((r) => [r.user, r.status])[0]).toEqual([ALEX, 403]);
  }, 120_000);

  for (const [lang, locale, settings, title, teamsLabel, words] of [
    [
      'en',
      'en-GB',
      'Settings',
      'Connection to Exchange',
      'Show my Beacon status in Teams',
      /^Teams is not accepting Beacon’s status: your organisation has not allowed it\. Ask your administrator\. Beacon will try again at \d\d:\d\d\.$/,
    ],
    [
      'ko',
      'ko-KR',
      '설정',
      'Exchange 연결',
      'Teams에 Beacon 상태 표시',
      /^Teams가 Beacon의 상태를 받지 않습니다\. 조직에서 허용하지 않았습니다\. 관리자에게 문의하세요\. (오전|오후) ?\d{1,2}:\d\d에 다시 시도합니다\.$|^Teams가 Beacon의 상태를 받지 않습니다\. 조직에서 허용하지 않았습니다\. 관리자에게 문의하세요\. \d\d:\d\d에 다시 시도합니다\.$/,
    ],
  ] as const)
    it(`says so under the Teams switch, with when Beacon tries again (${lang})`, async () => {
      const page = await pageIn(shell, locale);
      await page.getByRole('button', { name: settings, exact: true }).click();
      const region = page.getByRole('region', { name: title, exact: true });
      await region.waitFor();
      expect(await region.getByLabel(teamsLabel).isChecked()).toBe(true);
      const status = region.getByTestId('teams-status');
      await expect.poll(() => status.getAttribute('data-state')).toBe('failing');
      expect((await status.textContent()) ?? '').toMatch(words);
      expect(await status.getAttribute('role')).toBe('status');
      await region.getByLabel(teamsLabel).evaluate((element) => {
        (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({
          block: 'center',
        });
      });
      expect(
        await page.evaluate<number>('document.documentElement.scrollWidth'),
      ).toBeLessThanOrEqual(360);
      await page.screenshot({ path: path.join(ARTIFACTS, `teams-not-allowed-${lang}.png`) });
    }, 60_000);

  it('turning the switch off says nothing more about Teams', async () => {
    const page = await pageIn(shell, 'en-GB');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const region = page.getByRole('region', { name: 'Connection to Exchange', exact: true });
    await region.getByLabel('Show my Beacon status in Teams').click();
    await expect.poll(() => companion.getSnapshot().teams?.publishing).toBe('off');
    await expect.poll(() => region.getByTestId('teams-status').textContent()).toBe('');
  }, 30_000);
});
