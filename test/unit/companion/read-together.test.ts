/**
 * The reads of one refresh together: the first failure that ends the attempt rejects at once and
 * cancels the rest (a read that has not started yet sees the signal already aborted); a
 * throttled echo waits for the others; all answers come back in order.
 */
import { describe, expect, it } from 'vitest';
import { readTogether } from '../../../src-main/core/companion/read-together.js';
import { endsRefresh } from '../../../src-main/core/companion/failures.js';
import { MailboxError } from '../../../src-main/mailbox/errors.js';

/** A read that settles only when the test says, and records whether it was cancelled. */
function controlled<T>(): {
  read: (signal: AbortSignal) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  signal: () => AbortSignal | undefined;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  let seen: AbortSignal | undefined;
  return {
    read: (signal) => {
      seen = signal;
      return promise;
    },
    resolve,
    reject,
    signal: () => seen,
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const timeout = new MailboxError('transport', 'No complete answer within 4000 ms', {
  network: true,
  failure: { reason: 'timeout', host: 'mail.contoso.test', seconds: 4 },
});
const throttled = new MailboxError('throttled', 'Paused by the server', { retryAfterMs: 5000 });

describe('readTogether', () => {
  it('answers every read, in order, when all succeed', async () => {
    const result = await readTogether<[string, number, boolean]>(
      [() => Promise.resolve('oof'), () => Promise.resolve(2), () => Promise.resolve(true)],
      endsRefresh,
    );
    expect(result).toEqual(['oof', 2, true]);
  });

  it('the first timeout rejects at once and cancels the reads still waiting', async () => {
    const oof = controlled<string>();
    const calendar = controlled<string>();
    const availability = controlled<string>();
    let outcome: unknown = 'pending';
    const together = readTogether<[string, string, string]>(
      [oof.read, calendar.read, availability.read],
      endsRefresh,
    ).then(
      () => 'answered',
      (error: unknown) => error,
    );
    void together.then((value) => (outcome = value));
    await tick();
    expect(oof.signal()?.aborted).toBe(false);
    calendar.reject(timeout);
    await tick();
    // The other two never settled, yet the attempt is over, with the timeout as its reason.
    expect(outcome).toBe(timeout);
    expect(oof.signal()?.aborted).toBe(true);
    expect(availability.signal()?.aborted).toBe(true);
    expect(availability.signal()?.reason).toBe(timeout);
  });

  it('a throttled echo waits for the others; the cause that follows is the one thrown', async () => {
    const oof = controlled<string>();
    const calendar = controlled<string>();
    let outcome: unknown = 'pending';
    void readTogether<[string, string]>([oof.read, calendar.read], endsRefresh).then(
      () => (outcome = 'answered'),
      (error: unknown) => (outcome = error),
    );
    await tick();
    oof.reject(throttled);
    await tick();
    expect(outcome).toBe('pending');
    expect(calendar.signal()?.aborted).toBe(false);
    const cause = new MailboxError('server', 'Internal server error', {
      failure: { reason: 'server-error' },
    });
    calendar.reject(cause);
    await tick();
    expect(outcome).toBe(cause);
  });

  it('only throttled echoes: the first of them, in the order of the reads', async () => {
    const second = new MailboxError('throttled', 'Paused too', { retryAfterMs: 5000 });
    await expect(
      readTogether<[string, string]>(
        [() => Promise.reject(throttled), () => Promise.reject(second)],
        endsRefresh,
      ),
    ).rejects.toBe(throttled);
  });
});
