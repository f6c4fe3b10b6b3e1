/**
 * Settings › Share presence end to end: Chromium → web shell → companion, over real sockets. The
 * local API is turned on from the window and answers on its port; the token is shown, copied and
 * regenerated only on request; a port in use and a bad web page address are said in words; and
 * the section is photographed at 360×560 in English and Korean, light and dark.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, ZONE, startStack, type Stack } from './support.js';
import { openWindow, seriousAxe, type OpenWindow } from './window-support.js';
import { freePort } from '../support/loopback-port.js';

let stack: Stack;

async function openSharing(page: Page, settingsLabel: string): Promise<Locator> {
  await page.getByRole('button', { name: settingsLabel, exact: true }).click();
  const section = page.getByTestId('sharing-settings');
  await section.scrollIntoViewIfNeeded();
  // The section's heading at the top of the window, as the user scrolls to it.
  await section.evaluate((element) => {
    (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({
      block: 'start',
    });
  });
  // The local API's own group: the webhook and MQTT forms below have their own Save buttons.
  return section.getByTestId('sharing-api');
}

beforeAll(async () => {
  stack = await startStack();
}, 60_000);

afterAll(async () => {
  await stack.close();
});

describe('Settings › Share presence', () => {
  let w: OpenWindow;
  let section: Locator;

  it('turns the local API on, and the API answers on the chosen port', async () => {
    w = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    section = await openSharing(w.page, 'Settings');
    expect(await section.getByTestId('sharing-api-state').textContent()).toBe('Off.');
    const port = await freePort();
    await section.getByLabel('Serve my presence to apps on this computer').check();
    await section.getByLabel('Port', { exact: true }).fill(String(port));
    await section.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => section.getByTestId('sharing-api-state').textContent(), { timeout: 8000 })
      .toBe(`On, at http://127.0.0.1:${port}`);
    expect(stack.companion.getSnapshot().sharing.api).toMatchObject({ state: 'listening' });
    const answer = await fetch(`http://127.0.0.1:${port}/v1/presence`);
    expect(answer.status).toBe(401);
  });

  it('shows, copies and regenerates the token only when asked', async () => {
    const hint = section.getByTestId('sharing-token-hint');
    const before = stack.companion.getSnapshot().sharing.api.tokenHint ?? '';
    expect(before).toMatch(/^[A-Za-z0-9_-]{4}$/);
    expect(await hint.textContent()).toBe(`Ends in ${before}`);
    expect(await section.getByTestId('sharing-token-value').count()).toBe(0);

    await section.getByRole('button', { name: 'Show', exact: true }).click();
    const value = section.getByTestId('sharing-token-value');
    await value.waitFor();
    const token = (await value.textContent()) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token.slice(-4)).toBe(before);
    const url = stack.companion.getSnapshot().sharing.api.url ?? '';
    const read = await fetch(`${url}/v1/presence`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(200);
    await section.getByRole('button', { name: 'Hide', exact: true }).click();
    await value.waitFor({ state: 'detached' });

    await section.getByRole('button', { name: 'Copy', exact: true }).click();
    await section.getByTestId('sharing-token-note').getByText('Copied.').waitFor();
    expect(
      await w.page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      ),
    ).toBe(token);

    await section.getByRole('button', { name: 'Regenerate…', exact: true }).click();
    await section
      .getByText('Apps that use the current token will stop working until they get the new one.')
      .waitFor();
    await section.getByRole('button', { name: 'Regenerate now', exact: true }).click();
    await section.getByTestId('sharing-token-note').getByText('A new token is in use.').waitFor();
    const after = stack.companion.getSnapshot().sharing.api.tokenHint ?? '';
    expect(after).not.toBe(before);
    expect(await hint.textContent()).toBe(`Ends in ${after}`);
    const old = await fetch(`${url}/v1/presence`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(old.status).toBe(401);
    expect(w.dialogs).toEqual([]);
  });

  it('says in words when the port is taken by another app', async () => {
    const port = await freePort();
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      await section.getByLabel('Port', { exact: true }).fill(String(port));
      await section.getByRole('button', { name: 'Save', exact: true }).click();
      await expect
        .poll(() => section.getByTestId('sharing-api-state').textContent(), { timeout: 8000 })
        .toBe(`Port ${port} is already used by another app. Choose another port and save.`);
      expect(stack.companion.getSnapshot().sharing.api).toMatchObject({
        state: 'failed',
        problem: 'port-in-use',
      });
    } finally {
      await new Promise<void>((resolve) =>
        busy.close(() => {
          resolve();
        }),
      );
    }
  });

  it('refuses a web page address that is not an origin before sending anything', async () => {
    const before = stack.companion.getSnapshot().settings.sharing.api.corsOrigins;
    await section.getByLabel('Web pages allowed to read').fill('intranet.example');
    await section.getByRole('button', { name: 'Save', exact: true }).click();
    await section
      .getByRole('alert')
      .getByText(
        '“intranet.example” is not a web page address. Use the scheme and host only, like https://intranet.example.',
      )
      .waitFor();
    expect(stack.companion.getSnapshot().settings.sharing.api.corsOrigins).toEqual(before);
    await section.getByLabel('Web pages allowed to read').fill('https://intranet.example');
    await section.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => stack.companion.getSnapshot().settings.sharing.api.corsOrigins, { timeout: 5000 })
      .toEqual(['https://intranet.example']);
    expect(await seriousAxe(w.page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('is photographed at 360×560 in English and Korean, light and dark', async () => {
    // A working port again, so the pictures show the API on.
    const port = await freePort();
    const set = await stack.companion.execute({
      type: 'update-settings',
      settings: { sharing: { api: { enabled: true, port } } },
    });
    expect(set.ok).toBe(true);
    await stack.companion.whenIdle();
    await mkdir(ARTIFACTS, { recursive: true });
    for (const [lang, locale, settings, state] of [
      ['en', 'en-GB', 'Settings', `On, at http://127.0.0.1:${port}`],
      ['ko', 'ko-KR', '설정', `켜짐: http://127.0.0.1:${port}`],
    ] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const shot = await openWindow(stack, { locale, timezoneId: ZONE, colorScheme });
        const view = await openSharing(shot.page, settings);
        expect(await view.getByTestId('sharing-api-state').textContent()).toBe(state);
        await shot.page.screenshot({
          path: path.join(ARTIFACTS, `sharing-settings-${lang}-${colorScheme}.png`),
        });
        // Below the form: the token's controls, scrolled to the window's bottom edge.
        await view.getByTestId('sharing-token').evaluate((element) => {
          (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({
            block: 'end',
          });
        });
        await shot.page.screenshot({
          path: path.join(ARTIFACTS, `sharing-settings-token-${lang}-${colorScheme}.png`),
        });
        expect(await seriousAxe(shot.page)).toEqual([]);
        expect(shot.errors).toEqual([]);
        await shot.context.close();
      }
    }
  }, 120_000);
});
