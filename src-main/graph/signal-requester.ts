/**
 * One caller's cancel on every request a Graph call sends: a call (a refresh's calendar read, a
 * voicemail delete) runs its operations through `withSignal(requester, signal)` and each request,
 * page, $batch and attachment download it makes is cancelled with it. Signals are joined by hand
 * and let go when each request ends, so a long-lived signal (an account's session) keeps no trace
 * of the requests it covered.
 */
import type {
  GraphBatchOptions,
  GraphBatchResult,
  GraphRequest,
  GraphRequester,
} from './requester.js';

export interface JoinedSignal {
  /** Fires as soon as any of the joined signals does (at once when one already has). */
  signal: AbortSignal | undefined;
  /** Stops listening to the joined signals; call when the work they covered has ended. */
  release(): void;
}

/** The signals joined into one; none given is none, one given is that one itself. */
export function joinSignals(...signals: (AbortSignal | undefined)[]): JoinedSignal {
  const given = [...new Set(signals.filter((s): s is AbortSignal => s !== undefined))];
  const [only] = given;
  if (given.length <= 1) return { signal: only, release: () => undefined };
  const either = new AbortController();
  const stop = (event: Event): void => {
    either.abort((event.target as AbortSignal).reason);
  };
  const release = (): void => {
    for (const s of given) s.removeEventListener('abort', stop);
  };
  for (const s of given) {
    if (s.aborted) {
      either.abort(s.reason);
      return { signal: either.signal, release: () => undefined };
    }
  }
  for (const s of given) s.addEventListener('abort', stop, { once: true });
  return { signal: either.signal, release };
}

async function joined<T>(
  own: AbortSignal | undefined,
  signal: AbortSignal,
  send: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  const both = joinSignals(own, signal);
  try {
    return await send(both.signal);
  } finally {
    both.release();
  }
}

/** The requester with `signal` on every request (joined with a request's own signal, if any). */
export function withSignal(
  requester: GraphRequester,
  signal: AbortSignal | undefined,
): GraphRequester {
  if (signal === undefined) return requester;
  const signalled = (request: GraphRequest, s: AbortSignal | undefined): GraphRequest =>
    s === undefined ? request : { ...request, signal: s };
  const wrapped: GraphRequester = {
    json: (request, schema) =>
      joined(request.signal, signal, (s) => requester.json(signalled(request, s), schema)),
    bytes: (request) =>
      joined(request.signal, signal, (s) => requester.bytes(signalled(request, s))),
  };
  const batch = requester.batch?.bind(requester);
  if (batch !== undefined)
    wrapped.batch = <T>(
      requests: readonly GraphRequest[],
      schemas: Parameters<typeof batch<T>>[1],
      options: GraphBatchOptions = {},
    ): Promise<GraphBatchResult<T>[]> =>
      joined(options.signal, signal, (s) =>
        batch(requests, schemas, { ...options, ...(s === undefined ? {} : { signal: s }) }),
      );
  return wrapped;
}
