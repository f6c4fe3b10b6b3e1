/**
 * Today, Voicemail and Contacts as ARIA tabs: one tab stop for the bar, arrow keys (and Home/End)
 * move and select, as the WAI-ARIA tabs pattern has it.
 */
import { useRef } from 'react';
import { useApp, useMessages } from '../../store/context.js';
import { unreadCount } from '../voicemail/voicemail-text.js';
import { unreadTotal } from '../contacts/contact-list.js';
import { TABS, tabAfterKey, type Tab } from './tabs.js';

export const tabId = (tab: Tab): string => `tab-${tab}`;
export const panelId = (tab: Tab): string => `panel-${tab}`;
const VOICEMAIL_UNREAD_ID = 'voicemail-unread-count';
const CONTACTS_UNREAD_ID = 'contacts-unread-count';

export function TabBar({
  current,
  onSelect,
}: {
  current: Tab;
  onSelect: (tab: Tab) => void;
}): React.JSX.Element {
  const t = useMessages();
  const refs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const unread = useApp((s) => unreadCount(s.snapshot?.voicemail ?? []));
  const unreadMessages = useApp((s) => unreadTotal(s.snapshot?.conversations ?? []));
  return (
    <div className="tab-bar" role="tablist" aria-label={t.nav.label}>
      {TABS.map((tab) => (
        <button
          key={tab}
          ref={(element) => {
            refs.current[tab] = element;
          }}
          id={tabId(tab)}
          type="button"
          role="tab"
          className="tab"
          aria-selected={tab === current}
          aria-controls={panelId(tab)}
          aria-describedby={
            tab === 'voicemail' && unread > 0
              ? VOICEMAIL_UNREAD_ID
              : tab === 'contacts' && unreadMessages > 0
                ? CONTACTS_UNREAD_ID
                : undefined
          }
          tabIndex={tab === current ? 0 : -1}
          onClick={() => {
            onSelect(tab);
          }}
          onKeyDown={(event) => {
            const next = tabAfterKey(tab, event.key);
            if (next === undefined) return;
            event.preventDefault();
            onSelect(next);
            refs.current[next]?.focus();
          }}
        >
          {t.nav[tab]}
          {tab === 'contacts' && unreadMessages > 0 && (
            <>
              <span className="tab-badge" aria-hidden="true" data-testid="contacts-badge">
                {unreadMessages}
              </span>
              <span id={CONTACTS_UNREAD_ID} hidden>
                {t.contacts.unread(unreadMessages)}
              </span>
            </>
          )}
          {tab === 'voicemail' && unread > 0 && (
            <>
              <span className="tab-badge" aria-hidden="true" data-testid="voicemail-badge">
                {unread}
              </span>
              {/* The tab's description, not its name: it stays "Voicemail" to find and say. */}
              <span id={VOICEMAIL_UNREAD_ID} hidden>
                {t.voicemail.unreadBadge(unread)}
              </span>
            </>
          )}
        </button>
      ))}
    </div>
  );
}
