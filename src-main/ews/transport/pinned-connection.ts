/**
 * One kept-alive connection to one server, for schemes that authenticate a connection rather than
 * a request (NTLM): every request goes over the same socket, in turn, and the caller can tell
 * when that socket was replaced (the handshake must then run again) and which certificate the
 * server presented on it (for channel binding). TLS verification stays on, as everywhere.
 */
import { rootCertificates, TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { Client, type Dispatcher } from 'undici';
import { certificateRecordingConnector } from './peer-certificate.js';

export class PinnedConnection {
  readonly dispatcher: Dispatcher;
  #generation = 0;
  #open = false;
  #certificate: Buffer | undefined;

  /** `stream`: a long-lived response (streaming notifications) whose silence a watchdog judges. */
  constructor(origin: string, options: { extraCa?: string | undefined; stream?: boolean } = {}) {
    const ca = options.extraCa === undefined ? {} : { ca: [...rootCertificates, options.extraCa] };
    // No TLS session resumption: a resumed session may not expose the server's certificate,
    // and channel binding needs it on every new connection.
    const connect = certificateRecordingConnector({
      ...ca,
      rejectUnauthorized: true,
      maxCachedSessions: 0,
    });
    this.dispatcher = new Client(origin, {
      pipelining: 1,
      ...(options.stream === true ? { bodyTimeout: 0 } : {}),
      connect: (opts, callback) => {
        connect(opts, (...args) => {
          const [error, socket] = args;
          if (error === null) this.#opened(socket);
          callback(...args);
        });
      },
    });
  }

  #opened(socket: Socket): void {
    this.#generation += 1;
    const generation = this.#generation;
    this.#open = true;
    // The DER of the certificate the server presented on this very socket.
    const raw = socket instanceof TLSSocket ? socket.getPeerX509Certificate()?.raw : undefined;
    this.#certificate = raw === undefined ? undefined : Buffer.from(raw);
    socket.once('close', () => {
      if (this.#generation === generation) this.#open = false;
    });
  }

  /** Increases each time a new socket is opened. */
  get generation(): number {
    return this.#generation;
  }

  /** Whether the current socket is still open. */
  get open(): boolean {
    return this.#open;
  }

  /** The server certificate (DER) of the current socket; undefined over plain HTTP. */
  get certificate(): Buffer | undefined {
    return this.#certificate;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
