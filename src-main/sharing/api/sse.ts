/**
 * Server-Sent Events for `GET /v1/presence/stream`: one `presence` event per change, with an id
 * that only grows, and a keep-alive comment every 15 s. Every client has a bounded buffer: a
 * client whose unsent bytes pass the bound (it stopped reading) is dropped, so a thousand slow
 * readers cost a thousand small buffers, never memory without end.
 */
import type { ServerResponse } from 'node:http';

export interface SseOptions {
  /** Unsent bytes a client may have before it is dropped. */
  maxBufferedBytes: number;
  keepAliveMs: number;
  maxClients: number;
}

export const DEFAULT_SSE_OPTIONS: SseOptions = {
  maxBufferedBytes: 64 * 1024,
  keepAliveMs: 15_000,
  maxClients: 4096,
};

export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  /** Runs only while there are clients. */
  private timer: NodeJS.Timeout | undefined;
  private dropped = 0;

  constructor(private readonly options: SseOptions = DEFAULT_SSE_OPTIONS) {}

  get size(): number {
    return this.clients.size;
  }

  /** Clients dropped for falling too far behind, since start. */
  get droppedCount(): number {
    return this.dropped;
  }

  get full(): boolean {
    return this.clients.size >= this.options.maxClients;
  }

  /** Takes over a response: headers, then `first` (the current presence) as the first event. */
  add(response: ServerResponse, headers: Record<string, string>, first: string): void {
    response.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    response.socket?.setNoDelay(true);
    this.clients.add(response);
    this.timer ??= setInterval(() => {
      this.broadcast(': keep-alive\n\n');
    }, this.options.keepAliveMs);
    response.on('close', () => {
      this.forget(response);
    });
    this.send(response, first);
  }

  /** One event to every client. */
  broadcast(frame: string): void {
    for (const client of this.clients) this.send(client, frame);
  }

  /** Ends every stream (the token changed, or the server stops). */
  closeAll(): void {
    for (const client of [...this.clients]) {
      this.forget(client);
      client.destroy();
    }
  }

  stop(): void {
    this.closeAll();
  }

  private forget(client: ServerResponse): void {
    this.clients.delete(client);
    if (this.clients.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private send(client: ServerResponse, frame: string): void {
    if (client.destroyed) return;
    if (client.writableLength + Buffer.byteLength(frame) > this.options.maxBufferedBytes) {
      // It stopped reading: what it missed would only pile up here. It may reconnect.
      this.dropped += 1;
      this.forget(client);
      client.destroy();
      return;
    }
    client.write(frame);
  }
}

/** One SSE frame: `id`, `event`, and the JSON on one `data` line (JSON has no raw newlines). */
export function presenceFrame(id: number, json: string): string {
  return `id: ${id}\nevent: presence\ndata: ${json}\n\n`;
}
