/**
 * Tells the core when the network comes back, so it refreshes at once instead of waiting for its
 * back-off. Electron's main process has no online event: `net.isOnline()` is polled.
 */
import type { SchedulerClock } from '../../core/scheduler.js';
import type { ElectronPlatform } from '../platform.js';

export const NETWORK_POLL_MS = 10_000;

export interface NetworkMonitor {
  start(): void;
  stop(): void;
}

export function createNetworkMonitor(deps: {
  net: ElectronPlatform['net'];
  clock: SchedulerClock;
  onBack: () => void;
}): NetworkMonitor {
  let online = true;
  let cancel: (() => void) | undefined;

  function poll(): void {
    cancel = deps.clock.setTimer(deps.clock.now() + NETWORK_POLL_MS, () => {
      const now = deps.net.isOnline();
      if (now && !online) deps.onBack();
      online = now;
      poll();
    });
  }

  return {
    start() {
      if (cancel !== undefined) return;
      online = deps.net.isOnline();
      poll();
    },
    stop() {
      cancel?.();
      cancel = undefined;
    },
  };
}
