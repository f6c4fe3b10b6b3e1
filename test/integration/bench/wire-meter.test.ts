/**
 * The Graph-vs-EWS bench counts right: against the bench's own simulator, requests written byte
 * by byte on raw sockets are counted as exactly that many requests and bytes (what the client
 * sent and received), a keep-alive socket only for what it carried after the mark, a socket
 * opened later whole, and nothing before the mark at all.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, startBenchSimulator, type BenchSimulator } from '../../bench/graph-vs-ews-sim.js';

let sim: BenchSimulator;
beforeAll(async () => {
  sim = await startBenchSimulator(new Date('2025-06-10T17:07:00Z'));
});
afterAll(() => sim.close());

function open(): Promise<Socket> {
  const { port } = new URL(sim.ewsUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Writes one request and reads its whole answer (Content-Length); the bytes received. */
function exchange(socket: Socket, request: string): Promise<{ status: number; received: number }> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = data.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
      if (Number.isNaN(length)) {
        reject(new Error(`no Content-Length in ${head}`));
        return;
      }
      if (data.length < end + 4 + length) return;
      socket.off('data', onData);
      resolve({ status: Number(head.split(' ')[1]), received: data.length });
    };
    socket.on('data', onData);
    socket.write(request);
  });
}

const host = (): string => new URL(sim.ewsUrl).host;
const autodiscover = (): string =>
  `GET /autodiscover/autodiscover.json/v1.0/${ALEX}?Protocol=EWS HTTP/1.1\r\n` +
  `Host: ${host()}\r\nConnection: keep-alive\r\n\r\n`;
const graphMe = (): string =>
  `GET /v1.0/me HTTP/1.1\r\nHost: ${host()}\r\n` +
  `Authorization: Bearer ${sim.credentials(ALEX).token}\r\nConnection: keep-alive\r\n\r\n`;

describe('WireMeter', () => {
  it('counts 3 requests as 3, with exactly the bytes sent and received after the mark', async () => {
    const kept = await open();
    try {
      const before = await exchange(kept, autodiscover());
      expect(before.status).toBe(200);
      const mark = sim.meter.mark();
      let sent = 0;
      let received = 0;
      for (const request of [autodiscover(), graphMe()]) {
        const answer = await exchange(kept, request);
        expect(answer.status).toBe(200);
        sent += Buffer.byteLength(request);
        received += answer.received;
      }
      const late = await open();
      try {
        const answer = await exchange(late, graphMe());
        expect(answer.status).toBe(200);
        sent += Buffer.byteLength(graphMe());
        received += answer.received;
      } finally {
        late.destroy();
      }
      const count = sim.meter.since(mark);
      expect(count.requests).toBe(3);
      expect(count.operations).toEqual(['Autodiscover.json', 'Graph GET /me', 'Graph GET /me']);
      expect(count.requestBytes).toBe(sent);
      expect(count.responseBytes).toBe(received);
      expect(sent).toBeGreaterThan(300);
      expect(count.serverMs).toBeGreaterThan(0);
    } finally {
      kept.destroy();
    }
  });

  it('counts nothing when nothing was sent after the mark', async () => {
    const kept = await open();
    try {
      await exchange(kept, autodiscover());
      const mark = sim.meter.mark();
      expect(sim.meter.since(mark)).toEqual({
        requests: 0,
        requestBytes: 0,
        responseBytes: 0,
        operations: [],
        serverMs: 0,
      });
    } finally {
      kept.destroy();
    }
  });
});
