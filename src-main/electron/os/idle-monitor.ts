/**
 * The OS idle state for the core: seconds since the last input (polled, because no platform
 * pushes it) and the screen lock (pushed). The core is told only when the idle band changes,
 * so polling costs no presence recomputation.
 */
import type { SchedulerClock } from '../../core/scheduler.js';
import type { IdleInput } from '../../presence/index.js';
import type { ElectronPlatform } from '../platform.js';
import { idleBand, nextPollDelayMs, type IdleBand } from './idle-threshold.js';

export interface IdleMonitorDeps {
  powerMonitor: ElectronPlatform['powerMonitor'];
  clock: SchedulerClock;
  thresholds: () => { awayAfterMinutes: number; inactiveAfterMinutes: number };
  /** The idle band changed: presence must be recomputed. */
  onIdleChanged: () => void;
  onResume: () => void;
  onUnlock: () => void;
}

export interface IdleMonitor {
  start(): void;
  stop(): void;
  /** The idle state right now, for the presence resolver. */
  current(): IdleInput;
}

export function createIdleMonitor(deps: IdleMonitorDeps): IdleMonitor {
  let locked = false;
  let running = false;
  let band: IdleBand = 'active';
  let cancelPoll: (() => void) | undefined;

  function idleSeconds(): number {
    const seconds = deps.powerMonitor.getSystemIdleTime();
    return Number.isFinite(seconds) && seconds >= 0 ? seconds : 0;
  }

  function check(): void {
    const next = idleBand(idleSeconds(), locked, deps.thresholds());
    if (next === band) return;
    band = next;
    deps.onIdleChanged();
  }

  function schedulePoll(): void {
    // Sooner near a threshold, so "Inactive" shows within a second of being due.
    const delay = nextPollDelayMs(idleSeconds(), deps.thresholds());
    cancelPoll = deps.clock.setTimer(deps.clock.now() + delay, () => {
      if (!running) return;
      check();
      schedulePoll();
    });
  }

  // Electron keeps these listeners for the life of the app; `running` gates them.
  deps.powerMonitor.on('lock-screen', () => {
    if (!running) return;
    locked = true;
    check();
  });
  deps.powerMonitor.on('unlock-screen', () => {
    if (!running) return;
    locked = false;
    check();
    deps.onUnlock();
  });
  deps.powerMonitor.on('resume', () => {
    if (!running) return;
    check();
    deps.onResume();
  });

  return {
    start() {
      if (running) return;
      running = true;
      check();
      schedulePoll();
    },
    stop() {
      running = false;
      cancelPoll?.();
      cancelPoll = undefined;
    },
    current: () => ({ idleSeconds: idleSeconds(), locked }),
  };
}
