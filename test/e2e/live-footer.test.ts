/**
 * The window's footer says how changes arrive, in English and Korean: "Live" once the companion
 * streams Exchange's notifications, "Checking every 15 min" when the server refuses both kinds
 * of subscription; nothing for the demo mailbox.
 * Each check runs on both backends (BACKENDS: EWS, then Microsoft Graph), each with a stack of
 * its own, except a signed-in account's mode (EWS only: see the comment on its suite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import path from 'node:path';
import {
  ALEX,
  ARTIFACTS,
  BACKENDS,
  ZONE,
  shotSuffix,
  startStack,
  type Backend,
  type Stack,
} from './support.js';
import { serverErrors } from './server-errors.js';
import { expectInView, openWindow, waitForText, type OpenWindow } from './window-support.js';

let backend: Backend;
let stack: Stack;
let english: OpenWindow;
let korean: OpenWindow;

async function signIn(): Promise<void> {
  const result = await stack.companion.execute({
    type: 'sign-in',
    mailbox: ALEX,
    password: stack.sim.users[0]?.password ?? '',
    ewsUrl: stack.sim.ewsUrl,
  });
  expect(result).toEqual({ ok: true });
}

function shot(name: string): string {
  return path.join(ARTIFACTS, `${name}${shotSuffix(backend)}.png`);
}

describe.each(BACKENDS)('over %s', (b) => {
  beforeAll(async () => {
    backend = b;
    stack = await startStack({ backend });
    // The demo mailbox is read over this backend, or the run below would prove nothing about it.
    expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
    english = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
    korean = await openWindow(stack, { locale: 'ko-KR', timezoneId: ZONE });
  }, 60_000);

  afterAll(async () => {
    await english.context.close();
    await korean.context.close();
    await stack.close();
  });

  describe('the footer names the update mode', () => {
    it('shows no mode for the demo mailbox', async () => {
      await english.page.getByTestId('demo-label').waitFor();
      expect(await english.page.getByTestId('updates-mode').count()).toBe(0);
    });
  });

  // Signing in with a password reaches a mailbox over EWS only: Graph takes nothing but an OAuth
  // sign-in (backend-choice.ts; a password account that chose Graph is told so, which
  // graph-needs-oauth.test.ts shows). A Graph account's footer ("Checking every 15 min": Graph has no
  // push a desktop client can hold open) is shown by test/integration/companion/graph-poll.test.ts.
  if (b === 'ews')
    describe('the footer names the update mode of a signed-in account', () => {
      it('says Live while Exchange streams its changes', async () => {
        await signIn();
        await waitForText(english.page.getByTestId('updates-mode'), en.footer.live, 15_000);
        await waitForText(korean.page.getByTestId('updates-mode'), ko.footer.live, 15_000);
        await expectInView(english.page.getByTestId('updates-mode'), 'update mode');
        await english.page.screenshot({ path: shot('live-footer-en') });
        await korean.page.screenshot({ path: shot('live-footer-ko') });
        expect(stack.companion.getSnapshot().connection.updates).toEqual({
          mode: 'streaming',
          everyMinutes: 60,
        });
      });

      it('says how often it checks when the server refuses notifications', async () => {
        expect(await stack.companion.execute({ type: 'sign-out' })).toEqual({
          ok: true,
        });
        await stack.admin.inject({
          operation: 'Subscribe',
          kind: 'soap-fault',
          count: 2,
        });
        await signIn();
        await expect
          .poll(async () => (await stack.admin.requestsFor('Subscribe')).length, {
            timeout: 15_000,
          })
          .toBeGreaterThanOrEqual(3);
        await waitForText(english.page.getByTestId('updates-mode'), en.footer.checkingEvery(15));
        await waitForText(korean.page.getByTestId('updates-mode'), ko.footer.checkingEvery(15));
        expect(await korean.page.getByTestId('updates-mode').textContent()).toBe('15분마다 확인');
        await english.page.screenshot({ path: shot('polling-footer-en') });
      });
    });

  it('left no request the simulator answered with a server error of its own', async () => {
    expect(await serverErrors(stack.admin)).toEqual([]);
  });
});
