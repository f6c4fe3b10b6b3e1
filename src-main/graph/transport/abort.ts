/**
 * Cancellation for the Graph transport: the typed error a cancelled request rejects with, and
 * waits (a token, a pause, a back-off) that stop as soon as the caller's signal fires, whether
 * or not the thing waited on knows about signals.
 */
import { GraphError } from '../errors.js';
import type { Clock } from './clock.js';

/** The error of a request its caller cancelled. */
export function abortedError(what: string, cause?: unknown): GraphError {
  return new GraphError('aborted', `${what} was cancelled`, { cause });
}

/** Throws the 'aborted' GraphError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortedError(what, signal.reason);
}

/**
 * `promise`, or the 'aborted' GraphError as soon as the signal fires (the promise is then left
 * to settle unobserved). Without a signal, the promise itself.
 */
export function unlessAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  what: string,
): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortedError(what, signal.reason));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(abortedError(what, signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // Whatever the awaited thing threw, passed on as it came (a token provider's own error).
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(error);
      },
    );
  });
}

/** The clock's sleep, ended early by the signal with the 'aborted' GraphError. */
export function abortableSleep(
  clock: Clock,
  ms: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<void> {
  if (signal === undefined) return clock.sleep(ms);
  throwIfAborted(signal, what);
  return unlessAborted(clock.sleep(ms, signal), signal, what);
}
