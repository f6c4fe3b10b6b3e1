/**
 * The window's fixed foot: connection health, the link to Beacon, the demo label, and the Refresh,
 * Settings and (desktop) pin buttons. Settings open as their own view; the App owns which.
 */
import { useEffect, useState } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { actionErrorText } from '../../format/action-error.js';
import { failureAudience } from '../settings/sign-in-text.js';
import { connectionText } from './connection-text.js';
import { updatesText } from './updates-text.js';
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

export function Footer({
  snapshot,
  settingsOpen,
  onToggleSettings,
  settingsButtonRef,
}: {
  snapshot: Snapshot;
  settingsOpen: boolean;
  onToggleSettings: () => void;
  /** The App gives focus back to this button when the Settings view closes. */
  settingsButtonRef: React.RefObject<HTMLButtonElement | null>;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const run = useApp((s) => s.run);
  const refresh = useApp((s) => s.actions.refresh);
  const linkUp = useApp((s) => s.linkUp);
  const authLost = useApp((s) => s.authLost);
  const { connection } = snapshot;
  // Counts tick every second: the retry, the server's pause, a refresh in flight.
  const counting =
    connection.retryAt !== undefined ||
    connection.pausedUntil !== undefined ||
    connection.updatingSince !== undefined;
  const now = useNow(counting);
  // Only an account Exchange accepted can be refreshed (a refused password is never resent), and
  // only while the window reaches Beacon (otherwise the press could only fail).
  const canRefresh = snapshot.account.signIn === 'signed-in' && linkUp;
  const updates = updatesText(connection, t);
  const refreshFailed = refresh.error !== undefined && !refresh.pending;
  return (
    <footer className={`footer connection-${connection.state}`}>
      {/* A new token cannot be waited out: say what to do instead of "reconnecting…". */}
      {!linkUp && (
        <p className="bridge-down" role="status" data-testid="bridge-down">
          {authLost ? t.footer.authLost : t.footer.bridgeDown}
        </p>
      )}
      <div className="footer-text">
        {/* Announced when it changes, but not every second while a retry counts down. */}
        <p
          className="footer-status"
          data-testid="connection"
          aria-live={counting ? 'off' : 'polite'}
        >
          {connectionText(
            connection,
            now,
            t,
            (iso) => format.time(iso),
            refreshFailed ? refresh.failure : undefined,
          )}
        </p>
        {refreshFailed && (
          <p className="error refresh-error" role="alert" data-testid="refresh-error">
            {t.footer.refreshFailed(actionErrorText(refresh, t, failureAudience(snapshot.account)))}
          </p>
        )}
        {/* How changes arrive (Exchange accounts only, so never beside the demo label). */}
        {updates !== undefined && (
          <span className="tag updates-mode" data-testid="updates-mode">
            {updates}
          </span>
        )}
        {snapshot.account.mode === 'demo' && (
          <span className="tag demo" data-testid="demo-label">
            {t.footer.demo}
          </span>
        )}
      </div>
      <div className="footer-buttons">
        <button
          type="button"
          className="button"
          disabled={refresh.pending || !canRefresh}
          aria-busy={refresh.pending}
          onClick={() => {
            void run('refresh', { type: 'refresh-now' });
          }}
        >
          {refresh.pending ? t.footer.refreshing : t.footer.refresh}
        </button>
        <button
          ref={settingsButtonRef}
          type="button"
          className="button"
          aria-pressed={settingsOpen}
          onClick={onToggleSettings}
        >
          {t.settings.button}
        </button>
        <PinButton />
      </div>
    </footer>
  );
}
