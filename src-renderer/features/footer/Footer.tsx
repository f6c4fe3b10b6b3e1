/** Connection health, the link to Beacon, the Refresh, Settings and (desktop) pin buttons, the demo label. */
import { useEffect, useId, useRef, useState } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { SettingsPanel } from '../settings/SettingsPanel.js';
import { connectionText } from './connection-text.js';
import { PinButton } from './PinButton.js';

/** The current time, ticking every second while `ticking` (for "retrying in 40 s"). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!ticking) return;
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [ticking]);
  return now;
}

export function Footer({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const refresh = useApp((s) => s.actions.refresh);
  const linkUp = useApp((s) => s.linkUp);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settingsButton = useRef<HTMLButtonElement>(null);
  const settingsId = useId();
  const { connection } = snapshot;
  const now = useNow(connection.retryAt !== undefined);
  return (
    <footer className={`footer connection-${connection.state}`}>
      {!linkUp && (
        <p className="bridge-down" role="status" data-testid="bridge-down">
          {t.footer.bridgeDown}
        </p>
      )}
      {/* Announced when it changes, but not every second while a retry counts down. */}
      <p
        className="footer-status"
        data-testid="connection"
        aria-live={connection.retryAt === undefined ? 'polite' : 'off'}
      >
        {connectionText(connection, now, t)}
      </p>
      {snapshot.account.mode === 'demo' && <span className="tag demo">{t.footer.demo}</span>}
      <button
        type="button"
        className="button"
        disabled={refresh.pending}
        aria-busy={refresh.pending}
        onClick={() => {
          void run('refresh', { type: 'refresh-now' });
        }}
      >
        {refresh.pending ? t.footer.refreshing : t.footer.refresh}
      </button>
      <button
        ref={settingsButton}
        type="button"
        className="button"
        aria-expanded={settingsOpen}
        aria-controls={settingsOpen ? settingsId : undefined}
        onClick={() => {
          setSettingsOpen(!settingsOpen);
        }}
      >
        {t.settings.button}
      </button>
      <PinButton />
      {settingsOpen && (
        <SettingsPanel
          id={settingsId}
          snapshot={snapshot}
          onClose={() => {
            setSettingsOpen(false);
            settingsButton.current?.focus();
          }}
        />
      )}
    </footer>
  );
}
