/**
 * "Tell me when available" (pure): a notice when a contact with the alert on becomes available,
 * once per transition. The memory is each contact's last seen availability; a contact seen for
 * the first time (or just tagged) is remembered without a notice.
 */
import type { Availability, Contact } from '../../core/contract.js';
import type { ContactAvailableNotice } from '../../core/reminders/notice.js';

export type AlertMemory = ReadonlyMap<string, Availability>;

export interface AlertPlan {
  due: ContactAvailableNotice[];
  memory: Map<string, Availability>;
}

export function planContactAlerts(
  contacts: readonly Contact[],
  memory: AlertMemory,
  now: number,
): AlertPlan {
  const next = new Map<string, Availability>();
  const due: ContactAvailableNotice[] = [];
  for (const contact of contacts) {
    const availability = contact.presence.availability;
    next.set(contact.address, availability);
    if (!contact.alertWhenAvailable) continue;
    const before = memory.get(contact.address);
    if (before !== undefined && before !== 'available' && availability === 'available') {
      due.push({
        kind: 'contact-available',
        id: `available:${contact.address}:${new Date(now).toISOString()}`,
        address: contact.address,
        name: contact.name,
      });
    }
  }
  return { due, memory: next };
}
