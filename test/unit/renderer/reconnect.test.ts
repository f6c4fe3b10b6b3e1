/** How long the window waits before reconnecting to Beacon after the link drops. */
import { describe, expect, it } from 'vitest';
import {
  RECONNECT_BASE_MS,
  RECONNECT_MAX_MS,
  reconnectDelay,
} from '../../../src-renderer/bridge/reconnect.js';

describe('reconnectDelay', () => {
  it('retries after half a second first', () => {
    expect(RECONNECT_BASE_MS).toBe(500);
    expect(reconnectDelay(0)).toBe(500);
  });

  it('doubles the wait after every failed attempt', () => {
    expect([1, 2, 3, 4].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than 10 seconds, however long Beacon is away', () => {
    expect(RECONNECT_MAX_MS).toBe(10_000);
    expect(reconnectDelay(5)).toBe(10_000);
    expect(reconnectDelay(50)).toBe(10_000);
    expect(reconnectDelay(10_000)).toBe(10_000);
  });

  it('treats a negative attempt as the first', () => {
    expect(reconnectDelay(-1)).toBe(500);
  });
});
