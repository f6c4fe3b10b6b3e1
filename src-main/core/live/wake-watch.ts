/**
 * For a shell without OS power and network events (the web shell under plain Node): notices a
 * sleep by its gap in time (a timer that should tick every 30 s came back much later) and a
 * network coming back by a new external address, and tells the core to wake. The decisions are
 * pure; the timer and the address source are injected.
 */
import { networkInterfaces } from 'node:os';

export type WakeReason = 'resume' | 'network-back';

export const WAKE_CHECK_MS = 30_000;
/** A tick this much later than due means the machine (or the process) was asleep. */
export const SLEEP_SLACK_MS = 60_000;

/** Whether a tick expected after `expectedMs` but seen after `elapsedMs` crossed a sleep. */
export function sleptBetween(expectedMs: number, elapsedMs: number): boolean {
  return elapsedMs > expectedMs + SLEEP_SLACK_MS;
}

/** Whether an external address appeared that was not there before (a network came back). */
export function gainedAddress(before: readonly string[], after: readonly string[]): boolean {
  const known = new Set(before);
  return after.some((address) => !known.has(address));
}

/** The machine's external (non-internal) addresses, sorted. */
export function externalAddresses(): string[] {
  const addresses: string[] = [];
  for (const list of Object.values(networkInterfaces()))
    for (const entry of list ?? []) if (!entry.internal) addresses.push(entry.address);
  return addresses.sort();
}

export interface WakeWatchDeps {
  wake: (reason: WakeReason) => void;
  now?: () => number;
  addresses?: () => string[];
  everyMs?: number;
}

/** Starts watching; returns the stop. The timer does not keep the process alive. */
export function startWakeWatch(deps: WakeWatchDeps): () => void {
  const now = deps.now ?? Date.now;
  const addresses = deps.addresses ?? externalAddresses;
  const every = deps.everyMs ?? WAKE_CHECK_MS;
  let last = now();
  let known = addresses();
  const timer = setInterval(() => {
    const at = now();
    const current = addresses();
    if (sleptBetween(every, at - last)) deps.wake('resume');
    else if (gainedAddress(known, current)) deps.wake('network-back');
    last = at;
    known = current;
  }, every);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
