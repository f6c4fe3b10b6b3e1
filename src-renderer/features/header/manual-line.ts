/**
 * The current manual choice as one line for the header: "Do not disturb · until 10:10", or
 * "Do not disturb · until you change it" (the availability line above already names the status;
 * this line is about how long it lasts). Undefined while presence follows the calendar. Pure:
 * "now" is passed in, so the expiry reads like every other time on screen.
 */
import type { ManualStatus } from '../../../src-main/core/contract.js';
import type { Formatter } from '../../format/formatter.js';
import type { Messages } from '../../i18n/messages.js';

export function manualLine(
  manual: ManualStatus | null,
  t: Pick<Messages, 'manualChoice' | 'statusMenu'>,
  format: Pick<Formatter, 'until'>,
  now: number = Date.now(),
): string | undefined {
  if (manual === null) return undefined;
  const status = t.manualChoice[manual.availability];
  if (manual.expiresAt === undefined) return t.statusMenu.manualForever(status);
  return t.statusMenu.manualUntil(status, format.until(manual.expiresAt, now));
}
