/**
 * The header's activity line, formatted by the window from the core's instant ("In a meeting
 * until 15:30"): the same zone and language as every other time on screen. The core's own
 * `activityText` is for the tray and the CLI. Pure: "now" is passed in.
 */
import type { Activity } from '../../../src-main/core/contract.js';
import type { Formatter } from '../../format/formatter.js';
import type { Messages } from '../../i18n/messages.js';

/** The line for `activity`; empty when there is nothing to say. */
export function activityLine(
  activity: Activity,
  t: Pick<Messages, 'activity'>,
  format: Pick<Formatter, 'until'>,
  now: number = Date.now(),
): string {
  switch (activity.kind) {
    case 'free-rest-of-day':
      return t.activity.freeRestOfDay;
    case 'oof':
      return t.activity.oof;
    case 'none':
      return '';
    default:
      return t.activity.until[activity.kind](format.until(activity.until, now));
  }
}
