/**
 * One contact: presence, their automatic reply (plain text, scrolling on its own), "Tell me when
 * available", Send message and Remove (asked again in the card, never with a browser dialog).
 */
import { useEffect, useId, useState } from 'react';
import type { Contact } from '../../../src-main/core/contract.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { ViewHead } from '../nav/ViewHead.js';
import { contactActivity, imActionError, isFromCalendar, isFromTeams } from './contact-lines.js';
import { Isolated } from '../../format/Isolated.js';
import { PresenceDot } from './PresenceDot.js';

export function ContactCard({
  contact,
  now,
  onBack,
  onChat,
}: {
  contact: Contact;
  now: number;
  onBack: () => void;
  onChat: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions.contact);
  const [confirming, setConfirming] = useState(false);
  /** The toggle's new value until the Snapshot carries it (or the core refused it). */
  const [wanted, setWanted] = useState<boolean | undefined>();
  const alertOn = wanted ?? contact.alertWhenAvailable;
  useEffect(() => {
    if (wanted === contact.alertWhenAvailable) setWanted(undefined);
  }, [wanted, contact.alertWhenAvailable]);
  const alertId = useId();
  const replyId = useId();
  const name = contact.name === '' ? contact.address : contact.name;
  const { presence } = contact;
  const activity = contactActivity(contact, t, format, now);

  return (
    <section
      className="view contact-card"
      aria-labelledby="contact-card-title"
      data-testid="contact-card"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onBack();
        }
      }}
    >
      <ViewHead
        titleId="contact-card-title"
        title={name}
        backLabel={t.contacts.back}
        onBack={onBack}
      />
      <div className="card-presence">
        <PresenceDot availability={presence.availability} label="" />
        <div className="card-lines">
          <p className="card-availability" data-testid="card-availability">
            {t.availability[presence.availability]}
            {presence.idle && <span className="muted"> · {t.inactive}</span>}
            {contact.isDemo && <span className="tag tag-demo">{t.contacts.demo}</span>}
          </p>
          {activity !== '' && activity !== t.availability[presence.availability] && (
            <p data-testid="card-activity">{activity}</p>
          )}
          {isFromCalendar(contact) && (
            <p className="muted" data-testid="card-from-calendar">
              {t.contacts.fromCalendarLabel}
            </p>
          )}
          {isFromTeams(contact) && (
            <p className="muted" data-testid="card-from-teams">
              {t.contacts.fromTeamsLabel}
            </p>
          )}
          {presence.note !== '' && (
            <p className="contact-note">
              <Isolated>{presence.note}</Isolated>
            </p>
          )}
          <p className="muted address">
            <span className="sr-only">{t.contacts.address}: </span>
            <Isolated>{contact.address}</Isolated>
          </p>
          {presence.updatedAt !== undefined && (
            <p className="muted">{t.contacts.lastUpdated(format.time(presence.updatedAt))}</p>
          )}
        </div>
      </div>
      {contact.oofMessage !== undefined && contact.oofMessage.trim() !== '' && (
        <section className="card-reply" aria-labelledby={replyId}>
          <h3 id={replyId}>{t.contacts.automaticReply}</h3>
          {/* Plain text kept as written (line breaks), scrolling inside its own box. */}
          <div
            className="reply-text"
            dir="auto"
            tabIndex={0}
            role="region"
            aria-labelledby={replyId}
            data-testid="card-reply"
          >
            {contact.oofMessage}
          </div>
        </section>
      )}
      <div className="check">
        <input
          id={alertId}
          type="checkbox"
          checked={alertOn}
          onChange={(event) => {
            const on = event.target.checked;
            setWanted(on);
            void run('contact', { type: 'set-contact-alert', address: contact.address, on }).then(
              (ok) => {
                if (!ok) setWanted(undefined);
              },
            );
          }}
        />
        <label htmlFor={alertId}>{t.contacts.alertWhenAvailable}</label>
      </div>
      {action.error !== undefined && (
        <p className="error" role="alert">
          {imActionError(action, t)}
        </p>
      )}
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby={`${alertId}-confirm`}>
          <p id={`${alertId}-confirm`}>{t.contacts.removeConfirm(name)}</p>
          <div className="panel-actions">
            <button
              type="button"
              className="button button-danger"
              disabled={action.pending}
              onClick={() => {
                void run('contact', { type: 'remove-contact', address: contact.address }).then(
                  (ok) => {
                    if (ok) onBack();
                  },
                );
              }}
            >
              {action.pending ? t.contacts.removing : t.contacts.remove}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t.contacts.keep}
            </button>
          </div>
        </div>
      ) : (
        <div className="panel-actions">
          <button type="button" className="button button-primary" onClick={onChat}>
            {t.contacts.sendMessage}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t.contacts.remove}
          </button>
        </div>
      )}
    </section>
  );
}
