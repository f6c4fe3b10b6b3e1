/** The footer's word on how changes arrive: "Live", or "Checking every 15 min" (presentation only). */
import type { Connection } from '../../../src-main/core/contract.js';
import type { Messages } from '../../i18n/index.js';

/** Shown only while the data is current (online); undefined when the core says nothing. */
export function updatesText(connection: Connection, t: Messages): string | undefined {
  const updates = connection.updates;
  if (updates === undefined || connection.state !== 'online') return undefined;
  if (updates.mode !== 'polling') return t.footer.live;
  return t.footer.checkingEvery(updates.everyMinutes ?? 15);
}
