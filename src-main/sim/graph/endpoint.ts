/**
 * The Graph face over HTTP: authenticates the caller (auth.ts), hands the request to the router
 * and writes the reply (JSON or bytes) with Graph's request-id headers. One log entry per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JwtClaimsVerifier } from '../auth.js';
import { readRequestBody } from '../request-body.js';
import type { SimulatorState } from '../state.js';
import { graphPrincipal } from './auth.js';
import { graphErrorBody } from './errors.js';
import { applyGraphFault, takeGraphFault } from './faults.js';
import type { GraphReply, GraphRouter } from './router.js';
import { randomUUID } from 'node:crypto';

export const GRAPH_JSON =
  'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';

/** Graph's limit for a request body (4 MB; larger uploads go through upload sessions). */
const MAX_GRAPH_BODY = 4 * 1024 * 1024;

export interface GraphFace {
  router: GraphRouter;
  /** With an authority: its tokens for Graph's audience; without: static tokens. */
  verify: JwtClaimsVerifier | undefined;
  /** A reserve of the OpenID authority's URI for the 401's challenge. */
  authorizationUri: string | undefined;
  /** With `recordDir`: writes each exchange as `.request.http` / `.response.http` text. */
  record?: (operation: string, request: string, response: string) => void;
}

/** An exchange as the corpus prints one: request line or status line, headers, blank, body. */
function exchangeText(
  method: string,
  below: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  reply: GraphReply,
): { request: string; response: string } {
  const requestHeaders = Object.entries(headers)
    // The token is a secret: it never reaches a file.
    .filter(([name]) => name !== 'authorization')
    .map(([name, value]) => `${name}: ${value}`);
  const responseHeaders = Object.entries(reply.headers ?? {}).map(([n, v]) => `${n}: ${v}`);
  const responseBody =
    reply.bytes !== undefined
      ? `(${reply.bytes.body.length} bytes of ${reply.bytes.contentType})`
      : reply.json === undefined
        ? ''
        : JSON.stringify(reply.json, null, 2);
  return {
    request: [`${method} /v1.0${below}`, ...requestHeaders, '', body].join('\n'),
    response: [`HTTP/1.1 ${reply.status}`, ...responseHeaders, '', responseBody].join('\n'),
  };
}

export function writeGraphReply(res: ServerResponse, reply: GraphReply): void {
  const { headers, body } = replyBytes(reply);
  res.writeHead(reply.status, headers);
  res.end(body);
}

/**
 * The 'truncated' fault: the request was carried out, but its answer is lost. The headers promise
 * more than the body (an empty one too), half of it is sent, then the connection is dropped.
 */
function cutGraphReply(req: IncomingMessage, res: ServerResponse, reply: GraphReply): void {
  const { headers, body } = replyBytes(reply);
  res.writeHead(reply.status, { ...headers, 'Content-Length': body.length + 512 });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
    setImmediate(() => req.socket.destroy());
  });
}

function replyBytes(reply: GraphReply): {
  headers: Record<string, string | number>;
  body: Buffer;
} {
  const headers: Record<string, string | number> = { ...reply.headers };
  let body: Buffer;
  if (reply.bytes !== undefined) {
    headers['Content-Type'] = reply.bytes.contentType;
    body = reply.bytes.body;
  } else if (reply.json !== undefined) {
    headers['Content-Type'] = GRAPH_JSON;
    body = Buffer.from(JSON.stringify(reply.json), 'utf8');
  } else {
    body = Buffer.alloc(0);
  }
  headers['Content-Length'] = body.length;
  return { headers, body };
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export async function handleGraph(
  face: GraphFace,
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  arrived: number,
): Promise<void> {
  const url = req.url ?? '/';
  const below = url.replace(/^\/v1\.0/i, '') || '/';
  const method = (req.method ?? 'GET').toUpperCase();
  const operation = `Graph ${method} ${below.split('?')[0] ?? ''}`;
  const read = await readRequestBody(req, MAX_GRAPH_BODY);
  const headers = lowerHeaders(req);
  if (read.kind === 'too-large') {
    if (!read.drained) res.on('finish', () => req.socket.destroy());
    const requestId = randomUUID();
    writeGraphReply(res, {
      status: 413,
      headers: { 'request-id': requestId },
      json: graphErrorBody('RequestEntityTooLarge', 'The request body is larger than 4 MB.', {
        requestId,
        clientRequestId: requestId,
        date: new Date(),
      }),
    });
    state.record({ operation, user: null, status: 413 }, arrived);
    return;
  }
  const principal = await graphPrincipal(
    req.headers.authorization,
    state.store.credentials,
    face.verify,
  );
  const caller = principal && state.store.find(principal.email);
  if (!principal || !caller) {
    const requestId = randomUUID();
    const challenge =
      face.authorizationUri === undefined
        ? 'Bearer realm=""'
        : `Bearer realm="", authorization_uri="${face.authorizationUri}"`;
    writeGraphReply(res, {
      status: 401,
      headers: { 'request-id': requestId, 'WWW-Authenticate': challenge },
      json: graphErrorBody(
        'InvalidAuthenticationToken',
        req.headers.authorization === undefined
          ? 'Access token is empty.'
          : 'Access token validation failure. Invalid audience, issuer, signature or lifetime.',
        { requestId, clientRequestId: headers['client-request-id'] ?? requestId, date: new Date() },
      ),
    });
    state.record({ operation, user: null, status: 401 }, arrived);
    return;
  }
  const parsed = new URL(below, 'http://x');
  const fault = takeGraphFault(state, caller.email, parsed.pathname, parsed.searchParams);
  if (fault) {
    const outcome = await applyGraphFault(fault, req);
    if (outcome === 'done') {
      state.record({ operation, user: caller.email, status: 0, fault: fault.kind }, arrived);
      return;
    }
    if (outcome !== 'continue') {
      writeGraphReply(res, outcome);
      state.record(
        { operation, user: caller.email, status: outcome.status, fault: fault.kind },
        arrived,
      );
      return;
    }
  }
  const reply = await face.router.dispatch(
    { method, url: below, headers, body: read.text, bodyIsText: true },
    {
      caller,
      scopes: principal.scopes,
      ...(principal.clientId === undefined ? {} : { clientId: principal.clientId }),
    },
  );
  // Whatever the request changed becomes EWS events and sync changes too (one model).
  state.notifications.observe();
  if (fault?.kind === 'truncated') {
    cutGraphReply(req, res, reply);
    state.record({ operation, user: caller.email, status: 0, fault: fault.kind }, arrived);
    return;
  }
  // On disk before the client has its answer, so whoever sent it can read the record.
  if (face.record) {
    const text = exchangeText(method, below, headers, read.text, reply);
    face.record(operation, text.request, text.response);
  }
  writeGraphReply(res, reply);
  state.record(
    {
      operation,
      user: caller.email,
      status: reply.status,
      ...(fault === undefined ? {} : { fault: fault.kind }),
    },
    arrived,
  );
}
