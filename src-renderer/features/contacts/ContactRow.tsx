/**
 * One contact in the list: presence dot, name (and "Demo" for a demo peer), the activity line
 * ("In a meeting until 15:30", marked "from calendar" or "Teams" by where it comes from), their
 * note, and unread messages. The whole row is one button that opens the contact card.
 */
import type { Contact } from '../../../src-main/core/contract.js';
import { useFormat, useMessages } from '../../store/context.js';
import { contactActivity, isFromCalendar, isFromTeams } from './contact-lines.js';
import { Isolated } from '../../format/Isolated.js';
import { PresenceDot } from './PresenceDot.js';

export function ContactRow({
  contact,
  unread,
  now,
  onOpen,
}: {
  contact: Contact;
  unread: number;
  now: number;
  onOpen: (address: string) => void;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const { presence } = contact;
  const activity = contactActivity(contact, t, format, now);
  return (
    <li className="contact-item">
      <button
        type="button"
        className="contact-row"
        data-address={contact.address}
        data-testid="contact-row"
        onClick={() => {
          onOpen(contact.address);
        }}
      >
        <PresenceDot
          availability={presence.availability}
          label={t.availability[presence.availability]}
        />
        <span className="contact-main">
          <span className="contact-name">
            <Isolated>{contact.name === '' ? contact.address : contact.name}</Isolated>
            {contact.isDemo && (
              <span className="tag tag-demo" title={t.contacts.demoLabel}>
                {t.contacts.demo}
              </span>
            )}
          </span>
          <span className="contact-activity">
            {/* The dot's words are read already; shown again only when there is no activity. */}
            {activity === '' ? (
              <span aria-hidden="true">{t.availability[presence.availability]}</span>
            ) : (
              activity
            )}
            {presence.idle && <span className="muted"> · {t.inactive}</span>}
            {isFromCalendar(contact) && (
              <span className="tag tag-calendar" title={t.contacts.fromCalendarLabel}>
                {t.contacts.fromCalendar}
              </span>
            )}
            {isFromTeams(contact) && (
              <span className="tag tag-teams" title={t.contacts.fromTeamsLabel}>
                <span aria-hidden="true">{t.contacts.fromTeams}</span>
                <span className="sr-only">{t.contacts.fromTeamsLabel}</span>
              </span>
            )}
          </span>
          {contact.pendingOut && (
            <span className="contact-note muted">{t.contacts.pendingOut}</span>
          )}
          {presence.note !== '' && (
            <span className="contact-note">
              <Isolated>{presence.note}</Isolated>
            </span>
          )}
        </span>
        {unread > 0 && (
          <span className="badge" data-testid="row-unread">
            <span aria-hidden="true">{unread}</span>
            <span className="sr-only">{t.contacts.unread(unread)}</span>
          </span>
        )}
      </button>
    </li>
  );
}
