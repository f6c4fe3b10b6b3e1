/**
 * Counts what crosses the wire at the simulator: the bytes its server sockets read (requests:
 * request line, headers and body) and wrote (responses, headers included), and the requests its
 * own log recorded (one entry per EWS or Graph HTTP request; a Graph $batch is one). Counted on
 * the server's side so that neither client is trusted to report itself: a keep-alive socket
 * counts only what it carried after `mark()`, a socket opened later all of it.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { RequestLogEntry } from '../../src-main/sim/index.js';

export interface WireCount {
  /** HTTP requests the simulator answered (its request log). */
  requests: number;
  /** Bytes the simulator read: every request, headers included. */
  requestBytes: number;
  /** Bytes the simulator wrote: every response, headers included. */
  responseBytes: number;
  /** The logged operations, in order (EWS operation names, `Graph GET /me/calendarView`…). */
  operations: string[];
  /**
   * Milliseconds the simulator spent on these requests, from each request's arrival to its
   * answer's last byte, summed (requests in flight together overlap): the server's share of the
   * client's time.
   */
  serverMs: number;
}

export interface WireMark {
  seq: number;
  /** Server time of requests answered before the mark. */
  served: number;
  bytes: Map<Socket, { read: number; written: number }>;
}

export class WireMeter {
  private readonly sockets = new Set<Socket>();
  private served = 0;

  constructor(
    server: Server,
    private readonly log: () => readonly RequestLogEntry[],
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
    });
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      const arrived = performance.now();
      response.once('finish', () => {
        this.served += performance.now() - arrived;
      });
    });
  }

  /** From now on. Sockets already closed carried nothing after this and are forgotten. */
  mark(): WireMark {
    const bytes = new Map<Socket, { read: number; written: number }>();
    for (const socket of this.sockets) {
      if (socket.destroyed) this.sockets.delete(socket);
      else bytes.set(socket, { read: socket.bytesRead, written: socket.bytesWritten });
    }
    return { seq: this.log().at(-1)?.seq ?? 0, served: this.served, bytes };
  }

  /** What crossed since `mark` (call it once the client has every answer). */
  since(mark: WireMark): WireCount {
    let requestBytes = 0;
    let responseBytes = 0;
    for (const socket of this.sockets) {
      const before = mark.bytes.get(socket) ?? { read: 0, written: 0 };
      requestBytes += socket.bytesRead - before.read;
      responseBytes += socket.bytesWritten - before.written;
    }
    const entries = this.log().filter((e) => e.seq > mark.seq);
    return {
      requests: entries.length,
      requestBytes,
      responseBytes,
      operations: entries.map((e) => e.operation),
      serverMs: this.served - mark.served,
    };
  }
}
