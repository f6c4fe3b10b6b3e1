/** The footer's sentence for the connection health the core reports (presentation only). */
import type { Connection } from '../../../src-main/core/contract.js';
import type { Messages } from '../../i18n/index.js';

const BUSY_KINDS = new Set(['server-busy', 'throttled']);

/** `formatClock` shows an instant as a time of day: the window's Formatter's `time`. */
export function connectionText(
  connection: Connection,
  nowMs: number,
  t: Messages,
  formatClock: (iso: string) => string,
): string {
  const retryIn =
    connection.retryAt === undefined
      ? undefined
      : Math.max(0, Math.ceil((Date.parse(connection.retryAt) - nowMs) / 1000));
  switch (connection.state) {
    case 'connecting':
      return t.footer.connecting;
    case 'online':
      return connection.lastSuccessAt === undefined
        ? t.footer.connecting
        : t.footer.updated(formatClock(connection.lastSuccessAt));
    case 'stale':
      if (BUSY_KINDS.has(connection.error?.kind ?? ''))
        return retryIn === undefined ? t.footer.busy : t.footer.busyRetrying(retryIn);
      return retryIn === undefined ? t.footer.failed : t.footer.retrying(retryIn);
    case 'offline':
      return connection.lastSuccessAt === undefined
        ? t.footer.offlineNoData
        : t.footer.offline(formatClock(connection.lastSuccessAt));
    case 'auth-required':
      return t.footer.authRequired;
  }
}
