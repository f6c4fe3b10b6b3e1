/** The web shell's stand-in for OS events: a sleep seen as a gap in time, a network as an address. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SLEEP_SLACK_MS,
  WAKE_CHECK_MS,
  gainedAddress,
  sleptBetween,
  startWakeWatch,
  type WakeReason,
} from '../../../../src-main/core/live/wake-watch.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('wake decisions', () => {
  it('takes a tick far later than due as a sleep', () => {
    expect(sleptBetween(WAKE_CHECK_MS, WAKE_CHECK_MS + 500)).toBe(false);
    expect(sleptBetween(WAKE_CHECK_MS, WAKE_CHECK_MS + SLEEP_SLACK_MS + 1)).toBe(true);
  });

  it('takes a new external address as the network coming back', () => {
    expect(gainedAddress([], ['192.0.2.10'])).toBe(true);
    expect(gainedAddress(['192.0.2.10'], ['192.0.2.10'])).toBe(false);
    expect(gainedAddress(['192.0.2.10', '2001:db8::1'], ['192.0.2.10'])).toBe(false);
  });
});

describe('startWakeWatch', () => {
  it('wakes the core after a sleep and when an address appears', () => {
    vi.useFakeTimers();
    let time = 0;
    let addresses: string[] = [];
    const woken: WakeReason[] = [];
    const stop = startWakeWatch({
      wake: (reason) => woken.push(reason),
      now: () => time,
      addresses: () => addresses,
    });
    time += WAKE_CHECK_MS;
    vi.advanceTimersByTime(WAKE_CHECK_MS);
    expect(woken).toEqual([]);
    time += 3_600_000; // the laptop slept for an hour; the timer fires once on waking
    vi.advanceTimersByTime(WAKE_CHECK_MS);
    expect(woken).toEqual(['resume']);
    addresses = ['192.0.2.10'];
    time += WAKE_CHECK_MS;
    vi.advanceTimersByTime(WAKE_CHECK_MS);
    expect(woken).toEqual(['resume', 'network-back']);
    stop();
    time += 3_600_000;
    vi.advanceTimersByTime(WAKE_CHECK_MS * 3);
    expect(woken).toHaveLength(2);
  });
});
