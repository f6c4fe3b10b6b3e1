/**
 * Every notice a shell shows, from one place: meeting reminders and "automatic replies still on"
 * (the reminder service), new voicemail (the voicemail alert service) and IM (a message while the
 * window is hidden, "tell me when available", messages held during Do not disturb). A notice id is
 * passed on once: the services already say each once, and a repeat from either is dropped here.
 */
import type { Api } from '../contract.js';
import { createReminderService } from '../reminders/index.js';
import type { Notice } from '../reminders/notice.js';
import type { SchedulerClock } from '../scheduler.js';
import { createVoicemailAlertService } from '../../voicemail/alerts/alert-service.js';

export interface NoticeSource {
  /** Calls `listener` with each new notice from now on (never one from before); returns the unsubscribe. */
  subscribe(listener: (notice: Notice) => void): () => void;
}

export interface NoticeFeed extends NoticeSource {
  start(): void;
  stop(): void;
}

/** Ids remembered for de-duplication; the oldest are forgotten past this many. */
export const REMEMBERED_NOTICES = 1000;

export function createNoticeFeed(options: {
  api: Pick<Api, 'getSnapshot' | 'subscribe'> & {
    onNotice(listener: (notice: Notice) => void): () => void;
  };
  clock: SchedulerClock;
  log?: (line: string) => void;
}): NoticeFeed {
  const listeners = new Set<(notice: Notice) => void>();
  const seen = new Set<string>();
  const log = options.log ?? ((): void => undefined);

  const publish = (notice: Notice): void => {
    if (seen.has(notice.id)) return;
    seen.add(notice.id);
    if (seen.size > REMEMBERED_NOTICES) {
      const oldest = seen.values().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
    for (const listener of listeners) {
      try {
        listener(notice);
      } catch (error) {
        log(`notice: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const reminders = createReminderService({
    api: options.api,
    clock: options.clock,
    notify: publish,
  });
  const voicemail = createVoicemailAlertService({ api: options.api, notify: publish });
  let stopIm: (() => void) | undefined;

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    start() {
      if (stopIm !== undefined) return;
      stopIm = options.api.onNotice(publish);
      reminders.start();
      voicemail.start();
    },
    stop() {
      stopIm?.();
      reminders.stop();
      voicemail.stop();
      listeners.clear();
    },
  };
}
