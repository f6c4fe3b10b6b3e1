/**
 * The presence event stream over real sockets: on a real companion, each change arrives once and
 * in order at every client; on the stream server itself, 1,000 concurrent clients and clients
 * that never read cost bounded memory (a client too far behind is dropped), and keep-alives flow.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useCompanionHarness } from '../companion/support.js';
import {
  PresenceDocumentSchema,
  type PresenceDocument,
} from '../../../src-main/sharing/api/schema.js';
import { PresenceApiServer } from '../../../src-main/sharing/api/server.js';
import { apiCompanion, bearer, call, publishedValidators } from './api-support.js';

const harness = useCompanionHarness();

interface StreamEvent {
  id: number;
  event: string;
  data: unknown;
}

/** An SSE reader on a raw socket: parses frames as they come; `paused` never reads at all. */
class StreamClient {
  readonly events: StreamEvent[] = [];
  comments = 0;
  status = 0;
  closed = false;
  private buffer = '';
  private readonly socket: Socket;

  constructor(port: number, headers: Record<string, string>, paused = false) {
    const lines = Object.entries({ Host: `127.0.0.1:${port}`, ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    this.socket = connect(port, '127.0.0.1', () => {
      this.socket.write(`GET /v1/presence/stream HTTP/1.1\r\n${lines}\r\n`);
      if (paused) this.socket.pause();
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
    });
    if (paused) return;
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.parse();
    });
  }

  private parse(): void {
    if (this.status === 0) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      this.status = Number(/^HTTP\/1\.1 (\d+)/.exec(this.buffer)?.[1] ?? '0');
      this.buffer = this.buffer.slice(end + 4);
    }
    // Chunked transfer: strip the chunk sizes, keep the payload.
    for (;;) {
      const sizeEnd = this.buffer.indexOf('\r\n');
      if (sizeEnd < 0) return;
      const size = parseInt(this.buffer.slice(0, sizeEnd), 16);
      if (this.buffer.length < sizeEnd + 2 + size + 2) return;
      this.frames(this.buffer.slice(sizeEnd + 2, sizeEnd + 2 + size));
      this.buffer = this.buffer.slice(sizeEnd + 2 + size + 2);
    }
  }

  private pending = '';
  private frames(text: string): void {
    this.pending += text;
    let end: number;
    while ((end = this.pending.indexOf('\n\n')) >= 0) {
      const frame = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      if (frame.startsWith(':')) {
        this.comments += 1;
        continue;
      }
      const fields = Object.fromEntries(
        frame
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      ) as Record<string, string>;
      this.events.push({
        id: Number(fields.id),
        event: fields.event ?? '',
        data: JSON.parse(fields.data ?? 'null') as unknown,
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const CHOICES = ['busy', 'away', 'do-not-disturb', 'available', 'be-right-back'] as const;

describe('the presence event stream', () => {
  it('delivers each change once and in order to every client, ids increasing by one', async () => {
    const api = await apiCompanion(harness);
    const valid = publishedValidators();
    const clients = [0, 1, 2].map(() => new StreamClient(api.port, bearer(api.token)));
    await until(() => clients.every((c) => c.events.length === 1), 'the first events');
    const first = clients[0]?.events[0];
    expect(first?.event).toBe('presence');
    expect(PresenceDocumentSchema.parse(first?.data).availability).toBe('in-a-meeting');

    const sent: { availability: string; note: string }[] = [];
    for (let i = 0; i < 10; i += 1) {
      const change = { availability: CHOICES[i % CHOICES.length] ?? 'busy', note: `change ${i}` };
      sent.push(change);
      const answer = await call(api.port, 'PUT', '/v1/presence/manual', {
        headers: { 'Content-Type': 'application/json', ...bearer(api.token) },
        body: JSON.stringify(change),
      });
      expect(answer.status).toBe(200);
    }
    // The same status again is no change: no event.
    await call(api.port, 'PUT', '/v1/presence/manual', {
      headers: { 'Content-Type': 'application/json', ...bearer(api.token) },
      body: JSON.stringify(sent.at(-1)),
    });
    await until(() => clients.every((c) => c.events.length >= 11), 'ten changes');
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const client of clients) {
      expect(client.status).toBe(200);
      expect(client.events).toHaveLength(11);
      const firstId = client.events[0]?.id ?? 0;
      expect(client.events.map((e) => e.id)).toEqual(
        Array.from({ length: 11 }, (_, i) => firstId + i),
      );
      expect(client.events.every((e) => e.event === 'presence' && valid.presence(e.data))).toBe(
        true,
      );
      const later = client.events.slice(1).map((e) => PresenceDocumentSchema.parse(e.data));
      expect(later.map((d) => ({ availability: d.availability, note: d.note }))).toEqual(sent);
    }
    clients.forEach((c) => {
      c.close();
    });
  });

  it('refuses a stream without the token, and ends streams when the token is regenerated', async () => {
    const api = await apiCompanion(harness);
    const refused = new StreamClient(api.port, {});
    await until(() => refused.closed || refused.status !== 0, 'the refusal');
    expect(refused.status).toBe(401);
    expect(refused.events).toEqual([]);
    const client = new StreamClient(api.port, bearer(api.token));
    await until(() => client.events.length === 1, 'the first event');
    expect((await api.companion.execute({ type: 'regenerate-presence-api-token' })).ok).toBe(true);
    await until(() => client.closed, 'the stream to end');
    refused.close();
  });
});

function document(i: number): PresenceDocument {
  return {
    schemaVersion: 1,
    availability: CHOICES[i % CHOICES.length] ?? 'busy',
    activity: { kind: 'none' },
    activityText: '',
    oof: false,
    // The longest note a user can write: the largest event there is.
    note: `${String(i).padStart(8, '0')}${'n'.repeat(192)}`,
    idle: false,
    source: 'manual',
    updatedAt: new Date(1_750_000_000_000 + i * 1000).toISOString(),
  };
}

const TOKEN = 'T'.repeat(43);

async function streamServer(keepAliveMs = 15_000): Promise<{
  server: PresenceApiServer;
  port: number;
  publish: (i: number) => void;
}> {
  let current = { id: 1, document: document(0) };
  const server = new PresenceApiServer({
    current: () => current,
    contacts: () => [],
    execute: () => Promise.resolve({ ok: true }),
    token: () => Promise.resolve(TOKEN),
    sse: { keepAliveMs },
  });
  server.configure({ openRead: false, corsOrigins: [] });
  const port = await server.listen(0);
  return {
    server,
    port,
    publish: (i) => {
      current = { id: i + 1, document: document(i) };
      server.publish(current.id, current.document);
    },
  };
}

function rssMegabytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

describe('the stream under load', () => {
  it('holds 1,000 concurrent clients that never read within bounded memory', async () => {
    const { server, port, publish } = await streamServer();
    try {
      const before = rssMegabytes();
      const reader = new StreamClient(port, bearer(TOKEN));
      const idle = Array.from({ length: 1000 }, () => new StreamClient(port, bearer(TOKEN), true));
      await until(() => server.streamClients === 1001, '1,001 streams', 30_000);
      for (let i = 1; i <= 100; i += 1) {
        publish(i);
        if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await until(() => reader.events.length === 101, 'the reader to see every event');
      expect(reader.events.map((e) => e.id)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
      const after = rssMegabytes();
      // Each never-reading client holds ~60 KB of events: the kernel keeps them, not the heap.
      expect(server.streamClients).toBe(1001);
      expect(after - before).toBeLessThan(150);
      console.log(`1,000 idle streams: RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB`);
      reader.close();
      idle.forEach((c) => {
        c.close();
      });
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('drops clients that stop reading once they are too far behind; readers get every event', async () => {
    const { server, port, publish } = await streamServer();
    try {
      const before = rssMegabytes();
      const reader = new StreamClient(port, bearer(TOKEN));
      const slow = Array.from({ length: 8 }, () => new StreamClient(port, bearer(TOKEN), true));
      await until(() => server.streamClients === 9, 'nine streams');
      let published = 0;
      // Until every slow client is gone: each can swallow a few MB in kernel buffers first.
      while (server.droppedStreamClients < 8 && published < 40_000) {
        for (let k = 0; k < 20; k += 1) publish((published += 1));
        await new Promise((resolve) => setImmediate(resolve));
      }
      const bytesPerClient = published * 600;
      await until(() => reader.events.length === published + 1, 'the reader to catch up', 30_000);
      const after = rssMegabytes();
      console.log(
        `slow readers dropped after ${published} events (${(bytesPerClient / 1e6).toFixed(1)} MB each); RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB`,
      );
      expect(server.droppedStreamClients).toBe(8);
      expect(server.streamClients).toBe(1);
      // Unbounded, eight slow clients would hold 8 × bytesPerClient; bounded, a small fraction.
      expect(after - before).toBeLessThan(Math.max(100, (8 * bytesPerClient) / 1e6 / 2));
      expect(reader.events.map((e) => e.id)).toEqual(
        Array.from({ length: published + 1 }, (_, i) => i + 1),
      );
      reader.close();
      slow.forEach((c) => {
        c.close();
      });
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('sends keep-alive comments between events', async () => {
    const { server, port } = await streamServer(50);
    try {
      const reader = new StreamClient(port, bearer(TOKEN));
      await until(() => reader.comments >= 3, 'three keep-alives');
      expect(reader.events).toHaveLength(1);
      reader.close();
    } finally {
      await server.stop();
    }
  });
});
