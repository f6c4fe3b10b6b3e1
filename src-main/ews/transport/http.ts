import { rootCertificates } from 'node:tls';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { TransportError } from '../errors.js';
import { certificateRecordingConnector, refusedCertificate } from './peer-certificate.js';

export interface HttpResponse {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
  /** The body went to the request's `bodySink` as it arrived; `body` is ''. */
  streamed?: boolean;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  dispatcher: Dispatcher;
  signal?: AbortSignal;
  /**
   * Takes the body of an answer with this status chunk by chunk as it arrives, instead of
   * buffering it; undefined buffers as usual. The size cap and the deadline apply all the same.
   */
  bodySink?: (status: number) => ((chunk: Buffer) => void) | undefined;
}

/**
 * A connection pool for one server. TLS verification stays on; an extra CA (a private server's
 * root) is added to Node's built-in roots, never in place of them.
 */
export function createDispatcher(
  options: { extraCa?: string | undefined; connections?: number } = {},
): Dispatcher {
  const connect =
    options.extraCa === undefined ? {} : { ca: [...rootCertificates, options.extraCa] };
  return new Agent({
    // undici's own connector, verifying as always; it remembers the certificate it refused.
    connect: certificateRecordingConnector({ ...connect, rejectUnauthorized: true }),
    connections: options.connections ?? 4,
  });
}

/**
 * One HTTP exchange with a deadline and a size cap. Redirects are not followed (the caller
 * decides, so credentials never follow a redirect by accident). Every failure is a TransportError.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: req.dispatcher,
      signal,
    });
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > req.maxBytes) {
      res.body.destroy();
      throw new TransportError(
        'too-large',
        `Response of ${declared} bytes exceeds the ${req.maxBytes}-byte limit`,
      );
    }
    const sink = req.bodySink?.(res.statusCode);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > req.maxBytes) {
        res.body.destroy();
        throw new TransportError('too-large', `Response exceeds the ${req.maxBytes}-byte limit`);
      }
      if (sink === undefined) chunks.push(chunk);
      else sink(chunk);
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    if (sink !== undefined) return { status: res.statusCode, headers, body: '', streamed: true };
    return { status: res.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') };
  } catch (cause) {
    throw toTransportError(cause, req, deadline);
  }
}

export function toTransportError(
  cause: unknown,
  req: HttpRequest,
  deadline: AbortSignal,
): TransportError {
  if (cause instanceof TransportError) return cause;
  const host = safeHost(req.url);
  const code = errorCode(cause);
  if (deadline.aborted)
    return new TransportError(
      'timeout',
      `No complete answer from ${host} within ${req.timeoutMs} ms`,
      { cause, host, timeoutMs: req.timeoutMs },
    );
  if (code !== undefined && UNDICI_TIMEOUTS.has(code)) {
    // undici says its own deadline in the message ("Connect Timeout Error (… timeout: 10000ms)").
    const stated = /(\d+)\s*ms/.exec(cause instanceof Error ? cause.message : '');
    return new TransportError('timeout', `${host} did not answer in time (${code})`, {
      cause,
      host,
      code,
      ...(stated?.[1] === undefined ? {} : { timeoutMs: Number(stated[1]) }),
    });
  }
  if (req.signal?.aborted)
    return new TransportError('aborted', `Request to ${host} was cancelled`, {
      cause,
      host,
    });
  if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME/.test(code)) {
    const certificate = refusedCertificate(cause);
    return new TransportError('tls', `TLS certificate of ${host} was not accepted (${code})`, {
      cause,
      host,
      code,
      ...(certificate === undefined ? {} : { certificate }),
    });
  }
  if (
    cause instanceof undiciErrors.ResponseContentLengthMismatchError ||
    code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'
  ) {
    return new TransportError('truncated', `The answer from ${host} ended early`, {
      cause,
      host,
    });
  }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') {
    return new TransportError('truncated', `The connection to ${host} dropped (${code})`, {
      cause,
      host,
    });
  }
  const detail = code ?? (cause instanceof Error ? cause.message : String(cause));
  return new TransportError('network', `Cannot reach ${host} (${detail})`, {
    cause,
    host,
    ...(code === undefined ? {} : { code }),
  });
}

/** undici's own deadlines (connect, headers, body): the server did not answer in time. */
const UNDICI_TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function errorCode(cause: unknown): string | undefined {
  for (let current: unknown = cause, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}
