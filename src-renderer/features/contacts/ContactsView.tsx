/** Contacts' place in the window: honest about having nothing yet, never sample people. */
import { useMessages } from '../../store/context.js';

export function ContactsView(): React.JSX.Element {
  const t = useMessages();
  return (
    <div className="empty-state" data-testid="contacts-empty">
      <p className="empty-title">{t.views.contactsEmpty}</p>
      <p className="muted">{t.views.contactsWhy}</p>
    </div>
  );
}
