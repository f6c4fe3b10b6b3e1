/**
 * Webhooks against real local receivers (node:http, and node:https with a per-run CA), with the
 * real sharing service following a real Snapshot store and a real keychain for `{{secret}}`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../../src-main/sim/index.js';
import type { SharingStatus, Webhook } from '../../../src-main/core/contract.js';
import { createWebhookPart } from '../../../src-main/sharing/webhooks/webhook-part.js';
import { answerNoContent, startReceiver, type Receiver } from './receiver.js';
import { startHarness, startKeychain, type Harness, type Keychain } from './harness.js';

let keychain: Keychain;
let receiver: Receiver;
let harness: Harness | undefined;
let extraCa: string | undefined;
const others: Receiver[] = [];

beforeAll(async () => {
  keychain = await startKeychain();
  receiver = await startReceiver();
}, 30_000);

afterAll(async () => {
  await receiver.close();
  await keychain.stop();
});

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  extraCa = undefined;
  receiver.received.length = 0;
  receiver.answer = answerNoContent;
  for (const other of others.splice(0)) await other.close();
});

function hook(overrides: Partial<Webhook> & Pick<Webhook, 'id'>): Webhook {
  return {
    on: 'any',
    url: `${receiver.origin}/${overrides.id}`,
    method: 'POST',
    headers: {},
    ...overrides,
  };
}

async function start(hooks: Webhook[]): Promise<Harness> {
  harness = startHarness({
    secrets: keychain.secrets,
    parts: { webhooks: (context) => createWebhookPart(context, { extraCa: () => extraCa }) },
  });
  await harness.setSharing({ webhooks: { enabled: true, hooks } });
  return harness;
}

function statusOf(h: Harness, id: string): SharingStatus['webhooks'][number] | undefined {
  return h.store.getSnapshot().sharing.webhooks.find((s) => s.id === id);
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('webhooks', () => {
  it('calls the hooks whose state matches, with the templates filled and the note JSON-escaped', async () => {
    const h = await start([
      hook({
        id: 'busy',
        on: 'busy',
        url: `${receiver.origin}/light?state={{availability}}&until={{until}}`,
        body: '{"state":"{{availability}}","colour":"{{colour}}","note":"{{note}}","line":"{{activity}}","pw":"{{password}}"}',
      }),
      hook({ id: 'free', on: 'available' }),
    ]);
    // Available at start: only the `available` hook learns it.
    await receiver.waitFor(1);
    expect(receiver.received.map((r) => r.path)).toEqual(['/free']);
    receiver.received.length = 0;

    const note = 'Back at 3 "sharp"\nthen\tlunch \\ ok';
    h.setPresence({
      availability: 'busy',
      note,
      activity: { kind: 'busy-until', until: '2026-12-03T15:00:00.000Z' },
      activityText: 'Busy until 15:00',
    });
    const [call] = await receiver.waitFor(1);
    expect(call?.path).toBe('/light?state=busy&until=2026-12-03T15%3A00%3A00.000Z');
    expect(call?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(call?.body ?? '')).toEqual({
      state: 'busy',
      colour: '#c4314b',
      note,
      line: 'Busy until 15:00',
      // Only the hook's own values exist: no other name reaches anything.
      pw: '{{password}}',
    });
    await until(() => statusOf(h, 'busy')?.lastStatus === 204);
    expect(statusOf(h, 'busy')?.problem).toBeUndefined();
    expect(statusOf(h, 'busy')?.lastCalledAt).toMatch(/^\d{4}-/);
    expect(receiver.received).toHaveLength(1);
  });

  it('a recompute that changes nothing calls nobody', async () => {
    const h = await start([hook({ id: 'all', body: 'note={{note}}' })]);
    await receiver.waitFor(1);
    h.setPresence({ availability: 'away' });
    await receiver.waitFor(2);
    // New Snapshots whose presence differs only in what no light shows (the next change, the source).
    for (let i = 0; i < 5; i += 1) {
      h.setPresence({
        availability: 'away',
        source: i % 2 === 0 ? 'manual' : 'automatic',
        nextChange: `2026-12-03T1${i}:00:00.000Z`,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    h.setPresence({ availability: 'away', note: 'lunch' });
    await receiver.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.at(-1)?.body).toBe('note=lunch');
  });

  it('a burst of 20 changes makes at most 2 calls, the last with the final state', async () => {
    receiver.answer = async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      res.writeHead(200).end('ok');
    };
    const h = await start([hook({ id: 'burst', body: '{{note}}' })]);
    await receiver.waitFor(1);
    await until(() => statusOf(h, 'burst')?.lastStatus === 200);
    receiver.received.length = 0;
    for (let i = 1; i <= 20; i += 1) h.setPresence({ availability: 'busy', note: `change ${i}` });
    await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received.length).toBeLessThanOrEqual(2);
    expect(receiver.received.at(-1)?.body).toBe('change 20');
  });

  it('a server that answers 500 keeps its problem until a call succeeds', async () => {
    receiver.answer = (_req, res) => {
      res.writeHead(500).end('broken');
    };
    const h = await start([hook({ id: 'flaky' })]);
    await until(() => statusOf(h, 'flaky')?.problem === 'http-status');
    expect(statusOf(h, 'flaky')?.lastStatus).toBe(500);
    const failedAt = statusOf(h, 'flaky')?.problemAt;
    expect(failedAt).toMatch(/^\d{4}-/);

    receiver.answer = answerNoContent;
    h.setPresence({ availability: 'busy' });
    await until(() => statusOf(h, 'flaky')?.lastStatus === 204);
    expect(statusOf(h, 'flaky')?.problem).toBeUndefined();
    expect(statusOf(h, 'flaky')?.problemAt).toBeUndefined();
  });

  it('a slow server times out after 5 s', async () => {
    receiver.answer = async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      res.writeHead(204).end();
    };
    const h = await start([hook({ id: 'slow' })]);
    const began = Date.now();
    await until(() => statusOf(h, 'slow')?.problem === 'timeout', 12_000);
    const took = Date.now() - began;
    expect(took).toBeGreaterThanOrEqual(4_500);
    expect(took).toBeLessThan(6_500);
    expect(statusOf(h, 'slow')?.lastStatus).toBeUndefined();
  }, 20_000);

  it('a redirect to another host is reported and not followed', async () => {
    const elsewhere = await startReceiver({ host: '127.0.0.2' });
    others.push(elsewhere);
    receiver.answer = (_req, res) => {
      res.writeHead(302, { location: `${elsewhere.origin}/stolen` }).end();
    };
    const h = await start([hook({ id: 'moved' })]);
    await until(() => statusOf(h, 'moved')?.problem === 'redirect-refused');
    expect(statusOf(h, 'moved')?.lastStatus).toBe(302);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('http to a host other than this computer is refused without a request', async () => {
    // 0.0.0.0 reaches a listener on every address of this machine: were a request made, the
    // receiver below would see it.
    const everywhere = await startReceiver({ host: '0.0.0.0' });
    others.push(everywhere);
    const h = await start([
      hook({ id: 'plain', url: `http://0.0.0.0:${everywhere.port}/light` }),
      hook({ id: 'bad', url: 'not a url {{availability}}' }),
    ]);
    await until(() => statusOf(h, 'plain')?.problem === 'insecure-url');
    await until(() => statusOf(h, 'bad')?.problem === 'invalid-url');
    const result = await h.service.handlers['test-webhook']?.({
      type: 'test-webhook',
      id: 'plain',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(everywhere.received).toHaveLength(0);
    expect(statusOf(h, 'plain')?.lastCalledAt).toBeUndefined();
  });

  it('https with the trusted per-run CA works; without it the certificate is refused', async () => {
    const tls = await selfSignedCertificate('Beacon webhook test CA');
    const secure = await startReceiver({ tls });
    others.push(secure);
    const url = `https://localhost:${secure.port}/secure`;
    const h = await start([hook({ id: 'tls', url })]);
    await until(() => statusOf(h, 'tls')?.problem === 'certificate');
    expect(secure.received).toHaveLength(0);

    extraCa = tls.cert;
    const result = await h.service.handlers['test-webhook']?.({ type: 'test-webhook', id: 'tls' });
    expect(result).toEqual({ ok: true });
    expect(secure.received.map((r) => r.path)).toEqual(['/secure']);
    expect(statusOf(h, 'tls')).toMatchObject({ lastStatus: 204 });
    expect(statusOf(h, 'tls')?.problem).toBeUndefined();
  });

  it('fills {{secret}} from the keychain, and the secret is nowhere in the Snapshot', async () => {
    const secret = `key-${Math.random().toString(36).slice(2)}`;
    const h = await start([
      hook({
        id: 'keyed',
        on: 'busy',
        url: `${receiver.origin}/keyed?key={{secret}}`,
        headers: { Authorization: 'Bearer {{secret}}' },
      }),
    ]);
    expect(statusOf(h, 'keyed')?.hasSecret).toBe(false);
    const set = await h.service.handlers['set-webhook-secret']?.({
      type: 'set-webhook-secret',
      id: 'keyed',
      secret,
    });
    expect(set).toEqual({ ok: true });
    expect(statusOf(h, 'keyed')?.hasSecret).toBe(true);
    expect(await keychain.secrets.get('webhook:keyed')).toBe(secret);

    h.setPresence({ availability: 'busy' });
    const [call] = await receiver.waitFor(1);
    expect(call?.headers.authorization).toBe(`Bearer ${secret}`);
    expect(call?.path).toBe(`/keyed?key=${secret}`);
    expect(JSON.stringify(h.store.getSnapshot())).not.toContain(secret);

    await h.service.handlers['set-webhook-secret']?.({
      type: 'set-webhook-secret',
      id: 'keyed',
      secret: null,
    });
    expect(statusOf(h, 'keyed')?.hasSecret).toBe(false);
    expect(await keychain.secrets.get('webhook:keyed')).toBeUndefined();
  });

  it('turning webhooks off stops calling them', async () => {
    const h = await start([hook({ id: 'off' })]);
    await receiver.waitFor(1);
    await h.setSharing({ webhooks: { enabled: false, hooks: [hook({ id: 'off' })] } });
    h.setPresence({ availability: 'busy' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
    expect(h.store.getSnapshot().sharing.webhooks).toEqual([]);
  });
});

describe('webhooks and odd servers', () => {
  it('a status line outside 100–599 is a failure the Snapshot can carry', async () => {
    const { createServer } = await import('node:net');
    const odd = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => {
        socket.end('HTTP/1.1 999 Odd\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    const address = odd.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      const h = await start([hook({ id: 'odd', url: `http://127.0.0.1:${address.port}/` })]);
      await until(() => statusOf(h, 'odd')?.problem !== undefined);
      expect(statusOf(h, 'odd')?.problem).toBe('http-status');
      expect(statusOf(h, 'odd')?.lastStatus).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => {
        odd.close(() => {
          resolve();
        });
      });
    }
  });
});
