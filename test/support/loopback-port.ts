/**
 * Loopback ports for the servers the tests start themselves: one nobody listens on right now,
 * and whether something listens on one.
 */
import { connect, createServer, type AddressInfo } from 'node:net';

const LOOPBACK = '127.0.0.1';

/** A port free on 127.0.0.1 right now (for servers that cannot be told to listen on port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Whether a TCP connection to `host:port` is accepted. */
export function canConnect(port: number, host: string = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
