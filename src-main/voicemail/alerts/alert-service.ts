/**
 * Announces new voicemail: re-plans on every Snapshot and hands each due notice to the shell's
 * `notify` (the same notifier the reminders use). The decisions are `planVoicemailAlerts`'.
 */
import type { Api } from '../../core/contract.js';
import type { VoicemailNotice } from '../../core/reminders/notice.js';
import { EMPTY_VOICEMAIL_MEMORY, planVoicemailAlerts, type VoicemailAlertMemory } from './plan.js';

export interface VoicemailAlertService {
  start(): void;
  stop(): void;
}

export function createVoicemailAlertService(options: {
  api: Pick<Api, 'getSnapshot' | 'subscribe'>;
  notify: (notice: VoicemailNotice) => void;
}): VoicemailAlertService {
  let memory: VoicemailAlertMemory = EMPTY_VOICEMAIL_MEMORY;
  let unsubscribe: (() => void) | undefined;
  let stopped = false;

  const replan = (): void => {
    if (stopped) return;
    const plan = planVoicemailAlerts(options.api.getSnapshot(), memory);
    // Remembered before the shell runs: a notify that throws cannot make one show twice.
    memory = plan.memory;
    let failure: { error: unknown } | undefined;
    for (const notice of plan.due) {
      try {
        options.notify(notice);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  };

  return {
    start() {
      if (unsubscribe !== undefined || stopped) return;
      unsubscribe = options.api.subscribe(() => {
        replan();
      });
      replan();
    },
    stop() {
      stopped = true;
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
