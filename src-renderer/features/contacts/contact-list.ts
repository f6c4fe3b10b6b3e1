/**
 * The roster as the window lists it: filtered by the search box, in groups (named groups in
 * alphabetical order, contacts in no group last), and within a group the reachable first, then
 * by name. A contact in two groups is listed in both. Pure: the locale is passed in.
 */
import type {
  Availability,
  Contact,
  Conversation,
  Snapshot,
} from '../../../src-main/core/contract.js';
import { en } from '../../i18n/en.js';
import type { Messages } from '../../i18n/messages.js';

export interface ContactGroup {
  /** The group's name; undefined for contacts in no group. */
  name: string | undefined;
  /** The name as shown (the window's words for a group Beacon named); undefined as `name`. */
  label: string | undefined;
  contacts: Contact[];
}

type DemoGroupKey = keyof Messages['contacts']['demoGroups'];

/**
 * The group names the demo mailbox's chat network makes up (src-main/im/demo/demo-provider.ts and
 * the simulator's seed, DEMO_CONTACTS), which are the English catalogue's words: Beacon's own, so
 * the window shows them in its language. Only on that network: a group on a real IM server is the
 * user's, shown as it is.
 */
const DEMO_GROUP_KEYS: ReadonlyMap<string, DemoGroupKey> = new Map(
  (Object.keys(en.contacts.demoGroups) as DemoGroupKey[]).map((key) => [
    en.contacts.demoGroups[key],
    key,
  ]),
);

/** A group's heading: the window's words for a demo group, else the name as the server gave it. */
export function groupLabel(
  name: string,
  demoRoster: boolean,
  t: Pick<Messages, 'contacts'>,
): string {
  const key = demoRoster ? DEMO_GROUP_KEYS.get(name) : undefined;
  return key === undefined ? name : t.contacts.demoGroups[key];
}

/**
 * Whether the roster is the demo mailbox's own chat network (its demo peers, no IM account):
 * the demo mailbox with no chat address, as the core reports it (`im` stays off).
 */
export function isDemoRoster(snapshot: {
  account: Pick<Snapshot['account'], 'mode'>;
  im: Pick<Snapshot['im'], 'state' | 'address'>;
}): boolean {
  return (
    snapshot.account.mode === 'demo' &&
    snapshot.im.address === undefined &&
    snapshot.im.state === 'off'
  );
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
  /** The heading of a named group (groupLabel); groups sort by it. */
  label: (name: string) => string = (name) => name,
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
    .map(([name, list]) => ({ name, label: name === undefined ? undefined : label(name), list }))
    .sort((a, b) => {
      if (a.label === undefined) return b.label === undefined ? 0 : 1;
      if (b.label === undefined) return -1;
      return a.label.localeCompare(b.label, locale) || (a.name ?? '').localeCompare(b.name ?? '');
    })
    .map(({ name, label: shown, list }) => ({
      name,
      label: shown,
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
