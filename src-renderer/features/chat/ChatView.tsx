/**
 * A conversation with one contact, in place of the list: Back, their name and presence, the
 * messages (virtualised), whether they are typing, and the composer, which stays in sight at
 * 360×560 because only the messages scroll. While the conversation is on screen its messages are
 * read: mark-conversation-read goes out when unread ones arrive and the window is visible. Leaving
 * it (Back, another tab, another conversation) closes the conversation in the core.
 */
import { useEffect, useState } from 'react';
import type { Contact, Snapshot } from '../../../src-main/core/contract.js';
import { Sentence } from '../../format/Sentence.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { contactActivity } from '../contacts/contact-lines.js';
import { PresenceDot } from '../contacts/PresenceDot.js';
import { ViewHead } from '../nav/ViewHead.js';
import { Composer } from './Composer.js';
import { MessageList } from './MessageList.js';
import '../../styles/chat.css';

function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = (): void => {
      setVisible(document.visibilityState === 'visible');
    };
    document.addEventListener('visibilitychange', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
    };
  }, []);
  return visible;
}

export function ChatView({
  snapshot,
  address,
  contact,
  now,
  onBack,
}: {
  snapshot: Snapshot;
  address: string;
  contact: Contact | undefined;
  now: number;
  onBack: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const run = useApp((s) => s.run);
  const visible = useDocumentVisible();
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const conversation = snapshot.conversations.find((c) => c.with === address);
  const name = contact === undefined || contact.name === '' ? address : contact.name;
  const unread = conversation?.unread ?? 0;
  const newest = conversation?.messages.at(-1)?.id;
  const lastIncoming = conversation?.messages.findLast((m) => m.direction === 'in');

  // On screen until the view closes (Back, another tab, another conversation): then the core
  // closes the conversation.
  const showConversation = useApp((s) => s.showConversation);
  const leaveConversation = useApp((s) => s.leaveConversation);
  useEffect(() => {
    showConversation(address);
    return () => {
      leaveConversation(address);
    };
  }, [address, showConversation, leaveConversation]);

  useEffect(() => {
    if (unread > 0 && visible)
      void run('chat-signal', { type: 'mark-conversation-read', with: address });
  }, [unread, newest, visible, address, run]);

  const activity = contact === undefined ? '' : contactActivity(contact, t, format, now);
  const online = snapshot.im.state === 'online' || contact?.isDemo === true;

  return (
    <section
      className="view chat-view"
      aria-labelledby="chat-title"
      data-testid="chat-view"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onBack();
        }
      }}
    >
      <ViewHead titleId="chat-title" title={name} backLabel={t.chat.back} onBack={onBack} />
      <span className="sr-only">
        <Sentence message={t.chat.title} args={[name]} />
      </span>
      {contact !== undefined && (
        <p className="chat-presence">
          <PresenceDot
            availability={contact.presence.availability}
            label={t.availability[contact.presence.availability]}
          />
          {activity === '' ? (
            <span aria-hidden="true">{t.availability[contact.presence.availability]}</span>
          ) : (
            <span>{activity}</span>
          )}
          {contact.isDemo && <span className="tag tag-demo">{t.contacts.demo}</span>}
        </p>
      )}
      <MessageList
        messages={conversation?.messages ?? []}
        hasEarlier={conversation?.hasEarlier ?? false}
        loadingEarlier={loadingEarlier}
        peerName={name}
        now={now}
        onOpenLink={(messageId, url) => {
          void run('chat-signal', { type: 'open-message-link', with: address, messageId, url });
        }}
        onLoadEarlier={() => {
          setLoadingEarlier(true);
          void run('chat-signal', { type: 'load-earlier-messages', with: address }).finally(() => {
            setLoadingEarlier(false);
          });
        }}
      />
      <p className="typing" role="status" data-testid="typing">
        {conversation?.typing === true ? <Sentence message={t.chat.typing} args={[name]} /> : ''}
      </p>
      {/* The newest message from them, read out once as it arrives. */}
      <p className="sr-only" aria-live="polite">
        {lastIncoming === undefined ? '' : `${name}: ${lastIncoming.body}`}
      </p>
      <Composer to={address} {...(online ? {} : { hint: t.chat.notOnline })} />
    </section>
  );
}
