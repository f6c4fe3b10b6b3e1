/**
 * The Snapshot's warnings as compact lines the user can dismiss. Dismissed for this window only:
 * the core still reports them, and a new warning shows again.
 */
import { useState } from 'react';
import { useMessages } from '../../store/context.js';

export function Warnings({ warnings }: { warnings: readonly string[] }): React.JSX.Element | null {
  const t = useMessages();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = warnings.filter((w) => !dismissed.has(w));
  if (shown.length === 0) return null;
  return (
    <div className="warnings">
      {shown.map((warning) => (
        <p key={warning} className="warning" role="alert" data-testid="warning">
          <span className="warning-text" title={warning}>
            {warning}
          </span>
          <button
            type="button"
            className="button button-quiet dismiss"
            aria-label={`${t.views.dismiss}: ${warning}`}
            title={t.views.dismiss}
            onClick={() => {
              setDismissed(new Set([...dismissed, warning]));
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        </p>
      ))}
    </div>
  );
}
