/**
 * Cancellation in the Graph transport's own parts: the mailbox gate's queue and pause, and the
 * waits on the system clock, each ended by the caller's signal with the 'aborted' GraphError.
 */
import { describe, expect, it } from 'vitest';
import { GraphError } from '../../../src-main/graph/errors.js';
import { abortableSleep, unlessAborted } from '../../../src-main/graph/transport/abort.js';
import { systemClock } from '../../../src-main/graph/transport/clock.js';
import { MailboxGate } from '../../../src-main/graph/transport/mailbox-gate.js';
import { FakeClock } from '../../support/fake-clock.js';

async function kindOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof GraphError ? error.kind : String(error);
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the mailbox gate and a cancelled caller', () => {
  it('a cancelled waiter leaves the queue; the freed slot goes to the next one, once', async () => {
    const gate = new MailboxGate(1, new FakeClock());
    const first = await gate.acquire();
    const controller = new AbortController();
    const cancelled = gate.acquire(Infinity, controller.signal);
    let thirdIn = false;
    const third = gate.acquire().then((release) => {
      thirdIn = true;
      return release;
    });
    controller.abort();
    expect(await kindOf(cancelled)).toBe('aborted');
    await turn();
    expect(thirdIn).toBe(false);
    first();
    first(); // a second release of the same slot frees nothing
    const releaseThird = await third;
    let fourthIn = false;
    const fourth = gate.acquire().then((release) => {
      fourthIn = true;
      return release;
    });
    await turn();
    expect(fourthIn).toBe(false);
    releaseThird();
    (await fourth)();
    expect(fourthIn).toBe(true);
  });

  it('a caller waiting out a pause on the system clock leaves at once', async () => {
    const gate = new MailboxGate(1, systemClock);
    gate.pause(60_000);
    const controller = new AbortController();
    const waiting = gate.acquire(Infinity, controller.signal);
    await turn();
    const started = Date.now();
    controller.abort();
    expect(await kindOf(waiting)).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a caller cancelled while paused gives back the slot it held', async () => {
    let now = 0;
    // Sleeps never end by themselves and ignore the signal: only the gate can end the wait.
    const clock = { now: () => now, sleep: () => new Promise<void>(() => undefined) };
    const gate = new MailboxGate(1, clock);
    gate.pause(1000);
    const controller = new AbortController();
    const waiting = gate.acquire(Infinity, controller.signal);
    await turn();
    controller.abort();
    expect(await kindOf(waiting)).toBe('aborted');
    now = 1000; // the pause is over
    let got = false;
    void gate.acquire().then(() => (got = true));
    await turn();
    expect(got).toBe(true);
  });

  it('an already-fired signal takes no slot at all', async () => {
    const gate = new MailboxGate(1, new FakeClock());
    expect(await kindOf(gate.acquire(Infinity, AbortSignal.abort()))).toBe('aborted');
    let got = false;
    void gate.acquire().then(() => (got = true));
    await turn();
    expect(got).toBe(true);
  });
});

describe('waits that stop on the signal', () => {
  it("the system clock's sleep ends with 'aborted'", async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(systemClock, 60_000, controller.signal, 'A wait');
    controller.abort();
    expect(await kindOf(sleeping)).toBe('aborted');
  });

  it('a promise finishing first is passed through, and a later signal changes nothing', async () => {
    const controller = new AbortController();
    const value = await unlessAborted(Promise.resolve(7), controller.signal, 'x');
    controller.abort();
    expect(value).toBe(7);
    class Own extends Error {}
    await expect(
      unlessAborted(Promise.reject(new Own('own')), new AbortController().signal, 'x'),
    ).rejects.toBeInstanceOf(Own);
  });
});
