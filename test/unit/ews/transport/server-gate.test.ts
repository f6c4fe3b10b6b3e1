import { describe, expect, it } from 'vitest';
import { ThrottledError } from '../../../../src-main/ews/errors.js';
import { ServerGate } from '../../../../src-main/ews/transport/server-gate.js';
import { FakeClock } from '../../../support/fake-clock.js';

describe('ServerGate', () => {
  it('waits out a pause when the caller is willing to', async () => {
    const clock = new FakeClock();
    const gate = new ServerGate(1, clock);
    gate.pause(600_000);
    const release = await gate.acquire();
    expect(clock.sleeps).toEqual([600_000]);
    release();
  });

  it('fails a caller with ThrottledError instead of sleeping past its limit, and frees the slot', async () => {
    const clock = new FakeClock();
    const gate = new ServerGate(1, clock);
    gate.pause(600_000);
    const error = await gate.acquire(undefined, 60_000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(600_000);
    expect(clock.sleeps).toEqual([]);
    // The slot it queued for is free again: the next caller gets it once the pause is over.
    clock.advance(600_000);
    const release = await gate.acquire(undefined, 0);
    expect(gate.pausedFor()).toBe(0);
    release();
  });

  it('a shorter pause never shortens a longer one', () => {
    const clock = new FakeClock();
    const gate = new ServerGate(2, clock);
    gate.pause(60_000);
    gate.pause(1_000);
    expect(gate.pausedFor()).toBe(60_000);
  });
});
