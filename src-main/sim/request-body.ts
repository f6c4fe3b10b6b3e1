/**
 * Reads an EWS request body up to the simulator's limit. A larger body is not buffered but read
 * to its end (up to a cap), so that the client, still sending, gets the simulator's answer (HTTP
 * 413 and a SOAP fault) instead of a reset connection.
 */
import type { IncomingMessage } from 'node:http';

/** The largest request body the simulator takes. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** How much of an oversized body is read and dropped before the connection is closed anyway. */
const DRAIN_CAP_BYTES = 8 * MAX_REQUEST_BYTES;

export type RequestBody =
  | { kind: 'ok'; text: string }
  /** `drained` false: the client sent more than the cap; close the connection after answering. */
  | { kind: 'too-large'; bytes: number; drained: boolean };

export function readRequestBody(
  req: IncomingMessage,
  limit = MAX_REQUEST_BYTES,
): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: RequestBody): void => {
      if (settled) return;
      settled = true;
      resolve(body);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      if (size > DRAIN_CAP_BYTES) {
        req.pause();
        settle({ kind: 'too-large', bytes: size, drained: false });
      }
    });
    req.on('end', () => {
      settle(
        size <= limit
          ? { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }
          : { kind: 'too-large', bytes: size, drained: true },
      );
    });
    req.on('error', (error) => {
      if (!settled) reject(error);
    });
  });
}
