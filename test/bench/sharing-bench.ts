/**
 * Presence for other apps on loopback: a manual status set through the local API (PUT
 * /v1/presence/manual) until an event-stream client receives the new presence, on a whole
 * companion with the demo mailbox (100 changes). Webhook and MQTT rows may join this table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCompanion } from '../../src-main/core/companion/index.js';
import { markdownTable, median } from './stats.js';

function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
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
const companion = await createCompanion({
  dataDir,
  timeZone: 'UTC',
  locale: 'en-GB',
  openExternal: () => undefined,
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
      ],
    ),
  );
} finally {
  await companion.stop();
  await rm(dataDir, { recursive: true, force: true });
}
