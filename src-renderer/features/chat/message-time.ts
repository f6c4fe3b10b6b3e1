/**
 * When a message was sent, as short as is clear: "14:02" today, "Mon 8 Dec, 14:02" another day
 * (archived messages may be days old). Pure: "now" is passed in.
 */
import type { Formatter } from '../../format/formatter.js';

export function messageTime(
  at: string,
  now: number,
  format: Pick<Formatter, 'time' | 'dateTime' | 'daysBetween'>,
): string {
  return format.daysBetween(Date.parse(at), now) === 0 ? format.time(at) : format.dateTime(at);
}
