/**
 * Webhooks in the whole core: a real companion on the demo simulator, a real keychain, a local
 * receiver. The window's commands (update-settings, set-webhook-secret, test-webhook,
 * set-manual-status) drive it, as they do from Settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainPasswords } from '../../../src-main/core/companion/keychain.js';
import { KeytarSecretStore } from '../../../src-main/core/secrets/index.js';
import { started, useCompanionHarness } from '../companion/support.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';
import { startReceiver, type Receiver } from './receiver.js';

const harness = useCompanionHarness();
let service: PrivateSecretService;
let receiver: Receiver;

beforeAll(async () => {
  service = await startPrivateSecretService('pw');
  process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
  receiver = await startReceiver();
}, 30_000);

afterAll(async () => {
  await receiver.close();
  await service.stop();
});

describe('webhooks in the companion', () => {
  it('settings turn hooks on; the secret, the test call and a manual change reach the light', async () => {
    const test = await started(
      await harness.companion({ secrets: keychainPasswords(new KeytarSecretStore()) }),
    );
    const { companion } = test;
    await test.ok({
      type: 'update-settings',
      settings: {
        sharing: {
          webhooks: {
            enabled: true,
            hooks: [
              {
                id: 'door',
                on: 'any',
                url: `${receiver.origin}/door`,
                method: 'PUT',
                headers: { 'X-Key': '{{secret}}' },
                body: '{"state":"{{availability}}","colour":"{{colour}}"}',
              },
            ],
          },
        },
      },
    });
    // The demo's "Design review" runs now: the light learns it at once.
    const [first] = await receiver.waitFor(1);
    expect(first?.method).toBe('PUT');
    expect(JSON.parse(first?.body ?? '')).toEqual({ state: 'in-a-meeting', colour: '#c4314b' });
    expect(first?.headers['x-key']).toBe('');

    await test.ok({ type: 'set-webhook-secret', id: 'door', secret: 'door-key-7' });
    expect(companion.getSnapshot().sharing.webhooks).toEqual([
      expect.objectContaining({ id: 'door', hasSecret: true, lastStatus: 204 }),
    ]);
    await test.ok({ type: 'test-webhook', id: 'door' });
    expect(receiver.received.at(-1)?.headers['x-key']).toBe('door-key-7');

    await test.ok({ type: 'set-manual-status', availability: 'do-not-disturb', expiry: 'never' });
    const calls = await receiver.waitFor(3);
    expect(JSON.parse(calls[2]?.body ?? '')).toMatchObject({ state: 'do-not-disturb' });
    expect(JSON.stringify(companion.getSnapshot())).not.toContain('door-key-7');

    const missing = await companion.execute({ type: 'test-webhook', id: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const noBroker = await companion.execute({ type: 'set-mqtt-password', password: 'x' });
    expect(noBroker).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
  });
});
