/** The roster as listed: search, groups, order, and unread counts. */
import { describe, expect, it } from 'vitest';
import {
  ContactSchema,
  type Availability,
  type Contact,
  type Conversation,
} from '../../../src-main/core/contract.js';
import {
  contactMatches,
  groupContacts,
  groupLabel,
  isDemoRoster,
  unreadFrom,
  unreadTotal,
} from '../../../src-renderer/features/contacts/contact-list.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

function contact(
  name: string,
  availability: Availability,
  groups: string[] = [],
  address = `${name.toLowerCase().replace(/\s+/g, '.')}@contoso.example`,
): Contact {
  // Parsed by the contract's own schema, so the fixtures are Snapshot-valid.
  return ContactSchema.parse({
    address,
    name,
    groups,
    subscription: 'both',
    pendingOut: false,
    presence: {
      availability,
      activity: { kind: 'none' },
      activityText: '',
      note: '',
      oof: false,
      idle: false,
      source: 'im',
    },
    alertWhenAvailable: false,
    isDemo: false,
  });
}

const roster = [
  contact('Zoe Park', 'available', ['Team']),
  contact('Adam Lee', 'offline', ['Team']),
  contact('Mina Kim', 'in-a-meeting', ['Team', 'Friends']),
  contact('Bo Ra', 'away'),
  contact('김민수', 'available', ['팀']),
];

describe('groupContacts', () => {
  it('lists named groups alphabetically, contacts in no group last', () => {
    const groups = groupContacts(roster, '', 'en');
    expect(groups.map((g) => g.name)).toEqual(['Friends', 'Team', '팀', undefined]);
  });

  it('puts reachable contacts first in a group, then by name', () => {
    const team = groupContacts(roster, '', 'en').find((g) => g.name === 'Team');
    expect(team?.contacts.map((c) => c.name)).toEqual(['Zoe Park', 'Mina Kim', 'Adam Lee']);
  });

  it('lists a contact in each of its groups', () => {
    const groups = groupContacts(roster, '', 'en');
    const withMina = groups.filter((g) => g.contacts.some((c) => c.name === 'Mina Kim'));
    expect(withMina.map((g) => g.name)).toEqual(['Friends', 'Team']);
  });

  it('filters by every word of the search, in name or address, any case', () => {
    expect(
      groupContacts(roster, 'kim', 'en').flatMap((g) => g.contacts.map((c) => c.name)),
    ).toEqual(['Mina Kim', 'Mina Kim']);
    expect(groupContacts(roster, 'ZOE contoso', 'en')[0]?.contacts[0]?.name).toBe('Zoe Park');
    expect(groupContacts(roster, 'nobody', 'en')).toEqual([]);
  });

  it('finds Korean names', () => {
    const found = groupContacts(roster, '민수', 'ko');
    expect(found).toHaveLength(1);
    expect(found[0]?.name).toBe('팀');
    expect(contactMatches(roster[4] as Contact, '김', 'ko')).toBe(true);
  });
});

describe('unread counts', () => {
  const conversation = (address: string, unread: number): Conversation => ({
    with: address,
    messages: [],
    hasEarlier: false,
    typing: false,
    unread,
  });
  const conversations = [conversation('a@x.example', 2), conversation('b@x.example', 3)];

  it('counts one contact and all of them', () => {
    expect(unreadFrom(conversations, 'b@x.example')).toBe(3);
    expect(unreadFrom(conversations, 'c@x.example')).toBe(0);
    expect(unreadTotal(conversations)).toBe(5);
    expect(unreadTotal([])).toBe(0);
  });
});

describe("the demo mailbox's group names are Beacon's words", () => {
  it('heads the demo network’s groups in the window’s language', () => {
    expect(groupLabel('My team', true, ko)).toBe(ko.contacts.demoGroups.myTeam);
    expect(groupLabel('Colleagues', true, ko)).toBe(ko.contacts.demoGroups.colleagues);
    expect(groupLabel('Demo', true, ko)).toBe(ko.contacts.demoGroups.demoPeers);
    expect(groupLabel('Demo', true, en)).toBe('Demo');
  });

  it('a group on a real IM server is the user’s data and stays as it is', () => {
    expect(groupLabel('Colleagues', false, ko)).toBe('Colleagues');
    expect(groupLabel('Friends', true, ko)).toBe('Friends');
  });

  it('sorts the groups by the heading shown, other contacts last', () => {
    const demo = [
      contact('Megan Bowen', 'available', ['My team']),
      contact('Nestor Wilke', 'available', ['Colleagues']),
      contact('Bot', 'available', ['Demo']),
      contact('Bo Ra', 'away'),
    ];
    const label = (name: string): string => groupLabel(name, true, ko);
    const groups = groupContacts(demo, '', 'ko', label);
    expect(groups.map((g) => g.label)).toEqual(['데모', '동료', '우리 팀', undefined]);
    expect(groups.map((g) => g.name)).toEqual(['Demo', 'Colleagues', 'My team', undefined]);
    expect(groupContacts(demo, '', 'en').map((g) => g.label)).toEqual([
      'Colleagues',
      'Demo',
      'My team',
      undefined,
    ]);
  });

  it('knows the demo network by the demo mailbox with no chat account', () => {
    const demo = { account: { mode: 'demo' as const }, im: { state: 'off' as const } };
    expect(isDemoRoster(demo)).toBe(true);
    expect(isDemoRoster({ ...demo, im: { state: 'online', address: 'me@chat.example' } })).toBe(
      false,
    );
    expect(isDemoRoster({ account: { mode: 'exchange' }, im: { state: 'off' } })).toBe(false);
  });
});
