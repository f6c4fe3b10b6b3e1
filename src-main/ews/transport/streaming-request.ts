/**
 * One long-lived EWS request whose answer arrives over minutes (GetStreamingEvents). It keeps
 * what every request keeps — credentials (one refresh on 401), TLS verification with the
 * account's extra root, X-AnchorMailbox, the server's pause — but runs on a connection of its
 * own, outside the two ordinary request slots, and has no total deadline: the caller's
 * heartbeat watchdog decides when silence means a dead connection.
 */
import { rootCertificates } from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import { parseChallenges } from '../auth.js';
import { AuthError, HttpStatusError, ThrottledError, TransportError } from '../errors.js';
import { readEnvelope } from '../soap/envelope.js';
import type { StreamingContext } from './ews-transport.js';
import { toTransportError } from './http.js';
import { certificateRecordingConnector } from './peer-certificate.js';
import { honouredPause, parseRetryAfter } from './retry-after.js';

export interface StreamingRequest {
  operation: string;
  envelope: string;
  /** Affinity headers (X-PreferServerAffinity, Cookie); never credentials. */
  headers?: Readonly<Record<string, string>>;
  /** Deadline for the connection and the response headers (default 30 s). */
  headersTimeoutMs?: number;
  signal?: AbortSignal;
}

/** An open answer: its headers now, its body as it arrives. */
export interface OpenStream {
  headers: Readonly<Record<string, string | undefined>>;
  body: AsyncIterable<Buffer>;
  /** Ends the exchange from our side: destroys the body and the stream's own connection. */
  close(): Promise<void>;
}

/** Largest error body read from a refused streaming request. */
const MAX_ERROR_BODY = 1024 * 1024;

/**
 * Opens the request and returns once the server has answered 200 with headers. A refusal
 * (401/403, 429/503, a SOAP fault) is the same typed error an ordinary request would get.
 */
export async function openStreamingRequest(
  ctx: StreamingContext,
  req: StreamingRequest,
): Promise<OpenStream> {
  await waitOutPause(ctx, req.signal);
  let authRetried = false;
  for (;;) {
    // A connection-bound sign-in (NTLM) brings the connection it authenticated, for this stream.
    const pinned = ctx.auth.dispatcher?.();
    const dispatcher = pinned ?? streamDispatcher(ctx.extraCa, req.headersTimeoutMs ?? 30_000);
    const headers: Record<string, string> = {
      ...req.headers,
      'Content-Type': 'text/xml; charset=utf-8',
      Accept: 'text/xml',
      'User-Agent': ctx.userAgent,
      ...(await ctx.auth.headers()),
    };
    if (ctx.anchorMailbox !== undefined) headers['X-AnchorMailbox'] = ctx.anchorMailbox;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(ctx.url, {
        method: 'POST',
        headers,
        body: req.envelope,
        dispatcher,
        ...(req.signal ? { signal: req.signal } : {}),
      });
    } catch (cause) {
      await dispatcher.destroy().catch(() => undefined);
      throw mapError(cause, ctx, req);
    }
    const responseHeaders = lowerHeaders(res.headers);
    if (res.statusCode === 200) {
      const body = res.body as AsyncIterable<Buffer> & { destroy(): void };
      return {
        headers: responseHeaders,
        body: mapBodyErrors(body, ctx, req),
        close: async () => {
          body.destroy();
          await dispatcher.destroy().catch(() => undefined);
        },
      };
    }
    const text = await readBounded(res.body as AsyncIterable<Buffer>).catch(() => '');
    // The pinned connection stays for the handshake's second try; the stream's owner closes it.
    if (pinned === undefined) await dispatcher.destroy().catch(() => undefined);
    const error = refusal(ctx, req.operation, res.statusCode, responseHeaders, text);
    if (
      error instanceof AuthError &&
      error.status === 401 &&
      !authRetried &&
      (await ctx.auth.unauthorized(error.challenges))
    ) {
      authRetried = true;
      continue;
    }
    throw error;
  }
}

async function waitOutPause(ctx: StreamingContext, signal?: AbortSignal): Promise<void> {
  for (let wait = ctx.gate.pausedFor(); wait > 0; wait = ctx.gate.pausedFor()) {
    if (wait > ctx.maxPauseWaitMs) throw new ThrottledError(wait);
    await ctx.clock.sleep(wait, signal);
  }
}

/**
 * A one-connection pool for one stream. undici's body timeout (5 min of silence by default) is
 * off: the heartbeat watchdog watches the stream instead.
 */
function streamDispatcher(extraCa: string | undefined, headersTimeoutMs: number): Agent {
  const connect = extraCa === undefined ? {} : { ca: [...rootCertificates, extraCa] };
  return new Agent({
    connect: certificateRecordingConnector({ ...connect, rejectUnauthorized: true }),
    connections: 1,
    pipelining: 0,
    bodyTimeout: 0,
    headersTimeout: headersTimeoutMs,
    connectTimeout: headersTimeoutMs,
  });
}

function mapError(cause: unknown, ctx: StreamingContext, req: StreamingRequest): TransportError {
  return toTransportError(
    cause,
    {
      method: 'POST',
      url: ctx.url,
      timeoutMs: req.headersTimeoutMs ?? 30_000,
      maxBytes: 0,
      dispatcher: undefined as unknown as Dispatcher,
      ...(req.signal ? { signal: req.signal } : {}),
    },
    // No total deadline on a stream: only undici's own connect/headers deadlines apply.
    new AbortController().signal,
  );
}

async function* mapBodyErrors(
  body: AsyncIterable<Buffer>,
  ctx: StreamingContext,
  req: StreamingRequest,
): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body) yield chunk;
  } catch (cause) {
    throw mapError(cause, ctx, req);
  }
}

function lowerHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBounded(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_ERROR_BODY) break;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The typed error of a non-200 answer, pausing the server's gate when it asked us to wait. */
function refusal(
  ctx: StreamingContext,
  operation: string,
  status: number,
  headers: Readonly<Record<string, string | undefined>>,
  body: string,
): Error {
  if (status === 401 || status === 403) {
    const policy = status === 403 ? headers['x-ews-policy-reason']?.trim() : undefined;
    return new AuthError(
      status,
      policy
        ? `EWS is blocked by the organisation's policy (${policy})`
        : status === 401
          ? 'The server did not accept the credentials'
          : 'Access denied',
      parseChallenges(headers['www-authenticate']),
      policy || undefined,
    );
  }
  const retryAfter = honouredPause(
    parseRetryAfter(headers['retry-after'], headers.date, ctx.clock.now()),
  );
  if (retryAfter !== undefined) ctx.gate.pause(retryAfter);
  if (status === 500 && body.trimStart().startsWith('<')) {
    try {
      readEnvelope(body);
    } catch (fault) {
      if (fault instanceof Error && 'retryAfterMs' in fault) {
        const pause = honouredPause((fault as { retryAfterMs?: number }).retryAfterMs);
        if (pause !== undefined) ctx.gate.pause(pause);
      }
      return fault as Error;
    }
  }
  return new HttpStatusError(status, `HTTP ${status} from ${operation}`, retryAfter);
}
