/**
 * Settings › Share presence › Webhooks and MQTT end to end: Chromium → web shell → companion, over
 * real sockets, with a real keychain, a local webhook receiver and a per-run Mosquitto. A hook is
 * added, saved, given a secret and tested from the window; a broker is set with its password and
 * connects; bad input is said by the field. The forms are photographed at 360×560 in English and
 * Korean, light and dark.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainPasswords } from '../../src-main/core/companion/keychain.js';
import { KeytarSecretStore } from '../../src-main/core/secrets/index.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../integration/secrets/private-secret-service.js';
import { startReceiver, type Receiver } from '../integration/sharing/receiver.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { ARTIFACTS, ZONE, startStack, type Stack } from './support.js';
import { openWindow, seriousAxe, type OpenWindow } from './window-support.js';

let stack: Stack;
let keychain: PrivateSecretService;
let receiver: Receiver;
let broker: Mosquitto;
const BROKER_USER = { name: 'beacon', password: 'broker-pass-9' };

async function openSettings(page: Page, settingsLabel: string): Promise<void> {
  await page.getByRole('button', { name: settingsLabel, exact: true }).click();
}

async function scrollTo(page: Page, testId: string): Promise<Locator> {
  const part = page.getByTestId(testId);
  await part.scrollIntoViewIfNeeded();
  await part.evaluate((element) => {
    (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({
      block: 'start',
    });
  });
  return part;
}

beforeAll(async () => {
  keychain = await startPrivateSecretService('pw');
  process.env.DBUS_SESSION_BUS_ADDRESS = keychain.busAddress;
  [receiver, broker] = await Promise.all([startReceiver(), startMosquitto([BROKER_USER])]);
  stack = await startStack({ secrets: keychainPasswords(new KeytarSecretStore()) });
}, 90_000);

afterAll(async () => {
  await stack.close();
  await broker.stop();
  await receiver.close();
  await keychain.stop();
});

describe('Settings › Share presence › Webhooks and MQTT', () => {
  let w: OpenWindow;

  it('adds a webhook, keeps its secret in the keychain and tests it', async () => {
    w = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
    await openSettings(w.page, 'Settings');
    const hooks = await scrollTo(w.page, 'webhooks');
    await hooks.getByLabel('Call these webhooks when my presence changes').check();
    await hooks.getByRole('button', { name: 'Add a webhook' }).click();
    const hook = hooks.getByTestId('webhook-light-1');
    await hook.getByLabel('Address').fill('http://192.0.2.7/light');
    await hook.getByLabel('Headers').fill('X-Key {{secret}}');
    await hooks.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => hook.getByRole('alert').textContent())
      .toBe('Enter an address that starts with https://, or http:// on this computer.');

    await hook.getByLabel('Address').fill(`${receiver.origin}/light`);
    await hooks.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => hook.getByRole('alert').textContent())
      .toBe('“X-Key {{secret}}” is not a header. Write the name, a colon, then the value.');
    await hook.getByLabel('Headers').fill('X-Key: {{secret}}');
    await hook.getByLabel('Body').fill('{"state":"{{availability}}","colour":"{{colour}}"}');
    await hooks.getByRole('button', { name: 'Save', exact: true }).click();
    // Saved and on: the light learns the current state at once.
    await receiver.waitFor(1);
    expect(JSON.parse(receiver.received[0]?.body ?? '')).toMatchObject({ colour: '#c4314b' });
    await expect
      .poll(() => hook.getByTestId('webhook-state').textContent(), { timeout: 8000 })
      .toMatch(/^Last called at .+ \(answer 204\)\.$/);

    await hook.getByLabel('Secret', { exact: true }).fill('door-key-42');
    await hook.getByRole('button', { name: 'Keep secret' }).click();
    await expect.poll(() => hook.getByText('A secret is stored.').count()).toBe(1);
    expect(await hook.getByLabel('Secret', { exact: true }).inputValue()).toBe('');
    await hook.getByRole('button', { name: 'Test', exact: true }).click();
    await expect.poll(() => hook.getByText('The test call worked.').count()).toBe(1);
    expect(receiver.received.at(-1)?.headers['x-key']).toBe('door-key-42');
    expect(JSON.stringify(stack.companion.getSnapshot())).not.toContain('door-key-42');
  });

  it('sets a broker and its password, and says when it is connected', async () => {
    const mqtt = await scrollTo(w.page, 'mqtt');
    expect(await mqtt.getByTestId('mqtt-state').textContent()).toBe('Off.');
    await mqtt.getByLabel('Publish my presence to this broker').check();
    await mqtt.getByLabel('Broker address').fill('mqtt://broker.example:1883');
    await mqtt.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => mqtt.getByRole('alert').textContent())
      .toBe('Enter an address that starts with mqtts://, or mqtt:// on this computer.');
    await mqtt.getByLabel('Broker address').fill(broker.url);
    await mqtt.getByLabel('User name').fill(BROKER_USER.name);
    await mqtt.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => mqtt.getByTestId('mqtt-state').textContent(), { timeout: 8000 })
      .toBe('Not connected: The user name or password was refused.');
    await mqtt.getByLabel('Broker password', { exact: true }).fill(BROKER_USER.password);
    await mqtt.getByRole('button', { name: 'Keep password' }).click();
    await expect
      .poll(() => mqtt.getByTestId('mqtt-state').textContent(), { timeout: 8000 })
      .toBe('Connected.');
    expect(await mqtt.getByText('A password is stored.').count()).toBe(1);
    expect(await seriousAxe(w.page)).toEqual([]);
    await w.context.close();
  });

  it('looks right at 360×560 in English and Korean, light and dark', async () => {
    for (const [locale, lang, settings] of [
      ['en-GB', 'en', 'Settings'],
      ['ko-KR', 'ko', '설정'],
    ] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const shot = await openWindow(stack, { locale, timezoneId: ZONE, colorScheme });
        await openSettings(shot.page, settings);
        await scrollTo(shot.page, 'webhooks');
        await shot.page.screenshot({
          path: path.join(ARTIFACTS, `sharing-webhooks-${lang}-${colorScheme}.png`),
        });
        await scrollTo(shot.page, 'mqtt');
        await shot.page.screenshot({
          path: path.join(ARTIFACTS, `sharing-mqtt-${lang}-${colorScheme}.png`),
        });
        expect(await seriousAxe(shot.page)).toEqual([]);
        await shot.context.close();
      }
    }
  }, 60_000);
});
