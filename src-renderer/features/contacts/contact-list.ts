/**
 * The roster as the window lists it: filtered by the search box, in groups (named groups in
 * alphabetical order, contacts in no group last), and within a group the reachable first, then
 * by name. A contact in two groups is listed in both. Pure: the locale is passed in.
 */
import type { Availability, Contact, Conversation } from '../../../src-main/core/contract.js';

export interface ContactGroup {
  /** The group's name; undefined for contacts in no group. */
  name: string | undefined;
  contacts: Contact[];
}

/** Who is most worth reaching first: available, then busy, then away, then gone. */
const RANK: Record<Availability, number> = {
  available: 0,
  'be-right-back': 1,
  busy: 2,
  'in-a-meeting': 2,
  'do-not-disturb': 3,
  away: 4,
  'off-work': 5,
  'out-of-office': 6,
  offline: 7,
};

function fold(text: string, locale: string): string {
  return text.normalize('NFKC').toLocaleLowerCase(locale);
}

/** Whether the contact's name, address or mailbox holds every word of the query. */
export function contactMatches(contact: Contact, query: string, locale: string): boolean {
  const words = fold(query, locale).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold([contact.name, contact.address, contact.mailbox ?? ''].join(' '), locale);
  return words.every((word) => haystack.includes(word));
}

export function compareContacts(a: Contact, b: Contact, locale: string): number {
  const rank = RANK[a.presence.availability] - RANK[b.presence.availability];
  if (rank !== 0) return rank;
  const byName = (a.name || a.address).localeCompare(b.name || b.address, locale);
  return byName !== 0 ? byName : a.address.localeCompare(b.address);
}

export function groupContacts(
  contacts: readonly Contact[],
  query: string,
  locale: string,
): ContactGroup[] {
  const groups = new Map<string | undefined, Contact[]>();
  for (const contact of contacts) {
    if (!contactMatches(contact, query, locale)) continue;
    const names = contact.groups.length === 0 ? [undefined] : [...new Set(contact.groups)];
    for (const name of names) {
      const list = groups.get(name) ?? [];
      list.push(contact);
      groups.set(name, list);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => {
      if (a === undefined) return b === undefined ? 0 : 1;
      if (b === undefined) return -1;
      return a.localeCompare(b, locale);
    })
    .map(([name, list]) => ({
      name,
      contacts: list.sort((a, b) => compareContacts(a, b, locale)),
    }));
}

/** Unread messages from one contact. */
export function unreadFrom(conversations: readonly Conversation[], address: string): number {
  return conversations.find((c) => c.with === address)?.unread ?? 0;
}

/** Unread messages in all conversations: the Contacts tab's badge. */
export function unreadTotal(conversations: readonly Conversation[]): number {
  return conversations.reduce((sum, c) => sum + c.unread, 0);
}
