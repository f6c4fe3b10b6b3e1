/**
 * Settings as their own view in place of the content: Back (or Escape) returns to where the user
 * was. The heading takes focus when the view opens, so a screen reader lands in it.
 */
import { useEffect, useRef } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useMessages } from '../../store/context.js';
import { AccountSettings } from './AccountSettings.js';
import { LanguageSettings } from './LanguageSettings.js';
import { PresenceSettings } from './PresenceSettings.js';

export function SettingsView({
  snapshot,
  onClose,
}: {
  snapshot: Snapshot;
  onClose: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section
      className="view settings-view"
      aria-labelledby="settings-title"
      data-testid="settings-view"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="view-head">
        <button type="button" className="button button-quiet back" onClick={onClose}>
          <span aria-hidden="true">‹ </span>
          {t.settings.back}
        </button>
        <h2 id="settings-title" ref={headingRef} tabIndex={-1}>
          {t.settings.title}
        </h2>
      </div>
      <AccountSettings snapshot={snapshot} />
      <LanguageSettings locale={snapshot.settings.locale} />
      <PresenceSettings presence={snapshot.settings.presence} />
    </section>
  );
}
