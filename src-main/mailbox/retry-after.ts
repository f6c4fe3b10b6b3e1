/**
 * How long to wait after a server asked us to (Retry-After, ErrorServerBusy's BackOffMilliseconds,
 * Graph's 429 and 503 and the same inside a $batch answer): the one reading for EWS and Graph.
 * Pure. Two rules keep a failing server safe from us and us from a confused server:
 *
 * - No storm: our own back-off applies whenever the server's hint is shorter, so a hint of 0, a
 *   negative number, garbage or a date in the past never makes us ask faster than we would anyway.
 * - No lock-out: a hint longer than `MAX_SERVER_PAUSE_MS` is not honoured at all; the server is
 *   treated as unavailable and asked again on our own back-off schedule.
 */

/** The longest pause a server may impose on us; a longer request counts as "unavailable". */
export const MAX_SERVER_PAUSE_MS = 15 * 60_000;

/** IMF-fixdate, RFC 850 and asctime: a weekday, a month name and a time of day. */
const HTTP_DATE =
  /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s.*\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b.*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * Retry-After as milliseconds from now: delta-seconds, or an HTTP date read against the answer's
 * own Date header (so a server whose clock is off still means what it says), or against our
 * clock when there is no usable Date header. Graph's throttling answers are documented with
 * fractional seconds (`Retry-After: 2.128`), so a decimal fraction is read too, rounded up to the
 * millisecond (EWS sends whole seconds, which read the same). A date in the past is 0; anything
 * else (signs, exponents, a bare point, words) is no hint at all.
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
  // Only an HTTP date (RFC 9110 §5.6.7): Date.parse alone also accepts "-5", "1e12", "Someday 12".
  if (!HTTP_DATE.test(trimmed)) return undefined;
  // HTTP dates are GMT; asctime says so by saying nothing (Date.parse would read local time).
  const at = Date.parse(/\b(GMT|UTC)\b/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(at)) return undefined;
  const serverNow = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader.trim());
  const reference = Number.isNaN(serverNow) ? nowMs : serverNow;
  return Math.max(0, at - reference);
}

/** The pause we honour for a server's hint: none when absent, not positive, or beyond the cap. */
export function honouredPause(
  hintMs: number | undefined,
  capMs: number = MAX_SERVER_PAUSE_MS,
): number | undefined {
  if (hintMs === undefined || !Number.isFinite(hintMs) || hintMs <= 0 || hintMs > capMs)
    return undefined;
  return Math.ceil(hintMs);
}

export interface RetryWait {
  waitMs: number;
  /** True when the server's (honoured) hint, not our back-off, set the wait. */
  serverAsked: boolean;
}

/** The wait before the next attempt: our back-off step, or the honoured hint when it is longer. */
export function retryWait(
  hintMs: number | undefined,
  backoffMs: number,
  capMs: number = MAX_SERVER_PAUSE_MS,
): RetryWait {
  const pause = honouredPause(hintMs, capMs);
  return pause !== undefined && pause > backoffMs
    ? { waitMs: pause, serverAsked: true }
    : { waitMs: backoffMs, serverAsked: false };
}

/** The whole decision from the raw headers: Retry-After + Date + our back-off step + cap. */
export function waitAfterResponse(input: {
  retryAfter: string | undefined;
  date: string | undefined;
  nowMs: number;
  backoffMs: number;
  capMs?: number;
}): RetryWait {
  return retryWait(
    parseRetryAfter(input.retryAfter, input.date, input.nowMs),
    input.backoffMs,
    input.capMs,
  );
}
