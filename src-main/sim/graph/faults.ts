/**
 * Injected faults on the Graph face (the one FaultInjector both faces share; see ../faults.ts):
 * 429, 500, 502, 503 and 504 with Graph's error body (Retry-After on 429 and 503, or when asked), 401, a slow answer, a dropped connection
 * (before the request is carried out), a lost answer ('truncated': the request is carried out,
 * then its answer is cut halfway and the connection dropped; endpoint.ts), and an invalid delta token (410 syncStateNotFound, taken only by a request that carries a
 * $deltatoken or $skiptoken). A fault names a path part below /v1.0, or '*', and may be limited
 * to one signed-in mailbox. Faults act on the HTTP request: the inner requests of a $batch are
 * not faulted one by one.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultSpec } from '../faults.js';
import type { SimulatorState } from '../state.js';
import { graphErrorBody } from './errors.js';
import type { GraphReply } from './router.js';

/** Whether a fault's operation names this path ('*', or whole segments of it, without case). */
export function faultMatchesPath(fault: FaultSpec, path: string, query: URLSearchParams): boolean {
  if (fault.kind === 'invalid-delta-token') {
    const names = [...query.keys()].map((k) => k.toLowerCase());
    if (!names.includes('$deltatoken') && !names.includes('$skiptoken')) return false;
  }
  if (fault.operation === '*') return true;
  const part = fault.operation.toLowerCase().replace(/^\/+|\/+$/g, '');
  const segments = `/${path.toLowerCase().replace(/^\/+|\/+$/g, '')}/`;
  return segments.includes(`/${part}/`);
}

export function takeGraphFault(
  state: SimulatorState,
  caller: string,
  path: string,
  query: URLSearchParams,
): FaultSpec | undefined {
  return state.faults.take(path, {
    face: 'graph',
    mailbox: caller,
    matches: (fault) => faultMatchesPath(fault, path, query),
  });
}

function errorReply(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): GraphReply {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'request-id': requestId, 'client-request-id': requestId, ...headers },
    json: graphErrorBody(code, message, {
      requestId,
      clientRequestId: requestId,
      date: new Date(),
    }),
  };
}

/**
 * The error code and message of each status the 'status' fault sends. 429 and 503 are Graph's
 * documented ones; for 500 the docs name generalException; 502 and 504 come from the gateway in
 * front of the service, whose codes the docs do not list (these are the simulator's).
 */
const UNAVAILABLE = {
  code: 'serviceNotAvailable',
  message: 'The service is temporarily unavailable.',
};
const STATUS_WORDS: Record<number, { code: string; message: string } | undefined> = {
  429: { code: 'TooManyRequests', message: 'Please retry again later.' },
  500: { code: 'generalException', message: 'An unspecified error has occurred.' },
  502: { code: 'BadGateway', message: 'The gateway did not get a valid answer from the service.' },
  503: UNAVAILABLE,
  504: { code: 'GatewayTimeout', message: 'The gateway did not get an answer in time.' },
};

/** What the fault does: a reply to send, 'continue' to answer normally, 'done' when cut. */
export async function applyGraphFault(
  fault: FaultSpec,
  req: IncomingMessage,
): Promise<GraphReply | 'continue' | 'done'> {
  switch (fault.kind) {
    case 'status': {
      const status = fault.status ?? 503;
      const words = STATUS_WORDS[status] ?? UNAVAILABLE;
      // Graph asks for a pause on throttling and unavailability; other 5xx say nothing of it.
      const retryAfter: Record<string, string> =
        fault.retryAfterSeconds !== undefined || status === 429 || status === 503
          ? { 'Retry-After': String(fault.retryAfterSeconds ?? 1) }
          : {};
      return errorReply(status, words.code, words.message, retryAfter);
    }
    case 'unauthorized':
      return errorReply(
        401,
        'InvalidAuthenticationToken',
        'Access token has expired or is not yet valid.',
        {
          'WWW-Authenticate': 'Bearer realm=""',
        },
      );
    case 'delay':
      await sleep(fault.delayMs ?? 1000);
      return 'continue';
    case 'reset':
      req.socket.destroy();
      return 'done';
    case 'invalid-delta-token':
      return errorReply(
        410,
        'syncStateNotFound',
        'The sync state is not found or has expired. Start a new round of delta.',
      );
    default:
      return 'continue';
  }
}
