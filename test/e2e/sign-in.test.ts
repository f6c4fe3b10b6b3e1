/**
 * Signing in, end to end and honestly: Chromium → web shell → companion → the simulator over real
 * sockets. A refused password, a host that does not answer, a certificate nobody vouched for and
 * a machine without a Secret Service each end in a sentence for people, on the form, with the
 * availability Offline; only an address Exchange accepted is "Signed in as".
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SecretStoreUnavailableError } from '../../src-main/core/secrets/errors.js';
import type { SecretSource } from '../../src-main/core/companion/index.js';
import { ALEX, ARTIFACTS, LOCALE, ZONE, startStack, type Stack } from './support.js';
import { openWindow, type OpenWindow } from './window-support.js';

/** A machine without a Secret Service (headless, SSH): every keychain call fails so. */
const NO_SECRET_SERVICE: SecretSource = {
  get: () => Promise.reject(new SecretStoreUnavailableError('no-secret-service', 'No D-Bus')),
  set: () => Promise.reject(new SecretStoreUnavailableError('no-secret-service', 'No D-Bus')),
  delete: () => Promise.reject(new SecretStoreUnavailableError('no-secret-service', 'No D-Bus')),
  probe: () => Promise.resolve(false),
};

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The stack's window in the test's locale and zone. */
function windowOf(stack: Stack): Promise<OpenWindow> {
  return openWindow(stack, { locale: LOCALE, timezoneId: ZONE });
}

const form = (page: Page): Locator => page.getByTestId('sign-in-form');

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('settings-view').waitFor();
}

/** The EWS URL sits in a disclosure after the Sign in button; open it unless it is open. */
async function openServerDetails(scope: Locator): Promise<void> {
  const details = scope.locator('details.server-details');
  if ((await details.getAttribute('open')) === null)
    await details.getByText('Server address (optional)').click();
}

async function signIn(page: Page, password: string, ewsUrl: string, mailbox = ALEX): Promise<void> {
  await form(page).getByLabel('Email address').fill(mailbox);
  // A typed server skips discovery: the password field appears with it.
  await openServerDetails(form(page));
  await form(page).getByLabel('EWS URL (optional)').fill(ewsUrl);
  await form(page).getByLabel('Password', { exact: true }).fill(password);
  await form(page).getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The sentence under the form's heading once the attempt has ended. */
async function failure(page: Page): Promise<{ reason: string | null; text: string | null }> {
  const error = page.getByTestId('sign-in-error');
  await error.waitFor({ timeout: 15_000 });
  return { reason: await error.getAttribute('data-reason'), text: await error.textContent() };
}

async function expectOfflineAndNoRawText(page: Page): Promise<void> {
  expect(await page.getByTestId('availability').textContent()).toContain('Offline');
  const text = await page.locator('body').innerText();
  // No field or command names, no status codes or socket errors: sentences only.
  expect(
    text.match(/ewsUrl|refresh-now|update-settings|\b40[13]\b|Unauthorized|ECONN\w+|self.signed/gi),
  ).toBeNull();
}

describe('signing in without a Secret Service', () => {
  let stack: Stack;
  let win: OpenWindow;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({ secrets: NO_SECRET_SERVICE, httpsSimulator: true });
    await mkdir(ARTIFACTS, { recursive: true });
    win = await windowOf(stack);
    page = win.page;
  }, 60_000);

  afterAll(async () => {
    await win.context.close();
    await stack.close();
  });

  afterEach(() => {
    expect(win.errors.splice(0)).toEqual([]);
  });

  it('says in one sentence that the password is kept only until Beacon quits, with no checkbox', async () => {
    await expect.poll(() => stack.companion.getSnapshot().keychain).toBe('unavailable');
    await openSettings(page);
    // Said with the password field, which a typed server shows at once.
    await openServerDetails(form(page));
    await form(page).getByLabel('EWS URL (optional)').fill(stack.sim.ewsUrl);
    expect(await form(page).getByTestId('no-keychain').textContent()).toBe(
      'No keychain is available: your password is kept only until Beacon quits.',
    );
    expect(await form(page).getByLabel('Remember my password').count()).toBe(0);
  });

  it('stays on the form with "wrong password" in words when Exchange refuses it, Offline', async () => {
    await signIn(page, 'not the password', stack.sim.ewsUrl);
    expect(await failure(page)).toEqual({
      reason: 'wrong-password',
      text: 'Exchange did not accept this email address and password.',
    });
    expect(stack.companion.getSnapshot().account).toMatchObject({
      mode: 'exchange',
      signIn: 'failed',
    });
    expect(await page.getByTestId('sign-in-state').textContent()).toBe('Not signed in');
    expect(await form(page).getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await expectOfflineAndNoRawText(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sign-in-wrong-password.png') });

    // Typing a new attempt clears the old sentence.
    await form(page).getByLabel('Password', { exact: true }).fill('x');
    await page.getByTestId('sign-in-error').waitFor({ state: 'detached' });
  });

  it('names the host that could not be reached', async () => {
    const port = await closedPort();
    const long = 'alexandra.wilber-with-a-rather-long-name@subsidiary.research.contoso.com';
    const url = `http://127.0.0.1:${port}/EWS/Exchange.asmx`;
    await signIn(page, 'whatever', url, long);
    const { reason, text } = await failure(page);
    expect(reason).toBe('unreachable');
    // Only the password needs typing again: the address and the URL tried are still there.
    expect(await form(page).getByLabel('Email address').inputValue()).toBe(long);
    expect(await form(page).getByLabel('EWS URL (optional)').inputValue()).toBe(url);
    expect(text).toMatch(/^127\.0\.0\.1(:\d+)? could not be reached\. /);
    await expectOfflineAndNoRawText(page);

    // The long address wraps inside the header at its dots and @, never past the window's edge.
    const name = page.getByRole('heading', { level: 1 });
    expect(await name.textContent()).toBe(long);
    const box = await name.boundingBox();
    expect(box === null ? Infinity : box.x + box.width).toBeLessThanOrEqual(360);
    expect(
      await page.evaluate<number>('document.scrollingElement.scrollWidth'),
    ).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sign-in-long-address.png') });
  });

  it('refuses a certificate nobody vouched for, and says so', async () => {
    const httpsUrl = stack.httpsSim?.ewsUrl ?? '';
    expect(httpsUrl).toMatch(/^https:/);
    await signIn(page, stack.sim.users[0]?.password ?? '', httpsUrl);
    const { reason, text } = await failure(page);
    expect(reason).toBe('tls-untrusted');
    expect(text).toContain('is not trusted, so Beacon did not send your password.');
    await expectOfflineAndNoRawText(page);
  });

  it('says that the organisation blocks EWS and what to do, never the header it came in', async () => {
    await stack.admin.inject({ operation: '*', kind: 'ews-blocked', count: 1 });
    await signIn(page, stack.sim.users[0]?.password ?? '', stack.sim.ewsUrl);
    const { reason, text } = await failure(page);
    expect(reason).toBe('ews-blocked');
    expect(text).toBe(
      'Your organisation’s policy blocks Beacon’s access to Exchange Web Services (EWS). Ask your administrator to allow Beacon (EwsAllowedAppIDs). Under this policy only a Microsoft Graph connection works, and Beacon will offer one later.',
    );
    expect(await page.locator('body').innerText()).not.toContain('EwsBlockedByApplicationPolicy');
    await page.getByTestId('sign-in-error').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'sign-in-ews-blocked.png') });
    await expectOfflineAndNoRawText(page);
    await stack.admin.clearFaults();
  });

  it('says "Signing in…" until Exchange answers, then "Signed in as" with the name from Exchange', async () => {
    // The first answer comes late, so the window's state in between can be seen.
    await stack.admin.inject({ operation: '*', kind: 'delay', delayMs: 1500, count: 1 });
    await signIn(page, stack.sim.users[0]?.password ?? '', stack.sim.ewsUrl);
    await page.getByTestId('sign-in-state').filter({ hasText: 'Signing in…' }).waitFor();
    expect(await page.getByTestId('availability').textContent()).toContain('Offline');

    // Accepted: back to the mailbox, with the person Exchange named.
    await page.getByRole('tablist').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Alex Wilber');
    expect(await page.getByTestId('sign-in-state').count()).toBe(0);
    expect(await page.getByTestId('demo-label').count()).toBe(0);
    await openSettings(page);
    expect(await page.getByTestId('account').textContent()).toBe(
      `Signed in as Alex Wilber (${ALEX})`,
    );
    expect(await page.getByTestId('password-storage').textContent()).toBe(
      'Your password is kept only until Beacon quits.',
    );
    expect(stack.companion.getSnapshot().account).toMatchObject({
      mode: 'exchange',
      signIn: 'signed-in',
      passwordStorage: 'memory',
    });
  });

  it('signs out to a clear signed-out state with "Use the demo mailbox", and back to the demo', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Signed out' }).waitFor();
    expect(await page.getByTestId('availability').textContent()).toContain('Offline');
    await page.getByRole('button', { name: 'Back' }).click();
    const view = page.getByTestId('sign-in-view');
    await view.waitFor();
    expect(await page.getByRole('tablist').count()).toBe(0);
    await view.getByText('You are signed out').waitFor();
    await view.getByTestId('sign-in-form').waitFor();
    // Nothing was ever in a keychain here, so signing out has nothing to apologise for.
    expect(await view.getByRole('alert').count()).toBe(0);
    expect(await page.getByTestId('demo-label').count()).toBe(0);
    expect(stack.companion.getSnapshot().account.mode).toBe('signed-out');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sign-in-signed-out.png') });

    await view.getByRole('button', { name: 'Use the demo mailbox' }).click();
    await page.getByTestId('demo-label').waitFor({ timeout: 15_000 });
    await page.getByRole('tablist').waitFor();
    expect(stack.companion.getSnapshot().account.mode).toBe('demo');
  });
});

describe('signing in with a keychain', () => {
  let stack: Stack;
  let win: OpenWindow;
  const stored = new Map<string, string>();

  beforeAll(async () => {
    stack = await startStack({
      secrets: {
        get: (account) => Promise.resolve(stored.get(account)),
        set: (account, secret) => {
          stored.set(account, secret);
          return Promise.resolve();
        },
        delete: (account) => Promise.resolve(stored.delete(account)),
        probe: () => Promise.resolve(true),
      },
    });
    win = await windowOf(stack);
  }, 60_000);

  afterAll(async () => {
    await win.context.close();
    await stack.close();
  });

  it('offers "Remember my password", on by default, and keeps the password in the keychain', async () => {
    const { page } = win;
    await expect.poll(() => stack.companion.getSnapshot().keychain).toBe('available');
    await openSettings(page);
    // Offered with the password field (a typed server shows it at once).
    await openServerDetails(form(page));
    await form(page).getByLabel('EWS URL (optional)').fill(stack.sim.ewsUrl);
    const remember = form(page).getByLabel('Remember my password');
    expect(await remember.isChecked()).toBe(true);
    expect(await form(page).getByTestId('no-keychain').count()).toBe(0);

    await signIn(page, stack.sim.users[0]?.password ?? '', stack.sim.ewsUrl);
    await page.getByRole('tablist').waitFor({ timeout: 15_000 });
    expect(stored.has(ALEX)).toBe(true);
    await openSettings(page);
    expect(await page.getByTestId('password-storage').textContent()).toBe(
      'Your password is kept in the system keychain.',
    );
    expect(win.errors).toEqual([]);
  });

  it('when Exchange stops accepting the stored password, says so on the form and does not resend it', async () => {
    const { page } = win;
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('tablist').waitFor();
    await stack.admin.inject({ operation: '*', kind: 'unauthorized', count: 100 });
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();

    // Not a sign-in the user made: the reason comes from the Snapshot's account.
    const view = page.getByTestId('sign-in-view');
    await view.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('sign-in-state').textContent()).toBe('Not signed in');
    expect(await view.getByTestId('sign-in-error').textContent()).toBe(
      'Exchange did not accept this email address and password.',
    );
    expect(await view.getByLabel('Email address').inputValue()).toBe(ALEX);
    expect(await page.getByTestId('availability').textContent()).toContain('Offline');
    // Refresh cannot resend what Exchange refused.
    expect(await page.getByRole('button', { name: 'Refresh', exact: true }).isDisabled()).toBe(
      true,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'sign-in-refused-later.png') });

    // Typing a new attempt clears the old reason.
    await view.getByLabel('Password', { exact: true }).fill('n');
    await view.getByTestId('sign-in-error').waitFor({ state: 'detached' });
    await stack.admin.clearFaults();
    expect(win.errors).toEqual([]);
  });
});
