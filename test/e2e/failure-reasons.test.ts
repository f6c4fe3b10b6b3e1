/**
 * The footer and a failed Refresh say why, in Chromium against real failing servers: a host name
 * that does not resolve, a self-signed certificate (named by subject and fingerprint), a server
 * that never answers (a short deadline, one per Refresh, with "Updating… n s" while it hangs) and
 * a 503 — in English and in Korean, with screenshots. Each case is the demo mailbox pointed at
 * that server.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../src-main/core/companion/index.js';
import { startSimulator, type RunningSimulator } from '../../src-main/sim/index.js';
import { startWebShell, type WebShell } from '../../src-main/web/server.js';
import { en } from '../../src-renderer/i18n/index.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import { ARTIFACTS, buildRenderer, CHROMIUM_ARGS, CHROMIUM_PATH, ZONE } from './support.js';
import { openPage, waitForText, type OpenWindow } from './window-support.js';

let workDir: string;
let staticDir: string;
let browser: Browser;
let sim: RunningSimulator;
const servers: Server[] = [];
const running: { companion: Companion; shell: WebShell }[] = [];
const windows: OpenWindow[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'beacon-e2e-failures-'));
  staticDir = path.join(workDir, 'renderer');
  [sim, browser] = await Promise.all([
    startSimulator(),
    chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
    buildRenderer(staticDir),
  ]);
}, 120_000);

afterAll(async () => {
  for (const w of windows) await w.context.close();
  await browser.close();
  for (const { companion, shell } of running) {
    await shell.close();
    await companion.stop();
  }
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await sim.close();
  await rm(workDir, { recursive: true, force: true });
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The demo mailbox pointed at `ewsUrl`, behind its own web shell. */
async function beaconAt(name: string, ewsUrl: string, ewsTimeoutMs?: number): Promise<WebShell> {
  const companion = await createCompanion({
    dataDir: path.join(workDir, name),
    timeZone: ZONE,
    locale: 'en-GB',
    openExternal: () => undefined,
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl, users: sim.users, close: () => Promise.resolve() }),
    ...(ewsTimeoutMs === undefined ? {} : { ewsTimeoutMs }),
  });
  companion.start();
  await companion.whenIdle();
  const shell = await startWebShell({ api: companion, staticDir });
  running.push({ companion, shell });
  return shell;
}

async function windowOn(shell: WebShell, locale: 'en-GB' | 'ko-KR'): Promise<OpenWindow> {
  const w = await openPage(browser, shell.url, { locale, timezoneId: ZONE, now: Date.now() });
  windows.push(w);
  return w;
}

/** The footer's line, then Refresh pressed and its error line; screenshots of both languages. */
async function footerAndRefresh(
  shell: WebShell,
  name: string,
  expected: {
    footer: { en: RegExp | string; ko: RegExp | string };
    refresh: { en: RegExp | string; ko: RegExp | string };
  },
): Promise<void> {
  for (const [locale, t, lang] of [
    ['en-GB', en, 'en'],
    ['ko-KR', ko, 'ko'],
  ] as const) {
    const w = await windowOn(shell, locale);
    await waitForText(w.page.getByTestId('connection'), expected.footer[lang], 10_000);
    await w.page.getByRole('button', { name: t.footer.refresh, exact: true }).click();
    await waitForText(w.page.getByTestId('refresh-error'), expected.refresh[lang], 15_000);
    // Every case is the demo mailbox: no sentence may speak of its password or its address.
    expect(await w.page.getByTestId('refresh-error').textContent()).not.toMatch(
      /password|address|암호|주소/i,
    );
    await w.page.screenshot({ path: path.join(ARTIFACTS, `failure-${lang}-${name}.png`) });
    expect(w.errors).toEqual([]);
  }
}

const retrying = (text: string): RegExp =>
  new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( — .*)?$`);

describe('the footer and a failed Refresh say why', () => {
  it('a host name that does not resolve', async () => {
    const shell = await beaconAt('dns', 'https://mail.nonexistent.invalid/EWS/Exchange.asmx');
    const host = 'mail.nonexistent.invalid';
    await footerAndRefresh(shell, 'host-not-found', {
      footer: {
        en: retrying(en.footer.why.hostNotFound(host)),
        ko: retrying(ko.footer.why.hostNotFound(host)),
      },
      refresh: {
        // The demo mailbox's address is Beacon's, not one the user typed and could check.
        en: en.footer.refreshFailed(en.signIn.failure.hostNotFoundDemo(host)),
        ko: ko.footer.refreshFailed(ko.signIn.failure.hostNotFoundDemo(host)),
      },
    });
  }, 90_000);

  it('a self-signed certificate, named by subject and SHA-256', async () => {
    const pems = await selfsigned.generate(
      [
        { name: 'commonName', value: 'mail.contoso.test' },
        { name: 'organizationName', value: 'Contoso' },
      ],
      { keySize: 2048 },
    );
    let served = 0;
    const port = await listen(
      createHttpsServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
        served += 1;
        res.end();
      }),
    );
    const print = new X509Certificate(pems.cert).fingerprint256;
    const subject = 'CN=mail.contoso.test, O=Contoso';
    const host = `127.0.0.1:${String(port)}`;
    const shell = await beaconAt('tls', `https://${host}/EWS/Exchange.asmx`);
    await footerAndRefresh(shell, 'tls-untrusted', {
      footer: {
        en: retrying(en.footer.why.tlsUntrustedCertificate(subject, `${print.slice(0, 14)}…`)),
        ko: retrying(ko.footer.why.tlsUntrustedCertificate(subject, `${print.slice(0, 14)}…`)),
      },
      refresh: {
        // The demo mailbox has no password: Beacon did not connect, nothing was "not sent".
        en: en.footer.refreshFailed(
          `${en.signIn.failure.tlsUntrustedNotConnected(host)} ${en.signIn.failure.certificate(subject, print)}`,
        ),
        ko: ko.footer.refreshFailed(
          `${ko.signIn.failure.tlsUntrustedNotConnected(host)} ${ko.signIn.failure.certificate(subject, print)}`,
        ),
      },
    });
    // Naming the certificate did not mean trusting it: no request ever reached the server.
    expect(served).toBe(0);
  }, 90_000);

  it('a server that never answers: "Updating… n s" while it hangs, then one deadline', async () => {
    const port = await listen(createHttpServer(() => undefined));
    const shell = await beaconAt(
      'hang',
      `http://127.0.0.1:${String(port)}/EWS/Exchange.asmx`,
      4000,
    );
    for (const [locale, t, lang] of [
      ['en-GB', en, 'en'],
      ['ko-KR', ko, 'ko'],
    ] as const) {
      const w = await windowOn(shell, locale);
      await waitForText(w.page.getByTestId('connection'), retrying(t.footer.why.timeout('4')));
      await w.page.getByRole('button', { name: t.footer.refresh, exact: true }).click();
      if (lang === 'en') {
        // The window does not keep saying "Updated": after two seconds it counts.
        await waitForText(w.page.getByTestId('connection'), /^Updating… [23] s$/, 5000);
        await w.page.screenshot({ path: path.join(ARTIFACTS, 'failure-en-updating.png') });
      }
      // The first request that times out fails the Refresh: one 4 s deadline, not one per part.
      await waitForText(
        w.page.getByTestId('refresh-error'),
        t.footer.refreshFailed(t.signIn.failure.timeout('4')),
        6000,
      );
      await waitForText(w.page.getByTestId('connection'), retrying(t.footer.why.timeout('4')));
      await w.page.screenshot({ path: path.join(ARTIFACTS, `failure-${lang}-timeout.png`) });
      expect(w.errors).toEqual([]);
    }
  }, 60_000);

  it('a 503 is "Exchange is busy"', async () => {
    const port = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(503, { 'Content-Type': 'text/plain' });
        res.end('Service Unavailable');
      }),
    );
    const shell = await beaconAt('busy', `http://127.0.0.1:${String(port)}/EWS/Exchange.asmx`);
    await footerAndRefresh(shell, 'server-busy', {
      footer: {
        en: /^Exchange is busy, retrying( in \d+ seconds?|…)$/,
        ko: /^Exchange 서버가 사용 중입니다\. /,
      },
      refresh: {
        en: en.footer.refreshFailed(en.signIn.failure.serverBusy),
        ko: ko.footer.refreshFailed(ko.signIn.failure.serverBusy),
      },
    });
  }, 90_000);
});
