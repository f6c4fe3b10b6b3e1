/** Roster items (RFC 6121 §2) in the seam's words (pure); malformed items are skipped. */
import type { Element } from '@xmpp/xml';
import type { RosterEntry, Subscription } from '../provider.js';
import { bareAddress } from './messages.js';
import { cut } from './presence-map.js';

export const MAX_ROSTER_ITEMS = 5_000;
const SUBSCRIPTIONS: readonly string[] = ['none', 'to', 'from', 'both'];

export type RosterItem = RosterEntry | { address: string; removed: true };

export function readRosterItem(item: Element): RosterItem | undefined {
  const address = bareAddress(item.attrs.jid);
  if (!address || (item.attrs.jid ?? '').includes('/')) return undefined;
  const subscription = item.attrs.subscription ?? 'none';
  if (subscription === 'remove') return { address, removed: true };
  if (!SUBSCRIPTIONS.includes(subscription)) return undefined;
  const groups = item
    .getChildren('group')
    .map((g) => cut(g.getText().trim(), 100))
    .filter((g) => g !== '')
    .slice(0, 20);
  const entry: RosterEntry = {
    address,
    groups,
    subscription: subscription as Subscription,
    pendingOut: item.attrs.ask === 'subscribe',
  };
  const name = item.attrs.name?.trim();
  if (name) entry.name = cut(name, 200);
  return entry;
}

export function readRoster(query: Element | undefined): RosterItem[] {
  if (!query) return [];
  return query
    .getChildren('item')
    .slice(0, MAX_ROSTER_ITEMS)
    .map(readRosterItem)
    .filter((i): i is RosterItem => i !== undefined);
}
