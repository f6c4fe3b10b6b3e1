/**
 * One HTTP exchange with a deadline and a size cap, over undici. Redirects are not followed (a
 * token never follows a redirect by accident). Every failure is a GraphError ('network',
 * 'timeout', 'too-large', 'tls'); an answer of any status is returned as it came.
 */
import { rootCertificates } from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import { GraphError } from '../errors.js';

export interface HttpAnswer {
  status: number;
  /** Header names in lower case; repeated headers joined with ', '. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

export interface HttpExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  timeoutMs: number;
  maxBytes: number;
  dispatcher: Dispatcher;
  /** The caller's cancel: aborts the request in flight ('aborted', not 'timeout'). */
  signal?: AbortSignal | undefined;
}

/**
 * A connection pool for Graph. TLS verification stays on; an extra CA (the simulator's, a
 * private proxy's root) is added to Node's built-in roots, never in place of them.
 */
export function createGraphDispatcher(
  options: { extraCa?: string | undefined; connections?: number } = {},
): Dispatcher {
  return new Agent({
    connect: {
      ...(options.extraCa === undefined ? {} : { ca: [...rootCertificates, options.extraCa] }),
      rejectUnauthorized: true,
    },
    connections: options.connections ?? 4,
  });
}

export async function exchange(req: HttpExchange): Promise<HttpAnswer> {
  const deadline = AbortSignal.timeout(req.timeoutMs);
  // The deadline or the caller's cancel, whichever comes first. Joined by hand rather than with
  // AbortSignal.any, so a long-lived caller signal keeps no trace of each request once it ends.
  const either = new AbortController();
  const stop = (): void => {
    either.abort();
  };
  deadline.addEventListener('abort', stop, { once: true });
  req.signal?.addEventListener('abort', stop, { once: true });
  if (req.signal?.aborted) stop();
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: req.dispatcher,
      signal: either.signal,
    });
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > req.maxBytes) {
      res.body.destroy();
      throw tooLarge(req, declared);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > req.maxBytes) {
        res.body.destroy();
        throw tooLarge(req);
      }
      chunks.push(chunk);
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: res.statusCode, headers, body: Buffer.concat(chunks) };
  } catch (cause) {
    throw toGraphError(cause, req, deadline);
  } finally {
    deadline.removeEventListener('abort', stop);
    req.signal?.removeEventListener('abort', stop);
  }
}

function tooLarge(req: HttpExchange, declared?: number): GraphError {
  const size = declared === undefined ? 'The answer' : `The answer of ${declared} bytes`;
  return new GraphError(
    'too-large',
    `${size} from ${hostOf(req.url)} exceeds the ${req.maxBytes}-byte limit`,
  );
}

function toGraphError(cause: unknown, req: HttpExchange, deadline: AbortSignal): GraphError {
  if (cause instanceof GraphError) return cause;
  const host = hostOf(req.url);
  if (req.signal?.aborted && !deadline.aborted)
    return new GraphError('aborted', `The request to ${host} was cancelled`, { cause });
  const code = errorCode(cause);
  if (deadline.aborted || (code !== undefined && UNDICI_TIMEOUTS.has(code)))
    return new GraphError('timeout', `No complete answer from ${host} within ${req.timeoutMs} ms`, {
      cause,
    });
  if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME/.test(code))
    return new GraphError('tls', `The TLS certificate of ${host} was not accepted (${code})`, {
      cause,
    });
  const detail = code ?? (cause instanceof Error ? cause.message : String(cause));
  return new GraphError('network', `Cannot reach ${host} (${detail})`, { cause });
}

/** undici's own deadlines (connect, headers, body): the server did not answer in time. */
const UNDICI_TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The first error code (ECONNREFUSED, UND_ERR_SOCKET, …) along the cause chain. */
export function errorCode(cause: unknown): string | undefined {
  for (let current: unknown = cause, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}
