/**
 * Presence for other apps on loopback: a manual status set through the local API (PUT
 * /v1/presence/manual) until an event-stream client receives the new presence, on a whole
 * companion with the demo mailbox (100 changes). Then a manual status set through the window's
 * command until a webhook receiver (node:http on loopback) gets the call, and until an MQTT
 * subscriber gets the retained presence from a per-run Mosquitto (plain MQTT on loopback).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { createCompanion } from '../../src-main/core/companion/index.js';
import type { ManualAvailability } from '../../src-main/core/contract.js';
import { startReceiver } from '../integration/sharing/receiver.js';
import { startMosquitto } from '../support/mosquitto.js';
import { markdownTable, median } from './stats.js';
import { freePort } from '../support/loopback-port.js';

function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
}

function put(port: number, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: '/v1/presence/manual',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-sharing-bench-'));
// The broker password and webhook secrets, for this run only (the bench has no keychain).
const memorySecrets = new Map<string, string>();
const companion = await createCompanion({
  dataDir,
  timeZone: 'UTC',
  locale: 'en-GB',
  openExternal: () => undefined,
  secrets: {
    get: (name) => Promise.resolve(memorySecrets.get(name)),
    set: (name, secret) => {
      memorySecrets.set(name, secret);
      return Promise.resolve();
    },
    delete: (name) => Promise.resolve(memorySecrets.delete(name)),
  },
});
try {
  companion.start();
  await companion.whenIdle();
  const port = await freePort();
  const updated = await companion.execute({
    type: 'update-settings',
    settings: { sharing: { api: { enabled: true, port } } },
  });
  if (!updated.ok) throw new Error('cannot turn the API on');
  await companion.whenIdle();
  const revealed = await companion.execute({ type: 'reveal-presence-api-token' });
  if (!revealed.ok || revealed.secret === undefined) throw new Error('no token');
  const token = revealed.secret;

  // The stream client: every event's note, as it arrives.
  const waiting = new Map<string, () => void>();
  const socket = connect(port, '127.0.0.1', () => {
    socket.write(
      `GET /v1/presence/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n\r\n`,
    );
  });
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    for (const match of chunk.matchAll(/"note":"(bench \d+)"/g)) waiting.get(match[1] ?? '')?.();
  });
  await new Promise((resolve) => setTimeout(resolve, 200));

  const samples: number[] = [];
  const choices = ['busy', 'away', 'do-not-disturb', 'available', 'be-right-back'];
  for (let i = 0; i < 110; i += 1) {
    const note = `bench ${i}`;
    const received = new Promise<void>((resolve) => waiting.set(note, resolve));
    const start = performance.now();
    const status = await put(
      port,
      token,
      JSON.stringify({ availability: choices[i % choices.length], note }),
    );
    if (status !== 200) throw new Error(`PUT answered ${status}`);
    await received;
    // The first ten warm the JIT and the connection paths.
    if (i >= 10) samples.push(performance.now() - start);
  }
  socket.destroy();

  /** A manual change through the window's command until `arrived(note)` resolves. */
  const measure = async (arrivals: Map<string, () => void>): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < 110; i += 1) {
      const note = `bench ${i}`;
      const received = new Promise<void>((resolve) => arrivals.set(note, resolve));
      const start = performance.now();
      const result = await companion.execute({
        type: 'set-manual-status',
        availability: choices[i % choices.length] as ManualAvailability,
        note,
        expiry: 'never',
      });
      if (!result.ok) throw new Error('set-manual-status refused');
      await received;
      if (i >= 10) times.push(performance.now() - start);
    }
    return times;
  };

  // Webhooks: one hook on every change, to a receiver on loopback.
  const receiver = await startReceiver();
  const hookArrivals = new Map<string, () => void>();
  receiver.answer = (req, res) => {
    res.writeHead(204).end();
    hookArrivals.get(req.body)?.();
  };
  const hooked = await companion.execute({
    type: 'update-settings',
    settings: {
      sharing: {
        webhooks: {
          enabled: true,
          hooks: [
            {
              id: 'bench',
              on: 'any',
              url: `${receiver.origin}/light`,
              method: 'POST',
              headers: {},
              body: '{{note}}',
            },
          ],
        },
      },
    },
  });
  if (!hooked.ok) throw new Error('cannot turn webhooks on');
  await companion.whenIdle();
  const hookSamples = await measure(hookArrivals);
  await companion.execute({
    type: 'update-settings',
    settings: { sharing: { webhooks: { enabled: false } } },
  });
  await receiver.close();

  // MQTT: the retained presence, read by a subscriber on the same broker.
  const user = { name: 'beacon', password: 'bench-pass' };
  const broker = await startMosquitto([user]);
  const mqttArrivals = new Map<string, () => void>();
  const subscriber = await mqtt.connectAsync(broker.url, {
    username: user.name,
    password: user.password,
  });
  subscriber.on('message', (_topic, payload) => {
    const note = (JSON.parse(payload.toString('utf8')) as { note?: string }).note ?? '';
    mqttArrivals.get(note)?.();
  });
  await subscriber.subscribeAsync('beacon/+/presence', { qos: 1 });
  await companion.execute({
    type: 'update-settings',
    settings: { sharing: { mqtt: { enabled: true, url: broker.url, username: user.name } } },
  });
  await companion.execute({ type: 'set-mqtt-password', password: user.password });
  const deadline = Date.now() + 10_000;
  while (companion.getSnapshot().sharing.mqtt.state !== 'connected') {
    if (Date.now() > deadline) throw new Error('MQTT did not connect');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const mqttSamples = await measure(mqttArrivals);
  await subscriber.endAsync();
  await companion.execute({
    type: 'update-settings',
    settings: { sharing: { mqtt: { enabled: false } } },
  });
  await companion.whenIdle();
  await broker.stop();

  console.log('\nPresence for other apps (loopback, 100 changes)\n');
  console.log(
    markdownTable(
      ['Path', 'Median (ms)', 'p95 (ms)'],
      [
        [
          'PUT /v1/presence/manual → SSE event received',
          median(samples).toFixed(2),
          p95(samples).toFixed(2),
        ],
        [
          'set-manual-status → webhook call received',
          median(hookSamples).toFixed(2),
          p95(hookSamples).toFixed(2),
        ],
        [
          'set-manual-status → MQTT message received',
          median(mqttSamples).toFixed(2),
          p95(mqttSamples).toFixed(2),
        ],
      ],
    ),
  );
} finally {
  await companion.stop();
  await rm(dataDir, { recursive: true, force: true });
}
