/**
 * How long to wait when Graph asks us to (Retry-After on 429 and 503, also inside a $batch
 * answer). Pure. Two rules keep a throttled mailbox safe from us and us from a confused server:
 *
 * - No storm: our own back-off applies whenever the hint is shorter, so `0`, a negative number,
 *   garbage or a date in the past never makes us ask faster than we would anyway.
 * - No lock-out: a hint longer than MAX_SERVER_PAUSE_MS is not honoured at all; the service
 *   counts as unavailable and our own back-off decides.
 */

/** The longest pause Graph may impose on us; a longer one counts as "unavailable". */
export const MAX_SERVER_PAUSE_MS = 15 * 60_000;

/** IMF-fixdate, RFC 850 and asctime: a weekday, a month name and a time of day. */
const HTTP_DATE =
  /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s.*\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b.*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * Retry-After as milliseconds from now: seconds, or an HTTP date read against the answer's own
 * Date header (our clock only when there is none). Graph's throttling answers are documented with
 * fractional seconds (`Retry-After: 2.128`), so a decimal point is read, rounded up to the
 * millisecond. A date in the past is 0; anything else (signs, exponents, words) is no hint.
 */
export function parseRetryAfter(
  value: string | undefined,
  dateHeader: string | undefined,
  nowMs: number,
): number | undefined {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const ms = Math.ceil(Number(trimmed) * 1000);
    return Number.isSafeInteger(ms) ? ms : Number.MAX_SAFE_INTEGER;
  }
  if (!HTTP_DATE.test(trimmed)) return undefined;
  // HTTP dates are GMT; asctime says so by saying nothing (Date.parse would read local time).
  const at = Date.parse(/\b(GMT|UTC)\b/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(at)) return undefined;
  const serverNow = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader.trim());
  const reference = Number.isNaN(serverNow) ? nowMs : serverNow;
  return Math.max(0, at - reference);
}

/** The pause we honour for a hint: none when absent, not positive, or beyond the cap. */
export function honouredPause(
  hintMs: number | undefined,
  capMs: number = MAX_SERVER_PAUSE_MS,
): number | undefined {
  if (hintMs === undefined || !Number.isFinite(hintMs) || hintMs <= 0 || hintMs > capMs)
    return undefined;
  return Math.ceil(hintMs);
}
