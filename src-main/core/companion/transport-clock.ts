/**
 * The transport's clock made from the scheduler's, so the server's back-off requests and the
 * scheduler's retries count the same time (in tests, the same fake time).
 */
import type { BackendClock as Clock } from '../../backends/index.js';
import type { SchedulerClock } from '../scheduler.js';

export function transportClockFrom(clock: SchedulerClock): Clock {
  return {
    now: () => clock.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason as Error);
          return;
        }
        const onAbort = (): void => {
          cancel();
          reject(signal?.reason as Error);
        };
        const cancel = clock.setTimer(clock.now() + ms, () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
