/** Who I am and how I show: avatar with the presence ring, name, availability, activity, note. */
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useMessages } from '../../store/context.js';
import { initialsOf } from './initials.js';
import { StatusMenu } from './StatusMenu.js';

export function Header({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const { presence, account } = snapshot;
  const availability = t.availability[presence.availability];
  return (
    <header className="header">
      <div
        className={`avatar presence-${presence.availability}`}
        role="img"
        aria-label={t.avatarLabel(account.displayName, availability)}
      >
        <span aria-hidden="true">{initialsOf(account.displayName)}</span>
      </div>
      <div className="identity">
        <h1 className="name">{account.displayName}</h1>
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
          {presence.source === 'manual' && <span className="badge">{t.manualBadge}</span>}
        </p>
        {presence.activityText !== '' && (
          <p className="activity" data-testid="activity">
            {presence.activityText}
          </p>
        )}
        {presence.note !== '' && <p className="note">{presence.note}</p>}
      </div>
      <StatusMenu snapshot={snapshot} />
    </header>
  );
}
