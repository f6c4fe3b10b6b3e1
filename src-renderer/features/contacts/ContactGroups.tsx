/** The roster in collapsible groups; each group's toggle says how many contacts it holds. */
import { useState } from 'react';
import type { Contact, Conversation } from '../../../src-main/core/contract.js';
import { useMessages } from '../../store/context.js';
import { groupContacts, groupLabel, unreadFrom } from './contact-list.js';
import { ContactRow } from './ContactRow.js';
import { Isolated } from '../../format/Isolated.js';

export function ContactGroups({
  contacts,
  conversations,
  query,
  now,
  demoRoster,
  onOpen,
}: {
  contacts: readonly Contact[];
  /** The demo mailbox's own chat network: its group names are Beacon's, shown translated. */
  demoRoster: boolean;
  conversations: readonly Conversation[];
  query: string;
  now: number;
  onOpen: (address: string) => void;
}): React.JSX.Element {
  const t = useMessages();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const groups = groupContacts(contacts, query, t.lang, (name) => groupLabel(name, demoRoster, t));
  if (groups.length === 0)
    return (
      <p className="muted empty-search" role="status">
        {t.contacts.noMatch}
      </p>
    );
  return (
    <div className="contact-groups" data-testid="contact-groups">
      {groups.map((group, index) => {
        const key = group.name ?? '';
        const listId = `contact-group-${String(index)}`;
        const isCollapsed = collapsed.has(key);
        return (
          <section key={key} className="contact-group">
            <h3>
              <button
                type="button"
                className="group-toggle"
                aria-expanded={!isCollapsed}
                aria-controls={listId}
                onClick={() => {
                  const next = new Set(collapsed);
                  if (isCollapsed) next.delete(key);
                  else next.add(key);
                  setCollapsed(next);
                }}
              >
                <span className="chevron" aria-hidden="true">
                  {isCollapsed ? '▸' : '▾'}
                </span>
                {group.label === undefined ? (
                  t.contacts.otherGroup
                ) : (
                  <Isolated>{group.label}</Isolated>
                )}
                <span className="muted group-count">
                  {' · '}
                  {t.contacts.groupCount(group.contacts.length)}
                </span>
              </button>
            </h3>
            <ul id={listId} className="contact-list" hidden={isCollapsed}>
              {group.contacts.map((contact) => (
                <ContactRow
                  key={contact.address}
                  contact={contact}
                  unread={unreadFrom(conversations, contact.address)}
                  now={now}
                  onOpen={onOpen}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
