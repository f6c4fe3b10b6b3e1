/**
 * Untrusted text and links in Chromium: a subject with a right-to-left override is shown isolated
 * (it cannot reverse the words after it), Join appears only for links Beacon opens, and two web
 * shells in one browser keep their own cookies (the first still works after the second opened).
 * Each check runs on both backends (BACKENDS: EWS, then Microsoft Graph), each with a stack of
 * its own; Graph's screenshots end in -graph.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieNameFor } from '../../src-main/web/security.js';
import { startWebShell, type WebShell } from '../../src-main/web/server.js';
import { en } from '../../src-renderer/i18n/index.js';
import {
  ALEX,
  ARTIFACTS,
  BACKENDS,
  shotSuffix,
  startStack,
  ZONE,
  type Backend,
  type Stack,
} from './support.js';
import { serverErrors } from './server-errors.js';
import { openPage, openWindow, waitForText } from './window-support.js';

let backend: Backend;
let stack: Stack;

describe.each(BACKENDS)('over %s', (b) => {
  beforeAll(async () => {
    backend = b;
    stack = await startStack({ backend });
    // The demo mailbox is read over this backend, or the run below would prove nothing about it.
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
    const start = new Date(stack.clock.now() + 60 * 60_000).toISOString();
    const end = new Date(stack.clock.now() + 90 * 60_000).toISOString();
    const add = (subject: string, joinOnlineMeetingUrl?: string, location?: string) =>
      stack.admin.addCalendarItem(ALEX, {
        subject,
        start,
        end,
        ...(location === undefined ? {} : { location }),
        ...(joinOnlineMeetingUrl === undefined ? {} : { joinOnlineMeetingUrl }),
      });
    await add('Invoice \u202Egnp.exe', undefined, '\u202ERoom 4');
    await add('Script link', 'javascript:alert(1)');
    await add('Plain http link', 'http://teams.example.com/join/1');
    await add('Link with credentials', 'https://user:pass@teams.example.com/join/2');
    await add('Good link', 'https://teams.example.com/join/3');
    await stack.companion.refreshNow();
  }, 120_000);

  afterAll(async () => {
    await stack.close();
  });

  describe('text from Exchange in the window', () => {
    it('a right-to-left override stays inside its subject and place', async () => {
      const w = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      try {
        const subject = w.page.locator('.agenda-subject bdi', { hasText: 'Invoice' });
        await subject.waitFor();
        // A string: this file is typed for Node, without the DOM's types.
        const isolation: unknown = await w.page.evaluate(`(() => {
        const el = [...document.querySelectorAll('.agenda-subject bdi')]
          .find((e) => e.textContent.includes('Invoice'));
        return { tag: el.tagName, dir: el.getAttribute('dir'), unicodeBidi: getComputedStyle(el).unicodeBidi };
      })()`);
        expect(isolation).toEqual({ tag: 'BDI', dir: 'auto', unicodeBidi: 'isolate' });
        const place = w.page.locator('.agenda-location bdi', { hasText: 'Room 4' });
        expect(await place.getAttribute('dir')).toBe('auto');
        // The name in the header is isolated too.
        expect(await w.page.locator('h1 bdi').getAttribute('dir')).toBe('auto');
        await subject.scrollIntoViewIfNeeded();
        await w.page.screenshot({
          path: path.join(ARTIFACTS, `untrusted-en-bidi${shotSuffix(backend)}.png`),
        });
        expect(w.errors).toEqual([]);
      } finally {
        await w.context.close();
      }
    });

    it('Join is offered only for a link Beacon opens', async () => {
      const w = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      try {
        await w.page.getByText('Good link').waitFor();
        for (const subject of ['Script link', 'Plain http link', 'Link with credentials'])
          expect(
            await w.page.getByRole('button', { name: en.today.joinLabel(subject) }).count(),
          ).toBe(0);
        await w.page.getByRole('button', { name: en.today.joinLabel('Good link') }).click();
        await expect.poll(() => stack.opened).toEqual(['https://teams.example.com/join/3']);
      } finally {
        await w.context.close();
      }
    });
  });

  describe('two web shells in one browser', () => {
    it('each keeps its own cookie: the first still works after the second was opened', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'beacon-e2e-two-shells-'));
      const shells: WebShell[] = [];
      try {
        for (const name of ['first', 'second'])
          shells.push(
            await startWebShell({
              api: stack.companion,
              staticDir: stack.staticDir,
              cookieName: cookieNameFor(path.join(dir, name)),
            }),
          );
        const [first, second] = shells;
        if (first === undefined || second === undefined) throw new Error('no shells');
        const a = await openPage(stack.browser, first.url, {
          locale: 'en-GB',
          timezoneId: ZONE,
          now: stack.clock.now(),
        });
        try {
          // The token left the address bar once the cookie was set.
          expect(a.page.url()).toBe(`http://127.0.0.1:${String(first.port)}/`);
          const b = await a.context.newPage();
          await b.goto(second.url);
          await b.getByRole('heading', { level: 1 }).waitFor();
          // Back to the first shell's page: a reload goes in by its own cookie.
          await a.page.reload();
          await a.page.getByRole('heading', { level: 1 }).waitFor();
          await waitForText(a.page.getByTestId('connection'), /^Updated /);
          const names = (await a.context.cookies()).map((c) => c.name).sort();
          expect(names).toEqual(
            [
              cookieNameFor(path.join(dir, 'first')),
              cookieNameFor(path.join(dir, 'second')),
            ].sort(),
          );
          expect(a.errors).toEqual([]);
        } finally {
          await a.context.close();
        }
      } finally {
        for (const shell of shells) await shell.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
