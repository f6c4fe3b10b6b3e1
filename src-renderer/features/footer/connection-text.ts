/** The footer's sentence for the connection health the core reports (presentation only). */
import type { Connection, Failure } from '../../../src-main/core/contract.js';
import type { Messages } from '../../i18n/index.js';
import { secondsText } from '../settings/sign-in-text.js';

const BUSY_KINDS = new Set(['server-busy', 'throttled']);

/** A refresh shorter than this is not worth a word: "Updated 14:02" stays. */
export const UPDATING_AFTER_MS = 2000;

/** The start of a SHA-256 fingerprint: enough to tell certificates apart in one line. */
const FINGERPRINT_SHOWN = 14; // "AB:CD:EF:01:23"

/** Why a refresh failed in one short sentence; undefined when the reason says nothing useful. */
export function failureReasonText(failure: Failure | undefined, t: Messages): string | undefined {
  if (failure === undefined) return undefined;
  const why = t.footer.why;
  switch (failure.reason) {
    case 'host-not-found':
      return failure.host === undefined ? undefined : why.hostNotFound(failure.host);
    case 'unreachable':
      return failure.host === undefined ? undefined : why.unreachable(failure.host);
    case 'timeout':
      return failure.seconds === undefined
        ? why.timeoutNoSeconds
        : why.timeout(secondsText(failure.seconds));
    case 'tls-untrusted': {
      const cert = failure.certificate;
      if (cert === undefined) return why.tlsUntrusted;
      const print = cert.fingerprint256;
      const short =
        print.length > FINGERPRINT_SHOWN ? `${print.slice(0, FINGERPRINT_SHOWN)}…` : print;
      return why.tlsUntrustedCertificate(cert.subject, short);
    }
    case 'server-error':
      return why.serverError;
    default:
      return undefined;
  }
}

/**
 * Whether a failed Refresh's error line already names the certificate the connection failed on:
 * then the status line does not say it again (it says only when Beacon retries), or the footer
 * would show the long certificate sentence twice, one under the other.
 */
export function certificateAlreadyShown(
  failure: Failure | undefined,
  refreshFailure: Failure | undefined,
): boolean {
  return (
    failure?.reason === 'tls-untrusted' &&
    refreshFailure?.reason === 'tls-untrusted' &&
    failure.certificate?.fingerprint256 === refreshFailure.certificate?.fingerprint256
  );
}

const secondsUntil = (iso: string, nowMs: number): number =>
  Math.max(0, Math.ceil((Date.parse(iso) - nowMs) / 1000));

/**
 * `formatClock` shows an instant as a time of day: the window's Formatter's `time`.
 * `refreshFailure` is why the last Refresh failed while the footer shows that error.
 */
export function connectionText(
  connection: Connection,
  nowMs: number,
  t: Messages,
  formatClock: (iso: string) => string,
  refreshFailure?: Failure,
): string {
  if (connection.state === 'auth-required') {
    // Not every refusal is a wrong password: say which one it is when the core knows.
    if (connection.failure?.reason === 'ews-blocked') return t.footer.ewsBlocked;
    if (connection.failure?.reason === 'sign-in-expired') return t.footer.signInExpired;
    if (connection.failure?.reason === 'graph-needs-oauth') return t.footer.graphNeedsOAuth;
    return t.footer.authRequired;
  }
  // A refresh that hangs says so, instead of an "Updated 14:02" that looks current.
  if (connection.updatingSince !== undefined) {
    const elapsed = nowMs - Date.parse(connection.updatingSince);
    if (elapsed >= UPDATING_AFTER_MS) return t.footer.updating(Math.floor(elapsed / 1000));
  }
  if (connection.pausedUntil !== undefined) {
    const left = secondsUntil(connection.pausedUntil, nowMs);
    if (left > 0)
      return left > 60
        ? t.footer.pausedMinutes(Math.ceil(left / 60))
        : t.footer.pausedSeconds(left);
  }
  const retryIn =
    connection.retryAt === undefined ? undefined : secondsUntil(connection.retryAt, nowMs);
  const busy =
    BUSY_KINDS.has(connection.error?.kind ?? '') || connection.failure?.reason === 'server-busy';
  const why = certificateAlreadyShown(connection.failure, refreshFailure)
    ? undefined
    : failureReasonText(connection.failure, t);
  switch (connection.state) {
    case 'connecting':
      return t.footer.connecting;
    case 'online':
      return connection.lastSuccessAt === undefined
        ? t.footer.connecting
        : t.footer.updated(formatClock(connection.lastSuccessAt));
    case 'stale':
    case 'offline':
      if (busy) return retryIn === undefined ? t.footer.busy : t.footer.busyRetrying(retryIn);
      if (why !== undefined)
        return retryIn === undefined ? why : t.footer.whyRetrying(why, retryIn);
      if (connection.state === 'offline')
        return connection.lastSuccessAt === undefined
          ? t.footer.offlineNoData
          : t.footer.offline(formatClock(connection.lastSuccessAt));
      return retryIn === undefined ? t.footer.failed : t.footer.retrying(retryIn);
  }
}
