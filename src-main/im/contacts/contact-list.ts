/**
 * The Snapshot's contact list, built purely from the roster, what IM says of each contact, what
 * Exchange says of their mailbox, and the user's per-contact choices (mailbox, alert).
 */
import type { Contact } from '../../core/contract.js';
import type { TeamsContactPresence } from '../../core/teams/presence-inbound.js';
import type { ImPresence, RosterEntry } from '../provider.js';
import {
  calendarPresence,
  imPresence,
  oofMessageText,
  unknownPresence,
  type CalendarFacts,
  type FormatContext,
} from './contact-presence.js';
import { mergeTeamsPresence } from './teams-merge.js';

export interface ContactMeta {
  /** Their Exchange mailbox when it differs from the IM address (ResolveNames found it). */
  mailbox?: string;
  alert?: boolean;
}

export interface ContactListInput {
  roster: readonly RosterEntry[];
  /** Live IM presence of those online there, by bare address. */
  live: ReadonlyMap<string, ImPresence>;
  /** Calendar facts by lower-cased mailbox. */
  facts: ReadonlyMap<string, CalendarFacts>;
  /** Teams presence by lower-cased mailbox (Graph accounts; null: Teams does not know it now). */
  teams?: ReadonlyMap<string, TeamsContactPresence | null>;
  meta: Readonly<Record<string, ContactMeta>>;
  isDemoPeer: (address: string) => boolean;
  context: FormatContext;
}

const MAX_GROUPS = 32;

/** The mailbox Exchange is asked about for a roster entry; undefined for demo peers. */
export function mailboxOf(
  entry: RosterEntry,
  meta: Readonly<Record<string, ContactMeta>>,
  isDemoPeer: (address: string) => boolean,
): string | undefined {
  if (isDemoPeer(entry.address)) return undefined;
  const mailbox = meta[entry.address]?.mailbox ?? entry.address;
  return mailbox.includes('@') ? mailbox.toLowerCase() : undefined;
}

export function buildContacts(input: ContactListInput): Contact[] {
  const collator = new Intl.Collator(input.context.locale, { sensitivity: 'base' });
  const contacts = input.roster.map((entry): Contact => {
    const mailbox = mailboxOf(entry, input.meta, input.isDemoPeer);
    const facts = mailbox === undefined ? undefined : input.facts.get(mailbox);
    const oof = facts?.mailTips?.oof;
    const live = input.live.get(entry.address);
    const fromExchange = (): Contact['presence'] => {
      const calendar =
        facts !== undefined ? calendarPresence(facts, input.context) : unknownPresence();
      const teams = mailbox === undefined ? undefined : input.teams?.get(mailbox);
      return teams === undefined ? calendar : mergeTeamsPresence(teams, calendar, input.context);
    };
    const presence =
      live !== undefined && live.availability !== 'offline'
        ? imPresence(live, oof !== undefined, input.context)
        : fromExchange();
    const contact: Contact = {
      address: entry.address,
      name: (entry.name ?? '').trim() === '' ? entry.address : (entry.name ?? '').slice(0, 256),
      groups: entry.groups.slice(0, MAX_GROUPS).map((g) => g.slice(0, 128)),
      subscription: entry.subscription,
      pendingOut: entry.pendingOut,
      presence,
      alertWhenAvailable: input.meta[entry.address]?.alert === true,
      isDemo: input.isDemoPeer(entry.address),
    };
    if (mailbox !== undefined) contact.mailbox = mailbox;
    const oofText = oofMessageText(oof);
    if (oofText !== undefined) contact.oofMessage = oofText;
    return contact;
  });
  // Demo peers first (they are the ones who answer), then by name.
  return contacts.sort(
    (a, b) => Number(b.isDemo) - Number(a.isDemo) || collator.compare(a.name, b.name),
  );
}
