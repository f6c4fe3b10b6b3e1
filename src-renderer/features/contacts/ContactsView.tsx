/**
 * The Contacts tab: the chat connection's state, requests to see my presence, search and "Add
 * contact", then the roster in groups. A row opens the contact card; the card opens the chat.
 * Back returns to the row the user came from.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useNow } from '../../format/use-now.js';
import { useApp, useMessages } from '../../store/context.js';
import { ChatView } from '../chat/ChatView.js';
import { AddContact } from './AddContact.js';
import { ContactCard } from './ContactCard.js';
import { ContactGroups } from './ContactGroups.js';
import { isDemoRoster } from './contact-list.js';
import { ImLineView } from './ImLineView.js';
import { SubscriptionRequests } from './SubscriptionRequests.js';
import '../../styles/contacts.css';

type Place = { view: 'list' } | { view: 'card' | 'chat'; address: string };

export function ContactsView({
  snapshot,
  onOpenSettings,
}: {
  snapshot: Snapshot;
  onOpenSettings: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const now = useNow();
  const [place, setPlace] = useState<Place>({ view: 'list' });
  const navigation = useApp((s) => s.navigation);
  const navigationDone = useApp((s) => s.navigationDone);

  // A notice opened a conversation: its chat shows.
  useEffect(() => {
    if (navigation === undefined || navigation.done) return;
    const { target } = navigation;
    if (target.view !== 'conversation') return;
    navigationDone(navigation.seq);
    setPlace({ view: 'chat', address: target.with });
  }, [navigation, navigationDone]);
  const [query, setQuery] = useState('');
  const searchId = useId();
  /** The row to give focus back to when the list shows again. */
  const returnTo = useRef<string | undefined>(undefined);

  const contact =
    place.view === 'list' ? undefined : snapshot.contacts.find((c) => c.address === place.address);

  useEffect(() => {
    if (place.view !== 'list' || returnTo.current === undefined) return;
    const address = returnTo.current;
    returnTo.current = undefined;
    const row = [...document.querySelectorAll<HTMLElement>('.contact-row')].find(
      (element) => element.dataset.address === address,
    );
    row?.focus();
  }, [place]);

  const backToList = (address: string): void => {
    returnTo.current = address;
    setPlace({ view: 'list' });
  };

  // A contact removed (here or elsewhere) while its card is open: the list shows instead.
  if (place.view === 'card' && contact !== undefined)
    return (
      <ContactCard
        contact={contact}
        now={now}
        onBack={() => {
          backToList(contact.address);
        }}
        onChat={() => {
          setPlace({ view: 'chat', address: contact.address });
        }}
      />
    );

  if (place.view === 'chat')
    return (
      <ChatView
        snapshot={snapshot}
        address={place.address}
        contact={contact}
        now={now}
        onBack={() => {
          backToList(place.address);
        }}
      />
    );

  return (
    <div className="contacts-view" data-testid="contacts-view">
      <h2 className="sr-only">{t.contacts.title}</h2>
      <ImLineView im={snapshot.im} onOpenSettings={onOpenSettings} />
      <SubscriptionRequests requests={snapshot.subscriptionRequests} />
      {snapshot.contacts.length === 0 && (
        <div className="empty-state" data-testid="contacts-empty">
          <p className="empty-title">{t.contacts.empty}</p>
          <p className="muted">{t.contacts.emptyWhy}</p>
        </div>
      )}
      {/* Search and Add share a line; the add form, when open, takes the whole width. */}
      <div className="contacts-tools">
        {snapshot.contacts.length > 0 && (
          <div className="field contact-search">
            <label htmlFor={searchId} className="sr-only">
              {t.contacts.searchLabel}
            </label>
            <input
              id={searchId}
              type="search"
              placeholder={t.contacts.searchPlaceholder}
              value={query}
              onChange={(event) => {
                setQuery(event.target.value);
              }}
            />
          </div>
        )}
        <AddContact />
      </div>
      {snapshot.contacts.length > 0 && (
        <ContactGroups
          contacts={snapshot.contacts}
          conversations={snapshot.conversations}
          query={query}
          now={now}
          demoRoster={isDemoRoster(snapshot)}
          onOpen={(address) => {
            setPlace({ view: 'card', address });
          }}
        />
      )}
    </div>
  );
}
