/**
 * Who I am and how I show: avatar with the presence ring, name, availability, activity, note, and
 * the status menu. While no mailbox has accepted a sign-in, it says so ("Signing in…", "Signed
 * out") instead of showing a presence nobody has.
 */
import type { Snapshot } from '../../../src-main/core/contract.js';
import { Isolated } from '../../format/Isolated.js';
import { useNow } from '../../format/use-now.js';
import { useFormat, useMessages } from '../../store/context.js';
import { activityLine } from './activity-line.js';
import { Breakable } from './Breakable.js';
import { initialsOf } from './initials.js';
import { ManualLine } from './ManualLine.js';
import { StatusMenu } from './StatusMenu.js';
import { headerState } from './header-state.js';

export function Header({
  snapshot,
  onOpenOof,
}: {
  snapshot: Snapshot;
  onOpenOof: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const now = useNow();
  const { presence, account } = snapshot;
  const state = headerState(account);
  const availability = t.availability[presence.availability];
  const name = state === 'signed-out' ? t.header.signedOut : account.displayName;
  const activity = state === 'signed-in' ? activityLine(presence.activity, t, format, now) : '';
  const signInLine =
    state === 'signing-in'
      ? t.header.signingIn
      : state === 'failed'
        ? t.header.notSignedIn
        : undefined;
  return (
    <header className="header">
      <div
        className={`avatar presence-${presence.availability}`}
        role="img"
        aria-label={t.avatarLabel(name, availability)}
      >
        <span aria-hidden="true">
          {state === 'signed-out' ? '' : initialsOf(account.displayName)}
        </span>
      </div>
      <div className="identity">
        <h1 className="name">
          {state === 'signed-out' ? (
            name
          ) : (
            <Isolated>
              <Breakable text={name} />
            </Isolated>
          )}
        </h1>
        <p className="availability" data-testid="availability" aria-live="polite">
          <span className={`dot presence-${presence.availability}`} aria-hidden="true" />
          <span>{availability}</span>
          {presence.idle && <span className="badge">{t.inactive}</span>}
          {presence.oof && (
            <span className="oof-mark" title={t.oofMarkLabel}>
              <span aria-hidden="true">{t.oofMark}</span>
              <span className="sr-only">{t.oofMarkLabel}</span>
            </span>
          )}
        </p>
        {signInLine !== undefined && (
          <p className="activity" data-testid="sign-in-state" role="status">
            {signInLine}
          </p>
        )}
        {state === 'signed-in' && <ManualLine snapshot={snapshot} />}
        {activity !== '' && (
          <p className="activity" data-testid="activity">
            {activity}
          </p>
        )}
        {state === 'signed-in' && presence.note !== '' && (
          <p className="note">
            <Isolated>{presence.note}</Isolated>
          </p>
        )}
      </div>
      {state === 'signed-in' && <StatusMenu snapshot={snapshot} onOpenOof={onOpenOof} />}
    </header>
  );
}
