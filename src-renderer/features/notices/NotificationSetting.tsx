/**
 * Settings › Show notifications (browser only): the browser asks for permission only after this
 * button is pressed, never on its own. Once allowed, notices show as browser notifications while
 * the tab is in the background; refused, they stay toasts in the window.
 */
import { useId, useState } from 'react';
import { useMessages } from '../../store/context.js';

export function NotificationSetting(): React.JSX.Element | null {
  const t = useMessages();
  const headingId = useId();
  const supported = typeof Notification !== 'undefined' && window.beacon === undefined;
  const [permission, setPermission] = useState(() =>
    supported ? Notification.permission : 'denied',
  );
  if (!supported) return null;
  return (
    <section
      className="settings-section"
      aria-labelledby={headingId}
      data-testid="notification-setting"
    >
      <h3 id={headingId}>{t.notices.showNotifications}</h3>
      {permission === 'default' && (
        <>
          <p className="muted">{t.notices.showNotificationsHint}</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              void Notification.requestPermission().then(setPermission, () => undefined);
            }}
          >
            {t.notices.showNotifications}
          </button>
        </>
      )}
      {permission === 'granted' && <p role="status">{t.notices.notificationsOn}</p>}
      {permission === 'denied' && <p role="status">{t.notices.notificationsBlocked}</p>}
    </section>
  );
}
