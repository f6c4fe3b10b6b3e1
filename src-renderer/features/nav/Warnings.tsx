/**
 * The Snapshot's warnings as compact lines the user can dismiss. Dismissed for this window only:
 * the core still reports them, and a new warning shows again.
 */
import { useState } from 'react';
import type { Warning } from '../../../src-main/core/contract.js';
import { useMessages } from '../../store/context.js';
import { warningKey, warningText } from './warning-text.js';

export function Warnings({ warnings }: { warnings: readonly Warning[] }): React.JSX.Element | null {
  const t = useMessages();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = warnings
    .map((warning) => ({ key: warningKey(warning), text: warningText(warning, t) }))
    .filter(({ key }) => !dismissed.has(key));
  if (shown.length === 0) return null;
  return (
    <div className="warnings">
      {shown.map(({ key, text }) => (
        <p key={key} className="warning" role="alert" data-testid="warning">
          <span className="warning-text" title={text}>
            {text}
          </span>
          <button
            type="button"
            className="button button-quiet dismiss"
            aria-label={`${t.views.dismiss}: ${text}`}
            title={t.views.dismiss}
            onClick={() => {
              setDismissed(new Set([...dismissed, key]));
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        </p>
      ))}
    </div>
  );
}
