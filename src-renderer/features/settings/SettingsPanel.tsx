/**
 * The Settings disclosure opened from the footer: account and presence options. It takes focus
 * when it opens; Escape or "Close settings" closes it and gives focus back to the footer button.
 */
import { useEffect, useRef } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useMessages } from '../../store/context.js';
import { AccountSettings } from './AccountSettings.js';
import { PresenceSettings } from './PresenceSettings.js';

export function SettingsPanel({
  id,
  snapshot,
  onClose,
}: {
  id: string;
  snapshot: Snapshot;
  onClose: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const panelRef = useRef<HTMLElement>(null);
  const headingId = `${id}-title`;

  useEffect(() => {
    panelRef.current?.focus();
  }, []);

  return (
    <section
      ref={panelRef}
      id={id}
      className="settings-panel"
      aria-labelledby={headingId}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <div className="card-head">
        <h2 id={headingId}>{t.settings.title}</h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t.settings.close}
        </button>
      </div>
      <AccountSettings account={snapshot.account} />
      <PresenceSettings presence={snapshot.settings.presence} />
    </section>
  );
}
