/**
 * The web shell as a real browser sees it: Chromium → web shell → companion → simulator, over
 * real sockets, wired as `npm run web` wires them (src-main/web/main.ts): the page opener routes
 * Join to the page that pressed it, the pages' activity is the companion's idle source, and the
 * page's hello sets the viewer's zone. Last, the shell restarts on the same port with a new token
 * and the open page must say what to do instead of reconnecting for ever. All of it twice: the
 * demo mailbox over EWS, then over Microsoft Graph (the simulator's Graph face CSDL-checked).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../src-main/core/companion/index.js';
import type { Viewer } from '../../src-main/core/contract.js';
import type { SchedulerClock } from '../../src-main/core/scheduler.js';
import { idleChanged } from '../../src-main/electron/os/idle-threshold.js';
import type { IdleInput } from '../../src-main/presence/index.js';
import { CsdlSchemaChecker } from '../../src-main/sim/graph/csdl-checker.js';
import { startSimulator, type RunningSimulator } from '../../src-main/sim/index.js';
import { PageActivity } from '../../src-main/web/page-activity.js';
import { PageOpener } from '../../src-main/web/page-opener.js';
import { startWebShell, type WebShell, type WebShellOptions } from '../../src-main/web/server.js';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import {
  ARTIFACTS,
  BACKENDS,
  CHROMIUM_PATH,
  LOCALE,
  START,
  ZONE,
  buildRenderer,
  runningClockFrom,
  shotSuffix,
} from './support.js';
import { SimAdmin } from '../support/sim-admin.js';
import { serverErrors } from './server-errors.js';
import { hhmm, openPage, textOf, waitForText, type OpenWindow } from './window-support.js';

const SEOUL = 'Asia/Seoul';
const NEW_TOKEN = 'N'.repeat(43);

describe.each(BACKENDS)('the mailbox over %s', (backend) => {
  let workDir: string;
  let sim: RunningSimulator;
  let browser: Browser;
  let companion: Companion;
  let shell: WebShell;
  let shellOptions: WebShellOptions;
  /** Started when the suite starts: each backend's demo day begins at START. */
  let clock: SchedulerClock;
  /** Links the companion handed to no page (main.ts prints them): none may appear here. */
  const printed: string[] = [];
  const viewers: Viewer[] = [];
  /** Added to the pages' clock: how long the user has "been away" without waiting for it. */
  let skewMs = 0;
  const pages = new PageActivity(
    () => clock.now() + skewMs,
    () => {
      checkIdle();
    },
  );
  let lastIdle: IdleInput | undefined;

  /** main.ts's check, run on every page report and on its 5-second tick (called by hand here). */
  function checkIdle(): void {
    const next = pages.idle();
    if (idleChanged(lastIdle, next, companion.getSnapshot().settings.presence))
      companion.notifyIdleChanged();
    lastIdle = next;
  }

  /**
   * The shell's page in a fresh window. Its "now" is the companion's: the demo's meeting is in
   * progress for both.
   */
  function openShellPage(locale: string, timezoneId: string): Promise<OpenWindow> {
    return openPage(browser, shell.url, { locale, timezoneId, now: clock.now() });
  }

  let la: OpenWindow;
  let bystander: OpenWindow;
  let seoul: OpenWindow;

  beforeAll(async () => {
    clock = runningClockFrom(START);
    workDir = await mkdtemp(path.join(tmpdir(), 'beacon-e2e-web-'));
    const staticDir = path.join(workDir, 'renderer');
    if (backend === 'graph') {
      // The protocol choice the demo follows (Settings › Connection to Exchange).
      await mkdir(path.join(workDir, 'data'), { recursive: true });
      await writeFile(
        path.join(workDir, 'data', 'settings.json'),
        JSON.stringify({ account: { backend: 'graph' } }),
      );
    }
    [sim, browser] = await Promise.all([
      startSimulator({
        now: () => new Date(clock.now()),
        ...(backend === 'graph' ? { graphChecker: CsdlSchemaChecker.load() } : {}),
      }),
      chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--no-first-run',
        ],
      }),
      buildRenderer(staticDir),
    ]);
    const opener = new PageOpener();
    companion = await createCompanion({
      dataDir: path.join(workDir, 'data'),
      timeZone: ZONE,
      locale: LOCALE,
      clock,
      // As main.ts: the page whose command runs opens the link; otherwise it is printed.
      openExternal: (url) => {
        if (!opener.open(url)) printed.push(url);
      },
      idle: () => pages.idle(),
      startDemoMailbox: () =>
        Promise.resolve({
          ewsUrl: sim.ewsUrl,
          graphUrl: sim.graphUrl,
          users: sim.users,
          close: () => Promise.resolve(),
        }),
    });
    companion.start();
    await companion.whenIdle();
    // The suite's backend really reads the mailbox (a fall-back to EWS would prove nothing).
    expect(companion.getSnapshot().account.protocol).toBe(backend);
    shellOptions = {
      // The companion itself, with a window on what the pages' hellos asked of it.
      api: {
        ...companion,
        setViewer: (viewer) => {
          viewers.push(viewer);
          companion.setViewer(viewer);
        },
      },
      port: 0,
      staticDir,
      opener,
      pages,
    };
    shell = await startWebShell(shellOptions);
    la = await openShellPage(LOCALE, ZONE);
    bystander = await openShellPage(LOCALE, ZONE);
  }, 90_000);

  afterAll(async () => {
    await browser.close();
    await shell.close();
    await companion.stop();
    await sim.close();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('the web shell in Chromium', () => {
    it('opens Join in a new tab of the page that pressed it, at the vetted https link', async () => {
      const review = companion
        .getSnapshot()
        .agenda.find((item) => item.subject === 'Design review');
      const joinUrl = review?.joinUrl;
      expect(joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
      if (joinUrl === undefined) return;

      // Nothing leaves the machine: every request off the shell is answered here and recorded.
      const requested: { url: string; referer: string | undefined }[] = [];
      await la.context.route(
        (url) => url.host !== new URL(shell.url).host,
        async (route) => {
          requested.push({
            url: route.request().url(),
            referer: route.request().headers().referer,
          });
          await route.fulfill({
            status: 200,
            contentType: 'text/html',
            body: '<title>Meeting</title>',
          });
        },
      );
      const bystanderPages: Page[] = [];
      bystander.context.on('page', (page) => bystanderPages.push(page));

      const [tab] = await Promise.all([
        la.context.waitForEvent('page', { timeout: 8000 }),
        la.page.getByRole('button', { name: en.today.joinLabel('Design review') }).click(),
      ]);
      await tab.waitForLoadState();
      expect(tab.url()).toBe(joinUrl);
      expect(requested).toEqual([{ url: joinUrl, referer: undefined }]);
      // noopener: the meeting's tab cannot reach back into Beacon's page.
      expect(await tab.evaluate('window.opener')).toBeNull();
      // Beacon's page stays where it was (its token already out of the address bar).
      expect(la.page.url()).toBe(`http://127.0.0.1:${String(shell.port)}/`);

      // The other page got nothing, and the companion had no link left over to print.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(bystanderPages).toEqual([]);
      expect(bystander.context.pages()).toHaveLength(1);
      expect(printed).toEqual([]);
      await tab.close();
      expect(la.errors).toEqual([]);
    });

    it("sets the companion's viewer zone from the page's hello: a Seoul browser gets Seoul times", async () => {
      const review = companion
        .getSnapshot()
        .agenda.find((item) => item.subject === 'Design review');
      if (review === undefined) throw new Error('the demo has no Design review');
      expect(viewers.map((v) => v.timeZone)).toEqual([ZONE, ZONE]);
      expect(Date.parse(companion.getSnapshot().timeline?.start ?? '')).toBe(
        Date.parse('2025-06-10T07:00:00Z'),
      );
      expect(companion.getSnapshot().presence.activityText).toContain(hhmm(review.end, ZONE));

      seoul = await openShellPage('ko-KR', SEOUL);
      await expect.poll(() => viewers.at(-1)).toEqual({ timeZone: SEOUL });
      // The core's own text (the tray tooltip's) now reads Seoul's wall clock, not Los Angeles'.
      await expect
        .poll(() => companion.getSnapshot().presence.activityText)
        .toContain(hhmm(review.end, SEOUL));
      expect(companion.getSnapshot().presence.activityText).not.toContain(hhmm(review.end, ZONE));
      // "Today" is the viewer's: the day the core reads starts at Seoul's midnight, not Los Angeles'.
      await expect
        .poll(() => Date.parse(companion.getSnapshot().timeline?.start ?? ''), { timeout: 8000 })
        .toBe(Date.parse('2025-06-10T15:00:00Z'));
      expect(seoul.errors).toEqual([]);
    });

    it("feeds the page's activity to the companion's idle source", async () => {
      const { presence } = companion.getSnapshot().settings;
      expect(companion.getSnapshot().presence.idle).toBe(false);

      // Nobody touched any page for a minute past "inactive": the shell's next tick sees it.
      skewMs += (presence.inactiveAfterMinutes + 1) * 60_000;
      checkIdle();
      await expect.poll(() => companion.getSnapshot().presence.idle).toBe(true);
      expect(pages.idle().idleSeconds).toBeGreaterThanOrEqual(presence.inactiveAfterMinutes * 60);

      // The user moves the pointer over the Seoul page (never touched before: no throttle yet).
      await seoul.page.mouse.move(100, 200);
      await seoul.page.mouse.move(120, 220);
      await expect.poll(() => companion.getSnapshot().presence.idle).toBe(false);
      expect(pages.idle().idleSeconds).toBe(0);

      // Coming back to the tab counts too (the browser fires this when the tab is shown again).
      skewMs += (presence.inactiveAfterMinutes + 1) * 60_000;
      checkIdle();
      await expect.poll(() => companion.getSnapshot().presence.idle).toBe(true);
      await seoul.page.evaluate(`document.dispatchEvent(new Event('visibilitychange'))`);
      await expect.poll(() => companion.getSnapshot().presence.idle).toBe(false);
      expect(seoul.errors).toEqual([]);
    });

    it('after a restart with a new token, the open pages say to open the printed address and stop reconnecting', async () => {
      const sockets: string[] = [];
      const checks: string[] = [];
      la.page.on('websocket', (socket) => sockets.push(socket.url()));
      la.page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/session') checks.push(request.url());
      });

      const port = shell.port;
      await shell.close();
      shell = await startWebShell({ ...shellOptions, port, token: NEW_TOKEN });
      expect(shell.port).toBe(port);

      const down = la.page.getByTestId('bridge-down');
      await waitForText(down, en.footer.authLost, 15_000);
      await waitForText(seoul.page.getByTestId('bridge-down'), ko.footer.authLost, 15_000);
      expect(await textOf(down)).toBe(
        'Beacon was restarted with a new link. Open the address it printed.',
      );

      // No more sockets, only the one check per back-off step.
      const socketsAtLoss = sockets.length;
      const checksAtLoss = checks.length;
      await expect.poll(() => checks.length, { timeout: 12_000 }).toBeGreaterThan(checksAtLoss);
      expect(sockets.length).toBe(socketsAtLoss);
      await mkdir(ARTIFACTS, { recursive: true });
      await la.page.screenshot({
        path: path.join(ARTIFACTS, `web-shell-new-token${shotSuffix(backend)}.png`),
      });
      await seoul.page.screenshot({
        path: path.join(ARTIFACTS, `web-shell-new-token-ko${shotSuffix(backend)}.png`),
      });

      // Opening the printed address in this browser sets the new cookie: the old tab comes back.
      const fresh = await la.context.newPage();
      await fresh.goto(shell.url);
      await fresh.getByRole('heading', { level: 1 }).waitFor();
      await expect.poll(() => down.count(), { timeout: 15_000 }).toBe(0);
      expect(await textOf(la.page.getByRole('heading', { level: 1 }))).toBe('Alex Wilber');
    }, 60_000);
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    const admin = new SimAdmin(sim);
    try {
      expect(await serverErrors(admin)).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
