/**
 * Keeps the reminder plan current: re-plans on every Snapshot and at the plan's `nextCheckAt`,
 * with one timer that is kept when the instant is unchanged and replaced otherwise, and hands
 * each due notice to the shell's `notify`. The decisions are `planReminders`'.
 */
import type { Api } from '../contract.js';
import type { SchedulerClock } from '../scheduler.js';
import type { Notice } from './notice.js';
import { DEFAULT_LEAD_MS, EMPTY_MEMORY, planReminders, type ReminderMemory } from './plan.js';

export interface ReminderServiceOptions {
  api: Pick<Api, 'getSnapshot' | 'subscribe'>;
  clock: SchedulerClock;
  /** Shows one notice (the shell's notification adapter). */
  notify: (notice: Notice) => void;
  /** How long before a start to remind; default 5 minutes. */
  leadMs?: number;
}

export interface ReminderService {
  /** Plans from the current Snapshot at once (a meeting 3 minutes away is reminded now). */
  start(): void;
  /** Unsubscribes and cancels the timer; a stopped service does not start again. */
  stop(): void;
}

export function createReminderService(options: ReminderServiceOptions): ReminderService {
  const { api, clock, notify } = options;
  const leadMs = options.leadMs ?? DEFAULT_LEAD_MS;
  if (!Number.isFinite(leadMs) || leadMs <= 0)
    throw new RangeError(`leadMs must be a positive number of milliseconds, not ${leadMs}`);

  let memory: ReminderMemory = EMPTY_MEMORY;
  let started = false;
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  let timerAt: number | undefined;
  let cancelTimer: (() => void) | undefined;

  const arm = (at: number | undefined): void => {
    if (at === timerAt && cancelTimer !== undefined) return;
    cancelTimer?.();
    cancelTimer = undefined;
    timerAt = at;
    if (at === undefined) return;
    cancelTimer = clock.setTimer(at, () => {
      cancelTimer = undefined;
      timerAt = undefined;
      replan();
    });
  };

  const replan = (): void => {
    if (stopped) return;
    const plan = planReminders(api.getSnapshot(), clock.now(), memory, leadMs);
    // The memory and the timer are settled before the shell runs, so a notify that throws or
    // re-enters cannot make a notice show twice or lose the next check.
    memory = plan.memory;
    arm(plan.nextCheckAt);
    let failure: { error: unknown } | undefined;
    for (const notice of plan.due) {
      try {
        notify(notice);
      } catch (error) {
        failure ??= { error };
      }
    }
    // One failed notification must not hide the others; the first failure still surfaces.
    if (failure !== undefined) throw failure.error;
  };

  return {
    start() {
      if (started || stopped) return;
      started = true;
      unsubscribe = api.subscribe(() => {
        replan();
      });
      replan();
    },
    stop() {
      stopped = true;
      unsubscribe?.();
      unsubscribe = undefined;
      cancelTimer?.();
      cancelTimer = undefined;
      timerAt = undefined;
    },
  };
}
