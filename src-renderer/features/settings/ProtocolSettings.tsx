/**
 * How Beacon reaches the mailbox (automatic, EWS or Microsoft Graph) with why it matters, and
 * whether Beacon's presence is shown in Teams. Each control saves as it changes.
 */
import { useId, useState } from 'react';
import type { BackendChoice, Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { CommandError } from './CommandError.js';

const CHOICES: readonly BackendChoice[] = ['automatic', 'ews', 'graph'];

export function ProtocolSettings({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions.settings);
  const [savedAt, setSavedAt] = useState<number | undefined>();
  const headingId = useId();
  const selectId = useId();
  const explanationId = useId();
  const teamsId = useId();
  const teamsHintId = useId();
  const choice = snapshot.settings.account.backend ?? 'automatic';
  const publishToTeams = snapshot.settings.presence.publishToTeams !== false;
  // The demo runs on either protocol too (it follows the choice), so it says which one.
  const inUse = snapshot.account.mode === 'signed-out' ? undefined : snapshot.account.protocol;
  const labels: Record<BackendChoice, string> = {
    automatic: t.protocol.automatic,
    ews: t.protocol.ews,
    graph: t.protocol.graph,
  };

  const save = (settings: Parameters<typeof run>[1]): void => {
    setSavedAt(undefined);
    void run('settings', settings).then((ok) => {
      if (ok) setSavedAt(Date.now());
    });
  };

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t.protocol.title}</h3>
      <div className="settings-form">
        <div className="field">
          <label htmlFor={selectId}>{t.protocol.label}</label>
          <select
            id={selectId}
            value={choice}
            aria-describedby={explanationId}
            disabled={action.pending}
            data-testid="protocol-choice"
            onChange={(event) => {
              const backend = CHOICES.find((c) => c === event.target.value);
              if (backend !== undefined && backend !== choice)
                save({ type: 'update-settings', settings: { account: { backend } } });
            }}
          >
            {CHOICES.map((c) => (
              <option key={c} value={c}>
                {labels[c]}
              </option>
            ))}
          </select>
        </div>
        <p id={explanationId} className="hint">
          {t.protocol.explanation}
        </p>
        {inUse !== undefined && (
          <p className="muted" data-testid="protocol-in-use">
            {t.protocol.inUse(inUse === 'graph' ? t.protocol.graphName : t.protocol.ewsName)}
          </p>
        )}
        <div className="check">
          <input
            id={teamsId}
            type="checkbox"
            checked={publishToTeams}
            aria-describedby={teamsHintId}
            disabled={action.pending}
            onChange={(event) => {
              save({
                type: 'update-settings',
                settings: { presence: { publishToTeams: event.target.checked } },
              });
            }}
          />
          <label htmlFor={teamsId}>{t.protocol.publishToTeams}</label>
        </div>
        <p id={teamsHintId} className="hint">
          {t.protocol.teamsHint}
        </p>
        <span className="muted" role="status">
          {savedAt !== undefined && !action.pending ? t.protocol.saved : ''}
        </span>
        <CommandError action={action} testId="protocol-error" />
      </div>
    </section>
  );
}
